#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The files of a git revision or of the index, read as a `SourceTree`: the base of an edit
/// (`--base REF`, `--staged`'s `HEAD`) or the proposed side of a commit (`--staged`'s index).
///
/// The revision's files are listed once, when the tree is made (one `git ls-tree` or `git ls-files`);
/// folders, `exists` and `entries` are answered from that list, and contents are read on demand by one
/// `git cat-file --batch-command` process shared by all reads, started at the first read.
/// Symlinks are listed but unreadable (git stores the link, not its target); submodules are left out.
public struct GitTree: SourceTree {
  public let repository: GitRepository
  public let revision: GitRevision
  /// Every file and folder of the revision by its path from the root.
  let listing: Listing
  let blobs: GitBlobReader

  /// `path` is any path inside the work tree (as the user gave it); paths passed to the SourceTree methods are
  /// interpreted exactly as DiskTree would (relative to the current directory, or absolute), then mapped into
  /// the repository.
  public init(containing path: String, revision: GitRevision) throws(GitError) {
    try self.init(repository: GitRepository(containing: path), revision: revision)
  }

  /// As `init(containing:revision:)`, with relative paths taken from `currentDirectory`.
  init(containing path: String, revision: GitRevision, currentDirectory: String) throws(GitError) {
    try self.init(
      repository: GitRepository(containing: path, currentDirectory: currentDirectory), revision: revision)
  }

  /// A revision of a repository already opened: the base and proposed trees of one lint share it.
  public init(repository: GitRepository, revision: GitRevision) throws(GitError) {
    try self.init(repository: repository, revision: revision, olderGit: false)
  }

  /// `olderGit` reads as is done when git is older than 2.36 and has no `cat-file --batch-command`.
  init(repository: GitRepository, revision: GitRevision, olderGit: Bool) throws(GitError) {
    self.repository = repository
    self.revision = revision
    switch revision {
    case .commit(let name): listing = try Self.listCommit(name, in: repository)
    case .index: listing = try Self.listIndex(in: repository)
    }
    blobs = GitBlobReader(repository: repository, olderGit: olderGit)
  }

  // MARK: SourceTree

  public func entries(of folder: String) -> [TreeEntry]? {
    repository.repositoryPath(folder).flatMap { listing.folders[$0] }
  }

  public func isDirectory(_ path: String) -> Bool {
    repository.repositoryPath(path).map { listing.folders[$0] != nil } ?? false
  }

  public func exists(_ path: String) -> Bool {
    repository.repositoryPath(path).map { listing.files[$0] != nil || listing.folders[$0] != nil } ?? false
  }

  public func read(_ path: String, limit: Int) -> ReadOutcome {
    guard let inside = repository.repositoryPath(path) else {
      return .unreadable(reason: "outside the git repository at \(repository.root)")
    }
    guard let blob = listing.files[inside] else {
      return .unreadable(reason: listing.folders[inside] != nil ? "it is a folder" : "not in \(revision)")
    }
    switch blob.kind {
    case .file: return blobs.read(listing.id(of: blob), limit: limit)
    case .symlink: return .unreadable(reason: "a symbolic link in \(revision), not followed")
    case .unmerged: return .unreadable(reason: "unmerged in the index: resolve the conflict and stage the file")
    }
  }

  // MARK: Listing

  static func listCommit(_ name: String, in repository: GitRepository) throws(GitError) -> Listing {
    try GitRepository.checkRevision(name)
    // `^{commit}`: a tree-ish such as `HEAD:.octopus` would list paths from another root.
    // No `-l`: sizes would cost a read of every blob's header; they are asked for at each read.
    let output = try repository.git(["ls-tree", "-r", "-z", "--full-tree", name + "^{commit}"])
    guard output.status == 0 else {
      if name == "HEAD" || name == "@", try repository.headIsUnborn() { return Listing() }  // nothing committed yet
      let resolves = try repository.git(["rev-parse", "-q", "--verify", name]).status == 0
      if !resolves { throw GitError("unknown revision '\(name)'") }
      let isCommit = try repository.git(["rev-parse", "-q", "--verify", name + "^{commit}"]).status == 0
      if !isCommit { throw GitError("not a commit: '\(name)'") }
      throw GitError("git ls-tree \(name) failed: \(output.message)")
    }
    // `<mode> SP <type> SP <id> TAB <path>`
    return parseListing(output.stdout, idField: 2, stageField: nil)
  }

