import LockstepEngine
import LockstepModel
import OCL

/// Builds policy sets and edits from text, for the engine's tests.
enum PolicyFixture {
  static let today = CalendarDay(year: 2026, month: 11, day: 23)

  /// Loads policy YAML (file name to text) as a policies folder.
  static func policies(_ files: [String: String]) -> Result<PolicySet, PolicyLoadErrors> {
    let tree = InMemoryTree(texts: Dictionary(uniqueKeysWithValues: files.map { ("policies/" + $0.key, $0.value) }))
    return PolicyLoader(tree: tree).load(folder: "policies")
  }

  static func policySet(_ yaml: String) throws -> PolicySet {
    try policies(["p.yaml": yaml]).get()
  }

  /// A project resource from CaC files (file name in `.octopus/` to text).
  static func project(_ files: [String: String], folder: String = "p/.octopus") -> Node {
    let tree = InMemoryTree(texts: Dictionary(uniqueKeysWithValues: files.map { (folder + "/" + $0.key, $0.value) }))
    return ProjectLoader(files: OCLFileLoader(tree: tree)).load(folder: folder).resource.root
  }

  static func edit(
    base: [String: String]?, proposed: [String: String]?, upstream: [String: String]? = nil,
    identity: ResourceIdentity = ResourceIdentity(space: "payments", project: "checkout", projectGroup: "golden-path"),
    actor: Actor = Actor(name: "alice", teams: ["payments-devs"]), hasBase: Bool = true
  ) -> Edit {
    Edit(
      kind: .project, identity: identity, base: base.map { project($0, folder: "base/.octopus") },
      proposed: proposed.map { project($0) }, upstream: upstream.map { project($0, folder: "upstream/.octopus") },
      actor: actor, hasBase: hasBase,
      files: ["deployment_process": "p/.octopus/deployment_process.ocl", "variables": "p/.octopus/variables.ocl"])
  }

  static func evaluate(_ yaml: String, _ edit: Edit, today: CalendarDay = today) throws -> PolicyEvaluation {
    PolicyEvaluator(policies: try policySet(yaml), today: today).evaluate(edit)
  }

  /// `rule enforcement path line:col` for each finding, in order.
  static func summary(_ evaluation: PolicyEvaluation) -> [String] {
    evaluation.findings.map { finding in
      let waived = finding.suppression.map { " waived(\($0.exception))" } ?? ""
      return
        "\(finding.ruleID) \(finding.enforcement.rawValue) \(finding.path ?? "-") \(finding.span?.line ?? 0):\(finding.span?.column ?? 0)\(waived)"
    }
  }

  static let process = """
    step "approve" {
        name = "Approve"

        action {
            action_type = "Octopus.Manual"
            environments = ["production"]
        }
    }

    step "deploy-web" {
        name = "Deploy web"

        action {
            action_type = "Octopus.TentaclePackage"
            properties = {
                Octopus.Action.Package.PackageId = "web"
            }
            worker_pool = "hosted-ubuntu"
        }
    }

    step "smoke-test" {
        name = "Smoke test"

        action {
            action_type = "Octopus.Script"
            properties = {
                Octopus.Action.Script.ScriptBody = "curl -f https://example.com"
            }
        }
    }
    """

  static let variables = """
    variable "Db.Name" {
        value "orders" {}
    }
    """

  static func header(_ rules: String, owner: String = "platform-engineering", match: String = "{ kinds: [Project] }")
    -> String
  {
    """
    apiVersion: lockstep/v1
    kind: Policy
    metadata:
      name: golden
      owner: \(owner)
      contact: https://platform.example.com
    spec:
      match: \(match)
      rules:
    \(rules)
    """
  }
}
