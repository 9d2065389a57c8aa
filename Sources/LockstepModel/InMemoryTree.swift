/// A tree of files held in memory: rule examples, admission requests and tests load from it
/// exactly as from disk.
public struct InMemoryTree: SourceTree {
  public let files: [String: [UInt8]]
  /// Every folder's entries, sorted, keyed by the folder's path ("" for the root). Built once, so
  /// listing a folder does not scan every file: the admission service lists a request's folders
  /// many times per decision.
  private let folders: [String: [TreeEntry]]

  public init(files: [String: [UInt8]]) {
    self.files = files
    self.folders = Self.index(files.keys)
  }

  public init(texts: [String: String]) {
    self.init(files: texts.mapValues { Array($0.utf8) })
  }

  public func entries(of folder: String) -> [TreeEntry]? {
    folders[Self.key(folder)]
  }

  public func read(_ path: String, limit: Int) -> ReadOutcome {
    guard let bytes = files[path] else { return .unreadable(reason: "no such file") }
    return bytes.count > limit ? .tooLarge(size: bytes.count) : .bytes(bytes)
  }

  public func isDirectory(_ path: String) -> Bool {
    let key = Self.key(path)
    return !key.isEmpty && folders[key] != nil
  }

  public func exists(_ path: String) -> Bool {
    files[path] != nil || isDirectory(path)
  }

  /// The index's key for a folder as callers write it: `a/b/` is `a/b`, `.` is the root.
  static func key(_ folder: String) -> String {
    if folder == "." { return "" }
    return folder.hasSuffix("/") ? String(folder.dropLast()) : folder
  }

  static func index(_ paths: Dictionary<String, [UInt8]>.Keys) -> [String: [TreeEntry]] {
    var children: [String: [String: Bool]] = ["": [:]]
    for path in paths {
      // Byte offsets, not Characters: a path's folders are the prefixes before each `/`.
      let bytes = path.utf8
      var start = bytes.startIndex
      var folder = ""
      while true {
        let slash = bytes[start...].firstIndex(of: UInt8(ascii: "/"))
        let name = String(path[start..<(slash ?? bytes.endIndex)])
        let isDirectory = slash != nil
        children[folder, default: [:]][name] = isDirectory || children[folder]?[name] == true
        guard let slash else { break }
        folder = String(path[..<slash])
        start = bytes.index(after: slash)
      }
    }
    return children.mapValues { names in
      names.map { TreeEntry(name: $0.key, isDirectory: $0.value) }.sorted { $0.name < $1.name }
    }
  }
}
