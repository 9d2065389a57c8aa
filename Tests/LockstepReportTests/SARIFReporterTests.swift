import Foundation
import LockstepEngine
import LockstepReport
import OCL
import TestSupport
import Testing

@Suite struct SARIFReporterTests {
  /// Maps the samples' absolute paths to paths relative to the package root, as the CLI's git
  /// mapper makes them relative to the repository root.
  static let reporter = SARIFReporter(uri: { path in
    let root = TestPaths.packageRoot.path + "/"
    return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
  })

  static func decode(_ text: String) throws -> SARIFLog {
    try JSONDecoder().decode(SARIFLog.self, from: Data(text.utf8))
  }

  static func finding(
    rule: String = "GP001", path: String? = #"deployment_process.step["a"].condition"#, line: Int = 2,
    file: String? = "p/.octopus/deployment_process.ocl", resource: String = "space/p"
  ) -> Finding {
    Finding(
      ruleID: rule, title: "A rule", severity: .error, enforcement: .deny, message: "bad value",
      resource: resource, path: path, file: file,
      span: SourceSpan(offset: 40, length: 3, line: line, column: 5, endLine: line, endColumn: 8))
  }

  static func run(_ findings: [Finding]) -> LintResult {
    var result = LintResult(findings: findings, resources: ["space/p"], filesChecked: 1)
    result.rules["GP001"] = RuleInfo(
      id: "GP001", title: "A rule", description: "Why the rule matters.", severity: .error,
      origin: .policy(name: "golden-path", file: "Policies/golden-path.yaml"))
    return result
  }

  // MARK: The schema

  /// Validates a SARIF text against `../shared/schemas/sarif-schema-2.1.0.json` with python3's
  /// `jsonschema`: the errors, or nil when the schema, python3 or jsonschema is unavailable.
  static func schemaErrors(_ sarif: String) throws -> [String]? {
    guard let schemas = TestPaths.schemas else {
      print("skipped: ../shared/schemas is absent, so the SARIF report was not validated against the schema")
      return nil
    }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let report = try folder.write("report.sarif", sarif)
    let script = """
      import json, sys
      try:
          import jsonschema
      except ImportError:
          sys.exit(3)
      schema = json.load(open(sys.argv[1]))
      document = json.load(open(sys.argv[2]))
      validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
      errors = sorted(validator.iter_errors(document), key=lambda error: list(map(str, error.absolute_path)))
      for error in errors:
          print("/".join(map(str, error.absolute_path)) + ": " + error.message)
      sys.exit(1 if errors else 0)
      """
    let schema = schemas.appendingPathComponent("sarif-schema-2.1.0.json").path
    let outcome: CommandRunner.Outcome
    do {
      outcome = try ShellRunner.run("/usr/bin/env", ["python3", "-c", script, schema, report.path])
    } catch {
      print("skipped: could not run python3 (\(error)), so the SARIF report was not validated")
      return nil
    }
    switch outcome.status {
    case 0, 1:
      return outcome.stdout.split(separator: "\n").map(String.init)
    case 3:
      print("skipped: python3 has no jsonschema module, so the SARIF report was not validated")
      return nil
    case 127:
      print("skipped: python3 is not installed, so the SARIF report was not validated")
      return nil
    default:
      Issue.record("the schema check failed to run (exit \(outcome.status)): \(outcome.stderr)")
      return nil
    }
  }

  @Test func sarifOfTheSamplesIsValidAgainstTheSchema() throws {
    let sarif = Self.reporter.render(try SampleRuns.all(), failLevel: .error)
    guard let errors = try Self.schemaErrors(sarif) else { return }
    for error in errors { print("SARIF schema: \(error)") }
    #expect(errors.isEmpty)
  }

