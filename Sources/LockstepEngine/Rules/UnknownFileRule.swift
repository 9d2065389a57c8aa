import LockstepModel

/// LS1002: a file or folder in a CaC folder that Octopus does not know.
public struct UnknownFileRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS1002", title: "Unknown file in a Config-as-Code folder", severity: .warning,
    rationale: """
      Octopus reads `deployment_process.ocl`, `deployment_settings.ocl`, `variables.ocl`, \
      `schema_version.ocl`, `channels.ocl` (older repositories) and `runbooks/<slug>.ocl`, and \
      nothing else. Anything else in the folder is ignored by Octopus, which usually means a \
      misspelt name (`variable.ocl`) whose content silently never applies.
      """,
    violating: [RuleExample(["deployment_process.ocl": "step \"a\" {\n    name = \"A\"\n}", "variable.ocl": "↓"])],
    nonViolating: [RuleExample(["variables.ocl": ""])])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    for case .unknownFile(let file, let isDirectory) in subject.problems {
      let what = isDirectory ? "folder" : "file"
      sink.add(
        rule,
        "Octopus does not read this \(what): a CaC folder holds deployment_process.ocl, deployment_settings.ocl, variables.ocl, schema_version.ocl, channels.ocl and runbooks/*.ocl",
        file: file, span: isDirectory ? nil : .fileStart)
    }
  }
}
