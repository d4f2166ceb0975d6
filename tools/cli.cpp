// hedl-native: a small native command line over the C++ API.
//   hedl-native to-json FILE|- [--pretty] [--metadata] [--lenient]
//   hedl-native validate FILE|- [--lenient]
//   hedl-native format FILE|- [--to 1.0|2.0] [--lenient]
// Errors go to stderr as FILE:LINE:COLUMN: Kind: message, exit code 1.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>

#include "hedl.hpp"

namespace {

bool read_all(const char *path, std::string &out) {
  FILE *f = std::strcmp(path, "-") == 0 ? stdin : std::fopen(path, "rb");
  if (!f) return false;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  if (f != stdin) std::fclose(f);
  return true;
}

int usage() {
  std::fputs(
      "usage: hedl-native to-json FILE [--pretty] [--metadata] [--lenient]\n"
      "       hedl-native validate FILE [--lenient]\n"
      "       hedl-native format FILE [--to 1.0|2.0] [--lenient]\n"
      "FILE may be '-' for standard input.\n",
      stderr);
  return 2;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 3) return usage();
  std::string cmd = argv[1];
  const char *path = argv[2];
  hedl::ParseOptions opt;
  hedl::JsonOptions jo;
  hedl::CanonicalOptions co;
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--pretty")
      jo.pretty = true;
    else if (a == "--metadata")
      jo.metadata = true;
    else if (a == "--lenient")
      opt.strict_refs = false;
    else if (a == "--to" && i + 1 < argc && std::strcmp(argv[i + 1], "1.0") == 0 && ++i)
      co.version = hedl::TargetVersion::V1_0;
    else if (a == "--to" && i + 1 < argc && std::strcmp(argv[i + 1], "2.0") == 0 && ++i)
      co.version = hedl::TargetVersion::V2_0;
    else
      return usage();
  }
  if (cmd != "to-json" && cmd != "validate" && cmd != "format") return usage();
  std::string text;
  if (!read_all(path, text)) {
    std::fprintf(stderr, "%s: cannot read: %s\n", path, std::strerror(errno));
    return 1;
  }
  auto r = hedl::parse(text, opt);
  if (!r.ok()) {
    const hedl::Error &e = r.error();
    std::fprintf(stderr, "%s:%u:%u: %s: %s\n", path, e.line, e.column, hedl::error_kind_name(e.kind),
                 e.message.c_str());
    return 1;
  }
  if (cmd == "validate") {
    std::printf("%s: valid\n", path);
    return 0;
  }
  if (cmd == "format") {
    auto c = hedl::canonicalize(r.value(), co);
    if (!c.ok()) {
      const hedl::Error &e = c.error();
      std::fprintf(stderr, "%s:%u:%u: %s: %s\n", path, e.line, e.column, hedl::error_kind_name(e.kind),
                   e.message.c_str());
      return 1;
    }
    std::fwrite(c.value().data(), 1, c.value().size(), stdout);
    return 0;
  }
  std::string json = hedl::to_json(r.value(), jo);
  json += '\n';
  std::fwrite(json.data(), 1, json.size(), stdout);
  return 0;
}
