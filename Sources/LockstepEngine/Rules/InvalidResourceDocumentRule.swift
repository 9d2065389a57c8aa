import LockstepModel
import OCL

/// LS0006: a JSON or YAML resource document that cannot be read as an Octopus Space or Project.
public struct InvalidResourceDocumentRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS0006", title: "Resource document cannot be read", severity: .error,
    rationale: """
      Spaces and database-backed project settings come from Octopus's REST API as JSON (or YAML). \
      A document that does not parse, or is not a Space or Project, cannot be checked, so it fails \
      the run rather than passing unchecked.
      """,
    mandatory: true, violating: [], nonViolating: [])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    for case .invalidDocument(let file, let message, let line, let column) in subject.problems {
      let span = SourceSpan(offset: 0, length: 0, line: line, column: column, endLine: line, endColumn: column)
      sink.add(rule, message, file: file, span: span)
    }
  }
}
