import LockstepModel
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
}
