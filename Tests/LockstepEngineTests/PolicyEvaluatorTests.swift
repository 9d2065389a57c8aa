import LockstepEngine
import LockstepModel
import Testing

/// Each rule kind on real edits: what is allowed, what is denied, and exactly where.
@Suite struct PolicyEvaluatorTests {
  typealias F = PolicyFixture

  static let lock = F.header(
    """
        - id: GP001
          title: Process is locked
          lock: ['deployment_process.step[*]']
          except:
            - 'deployment_process.step[*].action[*].properties["Octopus.Action.Package.PackageId"]'
            - 'deployment_process.step["smoke-test"]'
    """)

  static func process(_ text: String = F.process) -> [String: String] {
    ["deployment_process.ocl": text, "variables.ocl": F.variables, "schema_version.ocl": "version = 10"]
  }

  @Test func lockDeniesAChangeInsideALockedStepWithBeforeAndAfter() throws {
    let proposed = F.process.replacingAll("Octopus.TentaclePackage", "Octopus.Script")
    let result = try F.evaluate(Self.lock, F.edit(base: Self.process(), proposed: Self.process(proposed)))
    #expect(
      F.summary(result) == [#"GP001 deny deployment_process.step["deploy-web"].action["deploy-web"].action_type 14:9"#])
    #expect(
      result.findings.first?.message
        == #"step "deploy-web" is owned by platform-engineering: action_type changed from "Octopus.TentaclePackage" to "Octopus.Script" (ask at https://platform.example.com)"#
    )
    #expect(result.findings.first?.owner == "platform-engineering")
    #expect(result.findings.first?.file == "p/.octopus/deployment_process.ocl")
  }

