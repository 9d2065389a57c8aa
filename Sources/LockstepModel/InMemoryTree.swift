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
    // Files by the folder they are in, then each of those folders into its parents until one is
    // known: a hash per file and per folder, where a folder level at a time cost one per level
    // of every path. Substrings, so a folder shared by many files is made a String once.
    var files: [Substring: [Substring]] = [:]
    var rootHasEmptyName = false
    for path in paths {
      let (folder, name) = split(path[...])
      files[folder, default: []].append(name)
      // `/a` is the empty name in the root, then `a` in it; and the empty name's folder is the
      // root's own key, so linking folders never lists it.
      rootHasEmptyName = rootHasEmptyName || path.utf8.first == UInt8(ascii: "/")
    }
    // Each folder's subfolders, and whether it is in its parent's list yet.
    var folders: [Substring: (subfolders: [Substring], linked: Bool)] = ["": ([], true)]
    for folder in files.keys {
      var child = folder
      while folders[child]?.linked != true {
        folders[child, default: ([], false)].linked = true
        let (parent, name) = split(child)
        folders[parent, default: ([], false)].subfolders.append(name)
        child = parent
      }
    }
    if rootHasEmptyName { folders[""]?.subfolders.append("") }
    var index: [String: [TreeEntry]] = [:]
    index.reserveCapacity(folders.count)
    for (folder, (names, _)) in folders {
      // Sorted by name, a folder before a file of the same name, and each name kept once: a
      // name that is both (`a` and `a/b`) is a folder, and the root's key is also the key of
      // the empty name in it, so `/a` and `a` both list `a` there.
      let sorted = (names.map { ($0, true) } + (files[folder] ?? []).map { ($0, false) }).sorted {
        $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 && !$1.1
      }
      var entries: [TreeEntry] = []
      entries.reserveCapacity(sorted.count)
      for (position, (name, isDirectory)) in sorted.enumerated()
      where position == 0 || sorted[position - 1].0 != name {
        entries.append(TreeEntry(name: String(name), isDirectory: isDirectory))
      }
      index[String(folder)] = entries
    }
    return index
  }

  /// A path's folder and last name: `a/b/c` is `a/b` and `c`; a path without `/` is in the root.
  static func split(_ path: Substring) -> (folder: Substring, name: Substring) {
    // Byte offsets, not Characters: a path's folders are the prefixes before each `/`.
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return (path[..<path.startIndex], path) }
    return (path[..<slash], path[path.utf8.index(after: slash)...])
  }
}
