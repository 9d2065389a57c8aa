import Yams

/// `lockstep.yaml`: where the policies are and which folder is which project (DESIGN.md section 2).
/// Found by walking up from the path being linted.
public struct RepositoryConfig: Sendable, Equatable {
  public struct ProjectEntry: Sendable, Equatable {
    /// The CaC base path, relative to the config file's folder.
    public var path: String
    public var identity: ResourceIdentity
    /// The platform team's baseline for this project, relative to the config file's folder.
    public var upstream: String?

    public init(path: String, identity: ResourceIdentity, upstream: String? = nil) {
      self.path = path
      self.identity = identity
      self.upstream = upstream
    }
  }

  public static let fileName = "lockstep.yaml"

  /// The folder holding `lockstep.yaml`; the config's paths are relative to it.
  public var folder: String { didSet { reindex() } }
  public var policies: String?
  public var projects: [ProjectEntry] { didSet { reindex() } }
  /// Each project's position by its absolute CaC path. Every project of a run looks itself up,
  /// so a monorepo's lockstep.yaml of thousands of entries must not be scanned for each.
  private var index: [String: Int] = [:]

  public init(folder: String, policies: String?, projects: [ProjectEntry]) {
    self.folder = folder
    self.policies = policies
    self.projects = projects
    reindex()
  }

  public static func == (lhs: RepositoryConfig, rhs: RepositoryConfig) -> Bool {
    lhs.folder == rhs.folder && lhs.policies == rhs.policies && lhs.projects == rhs.projects
  }

  /// The entry for a project folder, comparing both as absolute paths, so it is found whatever
  /// folder Lockstep runs from and however the path was written. The first entry wins.
  public func entry(forProjectFolder folder: String) -> ProjectEntry? {
    index[absolutePath(folder)].map { projects[$0] }
  }

  private mutating func reindex() {
    let root = absolutePath(folder)
    index = Dictionary(
      projects.enumerated().map { (absolutePath(join(root, $0.element.path)), $0.offset) },
      uniquingKeysWith: { first, _ in first })
  }

  /// `a/./b/../c/` → `a/c`, so paths written differently compare equal.
  public static func normalize(_ path: String) -> String {
    if isNormal(path) { return path }
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
      } else {
        parts.append(part)
      }
    }
    let joined = parts.joined(separator: "/")
    return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
  }

  /// Already what `normalize` would make: no empty, `.` or `..` part after an optional leading
  /// `/`. Most paths are, and checking their bytes is much cheaper than splitting them.
  static func isNormal(_ path: String) -> Bool {
    var bytes = path.utf8[...]
    if bytes.first == UInt8(ascii: "/") { bytes = bytes.dropFirst() }
    guard !bytes.isEmpty else { return false }
    // One pass, no array of parts: every admission request checks its paths here.
    var length = 0
    var onlyDots = true
    for byte in bytes {
      guard byte == UInt8(ascii: "/") else {
        length += 1
        onlyDots = onlyDots && byte == UInt8(ascii: ".")
        continue
      }
      if !isNormalPart(length: length, onlyDots: onlyDots) { return false }
      length = 0
      onlyDots = true
    }
    return isNormalPart(length: length, onlyDots: onlyDots)
  }

  /// A part that is not empty, `.` or `..`.
  private static func isNormalPart(length: Int, onlyDots: Bool) -> Bool {
    length > 0 && !(onlyDots && length <= 2)
  }
}

/// Why `lockstep.yaml` could not be used.
public struct RepositoryConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int
  public var message: String

  public var description: String { "\(file):\(line):\(column): \(message)" }
}

extension RepositoryConfig {
  /// The nearest `lockstep.yaml` at or above `start` (a file or folder), or nil when there is none.
  public static func find(from start: String, tree: any SourceTree = DiskTree()) throws(RepositoryConfigError)
    -> RepositoryConfig?
  {
    var folder = tree.isDirectory(start) ? start : parent(of: start)
    for _ in 0..<64 {
      let candidate = join(folder, fileName)
      if tree.exists(candidate), !tree.isDirectory(candidate) {
        return try load(candidate, tree: tree)
      }
      let up = parent(of: folder)
      if up == folder { return nil }
      folder = up
    }
    return nil
  }

  static func parent(of path: String) -> String {
    let normalized = normalize(path)
    if normalized == "/" { return "/" }
    if normalized == "." { return ".." }
    if normalized == ".." || normalized.hasSuffix("/..") { return normalized + "/.." }
    guard let slash = normalized.lastIndex(of: "/") else { return "." }
    return slash == normalized.startIndex ? "/" : String(normalized[..<slash])
  }

  public static func load(_ file: String, tree: any SourceTree = DiskTree()) throws(RepositoryConfigError)
    -> RepositoryConfig
  {
    func fail(_ message: String, _ node: Yams.Node?) -> RepositoryConfigError {
      RepositoryConfigError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }
    guard case .bytes(let bytes) = tree.read(file, limit: 1024 * 1024),
      let text = String(validating: bytes, as: UTF8.self)
    else {
      throw fail("cannot read the file as UTF-8 text", nil)
    }
    let root: Yams.Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        return RepositoryConfig(folder: parent(of: file), policies: nil, projects: [])
      }
      root = node
    } catch {
      throw fail("not valid YAML: \(error)", nil)
    }
    guard case .mapping(let mapping) = root else { throw fail("lockstep.yaml must be a mapping", root) }
    var config = RepositoryConfig(folder: parent(of: file), policies: nil, projects: [])
    for (key, value) in mapping {
      switch key.string {
      case "policies":
        guard let policies = value.string else { throw fail("`policies` must be a folder path", value) }
        config.policies = join(config.folder, policies)
      case "projects":
        guard case .sequence(let entries) = value else { throw fail("`projects` must be a list", value) }
        var projects: [ProjectEntry] = []
        for entry in entries { projects.append(try projectEntry(entry, fail: fail)) }
        config.projects = projects
      default:
        throw fail("unknown field `\(key.string ?? "?")` in lockstep.yaml (known: policies, projects)", key)
      }
    }
    return config
  }

  static func projectEntry(_ node: Yams.Node, fail: (String, Yams.Node?) -> RepositoryConfigError)
    throws(RepositoryConfigError) -> ProjectEntry
  {
    guard case .mapping(let mapping) = node else { throw fail("a project entry must be a mapping", node) }
    var path: String?
    var identity = ResourceIdentity()
    var upstream: String?
    for (key, value) in mapping {
      let name = key.string ?? ""
      if name == "labels" {
        guard case .mapping(let labels) = value else { throw fail("`labels` must be a mapping", value) }
        for (label, text) in labels { identity.labels[label.string ?? ""] = text.string ?? "" }
        continue
      }
      guard let text = value.string else { throw fail("`\(name)` must be a string", value) }
      switch name {
      case "path": path = text
      case "space": identity.space = text
      case "project": identity.project = text
      case "projectGroup": identity.projectGroup = text
      case "upstream": upstream = text
      default:
        throw fail(
          "unknown field `\(name)` in a project entry (known: path, space, project, projectGroup, labels, upstream)",
          key)
      }
    }
    guard let path else { throw fail("a project entry needs `path`", node) }
    if identity.project.isEmpty { identity.project = ProjectLoader.projectName(path) }
    return ProjectEntry(path: path, identity: identity, upstream: upstream)
  }
}
