#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Something git could not do, in words for the user.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) {
    self.message = message
  }

  public var description: String { message }
}

/// Which version of the files to read.
public enum GitRevision: Sendable, Equatable, CustomStringConvertible {
  /// Any revision git understands that names a commit: `HEAD`, `origin/main`, a sha, `v1.2^`.
  case commit(String)
  /// The index: what `git commit` would commit now (honours `GIT_INDEX_FILE`, as set in a pre-commit hook).
  case index

  public var description: String {
    switch self {
    case .commit(let revision): revision
    case .index: "the index"
    }
  }
}

/// A git work tree, and the mapping between paths as the user gives them (relative to the current
/// directory, or absolute) and paths relative to the repository root, as git names files.
public struct GitRepository: Sendable, Equatable {
  /// The work tree's root, an absolute path with symlinks resolved.
  public let root: String
  /// The current directory when the repository was opened, with symlinks resolved: relative paths
  /// are taken from here.
  public let currentDirectory: String
  /// The environment git runs with.
  let environment: [String]

  /// The repository holding `path` (a file or folder; it need not exist, the nearest existing
  /// folder above it is asked).
  public init(containing path: String) throws(GitError) {
    try self.init(containing: path, currentDirectory: Self.physicalCurrentDirectory())
  }

  /// As `init(containing:)`, with relative paths taken from `currentDirectory` instead of the process's,
  /// and git run with `environment` (prepared by `GitProcess.prepared`).
  init(
    containing path: String, currentDirectory: String, environment: [String] = GitProcess.inheritedEnvironment
  ) throws(GitError) {
    let current = Self.resolvingSymlinks(currentDirectory)
    let absolute = Self.normalised(path.hasPrefix("/") ? path : current + "/" + path)
    var folder = absolute
    var info = stat()
    while folder != "/" && !(stat(folder, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR) {
      folder = Self.parent(of: folder)
    }
    // With `GIT_DIR` set (a hook in a linked work tree) and no `GIT_WORK_TREE`, git takes its current
    // directory for the top of the work tree: ask from where the caller is, as any git command there would.
    let gitDirectorySet = environment.contains { $0.hasPrefix("GIT_DIR=") && $0.utf8.count > 8 }
    let output = try GitProcess.run(
      ["-C", gitDirectorySet ? current : folder, "rev-parse", "--show-toplevel"], environment: environment)
    guard output.status == 0 else {
      let message = output.message
      if message.contains("not a git repository") { throw GitError("not a git repository: \(path)") }
      if message.contains("must be run in a work tree") { throw GitError("not in a git work tree: \(path)") }
      throw GitError("git rev-parse failed for \(path): \(message)")
    }
    let top = String(decoding: output.stdout, as: UTF8.self).trimmingNewlines()
    guard top.hasPrefix("/") else { throw GitError("not in a git work tree: \(path)") }
    self.root = Self.resolvingSymlinks(top)
    self.currentDirectory = current
    self.environment = environment
  }

  // MARK: Paths

  /// The path relative to the root (`""` for the root itself) of a path as the user gives it, or nil
  /// when it is outside the work tree. Folders inside the work tree are not followed through
  /// symlinks (git stores a symlink, not what it points to); folders above the root are.
  public func repositoryPath(_ path: String) -> String? {
    let absolute = Self.normalised(path.hasPrefix("/") ? path : currentDirectory + "/" + path)
    if let inside = relativeToRoot(absolute) { return inside }
    // Reached through a symlink above the root (macOS's /tmp, a linked home folder): resolve the
    // longest part of the path that exists, keep the rest as written.
    var existing = absolute
    var rest: [Substring] = []
    var info = stat()
    while existing != "/" && lstat(existing, &info) != 0 {
      rest.insert(Self.lastComponent(of: existing), at: 0)
      existing = Self.parent(of: existing)
    }
    let resolved = Self.resolvingSymlinks(existing)
    let rebuilt = rest.isEmpty ? resolved : (resolved == "/" ? "" : resolved) + "/" + rest.joined(separator: "/")
    return relativeToRoot(rebuilt)
  }

  /// A path relative to the root as the user would give it: relative to the current directory when
  /// that is inside the work tree (or the work tree inside it), else absolute.
  public func userPath(_ repositoryPath: String) -> String {
    let absolute = repositoryPath.isEmpty ? root : (root == "/" ? "" : root) + "/" + repositoryPath
    if currentDirectory == absolute { return "." }
    if let below = Self.path(absolute, below: currentDirectory) { return below }
    guard let currentInside = relativeToRoot(currentDirectory) else { return absolute }
    // The current directory is a folder of the work tree: climb to the common folder, then down.
    let from = currentInside.split(separator: "/")
    let to = repositoryPath.split(separator: "/")
    var common = 0
    while common < from.count && common < to.count && from[common] == to[common] { common += 1 }
    let ups = Array(repeating: "..", count: from.count - common)
    return (ups + to[common...].map(String.init)).joined(separator: "/")
  }

  func relativeToRoot(_ absolute: String) -> String? {
    absolute == root ? "" : Self.path(absolute, below: root)
  }

  /// `absolute` relative to `folder` when it is strictly inside it, comparing bytes.
  static func path(_ absolute: String, below folder: String) -> String? {
    let path = absolute.utf8
    let prefix = folder == "/" ? "".utf8 : folder.utf8
    guard path.count > prefix.count + 1, path.starts(with: prefix) else { return nil }
    let slash = path.index(path.startIndex, offsetBy: prefix.count)
    guard path[slash] == UInt8(ascii: "/") else { return nil }
    return String(decoding: path[path.index(after: slash)...], as: UTF8.self)
  }

  // MARK: Running git

  /// Runs `git -C ROOT ARGUMENTS`.
  func git(_ arguments: [String]) throws(GitError) -> GitProcess.Output {
    try GitProcess.run(["-C", root] + arguments, environment: environment)
  }

  /// Rejects a revision git would take for an option.
  static func checkRevision(_ revision: String) throws(GitError) {
    if revision.isEmpty || revision.hasPrefix("-") { throw GitError("unknown revision '\(revision)'") }
  }

  /// Whether `HEAD` names no commit yet: a new repository, or an orphan branch before its first commit.
  func headIsUnborn() throws(GitError) -> Bool {
    try git(["rev-parse", "-q", "--verify", "HEAD^{commit}"]).status != 0
  }

  /// Explains why `revision` did not name a commit.
  func revisionError(_ revision: String) throws(GitError) -> GitError {
    let resolves = try git(["rev-parse", "-q", "--verify", revision]).status == 0
    return resolves ? GitError("not a commit: '\(revision)'") : GitError("unknown revision '\(revision)'")
  }

  // MARK: Changes

  /// Files whose staged version differs from `HEAD` (added, modified, deleted; a rename gives both
  /// paths), relative to the root. Before the first commit, every staged file.
  public func stagedFiles() throws(GitError) -> [String] {
    let output = try git([
      "diff", "--cached", "--name-only", "-z", "--no-renames", "--no-color", "--no-ext-diff",
      "--ignore-submodules=all", "--",
    ])
    guard output.status == 0 else { throw GitError("git diff --cached failed: \(output.message)") }
    return Self.nulSeparated(output.stdout)
  }

  /// The commit where `HEAD` left `revision`: what a pull request's changes are measured against.
  public func mergeBase(with revision: String) throws(GitError) -> String {
    try Self.checkRevision(revision)
    let output = try git(["merge-base", revision, "HEAD"])
    if output.status == 0 { return String(decoding: output.stdout, as: UTF8.self).trimmingNewlines() }
    if output.status == 1 && output.stderr.isEmpty {
      throw GitError(
        "'\(revision)' and HEAD have no common commit (in a shallow clone, fetch more history: fetch-depth: 0)")
    }
    if try headIsUnborn() { throw GitError("HEAD has no commits yet, so nothing to compare with '\(revision)'") }
    throw try revisionError(revision)
  }

  /// Files that differ between the merge base of `revision` and `HEAD` and the work tree, plus files
  /// not yet tracked (and not ignored), relative to the root. In CI the work tree is `HEAD`, so this
  /// is what the pull request changes; on a developer's machine it includes what is not committed yet,
  /// as the proposed side of a lint is read from disk.
  public func changedFiles(since revision: String) throws(GitError) -> [String] {
    let base = try mergeBase(with: revision)
    let changed = try git([
      "diff", "--name-only", "-z", "--no-renames", "--no-color", "--no-ext-diff", "--ignore-submodules=all", base,
      "--",
    ])
    guard changed.status == 0 else { throw GitError("git diff \(revision) failed: \(changed.message)") }
    let untracked = try git(["ls-files", "--others", "--exclude-standard", "-z"])
    guard untracked.status == 0 else { throw GitError("git ls-files failed: \(untracked.message)") }
    return Array(Set(Self.nulSeparated(changed.stdout) + Self.nulSeparated(untracked.stdout))).sorted()
  }

  // MARK: Helpers

  static func nulSeparated(_ bytes: [UInt8]) -> [String] {
    bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
  }

  static func physicalCurrentDirectory() -> String {
    guard let pointer = getcwd(nil, 0) else { return "/" }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// The path with symlinks resolved, or unchanged when it cannot be.
  static func resolvingSymlinks(_ path: String) -> String {
    guard let pointer = realpath(path, nil) else { return normalised(path) }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// An absolute path without empty, `.` and `..` components, taken as written.
  static func normalised(_ absolute: String) -> String {
    var components: [Substring] = []
    for component in absolute.split(separator: "/") {
      switch component {
      case ".": continue
      case "..": if !components.isEmpty { components.removeLast() }
      default: components.append(component)
      }
    }
    return "/" + components.joined(separator: "/")
  }

  static func parent(of absolute: String) -> String {
    guard let slash = absolute.lastIndex(of: "/"), slash != absolute.startIndex else { return "/" }
    return String(absolute[..<slash])
  }

  static func lastComponent(of absolute: String) -> Substring {
    guard let slash = absolute.lastIndex(of: "/") else { return Substring(absolute) }
    return absolute[absolute.index(after: slash)...]
  }
}

/// The files a commit or a pull request changes, as the paths the user would type (relative to the
/// current directory), for linting only what changed.
public enum GitChanges {
  /// Files with staged changes against `HEAD` (added, modified, deleted; renames as a deletion and an
  /// addition), in the repository holding `path`. Before the first commit, every staged file.
  public static func stagedFiles(containing path: String) throws(GitError) -> [String] {
    let repository = try GitRepository(containing: path)
    return try repository.stagedFiles().map(repository.userPath)
  }

  /// Files changed since the merge base of `revision` and `HEAD`, as the work tree has them (see
  /// `GitRepository.changedFiles(since:)`).
  public static func changedFiles(containing path: String, since revision: String) throws(GitError) -> [String] {
    let repository = try GitRepository(containing: path)
    return try repository.changedFiles(since: revision).map(repository.userPath)
  }
}

extension String {
  fileprivate func trimmingNewlines() -> String {
    var result = Substring(self)
    while let last = result.last, last == "\n" || last == "\r" { result.removeLast() }
    return String(result)
  }
}
