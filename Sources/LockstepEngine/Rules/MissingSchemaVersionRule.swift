import LockstepModel

/// LS1001: a project folder without `schema_version.ocl`.
public struct MissingSchemaVersionRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS1001", title: "Missing schema_version.ocl", severity: .error,
    rationale: """
      Octopus reads `schema_version.ocl` first to know how to read the rest of the folder; without \
      it the project does not load from Git. It is a single line: `version = N`.
      """,
    violating: [RuleExample(["deployment_process.ocl": "↓step \"a\" {\n    name = \"A\"\n}"], schemaVersion: false)],
    nonViolating: [.process("step \"a\" {\n    name = \"A\"\n}")])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    guard let folder = subject.folder, subject.isProject, subject.files[.schemaVersion] == nil else { return }
    // Point at the process file when there is one, so editors and code scanning have a place.
    let process = subject.files[.deploymentProcess]
    sink.add(
      rule, "the project folder \(folder) has no schema_version.ocl (`version = N`), so Octopus cannot load it",
      file: process ?? folder, span: process.map { _ in .fileStart })
  }
}
