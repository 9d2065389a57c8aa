/// What makes two findings in two runs the same finding: the rule, the resource and the path in
/// the document model. Not the line, so a finding keeps its identity when lines are added above
/// it. Baselines match by it, and SARIF's `partialFingerprints` are made from it.
public struct FindingKey: Sendable, Hashable, Codable {
  public var rule: String
  public var resource: String
  /// The node the finding is about.
  public var path: String?
  /// For a finding without a path (a file-level problem): the file and the message stand in.
  public var file: String?
  public var message: String?

  public init(rule: String, resource: String, path: String?, file: String? = nil, message: String? = nil) {
    self.rule = rule
    self.resource = resource
    self.path = path
    self.file = path == nil ? file : nil
    self.message = path == nil ? message : nil
  }

  public init(_ finding: Finding) {
    self.init(
      rule: finding.ruleID, resource: finding.resource, path: finding.path, file: finding.file,
      message: finding.message)
  }

  /// A short, stable digest of the key: 64-bit FNV-1a over its fields, as 16 hex digits. Stable
  /// across runs, machines and Swift versions, unlike `hashValue`.
  public var digest: String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    let fields = [rule, resource, path ?? "", file ?? "", message ?? ""]
    for byte in fields.joined(separator: "\u{1F}").utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
