import LockstepEngine
import LockstepModel
import OCL
import Testing

/// Cases the rules' own examples do not show.
@Suite struct BuiltinRuleTests {
  static func findings(_ files: [String: String]) -> [String] {
    let tree = InMemoryTree(texts: Dictionary(uniqueKeysWithValues: files.map { (".octopus/" + $0.key, $0.value) }))
    let project = ProjectLoader(files: OCLFileLoader(tree: tree)).load(folder: ".octopus")
    return Linter(tree: tree).lint(LintSubject(project: project, tree: tree)).map { finding in
      "\(finding.ruleID) \(finding.severity.rawValue) \(finding.span?.line ?? 0):\(finding.span?.column ?? 0)"
    }
  }

  @Test func aKeyRepeatedInALargeDictionaryIsFound() {
    var keys = (1...20).map { "            Key\($0) = \"v\"" }
    keys.insert("            Key7 = \"again\"", at: 12)
    let process =
      "step \"a\" {\n    action {\n        action_type = \"Octopus.Script\"\n        properties = {\n"
      + keys.joined(separator: "\n") + "\n        }\n    }\n}"
    #expect(
      Self.findings(["deployment_process.ocl": process, "schema_version.ocl": "version = 10"]) == ["LS1004 error 17:13"]
    )
  }

  @Test func duplicateVariablesAreInfoBecauseOctopusMergesThem() {
    let variables = "variable \"A\" {\n    value \"1\" {}\n}\n\nvariable \"A\" {\n    value \"2\" {}\n}"
    #expect(Self.findings(["variables.ocl": variables, "schema_version.ocl": "version = 10"]) == ["LS1004 info 5:1"])
  }

  /// Past 16 entries the labels are indexed rather than compared in pairs; the findings are the same.
  @Test func labelsRepeatedInALargeCollectionAreFound() {
    let labels = (1...20).map { "V\($0)" } + ["V7", "V3", "V7"]
    let variables = labels.map { "variable \"\($0)\" {\n    value \"1\" {}\n}\n" }.joined(separator: "\n")
    #expect(
      Self.findings(["variables.ocl": variables, "schema_version.ocl": "version = 10"]) == [
        "LS1004 info 81:1", "LS1004 info 85:1", "LS1004 info 89:1",
      ])
  }

  /// A file nested far past the parser's cap (100,000 blocks, 500 KB) is a syntax error at the
  /// first block past it, and linting it does not exhaust the stack.
  @Test func aFileNestedTooDeepIsASyntaxError() {
    let levels = 100_000
    let process =
      "step \"a\" {\n" + String(repeating: "a {\n", count: levels) + String(repeating: "}\n", count: levels) + "}\n"
    #expect(
      Self.findings(["deployment_process.ocl": process, "schema_version.ocl": "version = 10"]) == [
        "LS0001 error \(OCLParser.maxBlockDepth + 1):1",
        "LS1003 error 1:1",  // the step's blocks were skipped, so it has no action
      ])
  }

  @Test func enumValuesDifferingOnlyInCaseAreWarnings() {
    let process =
      "step \"a\" {\n    condition = \"always\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}"
    #expect(
      Self.findings(["deployment_process.ocl": process, "schema_version.ocl": "version = 10"]) == ["LS1005 warning 2:5"]
    )
  }

  @Test(arguments: [
    ("ghp_" + String(repeating: "a1B2", count: 9), true),
    ("AKIA" + "ABCDEFGHIJKLMNOP", true),
    ("Server=db;Password=hunter2;", true),
    ("Server=db;Password=#{Db.Password};", false),
    ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJlX2hlcmU", true),
    ("just some text about API- keys", false),
  ])
  func secretShapesAreRecognisedWhateverTheName(value: String, flagged: Bool) {
    let variables = "variable \"Harmless.Name\" {\n    value \"\(value)\" {}\n}"
    let found = Self.findings(["variables.ocl": variables, "schema_version.ocl": "version = 10"])
    #expect(found.contains("LS2003 error 2:11") == flagged, "\(found)")
  }
}
