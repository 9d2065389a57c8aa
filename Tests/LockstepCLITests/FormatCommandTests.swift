import Foundation
import TestSupport
import Testing

@Suite struct FormatCommandTests {
  static let messy =
    "step \"a\"   {\n  name =   \"A\"\n  properties = {\n    b = \"2\"\n    a = \"1\"\n  }\n  action {\n  action_type = \"Octopus.Script\"\n  }\n}\n"
  static let canonical =
    "step \"a\" {\n    name = \"A\"\n    properties = {\n        a = \"1\"\n        b = \"2\"\n    }\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}"

  @Test func checkListsFilesThatWouldChangeAndChangesNothing() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let messy = try folder.write(".octopus/deployment_process.ocl", Self.messy)
    try folder.write(".octopus/schema_version.ocl", "version = 10")
    let outcome = try CommandRunner.run(["fmt", "--check", folder.url.path])
    #expect(outcome.status == 1)
    #expect(outcome.stdout == messy.path + "\n")
    #expect(try String(contentsOf: messy, encoding: .utf8) == Self.messy)
  }

  @Test func formattingRewritesToCanonicalFormAndIsThenClean() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let file = try folder.write("deployment_process.ocl", Self.messy)
    let first = try CommandRunner.run(["fmt", file.path])
    #expect(first.status == 0)
    #expect(first.stderr == "lockstep: formatted \(file.path)\n")
    #expect(try String(contentsOf: file, encoding: .utf8) == Self.canonical)
    #expect(try CommandRunner.run(["fmt", "--check", file.path]).status == 0)
  }

  @Test func samplesAreCanonicalExceptWhereProblemsArePlanted() throws {
    let outcome = try CommandRunner.run(["fmt", "--check", "Samples/upstream", "Samples/projects/checkout-api"])
    #expect(outcome.status == 0, "\(outcome.stdout)")
  }

  @Test func aFileThatDoesNotParseIsLeftAloneWithItsErrors() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let file = try folder.write("broken.ocl", "# note\nname = \"x\"")
    let outcome = try CommandRunner.run(["fmt", file.path])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.hasPrefix("lockstep: error: \(file.path):1:1: comments are not part of OCL"))
    #expect(try String(contentsOf: file, encoding: .utf8) == "# note\nname = \"x\"")
  }

  @Test func missingFileIsAUsageError() throws {
    let outcome = try CommandRunner.run(["fmt", "nope.ocl"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr == "lockstep: error: no such file or folder: nope.ocl\n")
  }
}
