import Foundation
import TestSupport
import Testing

/// The text, parseable and github reports of the samples, byte for byte, against the files in
/// Tests/Golden. After an intended change, rerun with LOCKSTEP_UPDATE_GOLDEN=1 and review the diff.
@Suite struct ReportGoldenTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    /// The waived edit passes: its one finding is waived.
    var status: Int32 { name.hasPrefix("waived") ? 0 : 1 }
    var testDescription: String { name }
  }

  static let denied = ["Samples/edits/denied/proposed", "--base", "Samples/edits/denied/base"]
  static let waived = ["Samples/edits/waived/proposed", "--base", "Samples/edits/waived/base"]
  static let projects = ["Samples/projects"]

  static let cases: [Case] = [
    Case(name: "denied.txt", arguments: denied + ["--format", "text"]),
    Case(name: "denied.parseable", arguments: denied + ["--format", "parseable"]),
    Case(name: "denied.github", arguments: denied + ["--format", "github"]),
    Case(name: "waived.txt", arguments: waived + ["--format", "text"]),
    Case(name: "waived.parseable", arguments: waived + ["--format", "parseable"]),
    Case(name: "waived.github", arguments: waived + ["--format", "github"]),
    Case(name: "projects.parseable", arguments: projects + ["--format", "parseable"]),
    Case(name: "projects.github", arguments: projects + ["--format", "github"]),
  ]

  @Test(arguments: cases) func reportMatchesGoldenFile(_ golden: Case) throws {
    let outcome = try CommandRunner.run(["lint", "--today", "2026-11-23"] + golden.arguments)
    #expect(outcome.status == golden.status)
    let file = TestPaths.packageRoot.appendingPathComponent("Tests/Golden/\(golden.name)")
    if ProcessInfo.processInfo.environment["LOCKSTEP_UPDATE_GOLDEN"] == "1" {
      try Data(outcome.stdout.utf8).write(to: file)
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(outcome.stdout == expected)
  }

  /// Scripts split a parseable line at its first ten colons; a colon inside a path or a file name
  /// must not shift the fields.
  @Test func parseableLinesAlwaysHaveElevenFields() throws {
    let outcome = try CommandRunner.run(["lint", "--today", "2026-11-23", "--format", "parseable"] + Self.denied)
    let lines = outcome.stdout.split(separator: "\n")
    #expect(lines.count == 3)
    for line in lines {
      let fields = line.split(separator: ":", maxSplits: 10, omittingEmptySubsequences: false)
      #expect(fields.count == 11)
      #expect(["deny", "warn", "info"].contains(String(fields[5])))
      #expect(["active", "waived", "baselined"].contains(String(fields[6])))
    }
  }
}
