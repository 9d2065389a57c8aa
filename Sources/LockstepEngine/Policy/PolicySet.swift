import LockstepModel

/// Everything loaded from a policies folder, checked and compiled.
public struct PolicySet: Sendable {
  public var policies: [Policy]
  public var assignment: Assignment
  public var exceptions: [PolicyException]
  /// `kind: PolicyTest` documents: run by `lockstep test`, never enforced.
  public var tests: [PolicyTestCase] = []
  /// A hash of the loaded files' contents: names the policy set a decision was made under.
  public var revision: String
  public var files: [String]

  public static let empty = PolicySet(
    policies: [], assignment: .failClosed, exceptions: [], revision: "none", files: [])

  public var rules: [PolicyRule] { policies.flatMap(\.rules) }

  public func rule(id: String) -> PolicyRule? {
    rules.first { $0.id.lowercased() == id.lowercased() }
  }
}

/// FNV-1a over the files in path order: a stable identifier of a policy set, not a security hash.
enum PolicyRevision {
  static func of(_ files: [(path: String, bytes: [UInt8])]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for (path, bytes) in files.sorted(by: { $0.path < $1.path }) {
      for byte in Array(path.utf8) + [0] + bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
      }
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
