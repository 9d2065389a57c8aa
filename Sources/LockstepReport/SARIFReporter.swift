import Foundation
import LockstepEngine
import OCL

/// The SARIF 2.1.0 report, as GitHub code scanning reads it (`../shared/schemas/README.md`): one
/// run, the rule catalogue under `tool.driver.rules`, one result per finding with a repo-relative
/// location and a `partialFingerprints` entry made from `FindingKey`, so an alert keeps its
/// identity when lines move. Waived findings are `suppressions`, baselined ones
/// `baselineState: "unchanged"`.
///
/// Findings with no file (about a resource as a whole) get a logical location only. GitHub
/// code scanning wants a physical location on every result, so such a result may be dropped or
/// refused by the upload; every other consumer of SARIF takes it as it is.
public struct SARIFReporter: Sendable {
  /// GitHub code scanning accepts at most this many results a run.
  public static let maxResults = 25_000
  /// The `partialFingerprints` key: versioned, so a change to `FindingKey` can start a new one.
  public static let fingerprintKey = "lockstepFindingKey/v1"
  static let sourceRoot = "%SRCROOT%"

  let uri: @Sendable (String) -> String

  /// `uri` maps a finding's file, as the user gave it (relative to the current directory or
  /// absolute), to a path relative to the repository root, not yet percent-encoded. Paths it
  /// leaves absolute are written as `file:` URIs.
  public init(uri: @escaping @Sendable (String) -> String = { $0 }) {
    self.uri = uri
  }

  public func render(_ result: LintResult, failLevel: FailLevel) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(log(result, failLevel: failLevel)) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// The report as values, before encoding.
  public func log(_ result: LintResult, failLevel: FailLevel) -> SARIFLog {
    let rules = catalogue(result)
    var ruleIndex: [String: Int] = [:]
    for (index, rule) in rules.enumerated() { ruleIndex[rule.id] = index }

    let kept = result.findings.prefix(Self.maxResults)
    var seen: [String: Int] = [:]
    var results: [SARIFLog.Result] = []
    results.reserveCapacity(kept.count)
    for finding in kept {
      let digest = FindingKey(finding).digest
      let count = seen[digest, default: 0] + 1
      seen[digest] = count
      let fingerprint = count == 1 ? digest : "\(digest):\(count)"
      results.append(
        sarifResult(
          finding, ruleIndex: ruleIndex[finding.ruleID] ?? 0, fingerprint: fingerprint,
          baselineApplied: result.baseline != nil, failLevel: failLevel))
    }

    var notifications: [SARIFLog.Notification]?
    let dropped = result.findings.count - kept.count
    if dropped > 0 {
      notifications = [
        SARIFLog.Notification(
          level: "warning",
          message: SARIFLog.Message(
            "\(Self.grouped(dropped)) of \(Self.grouped(result.findings.count)) findings were left out: "
              + "GitHub code scanning accepts at most \(Self.grouped(Self.maxResults)) results a run. "
              + "The text and json reports list every finding."))
      ]
    }

    let run = SARIFLog.Run(
      tool: SARIFLog.Tool(
        driver: SARIFLog.Driver(
          name: ToolInfo.name, version: ToolInfo.version, semanticVersion: ToolInfo.version, rules: rules)),
      invocations: [
        SARIFLog.Invocation(
          executionSuccessful: true, toolExecutionNotifications: notifications,
          properties: SARIFLog.InvocationProperties(
            failLevel: failLevel.rawValue, failed: result.fails(at: failLevel)))
      ],
      originalUriBaseIds: [
        Self.sourceRoot: SARIFLog.ArtifactLocation(description: SARIFLog.Message("the repository root"))
      ],
      columnKind: "unicodeCodePoints",
      results: results)
    return SARIFLog(runs: [run])
  }

  // MARK: Rules

  /// Every rule of the run, sorted by id, and one made from the finding for any rule id a
  /// finding has that the run's catalogue does not.
  func catalogue(_ result: LintResult) -> [SARIFLog.ReportingDescriptor] {
    var rules = result.rules.values.map(descriptor)
    var listed = Set(result.rules.keys)
    for finding in result.findings where !listed.contains(finding.ruleID) {
      listed.insert(finding.ruleID)
      rules.append(descriptor(unlisted: finding))
    }
    return rules.sorted { $0.id < $1.id }
  }

