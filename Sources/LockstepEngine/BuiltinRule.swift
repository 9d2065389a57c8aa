import LockstepModel
import OCL

/// One of Lockstep's own rules (`LS` + 4 digits): a description with examples, and a check.
public protocol BuiltinRule: Sendable {
  var rule: RuleDescription { get }
  func check(_ subject: LintSubject, into sink: inout FindingSink)
}

/// What the built-in rules look at: one project, document or loose file as loaded.
public struct LintSubject: Sendable {
  /// The resource's name in reports.
  public var resourceName: String
  /// The CaC folder, for a project.
  public var folder: String?
  public var resource: Resource?
  public var files: [CaCFileRole: String]
  public var problems: [LoadProblem]
  /// Where the files came from, to find exact positions inside a value when reporting.
  public var tree: any SourceTree

  public init(
    resourceName: String, folder: String? = nil, resource: Resource? = nil,
    files: [CaCFileRole: String] = [:], problems: [LoadProblem] = [], tree: any SourceTree
  ) {
    self.resourceName = resourceName
    self.folder = folder
    self.resource = resource
    self.files = files
    self.problems = problems
    self.tree = tree
  }

  public init(project: LoadedProject, tree: any SourceTree) {
    self.init(
      resourceName: project.resource.identity.displayName, folder: project.folder,
      resource: project.resource, files: project.files, problems: project.problems, tree: tree)
  }

  public var isProject: Bool { folder != nil && resource?.kind == .project }

  /// The span of the `occurrence`-th appearance of `needle` inside a node's source text, so a
  /// finding about part of a long script points at the line that holds it.
  public func locate(_ needle: String, in location: SourceLocation, occurrence: Int = 0) -> SourceSpan? {
    guard case .bytes(let bytes) = tree.read(location.file, limit: OCLFileLoader.defaultSizeLimit) else { return nil }
    let target = Array(needle.utf8)
    let end = min(bytes.count, location.span.offset + location.span.length)
    guard !target.isEmpty, location.span.offset <= end else { return nil }
    var seen = 0
    var i = location.span.offset
    while i + target.count <= end {
      if bytes[i] == target[0] && bytes[i..<(i + target.count)].elementsEqual(target) {
        if seen == occurrence { return span(in: bytes, offset: i, length: target.count) }
        seen += 1
      }
      i += 1
    }
    return nil
  }

  func span(in bytes: [UInt8], offset: Int, length: Int) -> SourceSpan {
    var line = 1
    var lineStart = 0
    for k in 0..<offset where bytes[k] == 0x0A {
      line += 1
      lineStart = k + 1
    }
    let column = 1 + bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count
    let width = bytes[offset..<(offset + length)].filter { $0 & 0xC0 != 0x80 }.count
    return SourceSpan(offset: offset, length: length, line: line, column: column, endLine: line, endColumn: column + width)
  }
}

/// Collects a rule's findings, filling in what every finding of the subject shares.
public struct FindingSink: Sendable {
  public let subject: LintSubject
  public private(set) var findings: [Finding] = []

  public init(subject: LintSubject) {
    self.subject = subject
  }

  public mutating func add(
    _ rule: RuleDescription, _ message: String, file: String?, span: SourceSpan?,
    path: Path? = nil, severity: Severity? = nil
  ) {
    let severity = severity ?? rule.severity
    findings.append(
      Finding(
        ruleID: rule.id, title: rule.title, severity: severity,
        enforcement: rule.mandatory ? .deny : Enforcement(centralized: severity),
        message: message, resource: subject.resourceName, path: path?.description, file: file,
        span: span))
  }

  public mutating func add(
    _ rule: RuleDescription, _ message: String, at location: SourceLocation?, path: Path? = nil,
    severity: Severity? = nil
  ) {
    add(rule, message, file: location?.file, span: location?.span, path: path, severity: severity)
  }
}
