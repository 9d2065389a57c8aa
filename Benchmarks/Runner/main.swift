import Foundation
import LockstepEngine
import LockstepModel

/// lockstep-bench parse DIR [REPEATS] | admission DIR [REPEATS] [POLICIES] [--threads N] [--document-cache [--unique-edits]] | evaluate EDITS [REPEATS] [POLICIES] [--json] | audit [SECONDS] [RATE] | git [PROJECT] | floor-server PORT TOKENS AUDIT [POLICIES]
let json = CommandLine.arguments.contains("--json")
let cached = CommandLine.arguments.contains("--document-cache")
let uniqueEdits = CommandLine.arguments.contains("--unique-edits")
let threads =
  CommandLine.arguments.firstIndex(of: "--threads").flatMap { index in
    CommandLine.arguments.indices.contains(index + 1) ? Int(CommandLine.arguments[index + 1]) : nil
  } ?? 1
let arguments = CommandLine.arguments.enumerated().filter { index, argument in
  argument != "--json" && argument != "--document-cache" && argument != "--unique-edits" && argument != "--threads"
    && CommandLine.arguments[max(index - 1, 0)] != "--threads"
}.map(\.element)
let usage =
  "usage: lockstep-bench parse DIR [REPEATS] | admission DIR [REPEATS] [POLICIES] [--threads N] [--document-cache [--unique-edits]] | evaluate EDITS [REPEATS] [POLICIES] [--json] | audit [SECONDS] [RATE] | git [PROJECT] | floor-server PORT TOKENS AUDIT [POLICIES]\n"
switch arguments.count > 1 ? arguments[1] : "" {
case "audit":
  let seconds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
  let rate = arguments.count > 3 ? Int(arguments[3]) ?? 2000 : 2000
  do {
    try await AuditBenchmark(seconds: max(seconds, 1), rate: max(rate, 1)).run()
  } catch {
    FileHandle.standardError.write(Data("audit benchmark failed: \(error)\n".utf8))
    exit(1)
  }
  exit(0)
case "git":
  do {
    try GitBenchmark(project: arguments.count > 2 ? arguments[2] : "Samples/projects/checkout-api/.octopus").run()
  } catch {
    FileHandle.standardError.write(Data("git benchmark failed: \(error)\n".utf8))
    exit(1)
  }
  exit(0)
case "floor-server":
  guard arguments.count >= 5, let port = Int(arguments[2]) else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
  }
  do {
    try await FloorServer(
      port: port, tokens: arguments[3], audit: arguments[4], policies: arguments.count > 5 ? arguments[5] : "Policies"
    ).run()
  } catch {
    FileHandle.standardError.write(Data("floor server failed: \(error)\n".utf8))
    exit(1)
  }
  exit(0)
default:
  break
}
guard arguments.count >= 3 else {
  FileHandle.standardError.write(Data(usage.utf8))
  exit(2)
}
let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5
switch arguments[1] {
case "parse":
  let files = oclFiles(under: arguments[2]).compactMap { path -> [UInt8]? in
    if case .bytes(let bytes) = DiskTree().read(path, limit: Int.max) { return bytes }
    return nil
  }
  ParseBenchmark(files: files, repeats: repeats).run()
case "admission":
  let folder = arguments[2]
  let names = (DiskTree().entries(of: folder) ?? []).map(\.name).filter { $0.hasSuffix(".json") }.sorted()
  let bodies = names.compactMap { name -> (name: String, bytes: [UInt8])? in
    guard case .bytes(let bytes) = DiskTree().read(join(folder, name), limit: Int.max) else { return nil }
    return (String(name.dropLast(5)), bytes)
  }
  AdmissionBenchmark(
    bodies: bodies, policies: loadPolicies(), repeats: repeats, threads: max(threads, 1),
    documents: cached ? DocumentCache(capacity: 8 << 20) : nil, uniqueEdits: uniqueEdits
  ).run()
case "evaluate":
  let subjects = EvaluationBenchmark.subjects(under: arguments[2], policies: loadPolicies())
  EvaluationBenchmark(subjects: subjects, repeats: repeats, json: json).run()
default:
  FileHandle.standardError.write(Data(usage.utf8))
  exit(2)
}

func loadPolicies() -> PolicySet {
  switch PolicyLoader().load(folder: arguments.count > 4 ? arguments[4] : "Policies", withTests: false) {
  case .success(let policies): return policies
  case .failure(let errors):
    FileHandle.standardError.write(Data("\(errors)\n".utf8))
    exit(2)
  }
}
