import ArgumentParser
import LockstepReport

#if canImport(Glibc)
  import Glibc
#endif

/// The command line: parses flags and calls the libraries. Exit codes are the design's, for
/// every command: 0 clean, 1 findings at or above the fail level, 2 usage or configuration
/// error, 3 internal error.
@main
struct Lockstep: AsyncParsableCommand {
  static let version = ToolInfo.version

  static let configuration = CommandConfiguration(
    commandName: "lockstep",
    abstract: "Keeps downstream Octopus Deploy projects in lockstep with what their platform team owns.",
    version: version,
    subcommands: [
      LintCommand.self, FormatCommand.self, TestCommand.self, RulesCommand.self, ExplainCommand.self, AdmitCommand.self,
      ServeCommand.self, DecisionsCommand.self, ExportCommand.self,
    ])

  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asynchronous = command as? any AsyncParsableCommand {
        try await asynchronous.run()
      } else {
        try command.run()
      }
    } catch let code as ExitCode {
      Glibc.exit(code.rawValue)
    } catch let error as UsageError {
      Terminal.error(error.message)
      Glibc.exit(ExitStatus.usage)
    } catch let error as InternalError {
      Terminal.error("internal error: \(error.message)")
      Glibc.exit(ExitStatus.internalError)
    } catch {
      // Help and --version arrive here as "errors" with a success code; the argument parser's
      // own errors (a bad flag, a missing argument) are usage errors; anything else is ours.
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Glibc.exit(ExitStatus.clean)
      }
      let message = fullMessage(for: error)
      if code == .validationFailure || isParserError(error) {
        Terminal.error(message)
        Glibc.exit(ExitStatus.usage)
      }
      Terminal.error("internal error: \(error)")
      Glibc.exit(ExitStatus.internalError)
    }
  }
}

/// The argument parser reports its own errors through its module's types.
func isParserError(_ error: any Error) -> Bool {
  String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
}

enum ExitStatus {
  static let clean: Int32 = 0
  static let findings: Int32 = 1
  static let usage: Int32 = 2
  static let internalError: Int32 = 3
}

/// A bad flag, a missing folder, an invalid configuration: exit 2.
struct UsageError: Error {
  var message: String
}

/// Lockstep itself failed: exit 3.
struct InternalError: Error {
  var message: String
}
