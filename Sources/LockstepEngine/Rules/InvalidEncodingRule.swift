import LockstepModel

/// LS0004: bytes that are not UTF-8.
public struct InvalidEncodingRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS0004", title: "File is not UTF-8", severity: .error,
    rationale: """
      Octopus reads OCL as UTF-8. A file saved in another encoding (Windows-1252 from an old \
      editor, UTF-16 from PowerShell's `Out-File`) loads with mangled text or not at all. The \
      finding gives the offset of the first bad byte.
      """,
    mandatory: true, violating: [],
    nonViolating: [.process("step \"deploy\" {\n    name = \"Déploiement ✓\"\n}")])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    for case .syntax(let file, let diagnostic) in subject.problems where diagnostic.kind == .encoding {
      sink.add(rule, diagnostic.message, file: file, span: diagnostic.span)
    }
  }
}
