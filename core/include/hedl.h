/* hedl.h: the C API of hedl.
 *
 * Ownership: every pointer this API hands out is owned by the caller and must
 * be released with its matching hedl_free_* function (never free()). All
 * hedl_free_* functions accept NULL. On failure, out-pointers are set to NULL.
 *
 * Errors: functions return HEDL_OK (0) or a negative HEDL_ERR_* code. The
 * details of the last failure on this thread are in hedl_get_last_error*();
 * after a successful call hedl_get_last_error() returns NULL.
 */
#ifndef HEDL_H
#define HEDL_H

#include "hedl/abi.h" /* HEDL_ERR_KIND_*: the error kinds' codes, shared with JS */

#ifdef __cplusplus
extern "C" {
#endif

#define HEDL_OK 0
#define HEDL_ERR_NULL_PTR (-1)
#define HEDL_ERR_INVALID_UTF8 (-2)
#define HEDL_ERR_PARSE (-3)
#define HEDL_ERR_CANONICALIZE (-4)
#define HEDL_ERR_JSON (-5)
#define HEDL_ERR_ALLOC (-6)
#define HEDL_ERR_LINT (-11)
#define HEDL_ERR_INDEX (-12)

/** An opaque parsed document. Free it with hedl_free_document(). */
typedef struct HedlDocument HedlDocument;

/** Parses `input` (`input_len` bytes, or NUL-terminated when -1).
 *  `strict` != 0 makes unresolved references errors. On success stores a new
 *  document in *out_doc and returns HEDL_OK; otherwise sets *out_doc to NULL
 *  and returns HEDL_ERR_NULL_PTR, HEDL_ERR_INVALID_UTF8 or HEDL_ERR_PARSE. */
int hedl_parse(const char *input, int input_len, int strict, HedlDocument **out_doc);

/** Returns HEDL_OK when `input` parses, else the error code hedl_parse gives. */
int hedl_validate(const char *input, int input_len, int strict);

/** Stores the %VERSION of `doc` in *major and *minor. */
int hedl_get_version(const HedlDocument *doc, int *major, int *minor);

/** Counts of %STRUCT schemas, %ALIAS aliases and root items; -1 on NULL. */
int hedl_schema_count(const HedlDocument *doc);
int hedl_alias_count(const HedlDocument *doc);
int hedl_root_item_count(const HedlDocument *doc);

/** The HEDL 2.0 header data of `doc` (none in a 1.0 document). Each count is
 *  -1 on NULL. Each getter stores new strings (free them with
 *  hedl_free_string()) and returns HEDL_OK, HEDL_ERR_NULL_PTR or
 *  HEDL_ERR_INDEX (index out of range); on failure its out-pointers are NULL.
 *
 *  %PROMPT directives, in document order: the prompt text. */
int hedl_prompt_count(const HedlDocument *doc);
int hedl_get_prompt(const HedlDocument *doc, int index, char **out_text);
/** %C count directives, in document order, as written after `%C:` in
 *  canonical form: "User.total=3" or "User.role:admin=1,user=2". */
int hedl_count_directive_count(const HedlDocument *doc);
int hedl_get_count_directive(const HedlDocument *doc, int index, char **out_text);
/** %X- extension directives, in document order: the name without '%'
 *  ("X-Trace") and the payload as written. */
int hedl_extension_count(const HedlDocument *doc);
int hedl_get_extension(const HedlDocument *doc, int index, char **out_name, char **out_payload);
/** 1 when the document declares `%MODE: lenient` (references are then
 *  resolved leniently), 0 when not, -1 on NULL. */
int hedl_is_lenient(const HedlDocument *doc);

/** Writes `doc` as compact JSON (with `__type__`/`__schema__` metadata when
 *  include_metadata != 0) into a new string stored in *out_json. */
int hedl_to_json(const HedlDocument *doc, int include_metadata, char **out_json);

/** Converts JSON text (`len` bytes, or NUL-terminated when -1) into a document
 *  (D24; hedl/from_json.hpp has the mapping) with default options:
 *  references must resolve, expressions stay strings. On success stores a new
 *  document in *out and returns HEDL_OK. Returns HEDL_ERR_NULL_PTR for a NULL
 *  argument and HEDL_ERR_JSON for invalid JSON or JSON HEDL cannot hold: the
 *  last error's kind is then "ConversionError" (or "SecurityError" for a limit),
 *  its message names the JSON path (such as $.users[3]) and its line and
 *  column are those of the JSON text. *out is NULL on failure. */
int hedl_from_json(const char *json, int len, HedlDocument **out);

/** hedl_from_json keeps its JSON parser's buffers on each thread for the next
 *  call (at most 512 MiB over all threads; see hedl/from_json.hpp). Frees the
 *  calling thread's buffers now. Always safe to call. */
void hedl_release_from_json_buffers(void);

/** Writes a plain-text code frame of `line` and `column` (1-based, the column
 *  in code points; 0 = unknown) in `text` (`len` bytes, or NUL-terminated when
 *  -1) into a new string stored in *out: the line with one line of context on
 *  each side, each after its number, the line marked with '>' and a caret
 *  under the column (hedl/error.hpp, hedl::code_frame, has an example). Pass
 *  the text that failed (the HEDL input, or the JSON for hedl_from_json) and
 *  hedl_get_last_error_line()/_column(). *out is "" when the line is 0 or past
 *  the end. Returns HEDL_OK, HEDL_ERR_NULL_PTR or HEDL_ERR_ALLOC. */
int hedl_error_code_frame(const char *text, int len, int line, int column, char **out);

/** The last error on this thread as "{Kind} at line {line}[, column {col}]: {message}",
 *  or NULL when the last call succeeded. Valid until the next hedl_* call. */
const char *hedl_get_last_error(void);
/** The last error's kind ("SyntaxError", "ReferenceError", ..., "OutOfMemory"
 *  when an allocation failed, with HEDL_ERR_ALLOC), or NULL. */
const char *hedl_get_last_error_kind(void);
/** The last error's 1-based line and column, or 0 when unknown. */
int hedl_get_last_error_line(void);
int hedl_get_last_error_column(void);
/** The last error's kind as its HEDL_ERR_KIND_* code (the `code` of a JS
 *  HedlError of that kind), or 0 when the last call succeeded. */
int hedl_get_last_error_code(void);

/** Releases a document from hedl_parse. NULL is a no-op. */
void hedl_free_document(HedlDocument *doc);
/** Releases a string from this API. NULL is a no-op. */
void hedl_free_string(char *s);

/* ---- Lint (D16) ----
 *
 * Ownership: hedl_lint() hands out a HedlDiagnostics the caller owns and
 * releases with hedl_free_diagnostics(); it does not refer to the document,
 * which may be freed first. Strings from hedl_diagnostics_get() are the
 * caller's too (hedl_free_string()).
 *
 *   HedlDiagnostics *diags = NULL;
 *   if (hedl_lint(doc, &diags) == HEDL_OK) {
 *     for (int i = 0; i < hedl_diagnostics_count(diags); i++) {
 *       char *msg = NULL;
 *       if (hedl_diagnostics_get(diags, i, &msg) == HEDL_OK) puts(msg);
 *       hedl_free_string(msg);
 *     }
 *   }
 *   hedl_free_diagnostics(diags);
 */

/** An opaque list of lint findings. Free it with hedl_free_diagnostics(). */
typedef struct HedlDiagnostics HedlDiagnostics;

/** Lints `doc` with every rule enabled. On success stores a new list (most
 *  severe first, then by line) in *out_diags and returns HEDL_OK; otherwise
 *  sets *out_diags to NULL and returns HEDL_ERR_NULL_PTR or HEDL_ERR_ALLOC. */
int hedl_lint(const HedlDocument *doc, HedlDiagnostics **out_diags);

/** The number of findings, or -1 when `diags` is NULL. */
int hedl_diagnostics_count(const HedlDiagnostics *diags);

/** Stores finding `index` as a new string "[rule] severity: message" in
 *  *out_message. Returns HEDL_OK, HEDL_ERR_NULL_PTR (NULL argument) or
 *  HEDL_ERR_LINT (index out of range); on failure *out_message is NULL. */
int hedl_diagnostics_get(const HedlDiagnostics *diags, int index, char **out_message);

/** The severity of finding `index`: 0 hint, 1 warning, 2 error; -1 when
 *  `diags` is NULL or the index is out of range. */
int hedl_diagnostics_severity(const HedlDiagnostics *diags, int index);

/** The 1-based source line of finding `index`; -1 when `diags` is NULL or
 *  the index is out of range. */
int hedl_diagnostics_line(const HedlDiagnostics *diags, int index);

/** Releases a list from hedl_lint. NULL is a no-op. */
void hedl_free_diagnostics(HedlDiagnostics *diags);

/** Writes `doc` in canonical HEDL form (§13, D15: sorted
 *  directives and keys, minimal quoting, ditto, count hints on parent rows)
 *  into a new string stored in *out; free it with hedl_free_string(). Returns
 *  HEDL_OK, HEDL_ERR_NULL_PTR (NULL argument), HEDL_ERR_CANONICALIZE (a string
 *  HEDL cannot spell; no parsed document holds one) or HEDL_ERR_ALLOC; on
 *  failure *out is NULL. */
int hedl_canonicalize(const HedlDocument *doc, char **out);

/** hedl_canonicalize in a chosen version: `version` 0 keeps the document's,
 *  10 writes HEDL 1.0, 20 writes HEDL 2.0 (docs/format.md "§13 (2.0)").
 *  Writing 1.0 fails with HEDL_ERR_CANONICALIZE and a ConversionError naming
 *  the line when 1.0 cannot hold the data (a list literal, several child
 *  types per parent, %PROMPT, %C, %X-, %MODE: lenient). Any other `version`
 *  is HEDL_ERR_CANONICALIZE (a ConversionError). */
int hedl_canonicalize_version(const HedlDocument *doc, int version, char **out);

/* ---- Streaming (hedl/stream.hpp): input in chunks, events as they complete ---- */

/** Event kinds of HedlStreamEvent.kind. */
#define HEDL_STREAM_HEADER 0
#define HEDL_STREAM_OBJECT_START 1
#define HEDL_STREAM_OBJECT_END 2
#define HEDL_STREAM_SCALAR 3
#define HEDL_STREAM_LIST_START 4
#define HEDL_STREAM_ROW 5
#define HEDL_STREAM_LIST_END 6
#define HEDL_STREAM_END 7

/** One event. Every pointer is valid during the callback only; strings are
 *  not NUL-terminated (use the lengths). */
typedef struct HedlStreamEvent {
  int kind;
  const char *key; /**< the item's key (a Row: its list's key) */
  int key_len;
  int depth;             /**< object nesting of the item (0: a key of the root) */
  int line;              /**< 1-based input line */
  const char *type_name; /**< LIST_START, LIST_END, ROW: the type */
  int type_name_len;
  /** SCALAR: the value as JSON; ROW: the row as hedl_to_json writes it in
   *  its list (an object keyed by column, with its child rows). */
  const char *json;
  int json_len;
  const char *parent_type; /**< ROW under a %NEST parent: its type and ID */
  int parent_type_len;
  const char *parent_id;
  int parent_id_len;
  int row_depth;   /**< ROW: 0 for a list's own rows, +1 per %NEST level */
  long long count; /**< LIST_END: the list's own rows */
} HedlStreamEvent;

typedef void (*HedlStreamCallback)(const HedlStreamEvent *event, void *user);

/** An opaque stream parser. Free it with hedl_free_stream(). */
typedef struct HedlStream HedlStream;

/** Makes a stream parser with the default limits; `strict` != 0 makes
 *  references that never resolve an error at the end. Events go to
 *  `callback` with `user`. Returns HEDL_OK, HEDL_ERR_NULL_PTR or HEDL_ERR_ALLOC. */
int hedl_stream_new(int strict, HedlStreamCallback callback, void *user, HedlStream **out);

/** Takes the next `len` bytes (split anywhere) and reports the events they
 *  complete. Returns HEDL_OK, or the error (HEDL_ERR_PARSE, HEDL_ERR_INVALID_UTF8,
 *  HEDL_ERR_ALLOC) with the last error set; after an error every call returns it. */
int hedl_stream_feed(HedlStream *stream, const char *chunk, int len);

/** Ends the input: the rest of the events, then HEDL_STREAM_END; or the error. */
int hedl_stream_finish(HedlStream *stream);

/** Frees a stream parser (NULL is ignored). */
void hedl_free_stream(HedlStream *stream);

#ifdef __cplusplus
}
#endif

#endif /* HEDL_H */
