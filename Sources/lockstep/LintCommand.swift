import ArgumentParser
import Foundation
import LockstepEngine
import LockstepModel
import LockstepReport
import OCL

extension FailLevel: ExpressibleByArgument {}

struct LintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check Config-as-Code projects, Platform Hub files and REST resource documents.",
    discussion: """
      PATH may be a repository, a folder holding `.octopus/` folders, a CaC project folder, an OCL \
      file (its project is linted) or a JSON/YAML REST API resource document. Exit 0: nothing at \
      or above the fail level; 1: findings at or above it; 2: usage error; 3: internal error.
      """)

  @Argument(help: "Files or folders to lint.", completion: .file())
  var paths: [String] = ["."]

  @Option(help: "Report format on stdout: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
  var format: ReportFormat = .text

  @Option(
    name: .customLong("output"),
    help: ArgumentHelp("Also write a report to a file (repeatable).", valueName: "FORMAT=FILE"))
  var outputs: [ReportOutput] = []

  @Option(help: "Lowest enforcement that fails the run: error (a deny), warning, info, none.")
  var failLevel: FailLevel = .error

  @Option(help: "Files larger than this many bytes are reported, not read.")
  var maxFileSize: Int = OCLFileLoader.defaultSizeLimit

  @Flag(help: "Lint only the projects the edit changes (with --staged or --base REF).")
  var changed = false

  @Flag(help: "Add file and line attributes to JUnit testcases (outside the JUnit XSD; some GitHub actions read them).")
  var junitFileAttributes = false

  @OptionGroup var edit: EditOptions
  @OptionGroup var baselines: BaselineOptions

  func validate() throws {
    guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be a positive number of bytes") }
    try edit.validate()
    if changed && !edit.staged && edit.base == nil {
      throw ValidationError("--changed needs an edit to take the changes from: --staged or --base REF")
    }
  }

  func run() throws {
    let sources = try edit.sources(for: paths)
    let targets = changed ? try changedTargets(sources) : paths
    let inputs: DiscoveredInputs
    do {
      // A changed project that only the base has is a deletion: the policy run finds it.
      inputs = try Discovery(tree: sources.proposed).discover(
        changed ? targets.filter(sources.proposed.exists) : targets)
    } catch {
      throw UsageError(message: error.description)
    }
    let policies = try edit.policyRun(
      sources: sources, paths: targets, anchor: paths.first ?? ".", sizeLimit: maxFileSize)
    var result = Linter(tree: sources.proposed, sizeLimit: maxFileSize, policies: policies).lint(inputs)
    // A wrong --base looks exactly like a set of new projects; say which ones were judged so.
    for folder in result.created.sorted() {
      Terminal.note("\(folder) has no counterpart in the base: judged as a new project (create)")
    }
    try baselines.apply(to: &result)
    try baselines.write(result)
    try report(result, tree: sources.proposed)
    if result.fails(at: failLevel) {
      throw ExitCode(ExitStatus.findings)
    }
  }

  func report(_ result: LintResult, tree: any SourceTree) throws {
    let renderer = ReportRenderer(
      failLevel: failLevel, tree: tree, repositoryPath: Self.repositoryPathMapper(),
      junitFileAttributes: junitFileAttributes)
    Terminal.out(renderer.render(result, as: format, colour: Terminal.useColour))
    for output in outputs {
      do {
        try Data(renderer.render(result, as: output.format).utf8).write(
          to: URL(fileURLWithPath: output.file), options: .atomic)
      } catch {
        throw UsageError(message: "cannot write \(output.file): \(error.localizedDescription)")
      }
    }
  }

  /// The files the edit changes, narrowed to the paths given and mapped to their projects.
  func changedTargets(_ sources: EditOptions.Sources) throws -> [String] {
    let anchor = paths.first ?? "."
    let files: [String]
    do {
      files =
        if let base = edit.base {
          try GitChanges.changedFiles(containing: anchor, since: base)
        } else {
          try GitChanges.stagedFiles(containing: anchor)
        }
    } catch {
      throw UsageError(message: error.message)
    }
    let scope = ChangeScope(proposed: sources.proposed, base: sources.base?.tree ?? sources.proposed)
    let targets = scope.paths(for: files, within: paths)
    Terminal.note(
      targets.isEmpty
        ? "--changed: the edit changes no Config-as-Code files under \(paths.joined(separator: ", "))"
        : "--changed: linting \(targets.joined(separator: ", "))")
    return targets
  }

  /// SARIF and GitHub annotations name files from the repository root; outside a repository,
  /// paths stay as given.
  static func repositoryPathMapper() -> @Sendable (String) -> String {
    guard let repository = try? GitRepository(containing: ".") else { return { $0 } }
    return { repository.repositoryPath($0) ?? $0 }
  }
}
