import LockstepEngine
import LockstepModel
import LockstepReport
import OCL
import Testing

@Suite struct ReporterTests {
  static let tree = InMemoryTree(texts: [
    "p/.octopus/deployment_process.ocl": "step \"a\" {\n\tcondition = \"Sometimes\"\n}"
  ])

  static let finding = Finding(
    ruleID: "LS1005", title: "Unknown value for an Octopus setting", severity: .error, enforcement: .deny,
    message: "`condition` is \"Sometimes\"", resource: "p", path: #"deployment_process.step["a"].condition"#,
    file: "p/.octopus/deployment_process.ocl",
    span: SourceSpan(offset: 12, length: 23, line: 2, column: 2, endLine: 2, endColumn: 25))

  static let result = LintResult(
    findings: [
      finding,
      Finding(
        ruleID: "LS1001", title: "Missing schema_version.ocl", severity: .error, enforcement: .deny,
        message: "no schema", resource: "p", file: "p/.octopus"),
    ],
    resources: ["p"], filesChecked: 1)

  @Test func textGivesLocationSourceLineCaretAndSummary() {
    let text = TextReporter(colour: false, tree: Self.tree).render(Self.result, failLevel: .error)
    #expect(
      text == """
        p/.octopus/deployment_process.ocl:2:2: deny LS1005 `condition` is "Sometimes"
            \tcondition = "Sometimes"
            \t^~~~~~~~~~~~~~~~~~~~~~~
        p/.octopus: deny LS1001 no schema
        2 deny, 0 warn, 0 info in 1 resource, 1 file

        """)
  }

  @Test func colourIsOnlyAddedWhenAsked() {
    let plain = TextReporter(colour: false, tree: Self.tree).render(Self.result, failLevel: .error)
    let coloured = TextReporter(colour: true, tree: Self.tree).render(Self.result, failLevel: .error)
    #expect(!plain.contains("\u{1B}["))
    #expect(coloured.contains("\u{1B}[1;31mdeny\u{1B}[0m"))
  }

  @Test func jsonDecodesBackToTheSameFindings() throws {
    let json = JSONReporter.render(Self.result, failLevel: .error)
    let document = try JSONReporter.decode(json)
    #expect(document.version == 1)
    #expect(document.findings == Self.result.findings)
    #expect(document.summary == ReportSummary(result: Self.result, failLevel: .error))
    #expect(document.summary.failed && document.summary.deny == 2)
  }

  @Test func summaryFollowsTheFailLevel() {
    let warnOnly = LintResult(
      findings: [
        Finding(ruleID: "LS2002", title: "t", severity: .warning, enforcement: .warn, message: "m", resource: "p")
      ], resources: ["p"], filesChecked: 1)
    #expect(!ReportSummary(result: warnOnly, failLevel: .error).failed)
    #expect(ReportSummary(result: warnOnly, failLevel: .warning).failed)
    #expect(!ReportSummary(result: warnOnly, failLevel: .none).failed)
  }

  @Test func cleanRunSaysSo() {
    let text = TextReporter(colour: false, tree: Self.tree).render(
      LintResult(resources: ["a", "b"], filesChecked: 9), failLevel: .error)
    #expect(text == "no findings in 2 resources, 9 files\n")
  }
}
