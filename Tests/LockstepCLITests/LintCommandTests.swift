import Foundation
import TestSupport
import Testing

/// `lockstep lint` end to end: the built binary, its stdout, stderr and exit code.
@Suite struct LintCommandTests {
  /// Every planted problem of the samples (Samples/README.md), as `file:line:col enforcement rule`.
  static let sampleFindings = [
    "Samples/projects/inventory-service/.octopus/deployment_process.ocl:32:13 deny LS1005",
    "Samples/projects/inventory-service/.octopus/deployment_process.ocl:134:1 deny LS1004",
    "Samples/projects/inventory-service/.octopus/deployment_process.ocl:190:1 deny LS1003",
    "Samples/projects/inventory-service/.octopus/deployment_process.ocl:207:28 warn LS2002",
    "Samples/projects/inventory-service/.octopus/deployment_process.ocl:225:5 deny LS1005",
    "Samples/projects/inventory-service/.octopus/deployment_settings.ocl:10:9 deny LS2001",
    "Samples/projects/inventory-service/.octopus/notes.txt:1:1 warn LS1002",
    "Samples/projects/inventory-service/.octopus/variables.ocl:78:11 deny LS2003",
    "Samples/projects/inventory-service/.octopus/variables.ocl:90:5 deny SEC001",
    "Samples/projects/inventory-service/.octopus/variables.ocl:91:9 deny LS2003",
    "Samples/projects/legacy-billing/.octopus/deployment_process.ocl:1:1 deny LS1001",
    "Samples/projects/legacy-billing/.octopus/deployment_process.ocl:38:69 deny LS0001",
    "Samples/projects/legacy-billing/.octopus/deployment_process.ocl:56:1 deny LS0002",
    "Samples/projects/legacy-billing/.octopus/deployment_process.ocl:63:14 deny LS0001",
  ]

  static func headlines(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { line in
      let parts = line.split(separator: " ", maxSplits: 3)
      guard parts.count >= 3, parts[0].hasSuffix(":"), ["deny", "warn", "info"].contains(parts[1]) else { return nil }
      return "\(parts[0].dropLast()) \(parts[1]) \(parts[2])"
    }
  }

  @Test func samplesReportEveryPlantedProblemAndFail() throws {
    let outcome = try CommandRunner.run(["lint", "Samples"])
    #expect(outcome.status == 1)
    #expect(Self.headlines(outcome.stdout) == Self.sampleFindings)
    #expect(outcome.stdout.hasSuffix("12 deny, 2 warn, 0 info in 18 resources, 102 files\n"))
    #expect(outcome.stderr == "lockstep: no --base: lock and editable rules are not applicable; state rules ran\n")
  }

  @Test func textShowsTheSourceLineWithACaretUnderTheSpan() throws {
    let outcome = try CommandRunner.run(["lint", "Samples/projects/inventory-service"])
    let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let index = try #require(lines.firstIndex { $0.contains(":225:5: deny LS1005") })
    #expect(lines[index + 1] == "        condition = \"Sometimes\"")
    #expect(lines[index + 2] == "        ^~~~~~~~~~~~~~~~~~~~~~~")
    #expect(!outcome.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
  }

  @Test func cleanProjectsPassWithExitZero() throws {
    let outcome = try CommandRunner.run(["lint", "Samples/upstream", "Samples/projects/checkout-api"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout == "no findings in 2 resources, 11 files\n")
  }

  @Test func failLevelDecidesWhatFails() throws {
    // inventory-service without its denies is not available, so use the warn-only case: a
    // project whose only finding is a warning passes at the default level and fails at warning.
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write(".octopus/schema_version.ocl", "version = 10")
    try folder.write(
      ".octopus/deployment_process.ocl",
      "step \"a\" {\n    name = \"#{Missing}\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}")
    let lenient = try CommandRunner.run(["lint", folder.url.path])
    #expect(lenient.status == 0)
    #expect(
      Self.headlines(lenient.stdout).map { $0.split(separator: " ").dropFirst().joined(separator: " ") } == [
        "warn LS2002"
      ])
    #expect(try CommandRunner.run(["lint", "--fail-level", "warning", folder.url.path]).status == 1)
    #expect(try CommandRunner.run(["lint", "--fail-level", "none", "Samples"]).status == 0)
  }