  static func listIndex(in repository: GitRepository) throws(GitError) -> Listing {
    let output = try repository.git(["ls-files", "-s", "-z"])
    guard output.status == 0 else { throw GitError("git ls-files failed: \(output.message)") }
    // `<mode> SP <id> SP <stage> TAB <path>`; stages 1-3 are the sides of a conflict.
    return parseListing(output.stdout, idField: 1, stageField: 2)
  }

  /// What `git ls-tree` or `git ls-files` lists, indexed: files by path, and folders.
  struct Listing: Sendable {
    /// git's output, kept: blob ids are ranges of it, to save an allocation per file.
    var bytes: [UInt8] = []
    var files: [String: GitBlob] = [:]
    /// Every folder holding a file by its path from the root (`""` is the root, always there), with
    /// its entries sorted by name.
    var folders: [String: [TreeEntry]] = ["": []]

    func id(of blob: GitBlob) -> String {
      String(decoding: bytes[blob.id], as: UTF8.self)
    }
  }

  /// git's `-z` listing: `FIELD SP FIELD ... TAB PATH NUL` records, the first field the octal mode, in
  /// git's order (sorted by path, so a folder's files mostly arrive together).
  static func parseListing(_ bytes: [UInt8], idField: Int, stageField: Int?) -> Listing {
    var listing = Listing()
    /// Adds a folder, and it to its parent's entries, the first time it is seen.
    func add(folder: String) {
      guard listing.folders[folder] == nil else { return }
      listing.folders[folder] = []
      let parent: String
      let name: String
      if let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
        parent = String(folder[..<slash])
        name = String(folder[folder.index(after: slash)...])
      } else {
        (parent, name) = ("", folder)
      }
      add(folder: parent)
      listing.folders[parent, default: []].append(TreeEntry(name: name, isDirectory: true))
    }
    // The entries of the folder the last files were in, added to `folders` when another folder starts.
    var pendingFolder: String?
    var pendingParent: Range<Int> = 0..<0
    var pending: [TreeEntry] = []
    func flush() {
      if let pendingFolder, !pending.isEmpty { listing.folders[pendingFolder, default: []].append(contentsOf: pending) }
      pending.removeAll(keepingCapacity: true)
    }

    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      var records = 0
      var cursor = base
      let end = base + buffer.count
      while let nul = memchr(cursor, 0, end - cursor) {
        records += 1
        cursor = UnsafePointer(nul.assumingMemoryBound(to: UInt8.self)) + 1
      }
      listing.files.reserveCapacity(records)
      var fields: [Range<Int>] = []
      var index = 0
      while index < buffer.count {
        fields.removeAll(keepingCapacity: true)
        var fieldStart = index
        while index < buffer.count && buffer[index] != 9 && buffer[index] != 0 {
          if buffer[index] == 32 {
            fields.append(fieldStart..<index)
            fieldStart = index + 1
          }
          index += 1
        }
        fields.append(fieldStart..<index)
        let pathStart = index + 1
        while index < buffer.count && buffer[index] != 0 { index += 1 }
        let pathEnd = index
        index += 1
        guard pathStart < pathEnd, fields.count > max(idField, stageField ?? 0) else { continue }
        var mode = 0
        for digit in buffer[fields[0]] { mode = mode * 8 + Int(digit) - 48 }
        let stage = stageField.map { buffer[fields[$0]].first.map { Int($0) - 48 } ?? 0 } ?? 0
        let kind: GitBlob.Kind
        switch mode & 0o170000 {
        case 0o100000: kind = stage == 0 ? .file : .unmerged
        case 0o120000: kind = stage == 0 ? .symlink : .unmerged
        default: continue  // submodules (gitlinks) are left out
        }
        let path = String(decoding: UnsafeBufferPointer(rebasing: buffer[pathStart..<pathEnd]), as: UTF8.self)
        guard listing.files.updateValue(GitBlob(id: fields[idField], kind: kind), forKey: path) == nil else {
          continue  // the other stages of a conflict
        }
        var slash = pathEnd - 1
        while slash >= pathStart && buffer[slash] != UInt8(ascii: "/") { slash -= 1 }
        let parent = pathStart..<max(slash, pathStart)
        let name = String(decoding: UnsafeBufferPointer(rebasing: buffer[(slash + 1)..<pathEnd]), as: UTF8.self)
        let sameFolder =
          pendingFolder != nil && parent.count == pendingParent.count
          && memcmp(base + parent.lowerBound, base + pendingParent.lowerBound, parent.count) == 0
        if !sameFolder {
          flush()
          let folder = String(decoding: UnsafeBufferPointer(rebasing: buffer[parent]), as: UTF8.self)
          add(folder: folder)
          pendingFolder = folder
          pendingParent = parent
        }
        pending.append(TreeEntry(name: name, isDirectory: false))
      }
    }
    flush()
    for folder in listing.folders.keys { listing.folders[folder]?.sort { $0.name < $1.name } }
    listing.bytes = bytes
    return listing
  }
}

