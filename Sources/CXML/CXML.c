// CXML over libxml2: a text writer to memory and an XML Schema validator. See include/CXML.h.

// libxml2 built with ICU includes the system ICU headers from encoding.h; nothing here uses ICU, so
// read the configuration and switch it off before the other headers (as Sources/CLibXML2/shim.h does).
// Only pointers to the encoding structs whose layout this changes are used, never their fields.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <libxml/xmlwriter.h>

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "CXML.h"

// xmlInitParser is not reentrant: run it once, whichever thread comes first. The same goes for the
// table of XML Schema's built-in types, which libxml2 2.9 builds lazily on the first schema parse:
// two validators parsing at once could both build it, and then every attribute was checked against
// the wrong type (seen here: "'8' is not a valid value of the atomic type 'xs:gMonthDay'").
static pthread_once_t cxml_once = PTHREAD_ONCE_INIT;

static void cxml_initialize_once(void) {
  xmlInitParser();
  xmlSchemaInitTypes();
}

static void cxml_initialize(void) { (void)pthread_once(&cxml_once, cxml_initialize_once); }

// MARK: - Writing

struct cxml_writer {
  xmlBufferPtr buffer;
  xmlTextWriterPtr writer;
  // Set by the first failing call: later calls and finish fail too, so a half-written document is
  // never returned.
  int failed;
  int finished;
};

cxml_writer *cxml_writer_create(void) {
  cxml_initialize();
  cxml_writer *writer = calloc(1, sizeof(cxml_writer));
  if (writer == NULL) return NULL;
  writer->buffer = xmlBufferCreate();
  if (writer->buffer == NULL) {
    free(writer);
    return NULL;
  }
  // Doubling, not libxml2's default exact growth, keeps large reports linear.
  xmlBufferSetAllocationScheme(writer->buffer, XML_BUFFER_ALLOC_DOUBLEIT);
  writer->writer = xmlNewTextWriterMemory(writer->buffer, 0);
  if (writer->writer == NULL) {
    xmlBufferFree(writer->buffer);
    free(writer);
    return NULL;
  }
  return writer;
}

void cxml_writer_free(cxml_writer *writer) {
  if (writer == NULL) return;
  // The memory writer does not own its buffer: free the writer first, it flushes into the buffer.
  if (writer->writer != NULL) xmlFreeTextWriter(writer->writer);
  if (writer->buffer != NULL) xmlBufferFree(writer->buffer);
  free(writer);
}

static int cxml_writer_usable(const cxml_writer *writer) {
  return writer != NULL && writer->writer != NULL && !writer->failed && !writer->finished;
}

static int cxml_writer_check(cxml_writer *writer, int rc) {
  if (rc < 0) {
    writer->failed = 1;
    return -1;
  }
  return 0;
}

int cxml_writer_start_document(cxml_writer *writer) {
  if (!cxml_writer_usable(writer)) return -1;
  if (cxml_writer_check(writer, xmlTextWriterSetIndent(writer->writer, 1)) != 0) return -1;
  if (cxml_writer_check(writer, xmlTextWriterSetIndentString(writer->writer, BAD_CAST "  ")) != 0) return -1;
  return cxml_writer_check(writer, xmlTextWriterStartDocument(writer->writer, "1.0", "UTF-8", NULL));
}

int cxml_writer_start_element(cxml_writer *writer, const char *name) {
  if (!cxml_writer_usable(writer) || name == NULL || name[0] == '\0') return -1;
  return cxml_writer_check(writer, xmlTextWriterStartElement(writer->writer, BAD_CAST name));
}

int cxml_writer_attribute(cxml_writer *writer, const char *name, const char *value) {
  if (!cxml_writer_usable(writer) || name == NULL || name[0] == '\0' || value == NULL) return -1;
  return cxml_writer_check(writer, xmlTextWriterWriteAttribute(writer->writer, BAD_CAST name, BAD_CAST value));
}

