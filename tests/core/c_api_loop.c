/* c_api_loop: drives the C API from C in a loop, for ASan/LSan.
 *
 * Every iteration parses a handful of documents (valid, invalid, invalid
 * UTF-8, lenient-only, length-limited), converts the valid ones to JSON with
 * and without metadata, reads the error details of the invalid ones, and
 * frees everything with the matching hedl_free_* (memory-management-guide.md),
 * partly through the guide's StringPool. Any leak or bad access shows up under
 * the sanitizers; any unexpected return code makes the program fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hedl.h"

#define ITERATIONS 2000

/* The guide's resource pool ("Resource Pools"). */
typedef struct {
  char **strings;
  size_t count;
  size_t capacity;
} StringPool;

static StringPool *pool_create(size_t capacity) {
  StringPool *pool = malloc(sizeof(StringPool));
  if (!pool) return NULL;
  pool->strings = malloc(capacity * sizeof(char *));
  if (!pool->strings) {
    free(pool);
    return NULL;
  }
  pool->count = 0;
  pool->capacity = capacity;
  return pool;
}

static void pool_add(StringPool *pool, char *str) {
  if (pool->count < pool->capacity) {
    pool->strings[pool->count++] = str;
  } else {
    hedl_free_string(str); /* never leak what does not fit */
  }
}

static void pool_destroy(StringPool *pool) {
  for (size_t i = 0; i < pool->count; i++) {
    hedl_free_string(pool->strings[i]);
  }
  free(pool->strings);
  free(pool);
}

typedef struct {
  const char *name;
  const char *text;
  int len; /* -1: NUL-terminated */
  int strict;
  int expect_rc;    /* HEDL_OK or the error code */
  const char *kind; /* expected error kind, or NULL */
  int line;         /* expected error line, or 0 */
  int roots;        /* expected root item count when ok */
} Case;

static const char kFull[] =
    "%VERSION: 1.0\n"
    "%ALIAS: %on: \"true\"\n"
    "%STRUCT: User: [id, name, age]\n"
    "%STRUCT: Post: [id, title, author]\n"
    "%NEST: User > Post\n"
    "---\n"
    "title: Example\n"
    "flag: %on\n"
    "expr: $(x + 1)\n"
    "mat: [[1, 2], [3, 4]]\n"
    "text: \"\"\"\n"
    "line one\n"
    "line two\n"
    "\"\"\"\n"
    "config:\n"
    "  owner: @User:u1\n"
    "users: @User\n"
    "  |[2] u1, Alice, 30\n"
    "    |p1, Hello, @User:u1\n"
    "    |p2, ^, @User:u2\n"
    "  |u2, Bob, ^\n";

static const char kLenient[] =
    "%VERSION: 1.0\n"
    "%STRUCT: T: [id,ref]\n"
    "---\n"
    "d: @T\n"
    "  |a1,@missing\n";

static const char kPrefix[] = "%VERSION: 1.0\n---\na: 1\nb: 2\n";

static const char kEmbeddedNul[] = "%VERSION: 1.0\n---\na: x\0y\n";

static const Case kCases[] = {
    {"full", kFull, -1, 1, HEDL_OK, NULL, 0, 7},
    {"full-lenient", kFull, -1, 0, HEDL_OK, NULL, 0, 7},
    {"lenient", kLenient, -1, 0, HEDL_OK, NULL, 0, 1},
    {"strict-unresolved", kLenient, -1, 1, HEDL_ERR_PARSE, "ReferenceError", 5, 0},
    {"syntax", "%VERSION: 1.0\n---\na: 1\nb:x\n", -1, 1, HEDL_ERR_PARSE, "SyntaxError", 4, 0},
    {"version", "%VERSION: 3.0\n---\n", -1, 1, HEDL_ERR_PARSE, "VersionError", 1, 0},
    {"shape", "%VERSION: 1.0\n---\nl: @T[id,v]\n  |a\n", -1, 1, HEDL_ERR_PARSE, "ShapeError", 4, 0},
    {"utf8", "%VERSION: 1.0\n---\na: \xed\xa0\x80\n", -1, 1, HEDL_ERR_INVALID_UTF8, "SyntaxError", 3, 0},
    {"utf8-lenient", "%VERSION: 1.0\n---\na: 1\nb: \xc0\x80\n", -1, 0, HEDL_ERR_INVALID_UTF8, "SyntaxError", 4, 0},
    {"empty", "", -1, 1, HEDL_ERR_PARSE, "SyntaxError", 1, 0},
    {"prefix", kPrefix, 23, 1, HEDL_OK, NULL, 0, 1}, /* up to "a: 1\n" */
    {"nul-terminated", kEmbeddedNul, -1, 1, HEDL_OK, NULL, 0, 1},
    {"nul-explicit", kEmbeddedNul, (int)sizeof(kEmbeddedNul) - 1, 1, HEDL_ERR_PARSE, "SyntaxError", 3, 0},
    {"minimal", "%VERSION: 1.0\n---\n", -1, 1, HEDL_OK, NULL, 0, 0},
};

