import LockstepModel
import OCL

/// LS0001: the file breaks the OCL grammar, so Octopus cannot load the project.
public struct SyntaxErrorRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS0001", title: "OCL syntax error", severity: .error,
    rationale: """
      Octopus parses every OCL file of a project when it loads the project; one file it cannot \
      parse breaks deployments, runbooks and the project page until someone fixes the branch. \
      Lockstep accepts exactly the grammar Octopus's own parser accepts and says where and why a \
      file leaves it.
      """,
    mandatory: true,
    violating: [
      .process("step \"deploy\" {\n    name = \"Deploy\"\n    action { ↓action_type = \"Octopus.Script\" }\n}"),
      .process("step \"deploy\" {\n    environments = [\"dev\", \"test\"↓,]\n}"),
      .process("step \"deploy\" {\n    path = \"C:↓\\deploy\"\n}"),
      .process("step \"deploy\" {\n    name = \"Deploy\"\n↓"),
    ],
    nonViolating: [
      .process(
        "step \"deploy\" {\n    name = \"Deploy\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}"),
      .process("step \"deploy\" {\n    path = \"C:\\\\deploy\"\n    environments = [\"dev\", \"test\"]\n}"),
    ])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    for problem in subject.problems {
      switch problem {
      case .syntax(let file, let diagnostic) where diagnostic.kind == .syntax:
        sink.add(rule, diagnostic.message, file: file, span: diagnostic.span)
      case .tooManyErrors(let file):
        sink.add(
          rule, "more than \(OCLParser.maxDiagnostics) syntax errors: the rest of the file was not checked",
          file: file, span: nil)
      default:
        continue
      }
    }
  }
}