int cxml_writer_text(cxml_writer *writer, const char *text) {
  if (!cxml_writer_usable(writer) || text == NULL) return -1;
  if (text[0] == '\0') return 0;
  return cxml_writer_check(writer, xmlTextWriterWriteString(writer->writer, BAD_CAST text));
}

int cxml_writer_end_element(cxml_writer *writer) {
  if (!cxml_writer_usable(writer)) return -1;
  return cxml_writer_check(writer, xmlTextWriterEndElement(writer->writer));
}

char *cxml_writer_finish(cxml_writer *writer, size_t *length) {
  if (length != NULL) *length = 0;
  if (!cxml_writer_usable(writer)) return NULL;
  writer->finished = 1;
  if (xmlTextWriterEndDocument(writer->writer) < 0 || xmlTextWriterFlush(writer->writer) < 0) {
    writer->failed = 1;
    return NULL;
  }
  const xmlChar *content = xmlBufferContent(writer->buffer);
  int size = xmlBufferLength(writer->buffer);
  if (size < 0 || (size > 0 && content == NULL)) {
    writer->failed = 1;
    return NULL;
  }
  char *copy = malloc((size_t)size + 1);
  if (copy == NULL) {
    writer->failed = 1;
    return NULL;
  }
  if (size > 0) memcpy(copy, content, (size_t)size);
  copy[size] = '\0';
  if (length != NULL) *length = (size_t)size;
  return copy;
}

void cxml_free(void *memory) { free(memory); }

// MARK: - Validating

// The errors of one validation, one a line. Bounded: a document with thousands of errors reports the
// first ones and how many more there were.
enum { cxml_max_messages = 200 };

typedef struct {
  char *text;
  size_t length;
  size_t capacity;
  int count;
  int dropped;
  int out_of_memory;
  const char *document_name;
} cxml_messages;

static void cxml_messages_append(cxml_messages *messages, const char *piece, size_t length) {
  if (messages->out_of_memory) return;
  if (messages->length + length + 1 > messages->capacity) {
    size_t capacity = messages->capacity == 0 ? 256 : messages->capacity;
    while (messages->length + length + 1 > capacity) {
      if (capacity > SIZE_MAX / 2) {
        messages->out_of_memory = 1;
        return;
      }
      capacity *= 2;
    }
    char *grown = realloc(messages->text, capacity);
    if (grown == NULL) {
      messages->out_of_memory = 1;
      return;
    }
    messages->text = grown;
    messages->capacity = capacity;
  }
  memcpy(messages->text + messages->length, piece, length);
  messages->length += length;
  messages->text[messages->length] = '\0';
}

// Adds one message as a line: `[file:]line N: message`, with the message's own line ends turned into
// spaces and its trailing ones dropped.
static void cxml_messages_add(cxml_messages *messages, const char *file, int line, const char *message) {
  if (messages->count >= cxml_max_messages) {
    messages->dropped += 1;
    return;
  }
  messages->count += 1;
  char prefix[32];
  int written = 0;
  if (file != NULL && file[0] != '\0' &&
      (messages->document_name == NULL || strcmp(file, messages->document_name) != 0)) {
    cxml_messages_append(messages, file, strlen(file));
    written = line > 0 ? snprintf(prefix, sizeof prefix, ":%d: ", line) : snprintf(prefix, sizeof prefix, ": ");
  } else if (line > 0) {
    written = snprintf(prefix, sizeof prefix, "line %d: ", line);
  }
  if (written > 0 && (size_t)written < sizeof prefix) cxml_messages_append(messages, prefix, (size_t)written);
  const char *text = message != NULL ? message : "unknown error";
  size_t length = strlen(text);
  while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r' || text[length - 1] == ' ')) length--;
  for (size_t index = 0; index < length; index++) {
    char character = text[index] == '\n' || text[index] == '\r' ? ' ' : text[index];
    cxml_messages_append(messages, &character, 1);
  }
  cxml_messages_append(messages, "\n", 1);
}

// libxml2's structured error callback: every error of the schema parser, the validator and (through
// the thread's handler, set for the duration of a validation) the document parser lands here.
static void cxml_collect_error(void *context, xmlErrorPtr error) {
  cxml_messages *messages = context;
  if (messages == NULL || error == NULL) return;
  if (error->level == XML_ERR_WARNING) return;
  cxml_messages_add(messages, error->file, error->line, error->message);
}

