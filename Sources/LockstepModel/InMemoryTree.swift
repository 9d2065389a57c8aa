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
    // Substrings of the paths while gathering, so a folder shared by many files (every request's
    // `proposed/.octopus`) is made a String once, not once per file.
    var children: [Substring: [Substring: Bool]] = ["": [:]]
    for path in paths {
      // Byte offsets, not Characters: a path's folders are the prefixes before each `/`.
      let bytes = path.utf8
      var start = bytes.startIndex
      var folder = path[..<start]
      while let slash = bytes[start...].firstIndex(of: UInt8(ascii: "/")) {
        children[folder, default: [:]][path[start..<slash]] = true
        folder = path[..<slash]
        start = bytes.index(after: slash)
      }
      // A file, unless another path already made the same name a folder.
      let name = path[start...]
      if children[folder]?[name] == nil { children[folder, default: [:]][name] = false }
    }
    var index: [String: [TreeEntry]] = [:]
    index.reserveCapacity(children.count)
    for (folder, names) in children {
      index[String(folder)] = names.map { TreeEntry(name: String($0.key), isDirectory: $0.value) }
        .sorted { $0.name < $1.name }
    }
    return index
  }

}
