import Foundation
import FoundationXML
import LockstepEngine
import LockstepReport
import OCL
import TestSupport
import Testing

@Suite struct JUnitReporterTests {
  /// The schema Jenkins, GitLab and most CI tools accept; nil when ../shared is absent.
  static let schema: String? = TestPaths.schemas.map { $0.appendingPathComponent("jenkins-junit.xsd").path }
  static let schemaMissing: Comment = "../shared/schemas/jenkins-junit.xsd is absent"

  static func validate(_ xml: String) -> [String] {
    guard let schema else { return ["no schema"] }
    return XMLSchemaValidator.validate(xml: xml, schemaPath: schema)
  }

  static func span(_ line: Int, _ column: Int) -> SourceSpan {
    SourceSpan(offset: 0, length: 1, line: line, column: column, endLine: line, endColumn: column + 1)
  }

  static func rule(_ id: String, _ title: String) -> RuleInfo {
    RuleInfo(id: id, title: title, description: title, severity: .error, origin: .builtin)
  }

  /// One resource with a rule of every outcome, a clean resource with a name to sanitize, and a
  /// finding on the policies themselves.
  static let small: LintResult = {
    let process = "payments/checkout-api/.octopus/deployment_process.ocl"
    var result = LintResult(
      findings: [
        Finding(
          ruleID: "GP001", title: "Steps run from a package", severity: .error, enforcement: .deny,
          message: "step \"Deploy\" runs an inline script\nsecond line", resource: "payments/checkout-api",
          path: #"deployment_process.step["Deploy"]"#, file: process, span: span(12, 5), owner: "platform",
          contact: "#golden-path"),
        Finding(
          ruleID: "GP002", title: "Retention", severity: .warning, enforcement: .warn,
          message: "keeps 3 releases", resource: "payments/checkout-api", file: process),
        Finding(
          ruleID: "GP004", title: "Manual approval", severity: .error, enforcement: .deny,
          message: "no approval step", resource: "payments/checkout-api", path: "deployment_process",
          file: process, span: span(1, 1),
          suppression: Suppression(
            exception: "checkout-hotfix", reason: "incident 42", expires: "2026-12-31")),
        Finding(
          ruleID: "LS0001", title: "Unreadable file", severity: .error, enforcement: .deny,
          message: "cannot read variables.ocl", resource: "payments/checkout-api",
          file: "payments/checkout-api/.octopus/variables.ocl"),
        Finding(
          ruleID: "LS2101", title: "Exception without a ticket", severity: .warning, enforcement: .warn,
          message: "exception checkout-hotfix has no ticket", resource: "policies", file: "Policies/exceptions.yaml",
          span: span(3, 3)),
      ],
      resources: ["payments/checkout-api", "Team A/app.v2"], filesChecked: 3)
    result.checks = [
      "payments/checkout-api": [
        CheckedRule(ruleID: "GP001"), CheckedRule(ruleID: "GP002"), CheckedRule(ruleID: "GP003"),
        CheckedRule(ruleID: "GP004"),
        CheckedRule(ruleID: "GP005", applicability: .notApplicable(reason: "no base version (a creation)")),
        CheckedRule(ruleID: "LS0001"), CheckedRule(ruleID: "GP003"),
      ],
      "Team A/app.v2": [CheckedRule(ruleID: "GP001")],
    ]
    for info in [
      rule("GP001", "Steps run from a package"), rule("GP002", "Retention"), rule("GP003", "Tenanted"),
      rule("GP004", "Manual approval"), rule("GP005", "No removed steps"), rule("LS0001", "Unreadable file"),
    ] {
      result.rules[info.id] = info
    }
    return result
  }()

