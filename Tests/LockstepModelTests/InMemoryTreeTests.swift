import LockstepModel
import TestSupport
import Testing

@Suite struct InMemoryTreeTests {
  let tree = InMemoryTree(texts: [
    "base/.octopus/deployment_process.ocl": "", "base/.octopus/runbooks/restart.ocl": "", "README.md": "",
  ])

  @Test func listsAFolderSortedWithItsSubfolders() {
    #expect(
      tree.entries(of: "base/.octopus") == [
        TreeEntry(name: "deployment_process.ocl", isDirectory: false), TreeEntry(name: "runbooks", isDirectory: true),
      ])
    #expect(tree.entries(of: "base/.octopus/") == tree.entries(of: "base/.octopus"))
    #expect(
      tree.entries(of: ".") == [
        TreeEntry(name: "README.md", isDirectory: false), TreeEntry(name: "base", isDirectory: true),
      ])
    #expect(tree.entries(of: "") == tree.entries(of: "."))
  }

  @Test func aFileOrAMissingFolderIsNotAFolder() {
    #expect(tree.entries(of: "README.md") == nil)
    #expect(tree.entries(of: "base/.octo") == nil)
    #expect(!tree.isDirectory("base/.octopus/runbooks/restart.ocl"))
    #expect(tree.isDirectory("base/.octopus/runbooks"))
    #expect(tree.exists("base/.octopus/runbooks/restart.ocl"))
    #expect(!tree.exists("base/.octopus/runbooks/stop.ocl"))
    #expect(InMemoryTree(files: [:]).entries(of: ".") == [])
  }

  @Test func aNameThatIsBothAFileAndAFolderIsAFolder() {
    let tree = InMemoryTree(texts: ["a": "", "a/b": "", "c/a": ""])
    #expect(
      tree.entries(of: ".") == [TreeEntry(name: "a", isDirectory: true), TreeEntry(name: "c", isDirectory: true)])
    #expect(tree.entries(of: "a") == [TreeEntry(name: "b", isDirectory: false)])
    #expect(tree.entries(of: "c") == [TreeEntry(name: "a", isDirectory: false)])
  }

  /// Every folder of a path, listed as a plain reading of the paths lists it: one name at a
  /// time, into a dictionary per folder.
  static func plainIndex(_ paths: [String]) -> [String: [TreeEntry]] {
    var children: [String: [String: Bool]] = ["": [:]]
    for path in paths {
      let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
      for depth in parts.indices {
        let folder = parts[..<depth].joined(separator: "/")
        let isFolder = depth < parts.count - 1
        children[folder, default: [:]][parts[depth], default: false] =
          children[folder]?[parts[depth]] == true || isFolder
      }
    }
    return children.mapValues { names in
      names.map { TreeEntry(name: $0.key, isDirectory: $0.value) }.sorted { $0.name < $1.name }
    }
  }

  /// Seeded random trees of short names (shared between paths, a decomposed `é` beside its
  /// composed form, and empty names: `/a`, `a//b`, `a/`) list every folder as the plain reading
  /// does.
  @Test func randomTreesListAsAPlainReadingListsThem() {
    var random = SeededRandom(seed: 7)
    let names = ["a", "b", ".octopus", "runbooks", "x.ocl", "caf\u{E9}", "cafe\u{301}", "B", ""]
    for _ in 0..<500 {
      let paths = (0..<random.below(8)).map { _ in
        (0...random.below(4)).map { _ in names[random.below(names.count)] }.joined(separator: "/")
      }
      let tree = InMemoryTree(texts: Dictionary(paths.map { ($0, "") }, uniquingKeysWith: { first, _ in first }))
      // A folder whose name ends in `/` (`a/` of `a//b`) cannot be asked for: `entries(of:)`
      // reads `a/` as `a`.
      for (folder, entries) in Self.plainIndex(Array(Set(paths))) where !folder.hasSuffix("/") {
        #expect(tree.entries(of: folder.isEmpty ? "." : folder) == entries, "\(paths) at \(folder)")
      }
    }
  }
}