  @Test func lockAllowsExceptedPaths() throws {
    let proposed = F.process.replacingAll(#"PackageId = "web""#, #"PackageId = "web-v2""#)
      .replacingAll("curl -f https://example.com", "curl -f https://example.com/health")
    let result = try F.evaluate(Self.lock, F.edit(base: Self.process(), proposed: Self.process(proposed)))
    #expect(result.findings.isEmpty)
  }

  /// The process's step blocks, each from its `step` line to its closing brace.
  static let steps = F.process.components(separatedBy: "\n\nstep ").enumerated().map { index, block in
    index == 0 ? String(block) : "step " + block
  }

  @Test func reorderingStepsIsAMoveAndRemovingOneIsARemoval() throws {
    let moved = [Self.steps[1], Self.steps[2], Self.steps[0]].joined(separator: "\n\n")
    let result = try F.evaluate(Self.lock, F.edit(base: Self.process(), proposed: Self.process(moved)))
    #expect(F.summary(result) == [#"GP001 deny deployment_process.step["approve"] 24:1"#])
    #expect(result.findings.first?.message.contains(#"step "approve" moved"#) == true)
    let removed = [Self.steps[1], Self.steps[2]].joined(separator: "\n\n")
    let result2 = try F.evaluate(Self.lock, F.edit(base: Self.process(), proposed: Self.process(removed)))
    #expect(F.summary(result2) == [#"GP001 deny deployment_process.step["approve"] 1:1"#])
    #expect(
      result2.findings.first?.message.hasPrefix(
        #"step "approve" is owned by platform-engineering: step "approve" removed"#) == true)
  }

  @Test func editableAllowsValuesAndDeniesEverythingElse() throws {
    let rules = F.header(
      """
          - id: GP003
            within: variables
            editable: ['variables.variable[*].value[*].value']
      """)
    let base = ["variables.ocl": F.variables]
    let valueChanged = try F.evaluate(
      rules, F.edit(base: base, proposed: ["variables.ocl": F.variables.replacingAll("orders", "orders-v2")]))
    #expect(valueChanged.findings.isEmpty)
    let renamed = try F.evaluate(
      rules, F.edit(base: base, proposed: ["variables.ocl": F.variables.replacingAll("Db.Name", "Db.Title")]))
    #expect(
      F.summary(renamed) == [
        #"GP003 deny variables.variable["Db.Name"] 1:1"#, #"GP003 deny variables.variable["Db.Title"] 1:1"#,
      ])
    let scoped = try F.evaluate(
      rules,
      F.edit(
        base: base,
        proposed: [
          "variables.ocl": F.variables.replacingAll(
            #""orders" {}"#, "\"orders\" {\n        environment = [\"production\"]\n    }")
        ]))
    #expect(F.summary(scoped) == [#"GP003 deny variables.variable["Db.Name"].value[0].environment 3:9"#])
  }

  @Test func withoutABaseEditRulesAreNotApplicable() throws {
    let result = try F.evaluate(Self.lock, F.edit(base: nil, proposed: Self.process(), hasBase: false))
    #expect(result.findings.isEmpty)
    #expect(result.evaluated.map(\.applicability.isApplicable) == [false])
  }

  @Test func requireReportsWhatIsMissingAtTheFile() throws {
    let rules = F.header(
      """
          - id: GP004
            require: { any: 'deployment_process.step[*].action[*]', where: 'action_type == "Octopus.Manual" && "production" in environments' }
      """)
    let present = try F.evaluate(rules, F.edit(base: nil, proposed: Self.process(), hasBase: false))
    #expect(present.findings.isEmpty)
    let missing = try F.evaluate(
      rules,
      F.edit(
        base: nil, proposed: Self.process(F.process.replacingAll(#"["production"]"#, #"["test"]"#)), hasBase: false))
    #expect(F.summary(missing) == ["GP004 deny deployment_process.step[*].action[*] 1:1"])
    #expect(
      missing.findings.first?.message.hasPrefix("at least one `deployment_process.step[*].action[*]` where") == true)
  }

  @Test func forbidReportsEachNode() throws {
    let rules = F.header(
      """
          - id: GP008
            forbid: { any: 'deployment_process.step[*].action[*]', where: 'action_type == "Octopus.Script"' }
      """)
    let result = try F.evaluate(rules, F.edit(base: nil, proposed: Self.process(), hasBase: false))
    #expect(F.summary(result) == [#"GP008 deny deployment_process.step["smoke-test"].action["smoke-test"] 25:5"#])
  }

  @Test func assertChecksEveryMatchedNode() throws {
    let rules = F.header(
      """
          - id: GP005
            assert: { for: 'deployment_process.step[*].action[*]', that: '!exists(worker_pool) || worker_pool in ["hosted-windows"]' }
      """)
    let result = try F.evaluate(rules, F.edit(base: nil, proposed: Self.process(), hasBase: false))
    #expect(F.summary(result) == [#"GP005 deny deployment_process.step["deploy-web"].action["deploy-web"] 13:5"#])
  }

  @Test func consistentReportsDriftFromUpstream() throws {
    let rules = F.header(
      """
          - id: GP007
            severity: warning
            consistent: ['deployment_process.step[*].action[*].worker_pool']
      """)
    let drifted = Self.process(F.process.replacingAll(#"worker_pool = "hosted-ubuntu""#, #"worker_pool = "gpu-pool""#))
    let result = try F.evaluate(rules, F.edit(base: nil, proposed: drifted, upstream: Self.process(), hasBase: false))
    #expect(
      F.summary(result) == [#"GP007 warn deployment_process.step["deploy-web"].action["deploy-web"].worker_pool 18:9"#])
    #expect(result.findings.first?.message.contains(#""gpu-pool" instead of "hosted-ubuntu""#) == true)
    let same = try F.evaluate(
      rules, F.edit(base: nil, proposed: Self.process(), upstream: Self.process(), hasBase: false))
    #expect(same.findings.isEmpty)
  }

  @Test(arguments: [
    ("centralized", "error", "deny"), ("centralized", "warning", "warn"), ("centralized", "info", "info"),
    ("shared", "error", "warn"), ("shared", "warning", "warn"), ("shared", "info", "info"),
    ("customer", "error", "info"), ("customer", "warning", "info"), ("customer", "info", "info"),
  ])
  func enforcementFollowsTheModel(model: String, severity: String, enforcement: String) throws {
    let yaml =
      F.header(
        """
            - id: R1
              severity: \(severity)
              forbid: { any: 'deployment_process.step["smoke-test"]' }
        """) + """

        ---
        apiVersion: lockstep/v1
        kind: Assignment
        metadata: { name: models }
        spec:
          default: centralized
          assign:
            - { match: { spaces: [payments] }, model: \(model) }
        """
    let result = try F.evaluate(yaml, F.edit(base: nil, proposed: Self.process(), hasBase: false))
    #expect(result.findings.map(\.enforcement.rawValue) == [enforcement])
  }

  @Test func mandatoryRulesAreNeverCapped() throws {
    let yaml =
      F.header(
        """
            - id: SEC1
              mandatory: true
              forbid: { any: 'deployment_process.step["smoke-test"]' }
        """) + "\n---\napiVersion: lockstep/v1\nkind: Assignment\nmetadata: { name: m }\nspec: { default: customer }\n"
    let result = try F.evaluate(yaml, F.edit(base: nil, proposed: Self.process(), hasBase: false))
    #expect(result.findings.map(\.enforcement) == [.deny])
  }

  static let exception = """
    apiVersion: lockstep/v1
    kind: Exception
    metadata: { name: web-migration }
    spec:
      rules: [GP001]
      match: { projects: [checkout] }
      paths: ['deployment_process.step["deploy-web"]']
      reason: Migrating the web tier
      ticket: PLAT-1
      expires: 2026-12-31
    """

  @Test func exceptionsWaiveUntilTheyExpire() throws {
    let yaml = Self.lock + "\n---\n" + Self.exception
    let edit = F.edit(
      base: Self.process(), proposed: Self.process(F.process.replacingAll("Octopus.TentaclePackage", "Octopus.Script")))
    let waived = try F.evaluate(yaml, edit, today: CalendarDay(year: 2026, month: 12, day: 31))
    #expect(
      F.summary(waived) == [
        #"GP001 deny deployment_process.step["deploy-web"].action["deploy-web"].action_type 14:9 waived(web-migration)"#
      ])
    #expect(waived.findings.first?.suppression?.reason == "Migrating the web tier")
    #expect(waived.findings.first?.fails(at: .error) == false)
    #expect(waived.usedExceptions == ["web-migration"])
    let expired = try F.evaluate(yaml, edit, today: CalendarDay(year: 2027, month: 1, day: 1))
    #expect(
      F.summary(expired) == [#"GP001 deny deployment_process.step["deploy-web"].action["deploy-web"].action_type 14:9"#]
    )
    #expect(expired.expiredExceptions == ["web-migration"])
  }

  @Test func exceptionsOnlyCoverTheirPathsAndResources() throws {
    let yaml = Self.lock + "\n---\n" + Self.exception
    let otherStep = F.edit(
      base: Self.process(), proposed: Self.process(F.process.replacingAll("Octopus.Manual", "Octopus.Script")))
    #expect(try F.evaluate(yaml, otherStep).findings.allSatisfy { $0.suppression == nil })
    var otherProject = F.edit(
      base: Self.process(), proposed: Self.process(F.process.replacingAll("Octopus.TentaclePackage", "Octopus.Script")))
    otherProject.identity.project = "ledger"
    #expect(try F.evaluate(yaml, otherProject).findings.allSatisfy { $0.suppression == nil })
  }

  @Test func selectorsAndOperationsDecideWhatApplies() throws {
    let yaml = F.header(
      """
          - id: R1
            on: [create]
            forbid: { any: 'deployment_process.step["smoke-test"]' }
      """, match: "{ kinds: [Project], projectGroups: [golden-*], labels: { tier: gold } }")
    var edit = F.edit(base: nil, proposed: Self.process())
    #expect(try F.evaluate(yaml, edit).findings.isEmpty, "no tier label")
    edit.identity.labels = ["tier": "gold"]
    #expect(try F.evaluate(yaml, edit).findings.count == 1)
    let update = F.edit(base: Self.process(), proposed: Self.process(), identity: edit.identity)
    #expect(try F.evaluate(yaml, update).findings.isEmpty, "on: [create] only")
  }
}

extension String {
  func replacingAll(_ target: String, _ replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }

  func components(separatedBy separator: String) -> [Substring] {
    split(separator: separator, omittingEmptySubsequences: false)
  }
}

@Suite struct PolicyMessageTests {
  typealias F = PolicyFixture

  @Test func messageTemplatesAreFilledIn() throws {
    let rules = F.header(
      """
          - id: GP009
            message: '{path} must stay {upstream}, not {value} (was {base})'
            consistent: ['deployment_process.step[*].action[*].worker_pool']
      """)
    let files = ["deployment_process.ocl": F.process]
    let drifted = ["deployment_process.ocl": F.process.replacingAll(#""hosted-ubuntu""#, #""gpu-pool""#)]
    let result = try F.evaluate(rules, F.edit(base: nil, proposed: drifted, upstream: files, hasBase: false))
    #expect(
      result.findings.map(\.message) == [
        #"deployment_process.step["deploy-web"].action["deploy-web"].worker_pool must stay "hosted-ubuntu", not "gpu-pool" (was nothing) (ask at https://platform.example.com)"#
      ])
  }
}

@Suite struct PolicyTestRunnerTests {
  typealias E = PolicyTestCase.Expectation

  /// An expectation without a path must not take the finding a path-specific one needs.
  @Test func matchingDoesNotDependOnTheOrderOfExpectations() {
    let found = [
      E(rule: "R", path: "a", enforcement: .deny, waived: false),
      E(rule: "R", path: "b", enforcement: .deny, waived: false),
    ]
    let anyFirst = [
      E(rule: "R", path: nil, enforcement: .deny, waived: false),
      E(rule: "R", path: "a", enforcement: .deny, waived: false),
    ]
    #expect(PolicyTestRunner.difference(anyFirst, found).isEmpty)
    #expect(PolicyTestRunner.difference(Array(anyFirst.reversed()), found).isEmpty)
  }
}
