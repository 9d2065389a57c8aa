import OCL

/// A span in a named file: where a node of the document model came from.
public struct SourceLocation: Sendable, Hashable, Codable {
  /// The file as the user named it or as discovery found it, relative where possible.
  public var file: String
  public var span: SourceSpan

  public init(file: String, span: SourceSpan) {
    self.file = file
    self.span = span
  }
}