  @Test func schemaCheckRejectsABrokenLog() throws {
    let sarif = Self.reporter.render(Self.run([Self.finding()]), failLevel: .error)
    #expect(sarif.contains(#""level" : "error""#))
    let broken = sarif.replacingOccurrences(of: #""level" : "error""#, with: #""level" : "fatal""#)
    guard let errors = try Self.schemaErrors(broken) else { return }
    #expect(errors.contains { $0.contains("'fatal'") })
  }

  // MARK: What GitHub code scanning needs

  @Test func samplesMeetGitHubsRequirements() throws {
    let result = try SampleRuns.all()
    let sarif = Self.reporter.render(result, failLevel: .error)
    #expect(sarif.hasSuffix("}\n"))
    let log = try Self.decode(sarif)
    #expect(log.schema == "https://json.schemastore.org/sarif-2.1.0.json" && log.version == "2.1.0")
    try #require(log.runs.count == 1)
    let run = log.runs[0]
    #expect(run.tool.driver.name == "lockstep" && run.tool.driver.version == ToolInfo.version)
    #expect(run.invocations.map(\.executionSuccessful) == [true])
    #expect(run.results.count == result.findings.count && !run.results.isEmpty)

    let rules = run.tool.driver.rules
    #expect(rules.map(\.id) == rules.map(\.id).sorted())
    #expect(Set(rules.map(\.id)).count == rules.count)
    #expect(Set(result.rules.keys).isSubset(of: Set(rules.map(\.id))))
    for rule in rules {
      #expect(!rule.shortDescription.text.isEmpty && !rule.fullDescription.text.isEmpty, "\(rule.id)")
      #expect(rule.help.text.contains("lockstep explain \(rule.id)"))
      #expect(rule.helpUri.map { $0.hasPrefix("http") } ?? true, "\(rule.id)")
    }
    for rule in rules where rule.id.hasPrefix("LS") { #expect(rule.helpUri == nil) }

    var fingerprints: Set<String> = []
    for result in run.results {
      #expect(rules.indices.contains(result.ruleIndex) && rules[result.ruleIndex].id == result.ruleId)
      #expect(["error", "warning", "note"].contains(result.level))
      #expect(!result.message.text.isEmpty)
      let fingerprint = try #require(result.partialFingerprints[SARIFReporter.fingerprintKey])
      #expect(fingerprints.insert(fingerprint).inserted, "fingerprint \(fingerprint) repeats")
      let physical = try #require(result.locations.first?.physicalLocation, "\(result.ruleId) has no file")
      let uri = try #require(physical.artifactLocation.uri)
      #expect(!uri.hasPrefix("/") && !uri.contains(" ") && !uri.contains(":"), "\(uri)")
      let file = TestPaths.packageRoot.appendingPathComponent(uri.removingPercentEncoding ?? uri).path
      #expect(FileManager.default.fileExists(atPath: file), "\(uri) is not a file of the repository")
      #expect(physical.artifactLocation.uriBaseId == "%SRCROOT%")
      let region = try #require(physical.region)
      #expect(region.startLine >= 1 && (region.startColumn ?? 1) >= 1)
      #expect((region.endLine ?? region.startLine) >= region.startLine)
      #expect(result.locations.first?.logicalLocations?.first?.fullyQualifiedName.isEmpty == false)
    }
  }

  @Test func waivedFindingIsAnAcceptedSuppressionWithItsReason() throws {
    let result = try SampleRuns.edit("waived")
    let waived = try #require(result.findings.first { $0.suppression != nil })
    let suppression = try #require(waived.suppression)
    let log = try Self.decode(Self.reporter.render(result, failLevel: .error))
    let suppressed = log.runs[0].results.filter { $0.suppressions != nil }
    try #require(suppressed.count == 1)
    let entry = try #require(suppressed[0].suppressions?.first)
    #expect(suppressed[0].ruleId == waived.ruleID)
    #expect(entry.kind == "external" && entry.status == "accepted")
    #expect(entry.justification.hasPrefix("exception \(suppression.exception) ("))
    #expect(entry.justification.hasSuffix("): \(suppression.reason)"))
    #expect(entry.justification.contains("until \(suppression.expires)"))
    #expect(suppressed[0].properties.fails == false)
    #expect(log.runs[0].invocations[0].properties?.failed == result.fails(at: .error))
  }

  // MARK: Fingerprints

  @Test func fingerprintsKeepTheirIdentityWhenLinesMove() throws {
    func fingerprint(_ finding: Finding) throws -> String {
      let log = try Self.decode(Self.reporter.render(Self.run([finding]), failLevel: .error))
      return try #require(log.runs[0].results.first?.partialFingerprints[SARIFReporter.fingerprintKey])
    }
    let before = try fingerprint(Self.finding(line: 2))
    #expect(try fingerprint(Self.finding(line: 40)) == before)
    #expect(before == FindingKey(Self.finding()).digest)
    #expect(try fingerprint(Self.finding(rule: "GP002")) != before)
    #expect(try fingerprint(Self.finding(path: #"deployment_process.step["b"].condition"#)) != before)
    #expect(try fingerprint(Self.finding(resource: "space/q")) != before)
  }

  @Test func repeatedFingerprintsAreNumberedInReportOrder() throws {
    let same = Self.finding()
    let log = try Self.decode(
      Self.reporter.render(Self.run([same, Self.finding(rule: "GP002"), same, same]), failLevel: .error))
    let digest = FindingKey(same).digest
    #expect(
      log.runs[0].results.compactMap { $0.partialFingerprints[SARIFReporter.fingerprintKey] } == [
        digest, FindingKey(Self.finding(rule: "GP002")).digest, "\(digest):2", "\(digest):3",
      ])
  }

  // MARK: Limits and locations

  @Test func resultsAreCappedAtGitHubsLimit() throws {
    let findings = (0..<25_003).map { index in
      Self.finding(path: "deployment_process.step[\"s\(index)\"].condition", line: index + 1)
    }
    let log = try Self.decode(Self.reporter.render(Self.run(findings), failLevel: .error))
    let run = log.runs[0]
    #expect(run.results.count == 25_000)
    #expect(run.results.last?.properties.path == findings[24_999].path)
    let notifications = run.invocations.first?.toolExecutionNotifications ?? []
    #expect(notifications.count == 1)
    #expect(notifications.first?.level == "warning")
    #expect(notifications.first?.message.text.hasPrefix("3 of 25,003 findings were left out") == true)
    #expect(run.invocations.first?.executionSuccessful == true)
  }

  @Test func underTheCapThereIsNoNotification() throws {
    let log = try Self.decode(Self.reporter.render(Self.run([Self.finding()]), failLevel: .error))
    #expect(log.runs[0].invocations[0].toolExecutionNotifications == nil)
  }

  @Test func removedTextPointsAtTheFileStartAndSaysWhereItWas() throws {
    var removed = Self.finding(line: 7)
    removed.inBase = true
    let result = try #require(
      try Self.decode(Self.reporter.render(Self.run([removed]), failLevel: .error)).runs[0].results.first)
    #expect(result.locations[0].physicalLocation?.region == SARIFLog.Region(startLine: 1, startColumn: 1))
    #expect(result.message.text == "bad value (removed: at line 7, column 5 of the base version)")
    #expect(result.properties.inBase == true && result.properties.baseRegion?.startLine == 7)
  }

