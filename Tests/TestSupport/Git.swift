import Foundation

/// git in a test's temporary repositories.
public enum Git {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Runs git in `folder`; a non-zero exit throws with git's message.
  @discardableResult
  public static func run(_ arguments: [String], in folder: URL) throws -> CommandRunner.Outcome {
    let outcome = try ShellRunner.run("/usr/bin/env", ["git"] + arguments, in: folder)
    guard outcome.status == 0 else { throw Failure(description: "git \(arguments): \(outcome.stderr)") }
    return outcome
  }

  /// A new repository on `main` with a committer identity, so commits work on any machine.
  public static func initRepository(at folder: URL, user: String = "CI", email: String = "ci@example.com") throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try run(["init", "-q", "-b", "main"], in: folder)
    try run(["config", "user.email", email], in: folder)
    try run(["config", "user.name", user], in: folder)
  }
}
