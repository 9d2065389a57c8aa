#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs git directly with `posix_spawn`: no shell, no `Foundation.Process` (this module reads files with
/// POSIX calls and does not import Foundation), and the child's descriptors set up exactly as needed.
public enum GitProcess {
  /// What a finished git command gave.
  struct Output: Sendable {
    var status: Int32
    var stdout: [UInt8]
    var stderr: [UInt8]

    /// stderr as one line, without git's `fatal: ` / `error: ` prefixes.
    var message: String {
      let text = String(decoding: stderr, as: UTF8.self)
      let lines = text.split(separator: "\n").map { line -> Substring in
        for prefix in ["fatal: ", "error: "] where line.hasPrefix(prefix) { return line.dropFirst(prefix.count) }
        return line
      }
      return lines.joined(separator: "; ")
    }
  }

  /// git's absolute path: the first `git` on `PATH`.
  static let executable: String? = {
    let searchPath = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    for folder in searchPath.split(separator: ":") where folder.hasPrefix("/") {
      let candidate = String(folder) + "/git"
      var info = stat()
      if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
        return candidate
      }
    }
    return nil
  }()

  /// This process's environment, prepared for git once.
  static let inheritedEnvironment: [String] = {
    var variables: [String] = []
    var entry = environ
    while let pointer = entry.pointee {
      variables.append(String(cString: pointer))
      entry += 1
    }
    return prepared(variables, currentDirectory: GitRepository.physicalCurrentDirectory())
  }()

  /// Variables naming paths that git takes relative to its own current directory, which `-C` changes.
  static let pathVariables = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY"]

  /// The environment with optional locks off (a lint must never write `.git/index`), git's messages in
  /// English (errors are recognised by their text), and relative `GIT_DIR`, `GIT_INDEX_FILE` and the
  /// like made absolute from `currentDirectory`. They pass through otherwise: a pre-commit hook sets
  /// `GIT_INDEX_FILE` to the index being committed (`.git/index`, relative, for a plain `git commit`),
  /// and `GIT_DIR` in a linked work tree.
  static func prepared(_ variables: [String], currentDirectory: String) -> [String] {
    var result: [String] = []
    for variable in variables {
      guard let equals = variable.firstIndex(of: "=") else { continue }
      let name = String(variable[..<equals])
      let value = variable[variable.index(after: equals)...]
      if name == "GIT_OPTIONAL_LOCKS" || name == "LC_ALL" { continue }
      if pathVariables.contains(name) && !value.isEmpty && !value.hasPrefix("/") {
        result.append(name + "=" + GitRepository.normalised(currentDirectory + "/" + value))
      } else {
        result.append(variable)
      }
    }
    result.append("GIT_OPTIONAL_LOCKS=0")
    result.append("LC_ALL=C")
    return result
  }

  /// Runs `git ARGUMENTS` to completion, stdin from /dev/null, collecting stdout and stderr; the
  /// status alone, for callers outside the model (the benchmarks' bare-git peer).
  public static func status(of arguments: [String]) throws(GitError) -> Int32 {
    try run(arguments).status
  }

  /// Runs `git ARGUMENTS` to completion, stdin from /dev/null, collecting stdout and stderr.
  static func run(_ arguments: [String], environment: [String] = inheritedEnvironment) throws(GitError) -> Output {
    let channels = try makeChannels(2)
    let (out, err) = (channels[0], channels[1])
    let pid: pid_t
    do {
      pid = try spawn(arguments, environment: environment, stdin: nil, stdout: out.write, stderr: err.write)
    } catch {
      for fd in [out.read, out.write, err.read, err.write] { close(fd) }
      throw error
    }
    close(out.write)
    close(err.write)
    let (stdout, stderr) = drain(out.read, err.read)
    close(out.read)
    close(err.read)
    return Output(status: wait(for: pid), stdout: stdout, stderr: stderr)
  }

  /// Starts `git ARGUMENTS` with the given descriptors as its stdin (nil: /dev/null), stdout and stderr.
  static func spawn(
    _ arguments: [String], environment: [String], stdin: Int32?, stdout: Int32, stderr: Int32
  ) throws(GitError) -> pid_t {
    guard let git = executable else { throw GitError("git was not found on PATH") }
    #if os(Linux)
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
    #else
      var actions: posix_spawn_file_actions_t?
      var attributes: posix_spawnattr_t?
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let stdin {
      posix_spawn_file_actions_adddup2(&actions, stdin, 0)
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    posix_spawn_file_actions_adddup2(&actions, stdout, 1)
    posix_spawn_file_actions_adddup2(&actions, stderr, 2)

    // The child starts with no signals blocked and SIGPIPE at its default, whatever this process set.
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = (["git"] + arguments).map { strdup($0) }
    let envp = environment.map { strdup($0) }
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let result = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
      (envp + [nil]).withUnsafeBufferPointer { envpBuffer in
        guard let argvPointer = argvBuffer.baseAddress, let envpPointer = envpBuffer.baseAddress else { return EINVAL }
        return posix_spawn(&pid, git, &actions, &attributes, argvPointer, envpPointer)
      }
    }
    guard result == 0 else { throw GitError("could not run \(git): \(String(cString: strerror(result)))") }
    return pid
  }

  /// Waits for the child and gives its exit status (128 + the signal if it was killed).
  static func wait(for pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { return -1 }
    }
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }

  /// A one-way channel to or from a child: a socket pair rather than a pipe, since `socketpair` takes
  /// `SOCK_CLOEXEC` (Glibc's module has no `pipe2`), so no child spawned meanwhile by another thread
  /// inherits an end and keeps it open.
  static func makeChannel() throws(GitError) -> (read: Int32, write: Int32) {
    var fds: [Int32] = [-1, -1]
    #if os(Linux)
      let result = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
    #else
      let result = socketpair(AF_UNIX, SOCK_STREAM, 0, &fds)
      if result == 0 {
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var on: Int32 = 1
        for fd in fds { setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size)) }
      }
    #endif
    guard result == 0 else { throw GitError("could not make a socket pair: \(String(cString: strerror(errno)))") }
    return (fds[0], fds[1])
  }

  /// Makes `count` channels, or none.
  static func makeChannels(_ count: Int) throws(GitError) -> [(read: Int32, write: Int32)] {
    var channels: [(read: Int32, write: Int32)] = []
    do {
      for _ in 0..<count { channels.append(try makeChannel()) }
    } catch {
      for channel in channels {
        close(channel.read)
        close(channel.write)
      }
      throw error
    }
    return channels
  }

  /// Reads two descriptors to their ends together, so neither can fill up and stall the child.
  static func drain(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
    var outputs: [[UInt8]] = [[], []]
    var polled = [
      pollfd(fd: first, events: Int16(POLLIN), revents: 0), pollfd(fd: second, events: Int16(POLLIN), revents: 0),
    ]
    var chunk = [UInt8](repeating: 0, count: 65536)
    while polled.contains(where: { $0.fd >= 0 }) {
      let ready = poll(&polled, nfds_t(polled.count), -1)
      if ready < 0 {
        if errno == EINTR { continue }
        break
      }
      for index in polled.indices where polled[index].fd >= 0 && polled[index].revents != 0 {
        let count = chunk.withUnsafeMutableBytes { read(polled[index].fd, $0.baseAddress, $0.count) }
        if count > 0 {
          outputs[index].append(contentsOf: chunk[0..<count])
        } else if count == 0 || errno != EINTR {
          polled[index].fd = -1
        }
      }
    }
    return (outputs[0], outputs[1])
  }
}
