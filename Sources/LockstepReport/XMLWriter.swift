import CXML

/// An XML document written with libxml2's xmlTextWriter (through CXML), indented, UTF-8.
///
/// Names are written as given and must be valid XML names; attribute values and text are escaped
/// and stripped of the characters XML 1.0 does not allow (libxml2 would write them as they are and
/// make the document unreadable). One writer writes one document, from one thread.
final class XMLWriter {
  private let writer: OpaquePointer

  /// A writer with the XML declaration written.
  init() throws {
    guard let writer = cxml_writer_create() else { throw XMLWriterError(operation: "create the writer") }
    self.writer = writer
    try check(cxml_writer_start_document(writer), "start the document")
  }

  deinit {
    cxml_writer_free(writer)
  }

  /// Writes `<name attributes...>`, what `body` writes, then the end tag (`<name/>` when empty).
  func element(
    _ name: String, _ attributes: KeyValuePairs<String, String> = [:],
    _ body: () throws -> Void = {}
  ) throws {
    try check(cxml_writer_start_element(writer, name), "start <\(name)>")
    for (attribute, value) in attributes {
      try check(cxml_writer_attribute(writer, attribute, Self.xmlSafe(value)), "write \(name)@\(attribute)")
    }
    try body()
    try check(cxml_writer_end_element(writer), "end <\(name)>")
  }

  /// Writes text content.
  func text(_ text: String) throws {
    try check(cxml_writer_text(writer, Self.xmlSafe(text)), "write text")
  }

  /// Ends the document and returns it. The writer cannot be used afterwards.
  func finish() throws -> String {
    var length = 0
    guard let bytes = cxml_writer_finish(writer, &length) else {
      throw XMLWriterError(operation: "finish the document")
    }
    defer { cxml_free(bytes) }
    return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
  }

  private func check(_ code: Int32, _ operation: @autoclosure () -> String) throws {
    if code != 0 { throw XMLWriterError(operation: operation()) }
  }

  /// `text` without the characters XML 1.0 does not allow: everything but tab, line feed, carriage
  /// return, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF. (Swift strings hold no surrogates.)
  static func xmlSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { !isAllowed($0) }) else { return text }
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: text.unicodeScalars.lazy.filter(isAllowed))
    return String(scalars)
  }

  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
    default: false
    }
  }
}

/// libxml2 refused to write: out of memory, or a name that is not an XML name.
struct XMLWriterError: Error, Sendable, CustomStringConvertible {
  var operation: String
  var description: String { "the XML writer could not \(operation)" }
}
