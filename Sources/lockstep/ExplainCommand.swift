import ArgumentParser
import LockstepEngine

struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain", abstract: "Show a rule's rationale and its examples.")

  @Argument(help: "A rule id, such as LS1005 or a policy rule's id.")
  var id: String

  @OptionGroup var policySource: PolicySource

  func run() throws {
    if BuiltinRules.rule(id: id) == nil, let set = try policySource.load(config: PolicySource.config(near: ".")),
      let rule = set.rule(id: id)
    {
      Terminal.out(explain(rule))
      return
    }
    guard let rule = BuiltinRules.rule(id: id)?.rule else {
      throw UsageError(message: "no rule \(id): `lockstep rules` lists them")
    }
    var out = "\(rule.id): \(rule.title)\n"
    out += "severity: \(rule.severity.rawValue)\(rule.mandatory ? " (mandatory: always fails the run)" : "")\n\n"
    out += rule.rationale + "\n"
    out += examples("Triggers", rule.violating)
    out += examples("Does not trigger", rule.nonViolating)
    Terminal.out(out)
  }

  func explain(_ rule: PolicyRule) -> String {
    var out = "\(rule.id): \(rule.title)\n"
    out += "policy: \(rule.origin.policy) (\(rule.origin.file):\(rule.origin.line))\n"
    out += "kind: \(rule.check.kindName)\n"
    out += "severity: \(rule.severity.rawValue)\(rule.mandatory ? " (mandatory: never capped, never waived)" : "")\n"
    out +=
      "applies to: \(EditOperation.allCases.filter(rule.operations.contains).map(\.rawValue).joined(separator: ", "))\n"
    if let owner = rule.owner { out += "owner: \(owner)\n" }
    if let contact = rule.contact { out += "contact: \(contact)\n" }
    if let help = rule.help { out += "help: \(help)\n" }
    if let description = rule.description { out += "\n\(description)\n" }
    return out
  }

  func examples(_ heading: String, _ examples: [RuleExample]) -> String {
    guard !examples.isEmpty else { return "" }
    var out = "\n\(heading):\n"
    for example in examples {
      let files = example.unmarked().files
      for name in files.keys.sorted() where !(name == "schema_version.ocl" && files.count > 1) {
        out += "\n  .octopus/\(name):\n"
        out +=
          files[name, default: ""].split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(
            separator: "\n") + "\n"
      }
    }
    return out
  }
}
