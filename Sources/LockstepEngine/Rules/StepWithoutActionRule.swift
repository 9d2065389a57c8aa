import LockstepModel

/// LS1003: a step with no action, which Octopus cannot run.
public struct StepWithoutActionRule: TreeRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS1003", title: "Step without an action", severity: .error,
    rationale: """
      A step is a container for one or more actions; Octopus refuses a deployment process with \
      an empty step, so the project's process cannot be saved or deployed.
      """,
    violating: [.process("↓step \"deploy\" {\n    name = \"Deploy\"\n}")],
    nonViolating: [
      .process(
        "step \"deploy\" {\n    name = \"Deploy\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}")
    ])

  public func makeVisitor(for subject: LintSubject) -> any NodeVisitor {
    Visitor(rule: rule)
  }

  struct Visitor: NodeVisitor {
    let rule: RuleDescription

    mutating func visit(_ stack: [Path.Segment], _ node: Node, into sink: inout FindingSink) {
      guard case .object = node.value, stack.count >= 2, stack.containerName == "step",
        stack.last?.lookup != "step", node[field: "action"] == nil
      else { return }
      let name = stack.last.map { "step \($0.lookup.map { "\"\($0)\"" } ?? $0.description)" } ?? "step"
      sink.add(
        rule, "\(name) has no action: add an `action` block or remove the step", at: node.location,
        path: Path(stack))
    }
  }
}
