import CXML

/// Checks an XML document against an XML Schema (XSD) with libxml2's schema validator, as the tests
/// check the JUnit report against the schema CI servers accept.
public enum XMLSchemaValidator {
  /// The document's errors, one a message (`line N: ...`), empty when the document is valid. A
  /// schema that cannot be read and a document that is not well-formed give errors too.
  public static func validate(xml: String, schemaPath: String) -> [String] {
    var messages: UnsafeMutablePointer<CChar>?
    // The length is passed, so a NUL inside the document is validated (and rejected), not a cut.
    let length = xml.utf8.count
    let code = xml.withCString { cxml_validate($0, length, schemaPath, &messages) }
    defer { cxml_free(messages) }
    guard code != 0 else { return [] }
    let text = messages.map { String(cString: $0) } ?? ""
    let errors = text.split(separator: "\n").map(String.init)
    return errors.isEmpty ? ["the document could not be validated (out of memory)"] : errors
  }
}
