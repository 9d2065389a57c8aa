import OCL

/// Something that kept a file from being read as Octopus would read it.
public enum LoadProblem: Sendable {
  case unreadable(file: String, reason: String)
  case tooLarge(file: String, size: Int, limit: Int)
  case syntax(file: String, diagnostic: OCLDiagnostic)
  /// The parser stopped reporting after `OCLParser.maxDiagnostics` errors in this file.
  case tooManyErrors(file: String)
  /// A file or folder that is not part of the Config-as-Code layout.
  case unknownFile(file: String, isDirectory: Bool)
  /// A JSON or YAML resource document that cannot be read as one.
  case invalidDocument(file: String, message: String, line: Int, column: Int)

  public var file: String {
    switch self {
    case .unreadable(let file, _), .tooLarge(let file, _, _), .syntax(let file, _),
      .tooManyErrors(let file), .unknownFile(let file, _), .invalidDocument(let file, _, _, _):
      file
    }
  }
}
