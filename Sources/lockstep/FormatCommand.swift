import ArgumentParser
import Foundation
import LockstepModel
import OCL

struct FormatCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fmt",
    abstract: "Rewrite OCL files in the canonical form Octopus writes.",
    discussion: """
      Formatting never changes meaning. With --check nothing is written: the files that would \
      change are listed and the exit code is 1. A file that does not parse is reported with its \
      errors and left as it is (exit 1).
      """)

  @Flag(help: "List the files that are not canonical and exit 1; change nothing.")
  var check = false

  @Argument(help: "OCL files, or folders to search for them.", completion: .file())
  var paths: [String]

  func run() throws {
    let files = try oclFiles()
    var failed = false
    for file in files {
      switch format(file) {
      case .unchanged: continue
      case .invalid: failed = true
      case .changed(let canonical):
        failed = failed || check
        if check {
          Terminal.out("\(file)\n")
        } else {
          try write(canonical, to: file)
          Terminal.note("formatted \(file)")
        }
      }
    }
    if failed { throw ExitCode(ExitStatus.findings) }
  }

  enum Outcome {
    case unchanged
    case changed(String)
    case invalid
  }

  func format(_ file: String) -> Outcome {
    guard case .bytes(let bytes) = DiskTree().read(file, limit: OCLFileLoader.defaultSizeLimit) else {
      Terminal.error("\(file): cannot read the file")
      return .invalid
    }
    let result = OCLParser.parse(bytes)
    guard result.isValid else {
      for diagnostic in result.diagnostics {
        Terminal.error("\(file):\(diagnostic.span.line):\(diagnostic.span.column): \(diagnostic.message)")
      }
      return .invalid
    }
    let canonical = OCLWriter.write(result.document)
    return Array(canonical.utf8) == bytes ? .unchanged : .changed(canonical)
  }

  /// Replaces the file in one step, so an interrupted run never leaves half a file.
  func write(_ text: String, to file: String) throws {
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
    } catch {
      throw UsageError(message: "cannot write \(file): \(error.localizedDescription)")
    }
  }

  func oclFiles() throws -> [String] {
    let tree = DiskTree()
    var files: [String] = []
    for path in paths {
      guard tree.exists(path) else { throw UsageError(message: "no such file or folder: \(path)") }
      if tree.isDirectory(path) {
        files += oclFiles(under: path, tree: tree)
      } else {
        files.append(path)
      }
    }
    return files
  }

  func oclFiles(under folder: String, tree: DiskTree) -> [String] {
    (tree.entries(of: folder) ?? []).flatMap { entry -> [String] in
      let path = join(folder, entry.name)
      if entry.isDirectory {
        return [".git", ".build", "node_modules"].contains(entry.name) ? [] : oclFiles(under: path, tree: tree)
      }
      return entry.name.hasSuffix(".ocl") ? [path] : []
    }
  }
}