  @Test func jsonReportCarriesEveryFieldAndTheSummary() throws {
    let outcome = try CommandRunner.run(["lint", "--format", "json", "Samples/projects/legacy-billing"])
    #expect(outcome.status == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    #expect(object["version"] as? Int == 1)
    let findings = try #require(object["findings"] as? [[String: Any]])
    #expect(findings.count == 4)
    let comment = try #require(findings.first { $0["ruleID"] as? String == "LS0002" })
    #expect(comment["enforcement"] as? String == "deny")
    #expect(comment["severity"] as? String == "error")
    #expect(comment["file"] as? String == "Samples/projects/legacy-billing/.octopus/deployment_process.ocl")
    let span = try #require(comment["span"] as? [String: Int])
    #expect(span["line"] == 56 && span["column"] == 1 && span["endColumn"] == 15)
    let summary = try #require(object["summary"] as? [String: Any])
    #expect(summary["deny"] as? Int == 4 && summary["failed"] as? Bool == true)
  }

  @Test func outputWritesASecondReportInTheSameRun() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let report = folder.url.appendingPathComponent("report.json").path
    let outcome = try CommandRunner.run(["lint", "--output", "json=\(report)", "Samples/projects/legacy-billing"])
    #expect(outcome.status == 1)
    #expect(outcome.stdout.contains("deny LS0002"))
    #expect(try String(contentsOfFile: report, encoding: .utf8).contains(#""ruleID" : "LS0002""#))
  }

  @Test func notUTF8IsReportedWithTheByteOffset() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write(".octopus/schema_version.ocl", "version = 10")
    let file = folder.url.appendingPathComponent(".octopus/variables.ocl")
    try Data(Array("variable \"A\" {\n    value \"caf".utf8) + [0xE9] + Array("\" {}\n}".utf8)).write(to: file)
    let outcome = try CommandRunner.run(["lint", folder.url.path])
    #expect(outcome.status == 1)
    #expect(
      outcome.stdout.contains("variables.ocl:2:15: deny LS0004 the file is not valid UTF-8: byte 0xE9 at offset 29"))
  }

  @Test func filesOverTheLimitAreMeasuredNotRead() throws {
    let outcome = try CommandRunner.run(["lint", "--max-file-size", "100", "Samples/projects/checkout-api"])
    #expect(outcome.status == 1)
    #expect(outcome.stdout.contains("deployment_process.ocl: deny LS0005 the file is "))
    #expect(outcome.stdout.contains("over the limit of 100 bytes; it was not read"))
  }

  @Test func missingPathIsAUsageError() throws {
    let outcome = try CommandRunner.run(["lint", "no/such/folder"])
    #expect(outcome.status == 2)
    #expect(outcome.stdout.isEmpty)
    #expect(outcome.stderr == "lockstep: error: no such file or folder: no/such/folder\n")
  }

  @Test(arguments: [
    ["lint", "--format", "xml", "Samples"], ["lint", "--no-such-flag"], ["lint", "--max-file-size", "0"],
    ["frobnicate"],
  ])
  func badFlagsAreUsageErrors(arguments: [String]) throws {
    let outcome = try CommandRunner.run(arguments)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("Error") || outcome.stderr.contains("error"))
  }

  @Test func colourOnlyOnATerminalAndNeverWithNoColor() throws {
    // Through a pipe there is no terminal; NO_COLOR must not switch anything on either.
    let outcome = try CommandRunner.run(["lint", "Samples/projects/legacy-billing"], environment: ["NO_COLOR": "1"])
    #expect(!outcome.stdout.contains("\u{1B}["))
  }
}

/// The JSON report against its published schema, with python3's `jsonschema` when it is there.
@Suite struct JSONReportSchemaTests {
  @Test func reportOfTheSamplesMatchesTheSchema() throws {
    let probe = try? ShellRunner.run("/usr/bin/env", ["python3", "-c", "import jsonschema"])
    guard probe?.status == 0 else {
      print("skipped: python3 with jsonschema is not available to validate docs/json-report.schema.json")
      return
    }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let schema = TestPaths.packageRoot.appendingPathComponent("docs/json-report.schema.json").path
    // The samples, and edits whose findings carry suppressions and base-side locations.
    let runs = [
      ["Samples"], ["Samples/edits/waived/proposed", "--base", "Samples/edits/waived/base"],
      ["Samples/edits/denied/proposed", "--base", "Samples/edits/denied/base"],
    ]
    for (index, arguments) in runs.enumerated() {
      let report = folder.url.appendingPathComponent("report-\(index).json").path
      _ = try CommandRunner.run(["lint", "--today", "2026-11-23", "--output", "json=\(report)"] + arguments)
      let check = try ShellRunner.run(
        "/usr/bin/env",
        [
          "python3", "-c",
          "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))); print('valid')",
          report, schema,
        ])
      #expect(check.status == 0, "\(arguments): \(check.stderr)")
      #expect(check.stdout == "valid\n")
    }
  }
}
