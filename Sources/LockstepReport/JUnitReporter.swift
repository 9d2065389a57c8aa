import LockstepEngine

/// The JUnit XML report, for CI servers' test views (Jenkins, GitLab, the GitHub actions that read
/// JUnit), written with libxml2's xmlTextWriter and valid against the Jenkins JUnit schema
/// (`jenkins-junit.xsd`, see ../shared/schemas/README.md).
///
/// - One `<testsuite>` per resource, named after it (`space/project`), sorted by name; findings on
///   something that is not a checked resource (`policies`, `lockstep.yaml`) get a suite too.
/// - One `<testcase>` per rule evaluated on the resource, in the order the rules ran, so a clean run
///   still lists what it passed. `classname` is `space.project` (Jenkins splits it at the last dot,
///   GitLab shows it as the suite); `name` is `ID title`, unique in the suite (GitLab drops repeats).
/// - A `<failure type="ID">` per finding at or above the fail level, `<error>` instead for input
///   Lockstep could not read (LS0xxx); findings below the fail level, waived or baselined ones in
///   `<system-out>`; `<skipped>` with the reason when every finding of the rule is waived or
///   baselined, or when the rule was not applicable. The schema allows no attribute on `<skipped>`,
///   so the reason is its text (Jenkins and GitLab both read it).
public struct JUnitReporter: Sendable {
  /// Adds `file` and `line` to testcases with a finding. Some GitHub actions read them; the schema
  /// does not allow them, so they are opt-in.
  public var fileAttributes: Bool

  public init(fileAttributes: Bool = false) {
    self.fileAttributes = fileAttributes
  }

  public func render(_ result: LintResult, failLevel: FailLevel) -> String {
    let suites = Self.suites(of: result, failLevel: failLevel)
    do {
      let writer = try XMLWriter()
      try writer.element(
        "testsuites",
        [
          "name": ToolInfo.name, "tests": String(suites.reduce(0) { $0 + $1.cases.count }),
          "failures": String(suites.reduce(0) { $0 + $1.failures }),
          "errors": String(suites.reduce(0) { $0 + $1.errors }),
        ]
      ) {
        for suite in suites { try write(suite, to: writer) }
      }
      let xml = try writer.finish()
      return xml.hasSuffix("\n") ? xml : xml + "\n"
    } catch {
      return Self.writerFailure(error)
    }
  }

  // MARK: - The model of the report

  struct Suite {
    var name: String
    var cases: [Case]
    var failures: Int { cases.count { !$0.failures.isEmpty } }
    var errors: Int { cases.count { !$0.errors.isEmpty } }
    var skipped: Int { cases.count { $0.skipped != nil } }
  }

  struct Case {
    var name: String
    var classname: String
    var skipped: String?
    var errors: [Finding] = []
    var failures: [Finding] = []
    var output: [String] = []
    /// Where the testcase points when `fileAttributes` is on.
    var location: Finding?
  }

  static func suites(of result: LintResult, failLevel: FailLevel) -> [Suite] {
    var findingsByResource: [String: [Finding]] = [:]
    for finding in result.findings { findingsByResource[finding.resource, default: []].append(finding) }
    let names = Set(result.resources).union(findingsByResource.keys).sorted()
    return names.map { resource in
      let findings = (findingsByResource[resource] ?? []).sorted(by: Finding.reportOrder)
      return Suite(name: resource, cases: cases(of: resource, findings: findings, result: result, failLevel: failLevel))
    }
  }

  /// The rules checked on the resource in the order they ran, then any rule with a finding there that
  /// the checks do not list (exception hygiene, configuration problems), by id.
  static func cases(of resource: String, findings: [Finding], result: LintResult, failLevel: FailLevel) -> [Case] {
    var seen: Set<String> = []
    var rules: [(id: String, applicability: Applicability)] = []
    for check in result.checks[resource] ?? [] where seen.insert(check.ruleID).inserted {
      rules.append((check.ruleID, check.applicability))
    }
    for id in Set(findings.map(\.ruleID)).subtracting(seen).sorted() { rules.append((id, .applicable)) }

    let classname = classname(of: resource)
    let findingsByRule = Dictionary(grouping: findings, by: \.ruleID)
    var names: Set<String> = []
    return rules.map { rule in
      let ruleFindings = findingsByRule[rule.id] ?? []
      let title = result.rules[rule.id]?.title ?? ruleFindings.first?.title
      var name = XMLWriter.xmlSafe(title.map { "\(rule.id) \($0)" } ?? rule.id)
      if !names.insert(name).inserted {
        var number = 2
        while !names.insert("\(name) (\(number))").inserted { number += 1 }
        name = "\(name) (\(number))"
      }
      var testcase = Case(name: name, classname: classname)
      let inputRule = result.rules[rule.id]?.isInputRule ?? rule.id.hasPrefix("LS0")
      fill(&testcase, with: ruleFindings, applicability: rule.applicability, inputRule: inputRule, failLevel: failLevel)
      return testcase
    }
  }

  /// The outcome of one rule on one resource. Findings of an input rule (a file Lockstep could not
  /// read) that fail are errors, not failures.
  static func fill(
    _ testcase: inout Case, with findings: [Finding], applicability: Applicability, inputRule: Bool,
    failLevel: FailLevel
  ) {
    guard !findings.isEmpty else {
      if case .notApplicable(let reason) = applicability { testcase.skipped = "not applicable: \(reason)" }
      return
    }
    for finding in findings {
      if finding.fails(at: failLevel) {
        if inputRule { testcase.errors.append(finding) } else { testcase.failures.append(finding) }
      } else {
        testcase.output.append(outputLine(finding))
      }
    }
    let failing = testcase.errors + testcase.failures
    // Jenkins shows only a testcase's first failure: with several, system-out lists them all.
    if failing.count > 1 { testcase.output.insert(contentsOf: failing.map(outputLine), at: 0) }
    testcase.location = failing.first ?? findings.first { $0.file != nil }
    let inactive = findings.filter { !$0.isActive }
    if inactive.count == findings.count { testcase.skipped = skipReason(inactive) }
  }

