import ArgumentParser
import LockstepEngine
import LockstepModel

/// The formats `lockstep export` writes.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
  case json
}

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Print the document model of projects, or of an edit, as plain JSON.",
    discussion: """
      Takes the same paths and edit flags as `lint` (--base, --staged, --upstream) and prints every \
      edit lint would judge: resource, operation, actor and the base, proposed and upstream \
      documents, so another engine can be given exactly the same input. Collections (repeated \
      blocks) are arrays of {"label", "value"} in source order. Exit 0, or 2 on a usage error.
      """)

  @Argument(help: "Files or folders to export.", completion: .file())
  var paths: [String] = ["."]

  @Option(help: "Output format: json.")
  var format: ExportFormat = .json

  @Option(help: "Files larger than this many bytes are left out.")
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
    guard
      let run = try edit.policyRun(
        sources: sources, paths: paths, sizeLimit: maxFileSize, evenWithoutPolicies: true)
    else { throw UsageError(message: "nothing to export") }
    let export = EditExport(run: run, tree: sources.proposed)
    switch format {
    case .json: export.writeJSON(inputs, to: Terminal.out)
    }
  }
}
