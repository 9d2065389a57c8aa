import LockstepModel

/// LS0002: a comment line, which HCL allows and Octopus's OCL parser does not.
public struct CommentRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS0002", title: "Comments are not allowed in OCL", severity: .error,
    rationale: """
      OCL looks like HCL, where `#` and `//` start comments, but Octopus's parser has no comments: \
      a commented line makes the whole file unreadable and the project fails to load. Keep notes \
      in the step's `notes` attribute or in the repository's README instead.
      """,
    mandatory: true,
    violating: [
      .process("↓# deploy first\nstep \"deploy\" {\n    name = \"Deploy\"\n}"),
      .process("step \"deploy\" {\n    ↓// deploy first\n    name = \"Deploy\"\n}"),
    ],
    nonViolating: [
      .process("step \"deploy\" {\n    name = \"Deploy\"\n    notes = \"# not a comment: inside a string\"\n}")
    ])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    for case .syntax(let file, let diagnostic) in subject.problems where diagnostic.kind == .comment {
      sink.add(rule, diagnostic.message, file: file, span: diagnostic.span)
    }
  }
}
