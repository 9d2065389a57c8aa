import OCL

/// Reads and parses one OCL file, turning every way it can fail into a `LoadProblem`.
public struct OCLFileLoader: Sendable {
  public static let defaultSizeLimit = 16 * 1024 * 1024

  public var tree: any SourceTree
  public var sizeLimit: Int
  /// Trees already built from the same bytes at the same path, when the caller keeps some.
  public var cache: DocumentCache?

  public init(
    tree: any SourceTree = DiskTree(), sizeLimit: Int = OCLFileLoader.defaultSizeLimit, cache: DocumentCache? = nil
  ) {
    self.tree = tree
    self.sizeLimit = sizeLimit
    self.cache = cache
  }

  /// The document, or nil when the file could not be read at all.
  public func load(_ path: String, problems: inout [LoadProblem]) -> OCLDocument? {
    guard let bytes = tree.read(path, limit: sizeLimit, problems: &problems) else { return nil }
    let (document, found) = Self.parse(bytes, path: path)
    problems.append(contentsOf: found)
    return document
  }

  /// The file as a tree with a span on every node, or nil when it could not be read or parsed.
  public func loadTree(_ path: String, problems: inout [LoadProblem]) -> Node? {
    loadFile(path, problems: &problems).node
  }

  /// The file as a tree, and the bytes it was built from (nil when it could not be read).
  public func loadFile(_ path: String, problems: inout [LoadProblem]) -> (node: Node?, bytes: [UInt8]?) {
    guard let bytes = tree.read(path, limit: sizeLimit, problems: &problems) else { return (nil, nil) }
    let build = { () -> DocumentCache.Document in
      let (document, found) = Self.parse(bytes, path: path)
      return DocumentCache.Document(node: document.map { OCLTreeBuilder.build($0, file: path) }, problems: found)
    }
    let document = cache?.document(path: path, bytes: bytes, build: build) ?? build()
    problems.append(contentsOf: document.problems)
    return (document.node, bytes)
  }

  static func parse(_ bytes: [UInt8], path: String) -> (OCLDocument?, [LoadProblem]) {
    let result = OCLParser.parse(bytes)
    var problems = result.diagnostics.map { LoadProblem.syntax(file: path, diagnostic: $0) }
    if result.truncated { problems.append(.tooManyErrors(file: path)) }
    return (result.document, problems)
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
