import LockstepModel

/// LS2001: release versioning takes its version from a package of a step that does not exist.
public struct DonorPackageStepRule: BuiltinRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS2001", title: "Donor package names no step", severity: .error,
    rationale: """
      `versioning_strategy.donor_package.step` names the step whose package version becomes the \
      release version. When that step is renamed or removed, release creation fails for everyone \
      until the setting is fixed. Steps that a process template adds are named after the \
      template's slug, so `<template-slug>-...` is accepted.
      """,
    violating: [
      RuleExample([
        "deployment_process.ocl":
          "step \"deploy-web\" {\n    name = \"Deploy\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}",
        "deployment_settings.ocl":
          "versioning_strategy {\n    donor_package {\n        package = \"web\"\n        ↓step = \"build-image\"\n    }\n}",
      ])
    ],
    nonViolating: [
      RuleExample([
        "deployment_process.ocl":
          "step \"deploy-web\" {\n    name = \"Deploy\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}",
        "deployment_settings.ocl":
          "versioning_strategy {\n    donor_package {\n        package = \"web\"\n        step = \"deploy-web\"\n    }\n}",
      ])
    ])

  public func check(_ subject: LintSubject, into sink: inout FindingSink) {
    guard let root = subject.resource?.root,
      let donor = root[field: "deployment_settings"]?[field: "versioning_strategy"]?[field: "donor_package"],
      let stepNode = donor[field: "step"], let step = stepNode.string
    else { return }
    let process = root[field: "deployment_process"]
    let steps = process?[field: "step"]?.entries ?? []
    let names = Set(
      steps.compactMap(\.label) + steps.flatMap { ($0.node[field: "action"]?.entries ?? []).compactMap(\.label) })
    let templates = (process?[field: "process_template"]?.entries ?? []).compactMap(\.label)
    guard !names.contains(step), !templates.contains(where: { step.hasPrefix($0 + "-") }) else { return }
    let known = names.sorted().prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
    sink.add(
      rule,
      "the donor package step \"\(step)\" is not a step of the deployment process\(known.isEmpty ? "" : " (steps: \(known))")",
      at: stepNode.location,
      path: Path([.name("deployment_settings"), .name("versioning_strategy"), .name("donor_package"), .name("step")]))
  }
}
