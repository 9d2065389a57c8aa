import Foundation
import LockstepModel

/// `lockstep-bench git [PROJECT]`: what a pre-commit lint of one project costs in git, before any
/// parsing: the HEAD and index trees listed and every `.ocl` file of the project read from each
/// (what `lockstep lint --staged` does), medians of 21 runs. The peer, in the same run, is one
/// bare `git rev-parse --show-toplevel`: the least any git-backed hook pays to start git once.
/// PROJECT defaults to the samples' checkout-api, read from this checkout's git history.
struct GitBenchmark {
  var project: String

  func run() throws {
    let files = oclFiles(under: project).map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    guard !files.isEmpty else { throw GitError("no .ocl files under \(project)") }
    let descriptorsBefore = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
    let bare = try median { try revParse() }
    var lines = ["machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; \(files.count) files"]
    lines.append(String(format: "peer, bare git rev-parse: %.2f ms", bare * 1e3))
    for revision in [GitRevision.commit("HEAD"), .index] {
      let listed = try median { _ = try GitTree(containing: project, revision: revision) }
      let read = try median { try readAll(GitTree(containing: project, revision: revision), files) }
      lines.append(
        String(
          format: "%@: tree listed %.2f ms; listed and %d files read %.2f ms (%.1fx the peer)", revision.description,
          listed * 1e3, files.count, read * 1e3, read / bare))
    }
    let staged = try median {
      let repository = try GitRepository(containing: project)
      try readAll(GitTree(repository: repository, revision: .commit("HEAD")), files)
      try readAll(GitTree(repository: repository, revision: .index), files)
    }
    lines.append(
      String(
        format: "--staged, HEAD and index from one repository: %.2f ms (%.1fx the peer)", staged * 1e3, staged / bare))
    let descriptorsAfter = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
    lines.append("descriptors open before and after: \(descriptorsBefore), \(descriptorsAfter)")
    print(lines.joined(separator: "\n"))
  }

  func readAll(_ tree: GitTree, _ files: [String]) throws {
    for file in files {
      guard case .bytes = tree.read(file, limit: 1 << 24) else { throw GitError("\(file) unreadable in git") }
    }
  }

  /// Through the same spawning code as the model's reads, so the ratio is git's work alone.
  func revParse() throws {
    guard try GitProcess.status(of: ["-C", project, "rev-parse", "--show-toplevel"]) == 0 else {
      throw GitError("git rev-parse failed in \(project)")
    }
  }

  func median(_ body: () throws -> Void) throws -> Double {
    var times: [Double] = []
    for _ in 0..<21 {
      let start = DispatchTime.now().uptimeNanoseconds
      try body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return Stopwatch.quantile(0.5, of: times)
  }
}