// Hands the collected messages to the caller, or frees them.
static int cxml_validate_finish(int rc, cxml_messages *messages, char **out) {
  if (messages->dropped > 0) {
    char more[64];
    int written = snprintf(more, sizeof more, "and %d more errors\n", messages->dropped);
    if (written > 0 && (size_t)written < sizeof more) cxml_messages_append(messages, more, (size_t)written);
  }
  if (rc != 0 && messages->count == 0) {
    cxml_messages_add(messages, NULL, 0, rc < 0 ? "the document could not be validated" : "the document is not valid");
  }
  if (out != NULL && rc != 0 && !messages->out_of_memory) {
    *out = messages->text;
  } else {
    free(messages->text);
  }
  return rc;
}

int cxml_validate(const char *xml, size_t length, const char *schema_path, char **out) {
  if (out != NULL) *out = NULL;
  cxml_messages messages = {0};
  messages.document_name = "document.xml";
  if (xml == NULL || schema_path == NULL || schema_path[0] == '\0') {
    cxml_messages_add(&messages, NULL, 0, "no document or no schema given");
    return cxml_validate_finish(-1, &messages, out);
  }
  if (length == 0) {
    cxml_messages_add(&messages, NULL, 0, "the document is empty");
    return cxml_validate_finish(-1, &messages, out);
  }
  if (length > INT_MAX) {
    cxml_messages_add(&messages, NULL, 0, "the document is too large to validate");
    return cxml_validate_finish(-1, &messages, out);
  }
  cxml_initialize();
  // The fallback below reads the thread's last error: make sure it is this validation's.
  xmlResetLastError();

  // The thread's structured handler catches what the per-context handlers below cannot: errors
  // reading the schema file and parsing the document. Restored before returning.
  xmlStructuredErrorFunc saved_handler = xmlStructuredError;
  void *saved_context = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc(&messages, cxml_collect_error);

  int rc = -1;
  xmlSchemaParserCtxtPtr parser = NULL;
  xmlSchemaPtr schema = NULL;
  xmlSchemaValidCtxtPtr validator = NULL;
  xmlDocPtr document = NULL;

  parser = xmlSchemaNewParserCtxt(schema_path);
  if (parser == NULL) {
    cxml_messages_add(&messages, schema_path, 0, "could not create a schema parser");
    goto done;
  }
  xmlSchemaSetParserStructuredErrors(parser, cxml_collect_error, &messages);
  schema = xmlSchemaParse(parser);
  if (schema == NULL) {
    cxml_messages_add(&messages, schema_path, 0, "could not read the schema");
    goto done;
  }

  document = xmlReadMemory(xml, (int)length, messages.document_name, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (document == NULL) {
    if (messages.count == 0) {
      xmlErrorPtr last = xmlGetLastError();
      cxml_messages_add(&messages, NULL, last != NULL ? last->line : 0,
                        last != NULL ? last->message : "the document is not well-formed XML");
    }
    goto done;
  }

  validator = xmlSchemaNewValidCtxt(schema);
  if (validator == NULL) {
    cxml_messages_add(&messages, NULL, 0, "could not create a schema validator");
    goto done;
  }
  xmlSchemaSetValidStructuredErrors(validator, cxml_collect_error, &messages);
  int valid = xmlSchemaValidateDoc(validator, document);
  rc = valid == 0 ? 0 : (valid > 0 ? 1 : -1);
  if (valid == 0 && messages.count > 0) rc = 1;

done:
  if (validator != NULL) xmlSchemaFreeValidCtxt(validator);
  if (document != NULL) xmlFreeDoc(document);
  if (schema != NULL) xmlSchemaFree(schema);
  if (parser != NULL) xmlSchemaFreeParserCtxt(parser);
  xmlSetStructuredErrorFunc(saved_context, saved_handler);
  return cxml_validate_finish(rc, &messages, out);
}
