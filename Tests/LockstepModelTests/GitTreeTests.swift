import Foundation
import TestSupport
import Testing

@testable import LockstepModel

/// A real git repository in a temporary folder, removed when the test ends.
final class GitFixture: Sendable {
  let folder: TemporaryFolder
  var root: String { folder.url.path }

  init() throws {
    folder = try TemporaryFolder()
    try git("init", "-q", "-b", "main")
    try git("config", "user.name", "Lockstep Tests")
    try git("config", "user.email", "tests@example.com")
    try git("config", "commit.gpgsign", "false")
    try git("config", "core.autocrlf", "false")
  }

  deinit { folder.remove() }

  @discardableResult
  func git(_ arguments: String...) throws -> String {
    let outcome = try ShellRunner.run("/usr/bin/env", ["git", "-C", root] + arguments, in: folder.url)
    guard outcome.status == 0 else {
      throw GitError("git \(arguments.joined(separator: " ")) failed: \(outcome.stderr)")
    }
    return outcome.stdout
  }

  func write(_ path: String, _ text: String) throws {
    try folder.write(path, text)
  }

  func commitAll(_ message: String) throws {
    try git("add", "-A")
    try git("commit", "-q", "-m", message)
  }

  /// An absolute path inside the work tree.
  func path(_ relative: String) -> String {
    relative.isEmpty ? root : root + "/" + relative
  }

  func tree(_ revision: GitRevision) throws -> GitTree {
    try GitTree(containing: root, revision: revision)
  }
}

extension ReadOutcome {
  var text: String? {
    guard case .bytes(let bytes) = self else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  var reason: String? {
    guard case .unreadable(let reason) = self else { return nil }
    return reason
  }
}

@Suite struct GitTreeTests {
  static let limit = 1 << 20

  @Test func headGivesTheCommittedBytesWhateverTheWorkTreeHolds() throws {
    let repo = try GitFixture()
    try repo.write(".octopus/variables.ocl", "variable \"A\" {\n    value \"1\" {}\n}\n")
    try repo.commitAll("first")
    try repo.write(".octopus/variables.ocl", "changed on disk")

    let head = try repo.tree(.commit("HEAD"))
    #expect(head.read(repo.path(".octopus/variables.ocl"), limit: Self.limit).text?.hasPrefix("variable") == true)
    #expect(DiskTree().read(repo.path(".octopus/variables.ocl"), limit: Self.limit).text == "changed on disk")
  }

  @Test func theIndexGivesTheStagedBytes() throws {
    let repo = try GitFixture()
    try repo.write("a.ocl", "one")
    try repo.commitAll("first")
    try repo.write("a.ocl", "two")
    try repo.git("add", "a.ocl")
    try repo.write("a.ocl", "three")

    #expect(try repo.tree(.index).read(repo.path("a.ocl"), limit: Self.limit).text == "two")
    #expect(try repo.tree(.commit("HEAD")).read(repo.path("a.ocl"), limit: Self.limit).text == "one")
    let earlier = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    try repo.commitAll("second")
    #expect(try repo.tree(.commit(earlier)).read(repo.path("a.ocl"), limit: Self.limit).text == "one")
    #expect(try repo.tree(.commit("HEAD~1")).read(repo.path("a.ocl"), limit: Self.limit).text == "one")
    #expect(try repo.tree(.commit("main")).read(repo.path("a.ocl"), limit: Self.limit).text == "three")
  }