  @Test func regionsAreTheSpanOrTheFirstLine() throws {
    var noSpan = Self.finding(rule: "GP002")
    noSpan.span = nil
    let noFile = Self.finding(rule: "GP003", path: nil, file: nil)
    let results = try Self.decode(
      Self.reporter.render(Self.run([Self.finding(), noSpan, noFile]), failLevel: .error)
    ).runs[0].results
    #expect(
      results[0].locations[0].physicalLocation?.region
        == SARIFLog.Region(startLine: 2, startColumn: 5, endLine: 2, endColumn: 8))
    #expect(results[1].locations[0].physicalLocation?.region == SARIFLog.Region(startLine: 1))
    #expect(results[2].locations[0].physicalLocation == nil)
    #expect(results[2].locations[0].logicalLocations?.first?.fullyQualifiedName == "space/p")
    #expect(
      results[0].locations[0].logicalLocations?.first?.fullyQualifiedName
        == #"space/p/deployment_process.step["a"].condition"#)
  }

  @Test func urisArePercentEncodedAndAbsolutePathsAreFileURIs() throws {
    let results = try Self.decode(
      SARIFReporter().render(
        Self.run([
          Self.finding(file: "./my project/.octopus/100% ready:é.ocl"),
          Self.finding(rule: "GP002", file: "/tmp/a b.ocl"),
        ]), failLevel: .error)
    ).runs[0].results
    let relative = results[0].locations[0].physicalLocation?.artifactLocation
    #expect(relative?.uri == "my%20project/.octopus/100%25%20ready%3A%C3%A9.ocl")
    #expect(relative?.uriBaseId == "%SRCROOT%")
    let absolute = results[1].locations[0].physicalLocation?.artifactLocation
    #expect(absolute?.uri == "file:///tmp/a%20b.ocl" && absolute?.uriBaseId == nil)
  }

  // MARK: Rules, levels and baselines

  @Test func rulesComeFromTheCatalogueOrTheFindings() throws {
    var result = Self.run([Self.finding(rule: "XX9"), Self.finding()])
    result.rules["GP001"]?.help = "https://wiki.example.com/gp001"
    result.rules["GP005"] = RuleInfo(
      id: "GP005", title: "Named like a rule", description: "Unreferenced but evaluated.", severity: .info,
      mandatory: true, help: "ask #platform", origin: .policy(name: "golden-path", file: "Policies/p.yaml"))
    result.rules["LS1001"] = RuleInfo(
      id: "LS1001", title: "Missing schema_version.ocl", description: "Octopus needs it.", severity: .error,
      origin: .builtin)
    let run = try Self.decode(SARIFReporter().render(result, failLevel: .error)).runs[0]
    let rules = run.tool.driver.rules
    #expect(rules.map(\.id) == ["GP001", "GP005", "LS1001", "XX9"])
    #expect(rules[0].helpUri == "https://wiki.example.com/gp001")
    #expect(rules[0].help.text.contains(#"policy "golden-path" in Policies/golden-path.yaml"#))
    #expect(rules[1].helpUri == nil && rules[1].help.text.contains("ask #platform"))
    #expect(rules[1].defaultConfiguration.level == "note")
    #expect(rules[1].properties.mandatory && rules[1].properties.tags.contains("mandatory"))
    #expect(rules[2].name == "MissingSchemaVersionOcl" && rules[2].properties.tags == ["builtin"])
    #expect(rules[3].shortDescription.text == "A rule" && rules[3].defaultConfiguration.level == "error")
    #expect(run.results.map(\.ruleIndex) == [3, 0])
  }

  @Test func levelsFollowTheEnforcement() throws {
    let findings = [Enforcement.deny, .warn, .info].map { enforcement in
      var finding = Self.finding()
      finding.enforcement = enforcement
      return finding
    }
    let results = try Self.decode(SARIFReporter().render(Self.run(findings), failLevel: .warning)).runs[0].results
    #expect(results.map(\.level) == ["error", "warning", "note"])
    #expect(results.map(\.properties.fails) == [true, true, false])
    #expect(results.map(\.properties.enforcement) == ["deny", "warn", "info"])
  }

  @Test func baselineStateOnlyWhenABaselineWasApplied() throws {
    var known = Self.finding()
    let fresh = Self.finding(rule: "GP002")
    var result = Self.run([known, fresh])
    let without = try Self.decode(SARIFReporter().render(result, failLevel: .error)).runs[0].results
    #expect(without.map(\.baselineState) == [nil, nil])

    Baseline(findings: [Baseline.Entry(known)]).apply(to: &result)
    known.baselined = true
    #expect(result.findings[0] == known)
    let with = try Self.decode(SARIFReporter().render(result, failLevel: .error)).runs[0].results
    #expect(with.map(\.baselineState) == ["unchanged", "new"])
    #expect(with[0].properties.fails == false && with[1].properties.fails)
  }
}
