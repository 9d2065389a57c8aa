#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What reading one file gave.
public enum ReadOutcome: Sendable, Equatable {
  case bytes([UInt8])
  /// Over the limit: the file was measured, not read.
  case tooLarge(size: Int)
  case unreadable(reason: String)
}

public struct TreeEntry: Sendable, Equatable {
  public var name: String
  public var isDirectory: Bool

  public init(name: String, isDirectory: Bool) {
    self.name = name
    self.isDirectory = isDirectory
  }
}

/// A tree of files to load from: the working copy on disk, or (for edits) a revision in git.
public protocol SourceTree: Sendable {
  /// The entries of a folder, sorted by name, or nil when it is not a folder.
  func entries(of folder: String) -> [TreeEntry]?
  func read(_ path: String, limit: Int) -> ReadOutcome
  func isDirectory(_ path: String) -> Bool
  func exists(_ path: String) -> Bool
}

/// The file system, read with POSIX calls: no `Data` copies and the real `errno` in messages.
public struct DiskTree: SourceTree {
  public init() {}

  public func entries(of folder: String) -> [TreeEntry]? {
    guard let directory = opendir(folder) else { return nil }
    defer { closedir(directory) }
    var result: [TreeEntry] = []
    while let entry = readdir(directory) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      guard name != "." && name != ".." else { continue }
      result.append(TreeEntry(name: name, isDirectory: isDirectory(join(folder, name))))
    }
    return result.sorted { $0.name < $1.name }
  }

  public func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  public func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  public func read(_ path: String, limit: Int) -> ReadOutcome {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return .unreadable(reason: Self.lastError()) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return .unreadable(reason: Self.lastError()) }
    guard (info.st_mode & S_IFMT) != S_IFDIR else { return .unreadable(reason: "it is a folder") }
    let size = Int(info.st_size)
    guard size <= limit else { return .tooLarge(size: size) }
    var bytes = [UInt8](repeating: 0, count: size)
    var filled = 0
    while filled < size {
      let count = bytes.withUnsafeMutableBytes { buffer in
        Glibc.read(descriptor, buffer.baseAddress.map { $0 + filled }, size - filled)
      }
      if count < 0 { return .unreadable(reason: Self.lastError()) }
      if count == 0 { break }
      filled += count
    }
    return .bytes(filled == size ? bytes : Array(bytes[0..<filled]))
  }

  static func lastError() -> String {
    String(cString: strerror(errno))
  }
}

/// Joins path components with exactly one `/`; an absolute `name` stands on its own.
public func join(_ folder: String, _ name: String) -> String {
  if folder.isEmpty || folder == "." || name.hasPrefix("/") { return name }
  return folder.hasSuffix("/") ? folder + name : folder + "/" + name
}

/// The absolute form of a path as the user gave it, resolved against the current directory and
/// normalized, so paths written differently (`./x`, `x/`, `/abs/x`) compare equal.
public func absolutePath(_ path: String) -> String {
  if path.hasPrefix("/") { return RepositoryConfig.normalize(path) }
  // getcwd allocates the exact size: a fixed 4 KiB buffer cost every admission request several
  // zero-filled pages and a byte-by-byte copy.
  guard let directory = getcwd(nil, 0) else { return RepositoryConfig.normalize(path) }
  defer { free(directory) }
  return RepositoryConfig.normalize(String(cString: directory) + "/" + path)
}
