import ArgumentParser
import LockstepReport

/// `--output FORMAT=FILE`: one more report written to a file in the same run.
struct ReportOutput: ExpressibleByArgument {
  var format: ReportFormat
  var file: String

  init?(argument: String) {
    guard let equals = argument.firstIndex(of: "="),
      let format = ReportFormat(rawValue: String(argument[..<equals])),
      argument.index(after: equals) < argument.endIndex
    else { return nil }
    self.format = format
    self.file = String(argument[argument.index(after: equals)...])
  }

  static var defaultCompletionKind: CompletionKind { .file() }
}

extension ReportFormat: ExpressibleByArgument {}
