// The installed hedl from C++: parse a small document, write it as JSON.
#include <cstdio>
#include <string>

#include <hedl.hpp>

int main() {
  const char *const doc =
      "%VERSION: 1.0\n"
      "%STRUCT: User: [id, name]\n"
      "---\n"
      "users: @User\n"
      "  | u1, Alice\n";
  const std::string expected = R"({"users":[{"id":"u1","name":"Alice"}]})";

  hedl::Result<hedl::Document> parsed = hedl::parse(doc);
  if (!parsed.ok()) {
    std::fprintf(stderr, "consumer_cpp: parse failed: %s\n", parsed.error().to_string().c_str());
    return 1;
  }
  const std::string json = hedl::to_json(parsed.value());
  if (json != expected) {
    std::fprintf(stderr, "consumer_cpp: got %s\nexpected %s\n", json.c_str(), expected.c_str());
    return 1;
  }
  std::printf("consumer_cpp: ok %s\n", json.c_str());
  return 0;
}
