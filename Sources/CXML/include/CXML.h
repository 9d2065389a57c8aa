// CXML: the little of libxml2 that Lockstep's reports need, behind a C API of its own.
//
// This header never includes a libxml2 header, so Swift code importing CXML never sees libxml2's
// headers or the system ICU headers they pull in (which clash with the ICU inside Foundation).
//
// Strings in and out are UTF-8 and NUL-terminated unless a length is given. Every function accepts
// NULL arguments and reports them as a failure; none of them aborts on bad input. Functions
// returning `int` return 0 on success and -1 on failure unless documented otherwise. The functions
// are safe to call from several threads as long as one writer is used by one thread at a time.
#ifndef CXML_H
#define CXML_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Writing

/// An XML document being written to memory (libxml2's xmlTextWriter over an xmlBuffer).
typedef struct cxml_writer cxml_writer;

/// A new writer, or NULL when memory runs out. Free it with `cxml_writer_free`.
cxml_writer *_Nullable cxml_writer_create(void);

/// Frees the writer and everything it holds. NULL is allowed.
void cxml_writer_free(cxml_writer *_Nullable writer);

/// Writes the XML declaration (version 1.0, UTF-8) and turns indentation on (two spaces).
int cxml_writer_start_document(cxml_writer *_Nullable writer);

/// Opens an element. `name` must be a valid XML name: it is written as given.
int cxml_writer_start_element(cxml_writer *_Nullable writer, const char *_Nullable name);

/// Writes an attribute of the element just opened; `value` is escaped (`<&"`, tabs and line ends).
int cxml_writer_attribute(cxml_writer *_Nullable writer, const char *_Nullable name, const char *_Nullable value);

/// Writes text content, escaped (`<&>` and carriage returns). Characters XML does not allow
/// (control characters other than tab, line feed and carriage return) are written as given: strip
/// them first.
int cxml_writer_text(cxml_writer *_Nullable writer, const char *_Nullable text);

/// Closes the innermost open element.
int cxml_writer_end_element(cxml_writer *_Nullable writer);

/// Closes every open element, ends the document and returns a copy of the whole document,
/// NUL-terminated, with its length in bytes in `*length` (when `length` is not NULL). Free it with
/// `cxml_free`. NULL when any earlier call failed or memory runs out. The writer cannot be written
/// to afterwards; it still has to be freed.
char *_Nullable cxml_writer_finish(cxml_writer *_Nullable writer, size_t *_Nullable length);

/// Frees memory this library returned. NULL is allowed.
void cxml_free(void *_Nullable memory);

// MARK: - Validating

/// Validates the XML document `xml` (`length` bytes, NUL not needed) against the XML Schema (XSD) at
/// `schema_path`, with libxml2's schema validator. Never reads from the network.
///
/// Returns 0 when the document is valid, 1 when it is not, and -1 when it could not be validated
/// (the schema cannot be read or is not a valid schema, the document is not well-formed, memory ran
/// out). Unless it returns 0, and when `messages` is not NULL, `*messages` is set to the errors, one a
/// line (`line N: message` in the document, `FILE:N: message` in the schema), for the caller to free
/// with `cxml_free`; it may be NULL when memory ran out. When valid, `*messages` is set to NULL.
/// Nothing is printed to standard error.
int cxml_validate(
  const char *_Nullable xml, size_t length, const char *_Nullable schema_path, char *_Nullable *_Nullable messages);

#ifdef __cplusplus
}
#endif

#endif
