import LockstepModel

/// LS0005: a file over the size limit, measured without being read.
public struct FileTooLargeRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS0005", title: "File is too large", severity: .error,
    rationale: """
      No real deployment process comes near 16 MiB; a file that does is generated output or an \
      accident, and reading it whole would let one file exhaust a CI runner's memory. The limit \
      is `--max-file-size`.
      """,
    mandatory: true, violating: [], nonViolating: [.process("step \"deploy\" {\n    name = \"Deploy\"\n}")])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    for case .tooLarge(let file, let size, let limit) in subject.problems {
      sink.add(
        rule, "the file is \(size) bytes, over the limit of \(limit) bytes; it was not read", file: file, span: nil)
    }
  }
}