  static let smallGolden = """
    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="lockstep" tests="8" failures="1" errors="1">
      <testsuite name="Team A/app.v2" tests="1" failures="0" errors="0" skipped="0" time="0">
        <testcase name="GP001 Steps run from a package" classname="Team_A.app_v2" time="0"/>
      </testsuite>
      <testsuite name="payments/checkout-api" tests="6" failures="1" errors="1" skipped="2" time="0">
        <testcase name="GP001 Steps run from a package" classname="payments.checkout-api" time="0">
          <failure type="GP001" message="step &quot;Deploy&quot; runs an inline script">payments/checkout-api/.octopus/deployment_process.ocl:12:5 deployment_process.step[&quot;Deploy&quot;] step &quot;Deploy&quot; runs an inline script
    second line
    owner: platform
    contact: #golden-path</failure>
        </testcase>
        <testcase name="GP002 Retention" classname="payments.checkout-api" time="0">
          <system-out>warn payments/checkout-api/.octopus/deployment_process.ocl keeps 3 releases</system-out>
        </testcase>
        <testcase name="GP003 Tenanted" classname="payments.checkout-api" time="0"/>
        <testcase name="GP004 Manual approval" classname="payments.checkout-api" time="0">
          <skipped>waived by exception checkout-hotfix until 2026-12-31: incident 42</skipped>
          <system-out>waived deny (exception checkout-hotfix until 2026-12-31: incident 42) payments/checkout-api/.octopus/deployment_process.ocl:1:1 deployment_process no approval step</system-out>
        </testcase>
        <testcase name="GP005 No removed steps" classname="payments.checkout-api" time="0">
          <skipped>not applicable: no base version (a creation)</skipped>
        </testcase>
        <testcase name="LS0001 Unreadable file" classname="payments.checkout-api" time="0">
          <error type="LS0001" message="cannot read variables.ocl">payments/checkout-api/.octopus/variables.ocl cannot read variables.ocl</error>
        </testcase>
      </testsuite>
      <testsuite name="policies" tests="1" failures="0" errors="0" skipped="0" time="0">
        <testcase name="LS2101 Exception without a ticket" classname="policies" time="0">
          <system-out>warn Policies/exceptions.yaml:3:3 exception checkout-hotfix has no ticket</system-out>
        </testcase>
      </testsuite>
    </testsuites>

    """

  // MARK: - Exact structure

  @Test func smallRunMatchesTheGolden() {
    let xml = JUnitReporter().render(Self.small, failLevel: .error)
    #expect(xml == Self.smallGolden)
  }

  @Test func renderingIsDeterministicAndEndsWithANewline() {
    let first = JUnitReporter().render(Self.small, failLevel: .error)
    #expect(first == JUnitReporter().render(Self.small, failLevel: .error))
    #expect(first.hasSuffix("</testsuites>\n"))
  }

  @Test func failLevelMovesFindingsBetweenFailureAndSystemOut() throws {
    let warning = try Self.document(JUnitReporter().render(Self.small, failLevel: .warning))
    let retention = try #require(Self.testcase("GP002 Retention", in: warning))
    #expect(try retention.nodes(forXPath: "failure").count == 1)
    #expect(try retention.nodes(forXPath: "system-out").isEmpty)

    let none = try Self.document(JUnitReporter().render(Self.small, failLevel: .none))
    let steps = try #require(Self.testcase("GP001 Steps run from a package", in: none))
    #expect(try steps.nodes(forXPath: "failure").isEmpty)
    #expect(try steps.nodes(forXPath: "system-out").first?.stringValue?.hasPrefix("deny ") == true)
    #expect(try none.nodes(forXPath: "/testsuites/@failures").first?.stringValue == "0")
  }

  @Test func classnamesAreSpaceDotProject() throws {
    var result = LintResult(resources: ["payments/checkout-api", "a.b/c d/e", "solo", "edit:space/proj"])
    for resource in result.resources { result.checks[resource] = [CheckedRule(ruleID: "GP001")] }
    let document = try Self.document(JUnitReporter().render(result, failLevel: .error))
    let classnames = try document.nodes(forXPath: "//testcase/@classname").compactMap(\.stringValue)
    #expect(classnames == ["a_b.c_d_e", "edit_space.proj", "payments.checkout-api", "solo"])
  }

  @Test func namesAreUniqueInASuite() throws {
    var result = LintResult(resources: ["p"])
    result.checks["p"] = [
      CheckedRule(ruleID: "GP001"), CheckedRule(ruleID: "GP001\u{1}"), CheckedRule(ruleID: "GP001"),
    ]
    let document = try Self.document(JUnitReporter().render(result, failLevel: .error))
    let names = try document.nodes(forXPath: "//testcase/@name").compactMap(\.stringValue)
    #expect(names == ["GP001", "GP001 (2)"])
  }

  @Test func baselinedFindingsAreSkipped() throws {
    var finding = Finding(
      ruleID: "GP002", title: "Retention", severity: .error, enforcement: .deny, message: "old", resource: "p")
    finding.baselined = true
    var result = LintResult(findings: [finding, finding], resources: ["p"])
    result.checks["p"] = [CheckedRule(ruleID: "GP002")]
    let document = try Self.document(JUnitReporter().render(result, failLevel: .error))
    let skipped = try document.nodes(forXPath: "//testcase/skipped").first?.stringValue
    #expect(skipped == "baselined: 2 findings known before adoption")
    #expect(try document.nodes(forXPath: "//failure").isEmpty)
  }

