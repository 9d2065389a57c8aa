#include "CSimdJSON.h"

#include <new>
#include <vector>

#include <simdjson.h>

namespace {

// Each thread keeps one parser for bodies up to this size. A parser sized afresh for every body
// maps new pages for its buffers, and the page faults cost more than the parse itself.
constexpr size_t reusable_capacity = 256 * 1024;

struct reusable_parser {
  simdjson::dom::parser parser;
  // A document from it is still open: the next one on this thread gets a parser of its own.
  bool in_use = false;
};

thread_local reusable_parser reusable;

}  // namespace

struct csj_document {
  simdjson::dom::parser own;
  simdjson::dom::parser *parser = &own;
  std::vector<csj_event> events;
  // Static strings only (simdjson's messages or a literal): nothing to allocate on failure.
  const char *error = nullptr;
  // The thread's parser this document uses, when it does; released on free, whichever thread
  // frees it.
  reusable_parser *borrowed = nullptr;

  ~csj_document() {
    if (borrowed != nullptr) borrowed->in_use = false;
  }

  simdjson::error_code prepare(size_t length, size_t max_depth) {
    if (length > reusable_capacity || reusable.in_use) return own.allocate(length, max_depth);
    if (reusable.parser.capacity() < reusable_capacity || reusable.parser.max_depth() != max_depth) {
      simdjson::error_code allocated = reusable.parser.allocate(reusable_capacity, max_depth);
      if (allocated) return allocated;
    }
    reusable.in_use = true;
    borrowed = &reusable;
    parser = &reusable.parser;
    return simdjson::SUCCESS;
  }
};

namespace {

csj_event event(csj_kind kind, uint32_t count = 0, const char *text = nullptr, size_t length = 0) {
  return csj_event{kind, count, text, length};
}

// Depth is bounded by the parser's own limit, which failed the parse before we get here. Counts
// are taken while iterating: simdjson's own `size()` stops counting at 0xFFFFFF.
void flatten(simdjson::dom::element element, std::vector<csj_event> &events) {
  switch (element.type()) {
    case simdjson::dom::element_type::OBJECT: {
      size_t at = events.size();
      events.push_back(event(CSJ_OBJECT));
      uint32_t count = 0;
      for (simdjson::dom::key_value_pair field : element.get_object().value_unsafe()) {
        events.push_back(event(CSJ_KEY, 0, field.key.data(), field.key.size()));
        flatten(field.value, events);
        count += 1;
      }
      events[at].count = count;
      break;
    }
    case simdjson::dom::element_type::ARRAY: {
      size_t at = events.size();
      events.push_back(event(CSJ_ARRAY));
      uint32_t count = 0;
      for (simdjson::dom::element value : element.get_array().value_unsafe()) {
        flatten(value, events);
        count += 1;
      }
      events[at].count = count;
      break;
    }
    case simdjson::dom::element_type::STRING: {
      std::string_view text = element.get_string().value_unsafe();
      events.push_back(event(CSJ_STRING, 0, text.data(), text.size()));
      break;
    }
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
      events.push_back(event(CSJ_NUMBER));
      break;
    case simdjson::dom::element_type::BOOL:
      events.push_back(event(element.get_bool().value_unsafe() ? CSJ_TRUE : CSJ_FALSE));
      break;
    case simdjson::dom::element_type::NULL_VALUE:
      events.push_back(event(CSJ_NULL));
      break;
  }
}

}  // namespace

extern "C" csj_document *csj_parse(const uint8_t *bytes, size_t length, size_t max_depth) {
  csj_document *document = new (std::nothrow) csj_document();
  if (document == nullptr) return nullptr;
  try {
    simdjson::error_code allocated = document->prepare(length, max_depth);
    simdjson::dom::element root;
    simdjson::error_code parsed =
        allocated ? allocated : document->parser->parse(bytes, length, true).get(root);
    if (parsed) {
      document->error = simdjson::error_message(parsed);
      return document;
    }
    flatten(root, document->events);
  } catch (...) {
    // Out of memory while flattening: no events, and a message that needs no memory.
    document->events.clear();
    document->error = "the JSON parser ran out of memory";
  }
  return document;
}

extern "C" const char *csj_error(const csj_document *document) {
  return document->error;
}

extern "C" const csj_event *csj_events(const csj_document *document, size_t *count) {
  *count = document->events.size();
  return document->events.data();
}

extern "C" void csj_free(csj_document *document) { delete document; }