  func descriptor(_ rule: RuleInfo) -> SARIFLog.ReportingDescriptor {
    var tags: [String] = []
    var help = rule.description
    var policy: String?
    var policyFile: String?
    switch rule.origin {
    case .builtin:
      tags.append("builtin")
      if rule.isInputRule { tags.append("input") }
      help += "\n\nA rule built into Lockstep."
    case .policy(let name, let file):
      policy = name
      policyFile = uri(file)
      tags += ["policy", name]
      help += "\n\nDefined by policy \"\(name)\" in \(policyFile ?? file)."
    }
    if rule.mandatory {
      tags.append("mandatory")
      help += " Mandatory: no exception or baseline can waive it."
    }
    let helpURI = rule.help.flatMap(Self.webURL)
    if let text = rule.help, helpURI == nil { help += "\n\nHelp: \(text)" }
    help += "\n\nRun `lockstep explain \(rule.id)` for the rule in full."
    var uniqueTags: [String] = []
    for tag in tags where !uniqueTags.contains(tag) { uniqueTags.append(tag) }
    return SARIFLog.ReportingDescriptor(
      id: rule.id, name: Self.pascalCase(rule.title), shortDescription: SARIFLog.Message(rule.title),
      fullDescription: SARIFLog.Message(rule.description), help: SARIFLog.Message(help), helpUri: helpURI,
      defaultConfiguration: SARIFLog.Configuration(level: Self.level(rule.severity)),
      properties: SARIFLog.RuleProperties(
        tags: uniqueTags, mandatory: rule.mandatory, severity: rule.severity.rawValue, policy: policy,
        policyFile: policyFile))
  }

  /// A rule the run's catalogue does not list, described from a finding of it.
  func descriptor(unlisted finding: Finding) -> SARIFLog.ReportingDescriptor {
    let helpURI = finding.help.flatMap(Self.webURL)
    var help = finding.title
    if let text = finding.help, helpURI == nil { help += "\n\nHelp: \(text)" }
    help += "\n\nRun `lockstep explain \(finding.ruleID)` for the rule in full."
    return SARIFLog.ReportingDescriptor(
      id: finding.ruleID, name: Self.pascalCase(finding.title), shortDescription: SARIFLog.Message(finding.title),
      fullDescription: SARIFLog.Message(finding.title), help: SARIFLog.Message(help), helpUri: helpURI,
      defaultConfiguration: SARIFLog.Configuration(level: Self.level(finding.severity)),
      properties: SARIFLog.RuleProperties(
        tags: [finding.ruleID.hasPrefix("LS") ? "builtin" : "policy"], mandatory: false,
        severity: finding.severity.rawValue))
  }

  // MARK: Results

