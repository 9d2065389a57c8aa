import LockstepModel

/// LS2003: a credential written as a plain variable value, in Git.
public struct SecretInPlainVariableRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS2003", title: "Secret in a plain variable", severity: .error,
    rationale: """
      Plain variables are committed to Git in clear text and shown to everyone who can read the \
      project. A value shaped like a credential (a private key, a GitHub, AWS, Slack or Octopus \
      token, a JSON web token, a connection string with a password), or any literal in a variable \
      whose name says it is a password, secret, token or key, belongs in a Sensitive variable \
      (which Octopus keeps out of Git) or a secret store referenced with `#{...}`. The finding \
      never repeats the value.
      """,
    violating: [
      RuleExample([
        "variables.ocl": "variable \"Db.Password\" {\n    value ↓\"hunter2-prod\" {}\n}"
      ]),
      RuleExample([
        "variables.ocl":
          "variable \"Deploy.Key\" {\n    value {\n        ↓value = <<-EOT\n                -----BEGIN RSA PRIVATE KEY-----\n                MIIEexample\n                -----END RSA PRIVATE KEY-----\n                EOT\n    }\n}"
      ]),
    ],
    nonViolating: [
      RuleExample([
        "variables.ocl":
          "variable \"Db.Password\" {\n    type = \"Sensitive\"\n}\n\nvariable \"Db.ConnectionString\" {\n    value \"Server=db;Password=#{Db.Password}\" {}\n}\n\nvariable \"Api.Token\" {\n    value \"#{Vault.ApiToken}\" {}\n}"
      ])
    ])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    guard let variables = subject.resource?.root[field: "variables"]?[field: "variable"] else { return }
    for variable in variables.entries {
      guard let name = variable.label, Self.isPlain(variable.node) else { continue }
      let secretName = SecretShapes.nameLooksSecret(name)
      for (position, value) in (variable.node[field: "value"]?.entries ?? []).enumerated() {
        guard let textNode = value.node[field: "value"], let text = textNode.string,
          let reason = Self.reason(secretName: secretName, value: text)
        else { continue }
        sink.add(
          rule,
          "variable \"\(name)\" holds \(reason) in plain text: make it `type = \"Sensitive\"` and set the value in Octopus, or reference a secret store with #{...}",
          at: textNode.location,
          path: Path([
            .name("variables"), .name("variable"), .key(name), .name("value"), .index(position), .name("value"),
          ]))
      }
    }
  }

  /// Sensitive variables keep their value out of Git; typed ones (accounts, certificates, worker
  /// pools) hold ids, not secrets.
  static func isPlain(_ variable: Node) -> Bool {
    guard let type = variable[field: "type"]?.string else { return true }
    return type == "String"
  }

  static func reason(secretName: Bool, value: String) -> String? {
    if let kind = SecretShapes.kind(of: value) { return kind }
    if secretName && SecretShapes.isCredentialLiteral(value) { return "a literal value under a secret's name" }
    return nil
  }
}
