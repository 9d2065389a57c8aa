import LockstepModel

/// LS2002: `#{Name}` refers to a variable that the project defines nowhere.
public struct UndefinedVariableReferenceRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS2002", title: "Variable referenced but never defined", severity: .warning,
    rationale: """
      Octopus leaves an undefined `#{Name}` in the text as it is, so a misspelt variable deploys a \
      literal `#{Name}` into a config file or script instead of failing. A reference is accepted \
      when the project's variables.ocl defines the name (or a dotted prefix of it, as account and \
      certificate variables expose properties), when a process or project template declares it as \
      a parameter, when it is a step template parameter set in an action's properties, or when it \
      is an Octopus system variable (`Octopus.*`, `env:*`). Variables from library variable sets \
      and tenants are not in Git, hence a warning rather than an error.
      """,
    violating: [
      RuleExample([
        "deployment_process.ocl": "step \"deploy\" {\n    name = \"Deploy\"\n\n    action {\n        action_type = \"Octopus.Script\"\n        properties = {\n            Octopus.Action.Script.ScriptBody = <<-EOT\n                echo \"#{App.Name}\"\n                curl ↓#{App.Cache.Url}\n                EOT\n        }\n    }\n}",
        "variables.ocl": "variable \"App.Name\" {\n    value \"shop\" {}\n}",
      ])
    ],
    nonViolating: [
      RuleExample([
        "deployment_process.ocl": "step \"deploy\" {\n    name = \"#{App.Name} on #{Octopus.Environment.Name}\"\n\n    action {\n        action_type = \"Octopus.Script\"\n        properties = {\n            Octopus.Action.Script.ScriptBody = \"#{each s in App.Servers}#{s.Host}#{/each} ##{NotAReference}\"\n        }\n    }\n}",
        "variables.ocl": "variable \"App.Name\" {\n    value \"shop\" {}\n}\n\nvariable \"App.Servers\" {\n    value \"a\" {}\n}",
      ])
    ])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    guard subject.isProject, let root = subject.resource?.root else { return }
    let defined = Self.definedNames(in: root)
    root.walk { stack, node in
      guard let text = node.string, text.utf8.count > 2, text.contains("#{") else { return }
      var reported: Set<String> = []
      for reference in VariableReferenceScanner.references(in: text)
      where !Self.isDefined(reference.name, in: defined) && reported.insert(reference.name).inserted {
        let span = node.location.flatMap { subject.locate(reference.raw, in: $0) } ?? node.location?.span
        sink.add(
          rule, "`#{\(reference.name)}` is not defined in this project's variables and is not an Octopus system variable",
          file: node.location?.file, span: span, path: Path(stack))
      }
    }
  }

  /// Lower-cased, as Octopus matches variable names without regard to case.
  static func definedNames(in root: Node) -> Set<String> {
    var names = Set((root[field: "variables"]?[field: "variable"]?.entries ?? []).compactMap { $0.label?.lowercased() })
    root.walk { stack, node in
      switch stack.containerName {
      case "parameter", "package_parameter":
        if case .key(let label)? = stack.last { names.insert(label.lowercased()) }
      case "properties":
        if case .object(let fields) = node.value, stack.last?.lookup == "properties" {
          names.formUnion(fields.map { $0.name.lowercased() })
        }
      default:
        break
      }
    }
    return names
  }

  static func isDefined(_ name: String, in defined: Set<String>) -> Bool {
    let lower = name.lowercased()
    if lower.hasPrefix("octopus") || lower.hasPrefix("env:") { return true }
    if defined.contains(lower) { return true }
    // `Account.Password` of an account variable `Account`, `Cert.Thumbprint` of a certificate.
    var prefix = lower[...]
    while let cut = prefix.lastIndex(where: { $0 == "." || $0 == "[" }) {
      prefix = prefix[..<cut]
      if defined.contains(String(prefix)) { return true }
    }
    return false
  }
}