/// One file of a revision.
struct GitBlob: Sendable, Equatable {
  enum Kind: Sendable, Equatable { case file, symlink, unmerged }

  /// Where the id is in the listing's bytes.
  var id: Range<Int>
  var kind: Kind
}

/// Reads blobs by id through one long-lived `git cat-file --batch-command` (`info` for the size, then
/// `contents` only when it is within the limit), serialised by a lock so the tree can be read from
/// several threads. git before 2.36 has no `--batch-command`: then a `--batch-check` process gives
/// sizes and a `--batch` process contents.
final class GitBlobReader: @unchecked Sendable {
  let repository: GitRepository
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  // Guarded by `mutex`:
  private var olderGit: Bool
  private var combined: GitBatchProcess?
  private var sizer: GitBatchProcess?
  private var reader: GitBatchProcess?

  init(repository: GitRepository, olderGit: Bool) {
    self.repository = repository
    self.olderGit = olderGit
    mutex = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    for process in [combined, sizer, reader] { _ = process?.finish() }
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  func read(_ id: String, limit: Int) -> ReadOutcome {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    do throws(GitError) {
      let size = try request(.info, id)
      guard size <= limit else { return .tooLarge(size: size) }
      let process = try request(.contents, id, expecting: size)
      do throws(GitError) {
        return .bytes(try process.readContents(size))
      } catch {
        stop(process)
        throw error
      }
    } catch {
      return .unreadable(reason: error.message)
    }
  }

  enum Command { case info, contents }

  /// Sends the command and gives the size from the answer's header.
  private func request(_ command: Command, _ id: String) throws(GitError) -> Int {
    let (process, line) = try exchange(command, id)
    // `<id> SP <type> SP <size>`, or `<id> SP missing`
    let fields = line.split(separator: 32)
    guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
      let answer = String(decoding: line, as: UTF8.self)
      if command == .contents { stop(process) }
      throw GitError(answer.hasSuffix(" missing") ? "object \(id) is missing" : "git cat-file: unexpected \(answer)")
    }
    return size
  }

  /// `contents`: the process to read the bytes from, once the header has been read.
  private func request(_ command: Command, _ id: String, expecting size: Int) throws(GitError) -> GitBatchProcess {
    let header = try request(command, id)
    let process = olderGit ? reader : combined
    guard let process, header == size else {
      if let process { stop(process) }
      throw GitError("git cat-file: \(id) changed size")
    }
    return process
  }

  private func exchange(_ command: Command, _ id: String) throws(GitError) -> (GitBatchProcess, [UInt8]) {
    let process = try self.process(for: command)
    do throws(GitError) {
      if olderGit {
        try process.send(id + "\n")
      } else {
        try process.send((command == .info ? "info " : "contents ") + id + "\n")
      }
      let line = try process.readLine()
      process.answered = true
      return (process, line)
    } catch {
      let answeredBefore = process.answered
      let failure = stop(process)
      if !olderGit && !answeredBefore && failure.status == 129 {
        olderGit = true  // a usage error at once: git before 2.36
        return try exchange(command, id)
      }
      throw GitError("git cat-file failed\(failure.message.isEmpty ? "" : ": " + failure.message)")
    }
  }

  private func process(for command: Command) throws(GitError) -> GitBatchProcess {
    if !olderGit {
      if let combined { return combined }
      combined = try GitBatchProcess(repository: repository, mode: "--batch-command")
      return try process(for: command)
    }
    switch command {
    case .info:
      if let sizer { return sizer }
      sizer = try GitBatchProcess(repository: repository, mode: "--batch-check")
    case .contents:
      if let reader { return reader }
      reader = try GitBatchProcess(repository: repository, mode: "--batch")
    }
    return try process(for: command)
  }

