import LockstepEngine
import OCL

/// A finding as the JSON report's finding object, every field of the model, keys sorted: what
/// `JSONEncoder` makes of `Finding`'s `Codable` conformance, written without it.
public enum FindingJSON {
  public static func write(_ finding: Finding, into json: inout JSONWriter) {
    json.beginObject()
    json.field("baselined", finding.baselined)
    json.field("contact", finding.contact)
    json.field("enforcement", finding.enforcement.rawValue)
    json.field("file", finding.file)
    json.field("help", finding.help)
    json.field("inBase", finding.inBase)
    json.field("message", finding.message)
    json.field("owner", finding.owner)
    json.field("path", finding.path)
    json.field("resource", finding.resource)
    json.field("ruleID", finding.ruleID)
    json.field("severity", finding.severity.rawValue)
    if let span = finding.span {
      json.key("span")
      write(span, into: &json)
    }
    if let suppression = finding.suppression {
      json.key("suppression")
      write(suppression, into: &json)
    }
    json.field("title", finding.title)
    json.endObject()
  }

  public static func write(_ findings: [Finding], into json: inout JSONWriter) {
    json.beginArray()
    for finding in findings {
      json.element()
      write(finding, into: &json)
    }
    json.endArray()
  }

  /// The findings as one compact array: how the audit trail stores them.
  public static func compact(_ findings: [Finding]) -> String {
    var json = JSONWriter(.compact)
    write(findings, into: &json)
    return json.text
  }

  static func write(_ span: SourceSpan, into json: inout JSONWriter) {
    json.beginObject()
    json.field("column", span.column)
    json.field("endColumn", span.endColumn)
    json.field("endLine", span.endLine)
    json.field("length", span.length)
    json.field("line", span.line)
    json.field("offset", span.offset)
    json.endObject()
  }

  static func write(_ suppression: Suppression, into json: inout JSONWriter) {
    json.beginObject()
    json.field("approvedBy", suppression.approvedBy)
    json.field("exception", suppression.exception)
    json.field("expires", suppression.expires)
    json.field("reason", suppression.reason)
    json.field("ticket", suppression.ticket)
    json.endObject()
  }
}
