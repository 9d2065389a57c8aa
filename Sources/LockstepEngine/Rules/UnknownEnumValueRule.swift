import LockstepModel

/// LS1005: a value Octopus does not know for one of its enumerated settings.
public struct UnknownEnumValueRule: TreeRule {
  public init() {}

  /// Octopus's enumerations that CaC writes as strings: the attribute, the block it must sit in
  /// (nil: anywhere), and the values Octopus accepts.
  static let fields: [String: (parent: String?, allowed: [String])] = [
    "condition": ("step", ["Success", "Failure", "Always", "Variable"]),
    "start_trigger": ("step", ["StartAfterPrevious", "StartWithPrevious"]),
    "package_requirement": ("step", ["LetOctopusDecide", "BeforePackageAcquisition", "AfterPackageAcquisition"]),
    "default_guided_failure_mode": (nil, ["EnvironmentDefault", "Off", "On"]),
    "environment_scope": (nil, ["All", "Specified", "FromProjectLifecycles"]),
    "type": ("run_retention_policy", ["Default", "Count", "Days"]),
    "acquisition_location": ("packages", ["Server", "ExecutionTarget", "NotAcquired"]),
  ]

  /// One bit per length in bytes of the names above: most strings sit under other names, and the
  /// check saves hashing each of those for a dictionary that does not have it. (The names are
  /// lower-case ASCII, which no other spelling is canonically equivalent to, so a name of another
  /// length is never one of them.)
  static let fieldNameLengths: UInt64 = fields.keys.reduce(0) { $0 | 1 << min($1.utf8.count, 63) }

  public let rule = RuleDescription(
    id: "LS1005", title: "Unknown value for an Octopus setting", severity: .error,
    rationale: """
      Settings such as a step's `condition`, `start_trigger` and `package_requirement`, a \
      package's `acquisition_location`, a runbook's `environment_scope` and retention `type`, and \
      `default_guided_failure_mode` take one of a fixed set of values. Octopus rejects anything \
      else when it loads the project, and a typo is easy to make by hand.
      """,
    violating: [
      .process(
        "step \"deploy\" {\n    ↓condition = \"Sometimes\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}"
      ),
      .process(
        "step \"deploy\" {\n    name = \"Deploy\"\n\n    action {\n        action_type = \"Octopus.TentaclePackage\"\n\n        packages {\n            ↓acquisition_location = \"Nowhere\"\n        }\n    }\n}"
      ),
    ],
    nonViolating: [
      .process(
        "step \"deploy\" {\n    condition = \"Always\"\n    start_trigger = \"StartWithPrevious\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}"
      )
    ])

  public func makeVisitor(for subject: LintSubject) -> any NodeVisitor {
    Visitor(rule: rule)
  }

  struct Visitor: NodeVisitor {
    let rule: RuleDescription

    mutating func visit(_ stack: [Path.Segment], _ node: Node, into sink: inout FindingSink) {
      guard let value = node.string, let name = stack.containerName,
        UnknownEnumValueRule.fieldNameLengths & (1 << min(name.utf8.count, 63)) != 0,
        let field = UnknownEnumValueRule.fields[name], field.parent == nil || field.parent == stack.parentContainerName,
        !field.allowed.contains(value)
      else { return }
      let choices = field.allowed.joined(separator: ", ")
      if let match = field.allowed.first(where: { $0.lowercased() == value.lowercased() }) {
        sink.add(
          rule, "`\(name)` is \"\(value)\"; Octopus writes it as \"\(match)\"", at: node.location, path: Path(stack),
          severity: .warning)
      } else {
        sink.add(
          rule, "`\(name)` is \"\(value)\", which Octopus does not know: use one of \(choices)", at: node.location,
          path: Path(stack))
      }
    }
  }
}
