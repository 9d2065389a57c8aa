import Foundation

/// A fresh Python virtual environment with packages from PyPI, for tests that run the tools users
/// run beside Lockstep (pre-commit, the Rego peer).
public enum PythonEnvironment {
  public struct SetupFailed: Error, CustomStringConvertible {
    public var description: String
  }

  /// Makes `venv` under `folder` and installs `packages` into it; returns its `bin` folder.
  public static func make(in folder: URL, installing packages: [String]) throws -> URL {
    let venv = folder.appendingPathComponent("venv")
    let create = try ShellRunner.run("/usr/bin/env", ["python3", "-m", "venv", venv.path], in: folder)
    guard create.status == 0 else { throw SetupFailed(description: "python3 -m venv: \(create.stderr)") }
    let bin = venv.appendingPathComponent("bin")
    let pip = try ShellRunner.run(
      bin.appendingPathComponent("pip").path, ["install", "--quiet"] + packages, in: folder)
    guard pip.status == 0 else {
      throw SetupFailed(description: "pip install \(packages.joined(separator: " ")): \(pip.stderr)")
    }
    return bin
  }
}
