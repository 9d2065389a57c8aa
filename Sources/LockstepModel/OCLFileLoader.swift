import OCL

/// Reads and parses one OCL file, turning every way it can fail into a `LoadProblem`.
public struct OCLFileLoader: Sendable {
  public static let defaultSizeLimit = 16 * 1024 * 1024

  public var tree: any SourceTree
  public var sizeLimit: Int

  public init(tree: any SourceTree = DiskTree(), sizeLimit: Int = OCLFileLoader.defaultSizeLimit) {
    self.tree = tree
    self.sizeLimit = sizeLimit
  }

  /// The document, or nil when the file could not be read at all.
  public func load(_ path: String, problems: inout [LoadProblem]) -> OCLDocument? {
    guard let bytes = tree.read(path, limit: sizeLimit, problems: &problems) else { return nil }
    let result = OCLParser.parse(bytes)
    problems.append(contentsOf: result.diagnostics.map { .syntax(file: path, diagnostic: $0) })
    if result.truncated { problems.append(.tooManyErrors(file: path)) }
    return result.document
  }
}

extension SourceTree {
  /// The file's bytes, or nil with the reason (unreadable, too large) added to `problems`.
  public func read(_ path: String, limit: Int, problems: inout [LoadProblem]) -> [UInt8]? {
    switch read(path, limit: limit) {
    case .unreadable(let reason):
      problems.append(.unreadable(file: path, reason: reason))
      return nil
    case .tooLarge(let size):
      problems.append(.tooLarge(file: path, size: size, limit: limit))
      return nil
    case .bytes(let bytes):
      return bytes
    }
  }
}
