import LockstepModel
import TestSupport
import Testing

/// The fields an edit leaves byte for byte as they were, which the diff then skips: only those,
/// and skipping them changes no change the diff finds.
@Suite struct UnchangedFieldsTests {
  static func load(_ texts: [String: String]) -> LoadedProject {
    ProjectLoader(files: OCLFileLoader(tree: InMemoryTree(texts: texts))).load(folder: ".octopus")
  }

  static let base = [
    ".octopus/deployment_process.ocl": "step \"a\" {\n    name = \"A\"\n}\n",
    ".octopus/variables.ocl": "variable \"X\" {\n    value \"1\" {}\n}\n",
    ".octopus/schema_version.ocl": "version = 9\n",
    ".octopus/runbooks/restart.ocl": "name = \"Restart\"\n",
    ".octopus/runbooks/purge.ocl": "name = \"Purge\"\n",
  ]

  @Test func onlyFilesWithTheSameBytesAreUnchanged() {
    var proposed = Self.base
    proposed[".octopus/variables.ocl"] = "variable \"X\" {\n    value \"2\" {}\n}\n"
    proposed[".octopus/runbooks/purge.ocl"] = "name = \"Purge all\"\n"
    // The same content, written differently: not the same bytes, so not skipped.
    proposed[".octopus/schema_version.ocl"] = "version =  9\n"
    let unchanged = Self.load(Self.base).unchangedFields(comparedWith: Self.load(proposed))
    #expect(Set(unchanged.map(\.description)) == ["deployment_process", #"runbooks["restart"]"#])
  }

  @Test func aFileOnOneSideOnlyIsNotUnchanged() {
    var proposed = Self.base
    proposed[".octopus/runbooks/restart.ocl"] = nil
    proposed[".octopus/runbooks/new.ocl"] = "name = \"New\"\n"
    let unchanged = Self.load(Self.base).unchangedFields(comparedWith: Self.load(proposed))
    #expect(
      Set(unchanged.map(\.description))
        == ["deployment_process", "variables", "schema_version", #"runbooks["purge"]"#])
  }

  /// Two runbook files whose names are the same string to Swift (composed and decomposed é)
  /// both land under `runbooks["café"]`: one of them unchanged must not hide the other's change.
  @Test func runbookNamesThatCollideAreNeverSkipped() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let composed = ".octopus/runbooks/caf\u{E9}.ocl"
    let decomposed = ".octopus/runbooks/cafe\u{301}.ocl"
    for side in ["base", "proposed"] {
      _ = try folder.write("\(side)/.octopus/schema_version.ocl", "version = 9\n")
      _ = try folder.write("\(side)/\(decomposed)", "name = \"Same\"\n")
    }
    _ = try folder.write("base/\(composed)", "name = \"Before\"\n")
    _ = try folder.write("proposed/\(composed)", "name = \"After\"\n")
    let base = ProjectLoader().load(folder: folder.url.appendingPathComponent("base/.octopus").path)
    let proposed = ProjectLoader().load(folder: folder.url.appendingPathComponent("proposed/.octopus").path)
    let unchanged = base.unchangedFields(comparedWith: proposed)
    #expect(unchanged.map(\.description) == ["schema_version"])
    let full = StructuralDiff.changes(from: base.resource.root, to: proposed.resource.root)
    let skipped = StructuralDiff.changes(from: base.resource.root, to: proposed.resource.root, skipping: unchanged)
    #expect(full.map(\.kind) == [.modified])
    #expect(skipped.map(\.path) == full.map(\.path))
  }

  /// On every sample edit, the diff that skips the unchanged files finds exactly what the full
  /// diff finds.
  @Test func skippingChangesNothingTheDiffFinds() throws {
    let edits = TestPaths.samples.appendingPathComponent("edits")
    var compared = 0
    for name in ["allowed", "denied", "expired", "informational", "waived", "warned"] {
      let base = ProjectLoader().load(folder: edits.appendingPathComponent("\(name)/base/.octopus").path)
      let proposed = ProjectLoader().load(folder: edits.appendingPathComponent("\(name)/proposed/.octopus").path)
      let unchanged = base.unchangedFields(comparedWith: proposed)
      #expect(!unchanged.isEmpty, "\(name): no file the same on both sides")
      let full = StructuralDiff.changes(from: base.resource.root, to: proposed.resource.root)
      let skipped = StructuralDiff.changes(from: base.resource.root, to: proposed.resource.root, skipping: unchanged)
      #expect(skipped.map(\.path) == full.map(\.path), "\(name)")
      #expect(skipped.map(\.kind) == full.map(\.kind), "\(name)")
      compared += full.count
    }
    #expect(compared > 0)
  }
}
