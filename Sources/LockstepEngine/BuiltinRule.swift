import LockstepModel
import OCL

/// One of Lockstep's own rules (`LS` + 4 digits): a description with examples, and a check.
public protocol BuiltinRule: Sendable {
  var rule: RuleDescription { get }
  func check(_ subject: LintSubject, into sink: inout FindingSink)
  /// This rule as a tree rule, when it is one. A witness, not `as? any TreeRule`: the linter
  /// asks for every rule on every run, and a cast to an existential searches the conformances.
  var asTreeRule: (any TreeRule)? { get }
}

extension BuiltinRule {
  public var asTreeRule: (any TreeRule)? { nil }
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

  /// A file's text, for finding exact positions inside a value when reporting.
  public func source(of file: String) -> SourceText? {
    guard case .bytes(let bytes) = tree.read(file, limit: OCLFileLoader.defaultSizeLimit) else { return nil }
    return SourceText(bytes)
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
