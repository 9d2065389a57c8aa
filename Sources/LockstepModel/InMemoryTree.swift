/// A tree of files held in memory: rule examples, admission requests and tests load from it
/// exactly as from disk.
public struct InMemoryTree: SourceTree {
  public var files: [String: [UInt8]]

  public init(files: [String: [UInt8]]) {
    self.files = files
  }

  public init(texts: [String: String]) {
    self.files = texts.mapValues { Array($0.utf8) }
  }

  public func entries(of folder: String) -> [TreeEntry]? {
    let prefix = folder.isEmpty || folder == "." ? "" : (folder.hasSuffix("/") ? folder : folder + "/")
    guard prefix.isEmpty || isDirectory(folder) else { return nil }
    var seen: [String: Bool] = [:]
    for path in files.keys where path.hasPrefix(prefix) {
      let rest = path.dropFirst(prefix.count)
      guard let first = rest.split(separator: "/", maxSplits: 1).first else { continue }
      seen[String(first)] = rest.contains("/") || seen[String(first)] == true
    }
    return seen.map { TreeEntry(name: $0.key, isDirectory: $0.value) }.sorted { $0.name < $1.name }
  }

  public func read(_ path: String, limit: Int) -> ReadOutcome {
    guard let bytes = files[path] else { return .unreadable(reason: "no such file") }
    return bytes.count > limit ? .tooLarge(size: bytes.count) : .bytes(bytes)
  }

  public func isDirectory(_ path: String) -> Bool {
    let prefix = path.hasSuffix("/") ? path : path + "/"
    return files.keys.contains { $0.hasPrefix(prefix) }
  }

  public func exists(_ path: String) -> Bool {
    files[path] != nil || isDirectory(path)
  }
}