  @Test func positionsInTheBaseVersionSaySo() throws {
    var finding = Finding(
      ruleID: "GP009", title: "No removed steps", severity: .error, enforcement: .deny, message: "step removed",
      resource: "p", path: "deployment_process", file: "p/.octopus/deployment_process.ocl", span: Self.span(4, 1))
    finding.inBase = true
    let xml = JUnitReporter().render(LintResult(findings: [finding], resources: ["p"]), failLevel: .error)
    #expect(
      xml.contains(">p/.octopus/deployment_process.ocl:4:1 (in the base version) deployment_process step removed<"))
  }

  // MARK: - Schema validity

  @Test(.enabled(if: schema != nil, schemaMissing))
  func sampleRunsAreValidJUnit() throws {
    let result = try SampleRuns.all()
    for failLevel in [FailLevel.error, .info] {
      let xml = JUnitReporter(fileAttributes: false).render(result, failLevel: failLevel)
      #expect(Self.validate(xml) == [])
    }
  }

  @Test(.enabled(if: schema != nil, schemaMissing))
  func smallRunIsValidJUnit() {
    #expect(Self.validate(JUnitReporter().render(Self.small, failLevel: .error)) == [])
  }

  @Test(.enabled(if: schema != nil, schemaMissing))
  func cleanRunIsValidAndListsItsPassingTestcases() throws {
    let result = try SampleRuns.edit("allowed")
    #expect(!result.fails(at: .error))
    let xml = JUnitReporter().render(result, failLevel: .error)
    #expect(Self.validate(xml) == [])
    let document = try Self.document(xml)
    let testcases = try document.nodes(forXPath: "//testcase")
    #expect(!testcases.isEmpty)
    #expect(try document.nodes(forXPath: "//failure | //error").isEmpty)
    #expect(try document.nodes(forXPath: "/testsuites/@tests").first?.stringValue == String(testcases.count))
  }

  @Test(.enabled(if: schema != nil, schemaMissing))
  func controlCharactersAreStrippedAndMarkupEscaped() throws {
    let message = "bad\u{1} value <&\"> \u{FFFE}here\u{0}\ttab"
    let result = LintResult(
      findings: [
        Finding(
          ruleID: "GP001", title: "Title\u{1B}[0m <b>", severity: .error, enforcement: .deny, message: message,
          resource: "p\u{7}/q", file: "f.ocl"),
        Finding(
          ruleID: "GP002", title: "t", severity: .warning, enforcement: .warn, message: message, resource: "p\u{7}/q"),
      ], resources: ["p\u{7}/q"])
    let xml = JUnitReporter().render(result, failLevel: .error)
    #expect(Self.validate(xml) == [])
    #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
    #expect(!xml.contains("\u{FFFE}"))
    #expect(xml.contains(#"message="bad value &lt;&amp;&quot;&gt; here&#9;tab""#))
    #expect(xml.contains("f.ocl bad value &lt;&amp;&quot;&gt; here\ttab</failure>"))
    let document = try Self.document(xml)
    #expect(try document.nodes(forXPath: "//testsuite/@name").first?.stringValue == "p/q")
    #expect(try document.nodes(forXPath: "//testcase/@name").first?.stringValue == "GP001 Title[0m <b>")
    #expect(try document.nodes(forXPath: "//testcase/@classname").first?.stringValue == "p_.q")
  }

  @Test(.enabled(if: schema != nil, schemaMissing))
  func validatorRejectsFileAttributes() throws {
    let result = try SampleRuns.edit("denied")
    let xml = JUnitReporter(fileAttributes: true).render(result, failLevel: .error)
    #expect(xml.contains(" file=\""))
    let errors = Self.validate(xml)
    #expect(!errors.isEmpty)
    #expect(errors.contains { $0.contains("'file'") && $0.hasPrefix("line ") })
    #expect(Self.validate(JUnitReporter(fileAttributes: false).render(result, failLevel: .error)) == [])
  }

  @Test(.enabled(if: schema != nil, schemaMissing))
  func validatorRejectsChildrenOutOfOrder() {
    let xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuites>
        <testsuite name="s" tests="1">
          <testcase name="t">
            <failure type="GP001" message="m">body</failure>
            <skipped/>
          </testcase>
        </testsuite>
      </testsuites>
      """
    let errors = Self.validate(xml)
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("line 6: Element 'skipped'") == true)
  }

  @Test(.enabled(if: schema != nil, schemaMissing))
  func validatorReportsMalformedDocumentsAndMissingSchemas() throws {
    let malformed = Self.validate("<testsuites>\n<testsuite name=\"a\" tests=\"1\">\n</testsuites>\n")
    #expect(malformed.first?.hasPrefix("line 3: ") == true)
    #expect(Self.validate("") == ["the document is empty"])
    #expect(!Self.validate("<testsuites>\u{0}</testsuites>").isEmpty)
    // What stripping control characters is for: libxml2 writes U+0001 as is, and no reader accepts it.
    #expect(Self.validate("<testsuites>\u{1}</testsuites>") == ["line 1: PCDATA invalid Char value 1"])
    let missing = XMLSchemaValidator.validate(xml: "<testsuites/>", schemaPath: "/nonexistent/junit.xsd")
    #expect(missing.last == "/nonexistent/junit.xsd: could not read the schema")
    let notASchema = try #require(Self.schema).replacingOccurrences(of: "jenkins-junit.xsd", with: "README.md")
    #expect(!XMLSchemaValidator.validate(xml: "<testsuites/>", schemaPath: notASchema).isEmpty)
  }

  @Test(.enabled(if: schema != nil, schemaMissing))
  func validatorIsSafeToUseFromManyTasksAtOnce() async throws {
    let xml = JUnitReporter().render(Self.small, failLevel: .error)
    let bad = JUnitReporter(fileAttributes: true).render(Self.small, failLevel: .error)
    let results = await withTaskGroup(of: (Bool, Int).self) { group in
      for index in 0..<32 {
        group.addTask { (index.isMultiple(of: 2), Self.validate(index.isMultiple(of: 2) ? xml : bad).count) }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }
    for (good, errors) in results { #expect(good ? errors == 0 : errors > 0) }
  }

  // MARK: - The denied sample

  @Test func deniedSampleFailsGP001TwiceAndGP004Once() throws {
    let result = try SampleRuns.edit("denied")
    let document = try Self.document(JUnitReporter().render(result, failLevel: .error))
    let suite = try #require(
      try document.nodes(forXPath: "//testsuite[@name='payments/checkout-api']").first as? XMLElement)
    var failuresByRule: [String: Int] = [:]
    for failure in try suite.nodes(forXPath: "testcase/failure") {
      let type = try #require((failure as? XMLElement)?.attribute(forName: "type")?.stringValue)
      failuresByRule[type, default: 0] += 1
    }
    #expect(failuresByRule == ["GP001": 2, "GP004": 1])
    let testcases = try suite.nodes(forXPath: "testcase")
    #expect(suite.attribute(forName: "tests")?.stringValue == String(testcases.count))
    #expect(
      try suite.attribute(forName: "failures")?.stringValue == String(suite.nodes(forXPath: "testcase[failure]").count))
    #expect(
      try suite.attribute(forName: "errors")?.stringValue == String(suite.nodes(forXPath: "testcase[error]").count))
    #expect(
      try suite.attribute(forName: "skipped")?.stringValue == String(suite.nodes(forXPath: "testcase[skipped]").count))
    #expect(suite.attribute(forName: "failures")?.stringValue == "2")
    for testcase in testcases {
      #expect((testcase as? XMLElement)?.attribute(forName: "classname")?.stringValue == "payments.checkout-api")
    }
    let failing = try suite.nodes(forXPath: "testcase[failure]/@name").compactMap(\.stringValue)
    #expect(failing.allSatisfy { $0.hasPrefix("GP001 ") || $0.hasPrefix("GP004 ") })
  }

  @Test func fileAttributesPointAtTheFirstFailingFinding() throws {
    let xml = JUnitReporter(fileAttributes: true).render(Self.small, failLevel: .error)
    let document = try Self.document(xml)
    let steps = try #require(Self.testcase("GP001 Steps run from a package", in: document))
    #expect(steps.attribute(forName: "file")?.stringValue == "payments/checkout-api/.octopus/deployment_process.ocl")
    #expect(steps.attribute(forName: "line")?.stringValue == "12")
    let unreadable = try #require(Self.testcase("LS0001 Unreadable file", in: document))
    #expect(unreadable.attribute(forName: "file")?.stringValue == "payments/checkout-api/.octopus/variables.ocl")
    #expect(unreadable.attribute(forName: "line") == nil)
    let tenanted = try #require(Self.testcase("GP003 Tenanted", in: document))
    #expect(tenanted.attribute(forName: "file") == nil)
    #expect(!JUnitReporter().render(Self.small, failLevel: .error).contains(" file=\""))
  }

  // MARK: - Helpers

  static func document(_ xml: String) throws -> XMLDocument {
    try XMLDocument(data: Data(xml.utf8), options: [])
  }

  static func testcase(
    _ name: String, in document: XMLDocument, suite: String = "payments/checkout-api"
  ) -> XMLElement? {
    (try? document.nodes(forXPath: "//testsuite[@name='\(suite)']/testcase[@name='\(name)']"))?.first as? XMLElement
  }
}
