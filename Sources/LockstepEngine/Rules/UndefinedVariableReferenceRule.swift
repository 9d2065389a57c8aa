import LockstepModel

/// LS2002: `#{Name}` refers to a variable that the project defines nowhere.
public struct UndefinedVariableReferenceRule: TreeRule {
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
        "deployment_process.ocl":
          "step \"deploy\" {\n    name = \"Deploy\"\n\n    action {\n        action_type = \"Octopus.Script\"\n        properties = {\n            Octopus.Action.Script.ScriptBody = <<-EOT\n                echo \"#{App.Name}\"\n                curl ↓#{App.Cache.Url}\n                EOT\n        }\n    }\n}",
        "variables.ocl": "variable \"App.Name\" {\n    value \"shop\" {}\n}",
      ])
    ],
    nonViolating: [
      RuleExample([
        "deployment_process.ocl":
          "step \"deploy\" {\n    name = \"#{App.Name} on #{Octopus.Environment.Name}\"\n\n    action {\n        action_type = \"Octopus.Script\"\n        properties = {\n            Octopus.Action.Script.ScriptBody = \"#{each s in App.Servers}#{s.Host}#{/each} ##{NotAReference}\"\n        }\n    }\n}",
        "variables.ocl":
          "variable \"App.Name\" {\n    value \"shop\" {}\n}\n\nvariable \"App.Servers\" {\n    value \"a\" {}\n}",
      ])
    ])

  public func makeVisitor(for subject: LintSubject) -> any NodeVisitor {
    let variables = subject.resource?.root[field: "variables"]?[field: "variable"]?.entries ?? []
    return Visitor(rule: rule, subject: subject, defined: Set(variables.compactMap { $0.label?.lowercased() }))
  }

  /// Gathers the names the project defines and the references it makes in one walk, and judges
  /// the references at the end, when every definition has been seen.
  struct Visitor: NodeVisitor {
    let rule: RuleDescription
    let subject: LintSubject
    /// Case-folded, as Octopus matches variable names without regard to case.
    var defined: Set<String>
    var pending: [(reference: VariableReference, text: String, node: Node, path: Path)] = []
    /// Step template parameters set in actions' properties; folded into `defined` only when a
    /// reference is still unresolved at the end, since that is rare and the keys are many.
    var propertyKeys: [[Field]] = []

    mutating func visit(_ stack: [Path.Segment], _ node: Node, into sink: inout FindingSink) {
      guard subject.isProject else { return }
      // Strings first, and the container's name only for objects: this runs on every node.
      if case .string(let text) = node.value {
        note(text, node, stack)
        return
      }
      guard case .object(let fields) = node.value else { return }
      switch stack.containerName {
      case "properties" where stack.last?.lookup == "properties":
        propertyKeys.append(fields)
      case "parameter", "package_parameter":
        if case .key(let label)? = stack.last { defined.insert(label.lowercased()) }
      default:
        break
      }
    }

    /// A text's references that are not defined yet, kept for the end of the walk.
    mutating func note(_ text: String, _ node: Node, _ stack: [Path.Segment]) {
      guard text.utf8.count > 2, ByteSearch.contains("#{", in: text) else { return }
      // Most references resolve at once; only the rest wait for the end of the walk.
      var seen: [String] = []
      for reference in VariableReferenceScanner.references(in: text)
      where !UndefinedVariableReferenceRule.isDefined(reference.folded, in: defined)
        && !seen.contains(reference.folded)
      {
        seen.append(reference.folded)
        pending.append((reference, text, node, Path(stack)))
      }
    }

    mutating func finish(into sink: inout FindingSink) {
      guard !pending.isEmpty else { return }
      for fields in propertyKeys { defined.formUnion(fields.map { $0.name.lowercased() }) }
      var sources: [String: SourceText] = [:]
      for (reference, text, node, path) in pending
      where !UndefinedVariableReferenceRule.isDefined(reference.folded, in: defined) {
        var span = node.location?.span
        if let location = node.location {
          if sources[location.file] == nil { sources[location.file] = subject.source(of: location.file) }
          span = sources[location.file]?.locate(reference.tag(in: text), within: location.span) ?? span
        }
        sink.add(
          rule,
          "`#{\(reference.name(in: text))}` is not defined in this project's variables and is not an Octopus system variable",
          file: node.location?.file, span: span, path: path)
      }
    }
  }

  /// `folded` is already lower-cased. A dotted prefix that is a variable counts: `Account.Password`
  /// of an account variable `Account`, `Cert.Thumbprint` of a certificate.
  static func isDefined(_ folded: String, in defined: Set<String>) -> Bool {
    if defined.contains(folded) { return true }
    var prefix = folded[...]
    while let cut = prefix.lastIndex(where: { $0 == "." || $0 == "[" }) {
      prefix = prefix[..<cut]
      if defined.contains(String(prefix)) { return true }
    }
    return false
  }
}