  @discardableResult
  private func stop(_ process: GitBatchProcess) -> (status: Int32, message: String) {
    if combined === process { combined = nil }
    if sizer === process { sizer = nil }
    if reader === process { reader = nil }
    return process.finish()
  }
}

/// A long-lived `git cat-file` batch process: commands written with `MSG_NOSIGNAL` (so a git that has
/// stopped cannot kill this process with SIGPIPE), answers read through a buffer.
final class GitBatchProcess {
  let pid: pid_t
  private var input: Int32
  private var output: Int32
  private var errors: Int32
  private var buffer: [UInt8] = []
  private var start = 0
  /// Whether git has answered a command: a failure before that may be a git without `--batch-command`.
  var answered = false

  /// `git cat-file MODE`: `--batch-command`, `--batch-check` or `--batch`.
  init(repository: GitRepository, mode: String) throws(GitError) {
    let channels = try GitProcess.makeChannels(3)
    let (commands, out, err) = (channels[0], channels[1], channels[2])
    do {
      pid = try GitProcess.spawn(
        ["-C", repository.root, "cat-file", mode], environment: repository.environment, stdin: commands.read,
        stdout: out.write, stderr: err.write)
    } catch {
      for fd in [commands.read, commands.write, out.read, out.write, err.read, err.write] { close(fd) }
      throw error
    }
    close(commands.read)
    close(out.write)
    close(err.write)
    input = commands.write
    output = out.read
    errors = err.read
  }

  func send(_ line: String) throws(GitError) {
    var bytes = Array(line.utf8)
    var sent = 0
    while sent < bytes.count {
      #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
      #else
        let flags: Int32 = 0
      #endif
      let count = bytes.withUnsafeMutableBytes {
        Glibc.send(input, $0.baseAddress.map { $0 + sent }, $0.count - sent, flags)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw GitError("could not write to git cat-file: \(String(cString: strerror(errno)))")
      }
      sent += count
    }
    bytes.removeAll()
  }

  func readLine() throws(GitError) -> [UInt8] {
    while true {
      if let newline = buffer[start...].firstIndex(of: 10) {
        let line = Array(buffer[start..<newline])
        start = newline + 1
        return line
      }
      try fill()
    }
  }

  /// Exactly `count` bytes: what is buffered, then straight from the pipe into the result.
  func read(count: Int) throws(GitError) -> [UInt8] {
    var result = [UInt8](repeating: 0, count: count)
    let buffered = min(count, buffer.count - start)
    result.replaceSubrange(0..<buffered, with: buffer[start..<(start + buffered)])
    start += buffered
    var filled = buffered
    while filled < count {
      let got = result.withUnsafeMutableBytes {
        Glibc.read(output, $0.baseAddress.map { $0 + filled }, count - filled)
      }
      if got < 0 && errno == EINTR { continue }
      guard got > 0 else { throw GitError("git cat-file stopped") }
      filled += got
    }
    return result
  }

  /// A blob's bytes after its header, and the newline that ends them.
  func readContents(_ size: Int) throws(GitError) -> [UInt8] {
    let bytes = try read(count: size)
    guard try read(count: 1) == [10] else { throw GitError("git cat-file: unexpected output") }
    return bytes
  }

  private func fill() throws(GitError) {
    if start > 0 {
      buffer.removeFirst(start)
      start = 0
    }
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let got = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
      if got < 0 && errno == EINTR { continue }
      guard got > 0 else { throw GitError("git cat-file stopped") }
      buffer.append(contentsOf: chunk[0..<got])
      return
    }
  }

  /// Closes git's input (it ends), waits for it, and gives its exit status and what it said on stderr.
  func finish() -> (status: Int32, message: String) {
    guard input >= 0 else { return (0, "") }
    close(input)
    close(output)  // a git blocked writing an answer nobody reads gets EPIPE instead
    input = -1
    output = -1
    let (said, _) = GitProcess.drain(errors, -1)
    close(errors)
    errors = -1
    let status = GitProcess.wait(for: pid)
    return (status, GitProcess.Output(status: status, stdout: [], stderr: said).message)
  }

  deinit { _ = finish() }
}