  func sarifResult(
    _ finding: Finding, ruleIndex: Int, fingerprint: String, baselineApplied: Bool, failLevel: FailLevel
  ) -> SARIFLog.Result {
    var message = finding.message
    var physical: SARIFLog.PhysicalLocation?
    var baseRegion: SARIFLog.Region?
    if let file = finding.file {
      let region: SARIFLog.Region
      if finding.inBase == true {
        // The span is in the base version, which the current file no longer has.
        region = SARIFLog.Region(startLine: 1, startColumn: 1)
        baseRegion = finding.span.map(Self.region)
        message += finding.removalNote ?? ""
      } else {
        region = finding.span.map(Self.region) ?? SARIFLog.Region(startLine: 1)
      }
      physical = SARIFLog.PhysicalLocation(artifactLocation: artifactLocation(file), region: region)
    }
    let logical = SARIFLog.LogicalLocation(
      name: finding.path ?? finding.resource,
      fullyQualifiedName: finding.path.map { "\(finding.resource)/\($0)" } ?? finding.resource, kind: "object")

    var suppressions: [SARIFLog.Suppression]?
    if let suppression = finding.suppression {
      suppressions = [
        SARIFLog.Suppression(kind: "external", status: "accepted", justification: Self.justification(suppression))
      ]
    }
    var baselineState: String?
    if finding.baselined == true {
      baselineState = "unchanged"
    } else if baselineApplied {
      baselineState = "new"
    }

    return SARIFLog.Result(
      ruleId: finding.ruleID, ruleIndex: ruleIndex, level: Self.level(finding.enforcement),
      message: SARIFLog.Message(message),
      locations: [SARIFLog.Location(physicalLocation: physical, logicalLocations: [logical])],
      partialFingerprints: [Self.fingerprintKey: fingerprint], suppressions: suppressions,
      baselineState: baselineState,
      properties: SARIFLog.ResultProperties(
        enforcement: finding.enforcement.rawValue, severity: finding.severity.rawValue, resource: finding.resource,
        path: finding.path, owner: finding.owner, contact: finding.contact, help: finding.help,
        title: finding.title, fails: finding.fails(at: failLevel), inBase: finding.inBase == true ? true : nil,
        baseRegion: baseRegion, baselined: finding.baselined == true ? true : nil,
        exception: finding.suppression?.exception))
  }

  /// A repo-relative path under `%SRCROOT%`; a path the mapper left absolute as a `file:` URI.
  func artifactLocation(_ file: String) -> SARIFLog.ArtifactLocation {
    var path = uri(file)
    if path.hasPrefix("/") {
      return SARIFLog.ArtifactLocation(uri: "file://" + Self.percentEncoded(path))
    }
    while path.hasPrefix("./") { path.removeFirst(2) }
    return SARIFLog.ArtifactLocation(uri: Self.percentEncoded(path), uriBaseId: Self.sourceRoot)
  }

  // MARK: Helpers

  static func region(_ span: SourceSpan) -> SARIFLog.Region {
    let startLine = max(span.line, 1)
    let startColumn = max(span.column, 1)
    let endLine = max(span.endLine, startLine)
    let endColumn = endLine == startLine ? max(span.endColumn, startColumn) : max(span.endColumn, 1)
    return SARIFLog.Region(startLine: startLine, startColumn: startColumn, endLine: endLine, endColumn: endColumn)
  }

  static func level(_ enforcement: Enforcement) -> String {
    switch enforcement {
    case .deny: "error"
    case .warn: "warning"
    case .info: "note"
    }
  }

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .info: "note"
    }
  }

  /// `exception NAME (TICKET, approved by X, until DATE): reason`.
  static func justification(_ suppression: Suppression) -> String {
    var details: [String] = []
    if let ticket = suppression.ticket { details.append(ticket) }
    if let approver = suppression.approvedBy { details.append("approved by \(approver)") }
    details.append("until \(suppression.expires)")
    return "exception \(suppression.exception) (\(details.joined(separator: ", "))): \(suppression.reason)"
  }

  /// `help` when it is an http or https URL: SARIF's `helpUri`.
  static func webURL(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
      scheme == "http" || scheme == "https", url.host != nil
    else { return nil }
    return trimmed
  }

  /// The title's words, capitalized and joined: `Missing schema_version.ocl` is `MissingSchemaVersionOcl`.
  static func pascalCase(_ title: String) -> String? {
    let words = title.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
    let name = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    return name.isEmpty ? nil : name
  }

  /// Path characters of RFC 3986 that need no escaping, less `:` (which would read as a scheme
  /// in a relative reference's first segment).
  static let uriPathAllowed = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=@")

  static func percentEncoded(_ path: String) -> String {
    path.addingPercentEncoding(withAllowedCharacters: uriPathAllowed) ?? path
  }

  /// `25000` as `25,000`, whatever the locale.
  static func grouped(_ number: Int) -> String {
    var digits = String(number)
    var groups: [Substring] = []
    while digits.count > 3 {
      groups.insert(Substring(digits.suffix(3)), at: 0)
      digits.removeLast(3)
    }
    groups.insert(Substring(digits), at: 0)
    return groups.joined(separator: ",")
  }
}
