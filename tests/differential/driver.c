/* The native side of the native <-> wasm differential (run.mjs), through the
 * C API alone. Reads documents from standard input, each as its byte length
 * on a line of its own and then the bytes; writes one JSON line per
 * document: {"ok":true,"json":"...","canonical":"..."} or
 * {"ok":false,"kind":"...","line":N,"column":N}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hedl.h"

static void put_string(const char *s) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; ++p) {
    if (*p == '"' || *p == '\\') {
      putchar('\\');
      putchar(*p);
    } else if (*p < 0x20) {
      printf("\\u%04x", *p);
    } else {
      putchar(*p);
    }
  }
  putchar('"');
}

static void put_error(void) {
  printf("{\"ok\":false,\"kind\":");
  put_string(hedl_get_last_error_kind());
  printf(",\"line\":%d,\"column\":%d}\n", hedl_get_last_error_line(), hedl_get_last_error_column());
}

int main(void) {
  long len;
  while (scanf("%ld", &len) == 1) {
    if (getchar() != '\n' || len < 0) return 2;
    char *buf = malloc((size_t)len + 1);
    if (!buf || fread(buf, 1, (size_t)len, stdin) != (size_t)len) return 2;
    buf[len] = 0;
    HedlDocument *doc = NULL;
    if (hedl_parse(buf, (int)len, 1, &doc) != HEDL_OK) {
      put_error();
    } else {
      char *json = NULL, *canonical = NULL;
      if (hedl_to_json(doc, 0, &json) != HEDL_OK || hedl_canonicalize(doc, &canonical) != HEDL_OK) {
        put_error();
      } else {
        printf("{\"ok\":true,\"json\":");
        put_string(json);
        printf(",\"canonical\":");
        put_string(canonical);
        printf("}\n");
      }
      hedl_free_string(json);
      hedl_free_string(canonical);
      hedl_free_document(doc);
    }
    free(buf);
  }
  return 0;
}
