import ArgumentParser
import LockstepEngine

struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain", abstract: "Show a rule's rationale and its examples.")

  @Argument(help: "A rule id, such as LS1005.")
  var id: String

  func run() throws {
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
