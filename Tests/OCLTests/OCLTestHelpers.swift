import OCL
import Testing

/// Parses text that must be valid OCL: any diagnostic fails the calling test.
func parseValid(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> OCLDocument {
  let result = OCLParser.parse(text)
  #expect(result.diagnostics == [], sourceLocation: sourceLocation)
  #expect(!result.truncated, sourceLocation: sourceLocation)
  return result.document
}

/// A span written in the order a reader checks it: where it starts, where it ends, its bytes.
func span(
  _ line: Int, _ column: Int, to endLine: Int, _ endColumn: Int, offset: Int, length: Int
) -> SourceSpan {
  SourceSpan(
    offset: offset, length: length, line: line, column: column, endLine: endLine,
    endColumn: endColumn)
}

extension OCLElement {
  var attribute: OCLAttribute? {
    if case .attribute(let attribute) = self { return attribute }
    return nil
  }

  var block: OCLBlock? {
    if case .block(let block) = self { return block }
    return nil
  }
}

/// A value with its spans left out, so tests can state the structure they expect in one literal.
indirect enum Shape: Equatable, Sendable, CustomStringConvertible {
  case null
  case bool(Bool)
  case integer(Int)
  case decimal(String)
  case quoted(String)
  case heredoc(String, tag: String, indented: Bool)
  case array([Shape])
  case dictionary([Entry])

  struct Entry: Equatable, Sendable {
    var key: String
    var value: Shape

    init(_ key: String, _ value: Shape) {
      self.key = key
      self.value = value
    }
  }

  init(_ value: OCLValue) {
    switch value.kind {
    case .null: self = .null
    case .bool(let flag): self = .bool(flag)
    case .integer(let number): self = .integer(number)
    case .decimal(let literal): self = .decimal(literal)
    case .string(let text, .quoted): self = .quoted(text)
    case .string(let text, .heredoc(let tag, let indented)):
      self = .heredoc(text, tag: tag, indented: indented)
    case .array(let elements): self = .array(elements.map(Shape.init))
    case .dictionary(let entries):
      self = .dictionary(entries.map { Entry($0.key, Shape($0.value)) })
    }
  }

  var description: String {
    switch self {
    case .null: "null"
    case .bool(let flag): "\(flag)"
    case .integer(let number): "\(number)"
    case .decimal(let literal): literal
    case .quoted(let text): text.debugDescription
    case .heredoc(let text, let tag, let indented):
      "<<\(indented ? "-" : "")\(tag) \(text.debugDescription)"
    case .array(let elements): "\(elements)"
    case .dictionary(let entries):
      "{\(entries.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))}"
    }
  }
}
