import LockstepModel

/// LS0003: a file that could not be opened or read.
public struct UnreadableFileRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS0003", title: "File cannot be read", severity: .error,
    rationale: """
      A file Lockstep cannot read is a file it cannot check; passing it silently would let \
      anything through. Fix the permissions or remove the file.
      """,
    mandatory: true, violating: [], nonViolating: [.process("step \"deploy\" {\n    name = \"Deploy\"\n}")])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    for case .unreadable(let file, let reason) in subject.problems {
      sink.add(rule, "cannot read the file: \(reason)", file: file, span: nil)
    }
  }
}