static int check_case(const Case *c, StringPool *pool, int iteration) {
  HedlDocument *doc = NULL;
  int rc = hedl_parse(c->text, c->len, c->strict, &doc);
  if (rc != c->expect_rc) {
    const char *err = hedl_get_last_error();
    fprintf(stderr, "c_api_loop: %s (iteration %d): hedl_parse returned %d, expected %d (%s)\n", c->name, iteration, rc,
            c->expect_rc, err ? err : "no error");
    hedl_free_document(doc);
    return 1;
  }
  if (hedl_validate(c->text, c->len, c->strict) != c->expect_rc) {
    fprintf(stderr, "c_api_loop: %s: hedl_validate disagrees with hedl_parse\n", c->name);
    hedl_free_document(doc);
    return 1;
  }
  if (rc != HEDL_OK) {
    const char *err = hedl_get_last_error();
    const char *kind = hedl_get_last_error_kind();
    if (doc != NULL || err == NULL || kind == NULL || strcmp(kind, c->kind) != 0 ||
        hedl_get_last_error_line() != c->line || strlen(err) < strlen(kind)) {
      fprintf(stderr, "c_api_loop: %s: wrong error details: %s\n", c->name, err ? err : "(NULL)");
      hedl_free_document(doc);
      return 1;
    }
    return 0;
  }

  if (doc == NULL || hedl_get_last_error() != NULL) {
    fprintf(stderr, "c_api_loop: %s: HEDL_OK without a document, or with an error\n", c->name);
    hedl_free_document(doc);
    return 1;
  }
  int major = 0, minor = 0;
  if (hedl_get_version(doc, &major, &minor) != HEDL_OK || major != 1 || minor != 0 ||
      hedl_root_item_count(doc) != c->roots || hedl_schema_count(doc) < 0 || hedl_alias_count(doc) < 0) {
    fprintf(stderr, "c_api_loop: %s: wrong version or counts\n", c->name);
    hedl_free_document(doc);
    return 1;
  }
  for (int meta = 0; meta < 2; ++meta) {
    char *json = NULL;
    if (hedl_to_json(doc, meta, &json) != HEDL_OK || json == NULL || json[0] != '{') {
      fprintf(stderr, "c_api_loop: %s: hedl_to_json(metadata %d) failed\n", c->name, meta);
      hedl_free_string(json);
      hedl_free_document(doc);
      return 1;
    }
    if (iteration % 2 == 0) {
      pool_add(pool, json); /* freed by pool_destroy */
    } else {
      hedl_free_string(json);
    }
  }
  hedl_free_document(doc);
  return 0;
}

int main(void) {
  const size_t ncases = sizeof(kCases) / sizeof(kCases[0]);
  int failures = 0;
  for (int it = 0; it < ITERATIONS && failures == 0; ++it) {
    StringPool *pool = pool_create(2 * ncases);
    if (!pool) {
      fprintf(stderr, "c_api_loop: out of memory\n");
      return 1;
    }
    for (size_t i = 0; i < ncases; ++i) failures += check_case(&kCases[i], pool, it);
    pool_destroy(pool);

    /* NULL arguments. */
    HedlDocument *doc = (HedlDocument *)&failures; /* must be overwritten */
    char *json = (char *)&failures;
    if (hedl_parse(NULL, -1, 1, &doc) != HEDL_ERR_NULL_PTR || doc != NULL ||
        hedl_parse(kPrefix, -1, 1, NULL) != HEDL_ERR_NULL_PTR || hedl_to_json(NULL, 0, &json) != HEDL_ERR_NULL_PTR ||
        json != NULL || hedl_schema_count(NULL) != -1 || hedl_alias_count(NULL) != -1 ||
        hedl_root_item_count(NULL) != -1) {
      fprintf(stderr, "c_api_loop: NULL arguments not rejected with HEDL_ERR_NULL_PTR\n");
      ++failures;
    }
    hedl_free_document(NULL);
    hedl_free_string(NULL);
  }
  if (failures) {
    fprintf(stderr, "c_api_loop: FAILED\n");
    return 1;
  }
  printf("c_api_loop: %d iterations ok\n", ITERATIONS);
  return 0;
}
