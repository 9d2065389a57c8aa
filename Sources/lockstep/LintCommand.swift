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

  @OptionGroup var edit: EditOptions

  func validate() throws {
    guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be a positive number of bytes") }
    try edit.validate()
  }

  func run() throws {
    let sources = try edit.sources(for: paths)
    let inputs: DiscoveredInputs
    do {
      inputs = try Discovery(tree: sources.proposed).discover(paths)
    } catch {
      throw UsageError(message: error.description)
    }
    let policies = try edit.policyRun(sources: sources, paths: paths, sizeLimit: maxFileSize)
    let result = Linter(tree: sources.proposed, sizeLimit: maxFileSize, policies: policies).lint(inputs)
    // A wrong --base looks exactly like a set of new projects; say which ones were judged so.
    for folder in result.created.sorted() {
      Terminal.note("\(folder) has no counterpart in the base: judged as a new project (create)")
    }
    Terminal.out(render(result, as: format, colour: Terminal.useColour, tree: sources.proposed))
    for output in outputs {
      do {
        let report = render(result, as: output.format, colour: false, tree: sources.proposed)
        try Data(report.utf8).write(to: URL(fileURLWithPath: output.file))
      } catch {
        throw UsageError(message: "cannot write \(output.file): \(error.localizedDescription)")
      }
    }
    if result.findings.contains(where: { $0.fails(at: failLevel) }) {
      throw ExitCode(ExitStatus.findings)
    }
  }

  func render(_ result: LintResult, as format: ReportFormat, colour: Bool, tree: any SourceTree) -> String {
    switch format {
    case .text: TextReporter(colour: colour, tree: tree).render(result, failLevel: failLevel)
    case .json: JSONReporter.render(result, failLevel: failLevel)
    }
  }
}
