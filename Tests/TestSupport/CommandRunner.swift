import Foundation

/// Runs the built `lockstep` binary as a user would, capturing what it prints and its exit code.
public enum CommandRunner {
  public struct Outcome: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// The binary SwiftPM built beside the test bundle.
  public static var executable: URL {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("lockstep")
    if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
    return TestPaths.packageRoot.appendingPathComponent(".build/debug/lockstep")
  }

  public static func run(
    _ arguments: [String], in directory: URL = TestPaths.packageRoot, environment: [String: String] = [:]
  ) throws -> Outcome {
    try ShellRunner.run(executable.path, arguments, in: directory, environment: environment)
  }
}

/// Runs any program, capturing its output and exit code.
public enum ShellRunner {
  public static func run(
    _ program: String, _ arguments: [String], in directory: URL = TestPaths.packageRoot,
    environment: [String: String] = [:]
  ) throws -> CommandRunner.Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = nil
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting, so a large report cannot fill a pipe and stall the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandRunner.Outcome(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
