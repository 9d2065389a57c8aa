import ArgumentParser
import LockstepEngine

struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules", abstract: "List the rules: Lockstep's own and the loaded policies'.")

  @OptionGroup var policySource: PolicySource

  func run() throws {
    var out = "ID      SEVERITY  TITLE\n"
    for rule in BuiltinRules.all.map(\.rule) {
      out += line(rule.id, rule.severity, mandatory: rule.mandatory, rule.title)
    }
    if let set = try policySource.load(config: PolicySource.config(near: ".")) {
      for policy in set.policies {
        out += "\n\(policy.name)" + (policy.owner.map { " (owner: \($0))" } ?? "") + ", \(policy.file)\n"
        for rule in policy.rules {
          out += line(rule.id, rule.severity, mandatory: rule.mandatory, "\(rule.title) [\(rule.check.kindName)]")
        }
      }
    }
    out +=
      "\n* mandatory: never capped by the responsibility model, never waived. `lockstep explain ID` shows a rule.\n"
    Terminal.out(out)
  }

  func line(_ id: String, _ severity: Severity, mandatory: Bool, _ title: String) -> String {
    id.padding(8) + (severity.rawValue + (mandatory ? "*" : "")).padding(10) + title + "\n"
  }
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
