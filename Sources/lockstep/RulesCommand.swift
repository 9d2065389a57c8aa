import ArgumentParser
import LockstepEngine

struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules", abstract: "List the rules: id, default severity and title.")

  func run() throws {
    var out = "ID      SEVERITY  TITLE\n"
    for rule in BuiltinRules.all.map(\.rule) {
      let severity = rule.severity.rawValue + (rule.mandatory ? "*" : "")
      out += rule.id.padding(8) + severity.padding(10) + rule.title + "\n"
    }
    out += "\n* mandatory: always fails the run. `lockstep explain ID` shows a rule's rationale and examples.\n"
    Terminal.out(out)
  }
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
