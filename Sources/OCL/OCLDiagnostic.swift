/// A problem that makes a file unreadable to Octopus.
public struct OCLDiagnostic: Sendable, Equatable, Error, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The text breaks the OCL grammar.
    case syntax
    /// A `#`, `//` or `/*` comment: plausible HCL, but Octopus's parser rejects it.
    case comment
    /// The bytes are not UTF-8.
    case encoding
  }

  public var kind: Kind
  public var message: String
  public var span: SourceSpan

  public init(kind: Kind, message: String, span: SourceSpan) {
    self.kind = kind
    self.message = message
    self.span = span
  }

  public var description: String { "\(span.line):\(span.column): \(message)" }
}

/// What parsing a file gives: the document as far as it could be read, and every problem found.
public struct OCLParseResult: Sendable {
  public var document: OCLDocument
  public var diagnostics: [OCLDiagnostic]
  /// True when more problems were found than `OCLParser.maxDiagnostics` and the rest were dropped.
  public var truncated: Bool

  public var isValid: Bool { diagnostics.isEmpty }
}
