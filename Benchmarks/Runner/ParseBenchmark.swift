import Foundation
import LockstepModel
import OCL

/// `lockstep-bench parse DIR [REPEATS]`: single-core parse throughput of every `.ocl` file under
/// DIR, held in memory so the disk is not measured, against a peer measured in the same run:
/// Foundation's JSONSerialization reading the same documents written as JSON (the format the
/// REST API would give the same content in).
struct ParseBenchmark {
  let files: [[UInt8]]
  let repeats: Int

  func run() {
    let bytes = files.reduce(0) { $0 + $1.count }
    let json = files.map { JSONMirror.data(for: OCLParser.parse($0).document) }
    let jsonBytes = json.reduce(0) { $0 + $1.count }
    let ocl = Stopwatch.median(repeats) { for file in files { _ = OCLParser.parse(file) } }
    let peer = Stopwatch.median(repeats) { for data in json { _ = try? JSONSerialization.jsonObject(with: data) } }
    let oclRate = Double(bytes) / 1_048_576 / ocl
    let peerRate = Double(jsonBytes) / 1_048_576 / peer
    print(
      "files: \(files.count), OCL: \(mib(bytes)) MiB, same content as JSON: \(mib(jsonBytes)) MiB, repeats: \(repeats)")
    print(String(format: "lockstep OCL parse:            median %.3f s  %.1f MiB/s", ocl, oclRate))
    print(String(format: "Foundation JSONSerialization:  median %.3f s  %.1f MiB/s", peer, peerRate))
    print(
      String(
        format: "ratio (same documents): lockstep parses them in %.2fx the peer's time, %.2fx its MiB/s", ocl / peer,
        oclRate / peerRate))
  }

  func mib(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }
}

/// The document as plain JSON: blocks as objects with their labels, attributes as values.
enum JSONMirror {
  static func data(for document: OCLDocument) -> Data {
    (try? JSONSerialization.data(withJSONObject: body(document.body))) ?? Data()
  }

  static func body(_ elements: [OCLElement]) -> [[String: Any]] {
    elements.map { element in
      switch element {
      case .attribute(let attribute): ["name": attribute.name, "value": value(attribute.value.kind)]
      case .block(let block): ["block": block.name, "labels": block.labels.map(\.value), "body": body(block.body)]
      }
    }
  }

  static func value(_ kind: OCLValueKind) -> Any {
    switch kind {
    case .null: NSNull()
    case .bool(let flag): flag
    case .integer(let number): number
    case .decimal(let literal): Double(literal) ?? 0
    case .string(let text, _): text
    case .array(let elements): elements.map { value($0.kind) }
    case .dictionary(let entries):
      Dictionary(entries.map { ($0.key, value($0.value.kind)) }, uniquingKeysWith: { a, _ in a })
    }
  }
}

func oclFiles(under folder: String) -> [String] {
  let tree = DiskTree()
  return (tree.entries(of: folder) ?? []).flatMap { entry -> [String] in
    let path = join(folder, entry.name)
    if entry.isDirectory { return oclFiles(under: path) }
    return entry.name.hasSuffix(".ocl") ? [path] : []
  }
}
