import TestSupport
import Testing

@Suite struct RulesCommandTests {
  @Test func rulesListsEveryBuiltinRule() throws {
    let outcome = try CommandRunner.run(["rules"])
    #expect(outcome.status == 0)
    let ids = outcome.stdout.split(separator: "\n").compactMap { line in
      line.hasPrefix("LS") ? String(line.prefix(6)) : nil
    }
    #expect(
      ids == [
        "LS0001", "LS0002", "LS0003", "LS0004", "LS0005", "LS0006", "LS1001", "LS1002", "LS1003", "LS1004", "LS1005",
        "LS2001", "LS2002", "LS2003",
      ])
    #expect(outcome.stdout.contains("LS0002  error*    Comments are not allowed in OCL"))
  }

  @Test func explainShowsRationaleAndExamplesWithoutMarkers() throws {
    let outcome = try CommandRunner.run(["explain", "ls1005"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.hasPrefix("LS1005: Unknown value for an Octopus setting\nseverity: error\n"))
    #expect(outcome.stdout.contains("Triggers:"))
    #expect(outcome.stdout.contains("Does not trigger:"))
    #expect(outcome.stdout.contains("condition = \"Sometimes\""))
    #expect(!outcome.stdout.contains("↓"))
  }

  @Test func explainUnknownRuleIsAUsageError() throws {
    let outcome = try CommandRunner.run(["explain", "LS9999"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr == "lockstep: error: no rule LS9999: `lockstep rules` lists them\n")
  }
}

@Suite struct PolicyRulesCommandTests {
  @Test func rulesListsTheLoadedPolicyRulesByPolicy() throws {
    let outcome = try CommandRunner.run(["rules"])
    #expect(outcome.status == 0)
    #expect(
      outcome.stdout.contains(
        "golden-path (owner: platform-engineering), Policies/golden-path.yaml\nGP001   error     Deployment process steps and process templates cannot be added, removed, reordered or changed [lock]\n"
      ))
    #expect(outcome.stdout.contains("SEC001  error*    No private keys or tokens in plain variables [forbid]"))
  }

  @Test func explainShowsAPolicyRule() throws {
    let outcome = try CommandRunner.run(["explain", "GP003"])
    #expect(outcome.status == 0)
    #expect(
      outcome.stdout.hasPrefix(
        "GP003: Only variable values may change\npolicy: golden-path (Policies/golden-path.yaml:30)\nkind: editable\nseverity: error\napplies to: update\nowner: platform-engineering\n"
      ),
      "\(outcome.stdout)")
  }
}

@Suite struct PolicyTestCommandTests {
  @Test func theDefaultPackPassesItsOwnTests() throws {
    let outcome = try CommandRunner.run(["test", "Policies", "--today", "2026-11-23"])
    #expect(outcome.status == 0, "\(outcome.stdout)")
    #expect(outcome.stdout.hasSuffix("21 passed, 0 failed\n"))
    #expect(!outcome.stdout.contains("FAIL"))
  }

  @Test func aFailingTestShowsTheDifferenceAndExitsOne() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write(
      "policies/p.yaml",
      """
      apiVersion: lockstep/v1
      kind: Policy
      metadata: { name: p }
      spec:
        rules:
          - id: NO-SCRIPTS
            forbid: { any: 'deployment_process.step[*].action[*]', where: 'action_type == "Octopus.Script"' }
      ---
      apiVersion: lockstep/v1
      kind: PolicyTest
      metadata: { name: scripts are forbidden }
      spec:
        proposed:
          ocl:
            deployment_process.ocl: |
              step "a" {
                  action {
                      action_type = "Octopus.Manual"
                  }
              }
        expect:
          - { rule: NO-SCRIPTS, enforcement: deny, path: 'deployment_process.step["a"].action["a"]' }
      """)
    let outcome = try CommandRunner.run(["test", folder.url.appendingPathComponent("policies").path])
    #expect(outcome.status == 1)
    #expect(outcome.stdout.contains("FAIL scripts are forbidden"))
    #expect(
      outcome.stdout.contains(#"    expected, not found: NO-SCRIPTS deny at deployment_process.step["a"].action["a"]"#))
    #expect(outcome.stdout.hasSuffix("0 passed, 1 failed\n"))
  }
}