  /// Why every finding of a rule is set aside: the exceptions that waive them, and how many a
  /// baseline accepts.
  static func skipReason(_ findings: [Finding]) -> String {
    var reasons: [String] = []
    var waivers: Set<String> = []
    for finding in findings {
      guard let waiver = finding.suppression else { continue }
      let reason = "waived by exception \(waiver.exception) until \(waiver.expires): \(waiver.reason)"
      if waivers.insert(reason).inserted { reasons.append(reason) }
    }
    let baselined = findings.count { $0.suppression == nil && $0.baselined == true }
    if baselined > 0 {
      reasons.append("baselined: \(baselined) finding\(baselined == 1 ? "" : "s") known before adoption")
    }
    return reasons.joined(separator: "; ")
  }

  /// A finding in `<system-out>`: what it is (its enforcement, or why it does not count), then where.
  static func outputLine(_ finding: Finding) -> String {
    let what: String
    if let waiver = finding.suppression {
      what =
        "waived \(finding.enforcement.rawValue) (exception \(waiver.exception) until \(waiver.expires): \(waiver.reason))"
    } else if finding.baselined == true {
      what = "baselined \(finding.enforcement.rawValue)"
    } else {
      what = finding.enforcement.rawValue
    }
    return "\(what) \(describe(finding))"
  }

  /// `file:line:col path message`, leaving out what the finding does not have.
  static func describe(_ finding: Finding) -> String {
    var parts: [String] = []
    if var place = finding.file {
      if let span = finding.span { place += ":\(span.line):\(span.column)" }
      if finding.inBase == true { place += " (in the base version)" }
      parts.append(place)
    }
    if let path = finding.path { parts.append(path) }
    parts.append(finding.message)
    return parts.joined(separator: " ")
  }

  /// The body of a `<failure>` or `<error>`: the finding, then who to ask and where to read more.
  static func body(_ finding: Finding) -> String {
    var lines = [describe(finding)]
    if let owner = finding.owner { lines.append("owner: \(owner)") }
    if let contact = finding.contact { lines.append("contact: \(contact)") }
    if let help = finding.help { lines.append("help: \(help)") }
    return lines.joined(separator: "\n")
  }

  /// `space.project` for `space/project`; any character other than a letter, a digit, `_` or `-`
  /// becomes `_`, so the one dot is where Jenkins splits package from class.
  static func classname(of resource: String) -> String {
    func sanitize(_ part: Substring) -> String {
      String(part.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
    }
    guard let slash = resource.firstIndex(of: "/") else { return sanitize(resource[...]) }
    return sanitize(resource[..<slash]) + "." + sanitize(resource[resource.index(after: slash)...])
  }

  static func firstLine(_ text: String) -> String {
    String(text.prefix { $0 != "\n" && $0 != "\r" })
  }

  // MARK: - Writing

  func write(_ suite: Suite, to writer: XMLWriter) throws {
    try writer.element(
      "testsuite",
      [
        "name": suite.name, "tests": String(suite.cases.count), "failures": String(suite.failures),
        "errors": String(suite.errors), "skipped": String(suite.skipped), "time": "0",
      ]
    ) {
      for testcase in suite.cases { try write(testcase, to: writer) }
    }
  }

  func write(_ testcase: Case, to writer: XMLWriter) throws {
    var attributes: KeyValuePairs<String, String> = [
      "name": testcase.name, "classname": testcase.classname, "time": "0",
    ]
    if fileAttributes, let location = testcase.location, let file = location.file {
      attributes =
        if let span = location.span {
          [
            "name": testcase.name, "classname": testcase.classname, "time": "0", "file": file,
            "line": String(span.line),
          ]
        } else {
          ["name": testcase.name, "classname": testcase.classname, "time": "0", "file": file]
        }
    }
    // The schema's order: skipped, error, failure, system-out, system-err.
    try writer.element("testcase", attributes) {
      if let reason = testcase.skipped {
        try writer.element("skipped") { try writer.text(reason) }
      }
      for finding in testcase.errors {
        try writer.element("error", ["type": finding.ruleID, "message": Self.firstLine(finding.message)]) {
          try writer.text(Self.body(finding))
        }
      }
      for finding in testcase.failures {
        try writer.element("failure", ["type": finding.ruleID, "message": Self.firstLine(finding.message)]) {
          try writer.text(Self.body(finding))
        }
      }
      if !testcase.output.isEmpty {
        try writer.element("system-out") { try writer.text(testcase.output.joined(separator: "\n")) }
      }
    }
  }

  /// What the report says when libxml2 could not write it (out of memory): one error, so the CI run
  /// does not pass on a report that says nothing.
  static func writerFailure(_ error: any Error) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="lockstep" tests="1" failures="0" errors="1">
      <testsuite name="lockstep" tests="1" failures="0" errors="1" skipped="0" time="0">
        <testcase name="report" classname="lockstep" time="0">
          <error type="report" message="the JUnit report could not be written"/>
        </testcase>
      </testsuite>
    </testsuites>

    """
  }
}