  @Test func foldersAndEntriesAtARevision() throws {
    let repo = try GitFixture()
    try repo.write(".octopus/checkout/deployment_process.ocl", "")
    try repo.write(".octopus/checkout/runbooks/restart.ocl", "")
    try repo.write(".octopus/checkout/schema_version.ocl", "version = 10")
    try repo.write("README.md", "")
    try repo.commitAll("first")
    try repo.write(".octopus/checkout/variables.ocl", "only on disk")
    try FileManager.default.createDirectory(atPath: repo.path("empty"), withIntermediateDirectories: true)

    let head = try repo.tree(.commit("HEAD"))
    #expect(
      head.entries(of: repo.path(".octopus/checkout")) == [
        TreeEntry(name: "deployment_process.ocl", isDirectory: false),
        TreeEntry(name: "runbooks", isDirectory: true),
        TreeEntry(name: "schema_version.ocl", isDirectory: false),
      ])
    #expect(
      head.entries(of: repo.root) == [
        TreeEntry(name: ".octopus", isDirectory: true), TreeEntry(name: "README.md", isDirectory: false),
      ])
    #expect(head.entries(of: repo.path(".octopus/checkout/schema_version.ocl")) == nil)
    #expect(head.entries(of: repo.path("empty")) == nil)
    #expect(head.isDirectory(repo.path(".octopus/checkout/runbooks")))
    #expect(head.isDirectory(repo.path(".octopus/checkout/runbooks/")))
    #expect(!head.isDirectory(repo.path("README.md")))
    #expect(head.exists(repo.path("README.md")))
    #expect(head.exists(repo.path(".octopus")))
    #expect(!head.exists(repo.path(".octopus/checkout/variables.ocl")))
    #expect(!head.exists(repo.path("empty")))
    #expect(head.read(repo.path(".octopus/checkout/variables.ocl"), limit: Self.limit).reason == "not in HEAD")
    #expect(head.read(repo.path(".octopus"), limit: Self.limit).reason == "it is a folder")
    #expect(head.read(repo.path(".octopus/checkout/schema_version.ocl"), limit: Self.limit).text == "version = 10")
  }

  @Test func discoveryAndLoadingWorkThroughAGitTree() throws {
    let repo = try GitFixture()
    try repo.write(".octopus/schema_version.ocl", "version = 10")
    try repo.write(".octopus/deployment_process.ocl", "step \"a\" {\n    name = \"A\"\n}\n")
    try repo.commitAll("first")
    try FileManager.default.removeItem(atPath: repo.path(".octopus"))

    let head = try repo.tree(.commit("HEAD"))
    let inputs = try Discovery(tree: head).discover([repo.root])
    #expect(inputs.projects.map(\.folder) == [repo.path(".octopus")])
    let project = ProjectLoader(files: OCLFileLoader(tree: head)).load(folder: repo.path(".octopus"))
    #expect(project.problems.isEmpty)
    #expect(project.files.count == 2)
  }

  @Test func aFileAddedOnlyToTheIndex() throws {
    let repo = try GitFixture()
    try repo.write("a.ocl", "a")
    try repo.commitAll("first")
    try repo.write("new/b.ocl", "b")
    try repo.git("add", "new/b.ocl")

    let index = try repo.tree(.index)
    let head = try repo.tree(.commit("HEAD"))
    #expect(index.exists(repo.path("new/b.ocl")))
    #expect(index.isDirectory(repo.path("new")))
    #expect(index.read(repo.path("new/b.ocl"), limit: Self.limit).text == "b")
    #expect(!head.exists(repo.path("new/b.ocl")))
    #expect(!head.exists(repo.path("new")))
    #expect(head.read(repo.path("new/b.ocl"), limit: Self.limit).reason == "not in HEAD")
  }

  @Test func aFileDeletedInTheIndex() throws {
    let repo = try GitFixture()
    try repo.write("keep.ocl", "keep")
    try repo.write("gone/a.ocl", "a")
    try repo.write("untracked.ocl", "u")
    try repo.commitAll("first")
    try repo.git("rm", "-q", "gone/a.ocl")  // from the index and the disk
    try repo.git("rm", "-q", "--cached", "untracked.ocl")  // from the index only

    let index = try repo.tree(.index)
    #expect(!index.exists(repo.path("gone/a.ocl")))
    #expect(!index.exists(repo.path("gone")))
    #expect(!index.exists(repo.path("untracked.ocl")))
    #expect(index.read(repo.path("untracked.ocl"), limit: Self.limit).reason == "not in the index")
    #expect(index.entries(of: repo.root)?.map(\.name) == ["keep.ocl"])
    // HEAD still has the file the disk no longer does.
    #expect(try repo.tree(.commit("HEAD")).read(repo.path("gone/a.ocl"), limit: Self.limit).text == "a")
  }

  @Test func theLimitIsMeasuredNotRead() throws {
    let repo = try GitFixture()
    let big = String(repeating: "x", count: 100_000)
    try repo.write("big.ocl", big)
    try repo.write("small.ocl", "s")
    try repo.commitAll("first")

    for revision in [GitRevision.commit("HEAD"), .index] {
      let tree = try repo.tree(revision)
      #expect(tree.read(repo.path("big.ocl"), limit: 1000) == .tooLarge(size: 100_000))
      #expect(tree.read(repo.path("small.ocl"), limit: 1000).text == "s")
      #expect(tree.read(repo.path("big.ocl"), limit: 100_000).text == big)
      #expect(tree.read(repo.path("big.ocl"), limit: 99_999) == .tooLarge(size: 100_000))
    }
  }

  @Test func olderGitReadsWithTwoBatchProcesses() throws {
    let repo = try GitFixture()
    try repo.write("a.ocl", "committed")
    try repo.write("big.ocl", String(repeating: "y", count: 5000))
    try repo.commitAll("first")
    try repo.write("a.ocl", "staged")
    try repo.git("add", "a.ocl")

    let repository = try GitRepository(containing: repo.root)
    for (revision, expected) in [(GitRevision.commit("HEAD"), "committed"), (.index, "staged")] {
      let tree = try GitTree(repository: repository, revision: revision, olderGit: true)
      #expect(tree.read(repo.path("a.ocl"), limit: Self.limit).text == expected)
      #expect(tree.read(repo.path("big.ocl"), limit: 100) == .tooLarge(size: 5000))
    }
  }

  @Test func errorsNameWhatIsWrong() throws {
    let repo = try GitFixture()
    try repo.write("a.ocl", "a")
    try repo.commitAll("first")

    #expect(throws: GitError("unknown revision 'origin/mian'")) { try repo.tree(.commit("origin/mian")) }
    #expect(throws: GitError("unknown revision '--output=x'")) { try repo.tree(.commit("--output=x")) }
    #expect(throws: GitError("not a commit: 'HEAD:a.ocl'")) { try repo.tree(.commit("HEAD:a.ocl")) }

    let plain = try TemporaryFolder()
    defer { plain.remove() }
    try plain.write("x/.octopus/a.ocl", "")
    let path = plain.url.path + "/x/.octopus"
    #expect(throws: GitError("not a git repository: \(path)")) { try GitTree(containing: path, revision: .index) }
    #expect(throws: GitError("not a git repository: \(path)")) { try GitChanges.stagedFiles(containing: path) }
  }

  @Test func anEmptyRepositoryHasAnEmptyHead() throws {
    let repo = try GitFixture()
    try repo.write(".octopus/deployment_process.ocl", "")
    try repo.write(".octopus/runbooks/restart.ocl", "")
    try repo.git("add", "-A")

    let head = try repo.tree(.commit("HEAD"))
    #expect(head.entries(of: repo.root) == [])
    #expect(!head.exists(repo.path(".octopus")))
    #expect(head.read(repo.path(".octopus/deployment_process.ocl"), limit: Self.limit).reason == "not in HEAD")
    #expect(try repo.tree(.index).exists(repo.path(".octopus/runbooks/restart.ocl")))
    let repository = try GitRepository(containing: repo.root)
    #expect(try repository.stagedFiles() == [".octopus/deployment_process.ocl", ".octopus/runbooks/restart.ocl"])
    #expect(throws: GitError("unknown revision 'main'")) { try repo.tree(.commit("main")) }
    #expect(throws: GitError("HEAD has no commits yet, so nothing to compare with 'main'")) {
      try repository.changedFiles(since: "main")
    }
  }

  @Test func pathsRelativeToACurrentDirectoryInsideTheRepository() throws {
    let repo = try GitFixture()
    try repo.write("top.ocl", "top")
    try repo.write("sub/.octopus/a.ocl", "a")
    try repo.commitAll("first")

    let tree = try GitTree(containing: ".octopus", revision: .commit("HEAD"), currentDirectory: repo.path("sub"))
    #expect(tree.repository.root == repo.root)
    #expect(tree.read(".octopus/a.ocl", limit: Self.limit).text == "a")
    #expect(tree.read("./.octopus//a.ocl", limit: Self.limit).text == "a")
    #expect(tree.read("../top.ocl", limit: Self.limit).text == "top")
    #expect(tree.read("../sub/../top.ocl", limit: Self.limit).text == "top")
    #expect(tree.entries(of: ".")?.map(\.name) == [".octopus"])
    #expect(tree.entries(of: "..")?.map(\.name) == ["sub", "top.ocl"])
    #expect(tree.isDirectory(".octopus"))
    #expect(!tree.exists("../../elsewhere.ocl"))
    #expect(tree.read("../../elsewhere.ocl", limit: Self.limit).reason?.hasPrefix("outside the git repository") == true)

    let repository = tree.repository
    #expect(repository.userPath("sub/.octopus/a.ocl") == ".octopus/a.ocl")
    #expect(repository.userPath("top.ocl") == "../top.ocl")
    #expect(repository.userPath("") == "..")
    #expect(repository.userPath("sub") == ".")
    #expect(repository.userPath("subway/x") == "../subway/x")
    let atRoot = try GitRepository(containing: ".", currentDirectory: repo.root)
    #expect(atRoot.userPath("sub/.octopus/a.ocl") == "sub/.octopus/a.ocl")
    let elsewhere = try TemporaryFolder()
    defer { elsewhere.remove() }
    let outside = try GitRepository(containing: repo.root, currentDirectory: elsewhere.url.path)
    #expect(outside.userPath("top.ocl") == repo.root + "/top.ocl")
    let above = try GitRepository(containing: repo.root, currentDirectory: "/")
    #expect(above.userPath("top.ocl") == String(repo.root.dropFirst()) + "/top.ocl")
  }

  @Test func pathsThroughASymlinkAboveTheRoot() throws {
    let repo = try GitFixture()
    try repo.write(".octopus/a.ocl", "a")
    try repo.commitAll("first")
    let other = try TemporaryFolder()
    defer { other.remove() }
    let link = other.url.path + "/link"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: repo.root)

    let tree = try GitTree(containing: link + "/.octopus", revision: .commit("HEAD"))
    #expect(tree.read(link + "/.octopus/a.ocl", limit: Self.limit).text == "a")
    #expect(tree.read(link + "/.octopus/missing.ocl", limit: Self.limit).reason == "not in HEAD")
    #expect(tree.entries(of: link)?.map(\.name) == [".octopus"])
    let relative = try GitTree(containing: "link", revision: .commit("HEAD"), currentDirectory: other.url.path)
    #expect(relative.read("link/.octopus/a.ocl", limit: Self.limit).text == "a")
  }

  @Test func namesWithSpacesAndUnicode() throws {
    let repo = try GitFixture()
    let name = "My Projects/.octopus/runbooks/Restart ünïcode 日本 \"quoted\".ocl"
    try repo.write(name, "hello")
    try repo.commitAll("first")

    for revision in [GitRevision.commit("HEAD"), .index] {
      let tree = try repo.tree(revision)
      #expect(tree.read(repo.path(name), limit: Self.limit).text == "hello")
      #expect(
        tree.entries(of: repo.path("My Projects/.octopus/runbooks"))?.map(\.name) == [
          "Restart ünïcode 日本 \"quoted\".ocl"
        ])
    }
    #expect(try GitRepository(containing: repo.root).changedFiles(since: "HEAD") == [])
  }

  @Test func symlinksAreUnreadableAndSubmodulesLeftOut() throws {
    let repo = try GitFixture()
    try repo.write(".octopus/real.ocl", "real")
    try FileManager.default.createSymbolicLink(
      atPath: repo.path(".octopus/link.ocl"), withDestinationPath: "real.ocl")
    try repo.commitAll("first")
    let commit = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    try repo.git("update-index", "--add", "--cacheinfo", "160000,\(commit),vendor/module")
    try repo.git("commit", "-q", "-m", "submodule")

    for revision in [GitRevision.commit("HEAD"), .index] {
      let tree = try repo.tree(revision)
      #expect(tree.exists(repo.path(".octopus/link.ocl")))
      #expect(tree.read(repo.path(".octopus/link.ocl"), limit: Self.limit).reason?.contains("symbolic link") == true)
      #expect(tree.read(repo.path(".octopus/real.ocl"), limit: Self.limit).text == "real")
      #expect(!tree.exists(repo.path("vendor/module")))
      #expect(!tree.exists(repo.path("vendor")))
    }
  }

  @Test func unmergedFilesInTheIndex() throws {
    let repo = try GitFixture()
    try repo.write("a.ocl", "base")
    try repo.commitAll("base")
    try repo.git("checkout", "-q", "-b", "other")
    try repo.write("a.ocl", "other")
    try repo.commitAll("other")
    try repo.git("checkout", "-q", "main")
    try repo.write("a.ocl", "main")
    try repo.commitAll("main")
    _ = try? repo.git("merge", "-q", "other")  // conflicts

    let index = try repo.tree(.index)
    #expect(index.exists(repo.path("a.ocl")))
    #expect(index.read(repo.path("a.ocl"), limit: Self.limit).reason?.hasPrefix("unmerged") == true)
  }

  @Test func stagedFiles() throws {
    let repo = try GitFixture()
    try repo.write("modified.ocl", "1")
    try repo.write("deleted.ocl", "1")
    try repo.write("renamed.ocl", "same content, long enough to be detected as a rename")
    try repo.write("unchanged.ocl", "1")
    try repo.commitAll("first")
    try repo.write("modified.ocl", "2")
    try repo.write("added dir/ü.ocl", "new")
    try repo.write("not staged.ocl", "x")
    try repo.write("unchanged.ocl", "changed but not staged")
    try repo.git("add", "modified.ocl", "added dir/ü.ocl")
    try repo.git("rm", "-q", "deleted.ocl")
    try repo.git("mv", "renamed.ocl", "moved.ocl")

    let expected = ["added dir/ü.ocl", "deleted.ocl", "modified.ocl", "moved.ocl", "renamed.ocl"]
    #expect(try GitRepository(containing: repo.root).stagedFiles().sorted() == expected)
    // The process's current directory is outside the repository: absolute paths.
    #expect(try GitChanges.stagedFiles(containing: repo.root).sorted() == expected.map(repo.path))
  }

  @Test func changedFilesSinceTheMergeBase() throws {
    let repo = try GitFixture()
    try repo.write(".octopus/a/deployment_process.ocl", "1")
    try repo.write(".octopus/b/deployment_process.ocl", "1")
    try repo.write(".octopus/c/deployment_process.ocl", "1")
    try repo.commitAll("first")
    try repo.git("checkout", "-q", "-b", "feature")
    try repo.write(".octopus/a/deployment_process.ocl", "2")
    try repo.git("rm", "-q", ".octopus/c/deployment_process.ocl")
    try repo.commitAll("feature")
    try repo.git("checkout", "-q", "main")
    try repo.write(".octopus/b/deployment_process.ocl", "main moved on")
    try repo.commitAll("main")
    try repo.git("checkout", "-q", "feature")
    try repo.write(".octopus/d/variables.ocl", "untracked")
    try repo.write(".gitignore", "*.log\n")
    try repo.write("build.log", "ignored")

    let repository = try GitRepository(containing: repo.root)
    let base = try repository.mergeBase(with: "main")
    #expect(base == (try repo.git("rev-parse", "main~1").trimmingCharacters(in: .whitespacesAndNewlines)))
    // b changed on main only: not this branch's change.
    #expect(
      try repository.changedFiles(since: "main") == [
        ".gitignore", ".octopus/a/deployment_process.ocl", ".octopus/c/deployment_process.ocl",
        ".octopus/d/variables.ocl",
      ])
    let fromSub = try GitRepository(containing: ".", currentDirectory: repo.path(".octopus/a"))
    #expect(fromSub.userPath(".octopus/c/deployment_process.ocl") == "../c/deployment_process.ocl")
    #expect(throws: GitError("unknown revision 'origin/main'")) { try repository.changedFiles(since: "origin/main") }

    try repo.git("checkout", "-q", "--orphan", "unrelated")
    try repo.commitAll("unrelated")
    #expect(throws: GitError.self) { try repository.changedFiles(since: "main") }
    do {
      _ = try repository.mergeBase(with: "main")
    } catch {
      #expect(error.message.contains("no common commit"))
    }
  }

  @Test func theEnvironmentAPreCommitHookSets() throws {
    let repo = try GitFixture()
    try repo.write("sub/a.ocl", "committed")
    try repo.commitAll("first")
    // A plain `git commit` gives its hook `GIT_INDEX_FILE=.git/index`, relative to the work tree's root;
    // `git commit -a` a temporary index. Stage into one of those.
    let outcome = try ShellRunner.run(
      "/usr/bin/env", ["git", "-C", repo.root, "add", "sub/a.ocl"], in: repo.folder.url,
      environment: ["GIT_INDEX_FILE": ".git/next-index.lock"])
    try repo.write("sub/a.ocl", "in the commit's index")
    _ = try ShellRunner.run(
      "/usr/bin/env", ["git", "-C", repo.root, "add", "sub/a.ocl"], in: repo.folder.url,
      environment: ["GIT_INDEX_FILE": ".git/next-index.lock"])
    #expect(outcome.status == 0)
    let hook = GitProcess.prepared(
      ["PATH=/usr/bin:/bin", "GIT_INDEX_FILE=.git/next-index.lock", "GIT_OPTIONAL_LOCKS=1"],
      currentDirectory: repo.root)
    #expect(hook.contains("GIT_INDEX_FILE=\(repo.root)/.git/next-index.lock"))
    #expect(hook.contains("GIT_OPTIONAL_LOCKS=0") && !hook.contains("GIT_OPTIONAL_LOCKS=1"))
    let repository = try GitRepository(containing: "sub", currentDirectory: repo.root, environment: hook)
    let index = try GitTree(repository: repository, revision: .index)
    #expect(index.read("sub/a.ocl", limit: Self.limit).text == "in the commit's index")
    #expect(try repo.tree(.index).read(repo.path("sub/a.ocl"), limit: Self.limit).text == "committed")

    // In a linked work tree the hook also gets `GIT_DIR`, and git then takes its current directory
    // for the top of the work tree: a subfolder must not become the root.
    let linked = try TemporaryFolder()
    defer { linked.remove() }
    let worktree = linked.url.path + "/wt"
    try repo.git("worktree", "add", "-q", worktree)
    let gitDirectory = try repo.git("-C", worktree, "rev-parse", "--absolute-git-dir")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let inWorktree = GitProcess.prepared(
      ["PATH=/usr/bin:/bin", "GIT_DIR=\(gitDirectory)", "GIT_INDEX_FILE=\(gitDirectory)/index"],
      currentDirectory: worktree)
    let fromHook = try GitRepository(containing: "sub", currentDirectory: worktree, environment: inWorktree)
    #expect(fromHook.root == GitRepository.resolvingSymlinks(worktree))
    #expect(
      try GitTree(repository: fromHook, revision: .commit("HEAD")).read("sub/a.ocl", limit: 99).text == "committed")
  }

  @Test func readsFromManyThreadsAtOnce() async throws {
    let repo = try GitFixture()
    for index in 0..<20 { try repo.write("f\(index).ocl", String(repeating: "\(index) ", count: index * 500)) }
    try repo.commitAll("first")
    let tree = try repo.tree(.index)
    let root = repo.root
    let results = await withTaskGroup(of: Bool.self) { group in
      for round in 0..<4 {
        for index in 0..<20 {
          group.addTask {
            let expected = String(repeating: "\(index) ", count: index * 500)
            return tree.read(root + "/f\(index).ocl", limit: round == 3 ? 10 : 1 << 20).text
              == (round == 3 && expected.utf8.count > 10 ? nil : expected)
          }
        }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }
    #expect(results.count == 80 && results.allSatisfy { $0 })
  }
}
