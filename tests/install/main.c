/* The installed hedl from C: hedl_parse, hedl_to_json, then the frees. */
#include <stdio.h>
#include <string.h>

#include <hedl.h>

int main(void) {
  const char *doc =
      "%VERSION: 1.0\n"
      "%STRUCT: User: [id, name]\n"
      "---\n"
      "users: @User\n"
      "  | u1, Alice\n";
  const char *expected = "{\"users\":[{\"id\":\"u1\",\"name\":\"Alice\"}]}";
  HedlDocument *parsed = NULL;
  char *json = NULL;
  int rc = hedl_parse(doc, -1, 1, &parsed);
  if (rc != HEDL_OK) {
    const char *err = hedl_get_last_error();
    fprintf(stderr, "consumer_c: hedl_parse returned %d: %s\n", rc, err ? err : "(no error)");
    return 1;
  }
  rc = hedl_to_json(parsed, 0, &json);
  hedl_free_document(parsed);
  if (rc != HEDL_OK) {
    fprintf(stderr, "consumer_c: hedl_to_json returned %d\n", rc);
    return 1;
  }
  if (strcmp(json, expected) != 0) {
    fprintf(stderr, "consumer_c: got %s\nexpected %s\n", json, expected);
    hedl_free_string(json);
    return 1;
  }
  printf("consumer_c: ok %s\n", json);
  hedl_free_string(json);
  return 0;
}
