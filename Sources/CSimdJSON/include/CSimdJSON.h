#ifndef CSIMDJSON_H
#define CSIMDJSON_H

// A C view of simdjson's parse of one JSON document, for Swift: the document as a flat list of
// events in document order. simdjson is C++, and a flat list crosses into Swift without C++
// interop and without a call per value.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CSJ_OBJECT,  // `count` fields follow, each a CSJ_KEY then its value
  CSJ_ARRAY,   // `count` values follow
  CSJ_KEY,
  CSJ_STRING,
  CSJ_NUMBER,  // no value here: callers that need numbers read the text themselves
  CSJ_TRUE,
  CSJ_FALSE,
  CSJ_NULL,
} csj_kind;

typedef struct {
  csj_kind kind;
  // CSJ_OBJECT, CSJ_ARRAY: how many fields or values; otherwise 0.
  uint32_t count;
  // CSJ_KEY, CSJ_STRING: the unescaped UTF-8 text, owned by the document; otherwise NULL.
  const char *text;
  size_t length;
} csj_event;

typedef struct csj_document csj_document;

// Parses `length` bytes of JSON text as RFC 8259 has it: valid UTF-8 throughout, no comments,
// no trailing commas, no single quotes, no NaN, no lone surrogates, nothing after the value.
// Nesting deeper than `max_depth` is an error. Never NULL unless memory runs out; a document
// that did not parse has no events and `csj_error` says why. Each thread keeps a parser for
// bodies up to 256 KiB (about 4 MiB of buffers) and reuses it while no document from it is open;
// any thread may call this. Free a document on the thread that parsed it, before that thread's
// next parse if it is to reuse the parser.
csj_document *csj_parse(const uint8_t *bytes, size_t length, size_t max_depth);

// NULL when the document parsed; otherwise simdjson's description of what was wrong.
const char *csj_error(const csj_document *document);

// The events, valid until `csj_free`.
const csj_event *csj_events(const csj_document *document, size_t *count);

void csj_free(csj_document *document);

#ifdef __cplusplus
}
#endif

#endif
