import LockstepEngine
import LockstepModel
import TestSupport
import Testing

/// Loading refuses a policy set with any error, and says exactly where.
@Suite struct PolicyLoaderTests {
  typealias F = PolicyFixture

  @Test func theDefaultPackLoads() throws {
    let folder = TestPaths.packageRoot.appendingPathComponent("Policies").path
    let set = try PolicyLoader().load(folder: folder).get()
    #expect(set.rules.map(\.id) == ["GP001", "GP002", "GP003", "GP004", "GP005", "GP006", "GP007", "GP008", "SEC001"])
    #expect(set.exceptions.map(\.name) == ["payments-canary-step", "ledger-worker-pool"])
    #expect(set.assignment.name == "responsibility")
    #expect(set.rule(id: "sec001")?.mandatory == true)
    #expect(set.revision.count == 16)
    #expect(set.tests.count == 21)
  }

  static func errors(_ yaml: String) -> [String] {
    switch F.policies(["p.yaml": yaml]) {
    case .success: return []
    case .failure(let errors): return errors.errors.map { "\($0.line):\($0.column) \($0.message)" }
    }
  }

  static func rule(_ body: String) -> String {
    F.header(body)
  }

  @Test(arguments: [
    (rule("    - id: A\n      lok: [deployment_process]\n"), "11:7 unknown field `lok` in a rule"),
    (
      rule("    - id: A\n      lock: ['deployment_proces.step[*]']\n"),
      "11:14 lock: `deployment_proces.step[*]` can never match: `deployment_proces` is not part of a Project"
    ),
    (
      rule("    - id: A\n      lock: ['deployment_process.steps[*]']\n"),
      "11:14 lock: `deployment_process.steps[*]` can never match: `deployment_process` holds `process_template` and `step`, not `steps`"
    ),
    (
      rule("    - id: A\n      lock: ['deployment_process..step']\n"),
      "11:34 lock: invalid path: `..` (recursive descent) is not supported"
    ),
    (
      rule("    - id: A\n      lock: [deployment_process]\n      forbid: { any: deployment_process }\n"),
      "10:7 rule A needs exactly one of lock, editable, require, forbid, consistent, assert (found lock, forbid)"
    ),
    (
      rule("    - id: A\n      severity: fatal\n      lock: [deployment_process]\n"),
      "11:17 severity is `fatal`; expected one of info, warning, error"
    ),
    (rule("    - id: A\n      editable: [variables]\n      except: [variables]\n"), "12:7 `except` goes with `lock`"),
    (
      rule("    - id: A\n      lock: [deployment_process]\n    - id: a\n      lock: [variables]\n"),
      "12:7 rule id a is already used at policies/p.yaml:10 (ids are unique across the loaded policies)"
    ),
    (
      rule("    - id: A\n      on: [rename]\n      lock: [variables]\n"),
      "11:11 `on` takes create, update and delete; found `rename`"
    ),
    (
      rule("    - id: A\n      on: []\n      lock: [variables]\n"),
      "11:11 `on` names no operation, so the rule would never run"
    ),
    (rule("    - id: A\n      lock: []\n"), "11:13 `lock` names no path, so the rule would never fire"),
    ("apiVersion: lockstep/v2\nkind: Policy\nmetadata: { name: x }\n", "1:13 apiVersion must be lockstep/v1"),
    (
      "apiVersion: lockstep/v1\nkind: Rule\nmetadata: { name: x }\n",
      "2:7 unknown kind `Rule`; expected one of Policy, Assignment, Exception, PolicyTest"
    ),
    ("apiVersion: lockstep/v1\nkind: Policy\nmetadata: { title: x }\n", "3:11 metadata needs `name`"),
    ("apiVersion: lockstep/v1\nkind: Policy\nmetadata: { name: x }\nspec:\n  rules: [\n", "6:1 not valid YAML"),
  ])
  func reportsTheFirstErrorOfEachDocument(yaml: String, expected: String) {
    let found = Self.errors(yaml)
    #expect(found.count == 1, "\(found)")
    #expect(found.first?.hasPrefix(expected) == true, "\(found)")
  }

  static let lockRule = rule(
    "    - id: GP001\n      lock: [deployment_process]\n    - id: SEC1\n      mandatory: true\n      lock: [variables]\n"
  )

  static func exception(_ spec: String, match: String = "  match: { projects: [checkout] }\n") -> String {
    lockRule + "---\napiVersion: lockstep/v1\nkind: Exception\nmetadata: { name: waiver }\nspec:\n" + spec + match
  }

  @Test(arguments: [
    (
      exception("  rules: [SEC1]\n  reason: because\n  expires: 2027-01-31\n"),
      "20:11 exception waiver names SEC1, a mandatory rule: mandatory rules cannot be waived"
    ),
    (
      exception("  rules: [NOPE]\n  reason: because\n  expires: 2027-01-31\n"),
      "20:11 exception waiver names rule NOPE, which no loaded policy has"
    ),
    (exception("  rules: [GP001]\n  expires: 2027-01-31\n"), "20:3 spec needs `reason`"),
    (exception("  rules: [GP001]\n  reason: because\n"), "20:3 spec needs `expires`"),
    (
      exception("  rules: [GP001]\n  reason: because\n  expires: someday\n"),
      "22:12 expires must be a date such as 2027-01-31"
    ),
    (
      exception("  rules: [GP001]\n  reason: '  '\n  expires: 2027-01-31\n"),
      "21:11 reason must say why the exception exists"
    ),
  ])
  func exceptionsMustBeGrantable(yaml: String, expected: String) {
    let found = Self.errors(yaml)
    #expect(found.count == 1, "\(found)")
    #expect(found.first?.hasPrefix(expected) == true, "\(found)")
  }

  @Test func selectorsThatWouldChooseEverythingAreRefused() {
    let noMatch = Self.errors(Self.exception("  rules: [GP001]\n  reason: because\n  expires: 2027-01-31\n", match: ""))
    #expect(noMatch.first?.hasPrefix("20:3 spec needs `match`") == true, "\(noMatch)")
    let emptyMatch = Self.errors(
      Self.exception(
        "  rules: [GP001]\n  reason: because\n  expires: 2027-01-31\n", match: "  match: { projects: [] }\n"))
    #expect(
      emptyMatch.first?.hasPrefix("23:10 an Exception's `match` must name the resources it waives") == true,
      "\(emptyMatch)")
    let emptyExclude = Self.errors(
      F.header(
        "    - id: A\n      lock: [variables]\n", match: "{ kinds: [Project] }\n  exclude: { actors: { teams: [] } }"))
    #expect(
      emptyExclude.first?.hasPrefix("9:12 an empty `exclude` would exclude every resource") == true, "\(emptyExclude)")
  }

  @Test func anInvalidRegularExpressionIsALoadError() {
    let found = Self.errors(
      Self.rule("    - id: A\n      forbid: { any: variables, where: 'name matches \"[unclosed\"' }\n"))
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("11:") == true && found.first?.contains("forbid.where") == true, "\(found)")
  }

  @Test func everyBrokenFileIsReportedNotJustTheFirst() {
    let result = F.policies([
      "a.yaml": Self.rule("    - id: A\n      lok: [x]\n"),
      "b.yaml": Self.rule("    - id: B\n      lock: ['nope']\n"),
    ])
    guard case .failure(let errors) = result else {
      Issue.record("expected load errors")
      return
    }
    #expect(errors.errors.map(\.file) == ["policies/a.yaml", "policies/b.yaml"])
  }
}
