import Foundation

/// The findings a fleet had when it adopted Lockstep (`--write-baseline`), so a gate can start
/// failing on new findings only (`--baseline`). Matched by `FindingKey`: rule, resource and path,
/// not line. Input errors and mandatory rules are never baselined: a file Octopus cannot read,
/// or a secret in plain text, fails every run.
public struct Baseline: Sendable, Codable, Equatable {
  public static let currentVersion = 1

  public struct Entry: Sendable, Codable, Equatable {
    public var rule: String
    public var resource: String
    public var path: String?
    public var file: String?
    /// For people reading the file; part of the match only for findings without a path.
    public var message: String

    public init(_ finding: Finding) {
      rule = finding.ruleID
      resource = finding.resource
      path = finding.path
      file = finding.file
      message = finding.message
    }

    public var key: FindingKey {
      FindingKey(rule: rule, resource: resource, path: path, file: file, message: message)
    }
  }

  public var version: Int
  public var findings: [Entry]

  public init(findings: [Entry]) {
    version = Self.currentVersion
    self.findings = findings
  }

  /// The baseline of a run: every active finding that may be baselined.
  public init(of result: LintResult) {
    self.init(findings: result.findings.filter { Self.accepts($0, rules: result.rules) }.map(Entry.init))
  }

  public static func decode(_ data: Data) throws(BaselineError) -> Baseline {
    let baseline: Baseline
    do {
      baseline = try JSONDecoder().decode(Baseline.self, from: data)
    } catch {
      throw BaselineError(describing: error)
    }
    guard baseline.version == currentVersion else {
      throw BaselineError("version \(baseline.version) is not supported; this Lockstep reads version \(currentVersion)")
    }
    return baseline
  }

  public func encoded() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return ((try? encoder.encode(self)) ?? Data("{}".utf8)) + Data("\n".utf8)
  }

  /// Marks the findings the baseline lists as baselined, one entry for one finding, and records
  /// the entries that matched nothing: what was fixed since, to prune from the file.
  public func apply(to result: inout LintResult) {
    var remaining: [FindingKey: [Int]] = [:]
    for (index, entry) in findings.enumerated() { remaining[entry.key, default: []].append(index) }
    var matched = 0
    for index in result.findings.indices where Self.accepts(result.findings[index], rules: result.rules) {
      let key = FindingKey(result.findings[index])
      guard var entries = remaining[key], !entries.isEmpty else { continue }
      entries.removeFirst()
      remaining[key] = entries
      result.findings[index].baselined = true
      matched += 1
    }
    let stale = remaining.values.flatMap { $0 }.sorted().map { findings[$0] }
    result.baseline = BaselineOutcome(matched: matched, stale: stale)
  }

  static func accepts(_ finding: Finding, rules: [String: RuleInfo]) -> Bool {
    let rule = rules[finding.ruleID]
    return finding.suppression == nil && !(rule?.mandatory ?? false) && !finding.ruleID.hasPrefix("LS0")
  }
}

/// What applying a baseline did: how many findings it accepted, and its entries that no longer
/// match any finding.
public struct BaselineOutcome: Sendable, Equatable {
  public var matched: Int
  public var stale: [Baseline.Entry]
}

/// A baseline file that cannot be used, in words for the user.
public struct BaselineError: Error, Sendable, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }

  init(describing error: any Error) {
    switch error {
    case DecodingError.dataCorrupted(let context):
      description = "not valid JSON: \(Self.detail(context))"
    case DecodingError.keyNotFound(let key, let context):
      description = "missing field \"\(key.stringValue)\" at \(Self.place(context))"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      description = "wrong type at \(Self.place(context)): \(context.debugDescription)"
    default:
      description = "\(error)"
    }
  }

  static func place(_ context: DecodingError.Context) -> String {
    context.jsonPath.isEmpty ? "the top level" : context.jsonPath
  }

  /// Foundation puts the line and column of a syntax error in the underlying error.
  static func detail(_ context: DecodingError.Context) -> String {
    if let underlying = context.underlyingError {
      return "\(underlying)".replacingOccurrences(of: "\n", with: " ")
    }
    return context.debugDescription
  }
}
