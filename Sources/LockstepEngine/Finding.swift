import LockstepModel
import OCL

/// One thing a rule found: the single model every report format is written from.
public struct Finding: Sendable, Codable, Equatable {
  public var ruleID: String
  public var title: String
  public var severity: Severity
  public var enforcement: Enforcement
  public var message: String
  /// The resource, as reports name it (`space/project`, or the project folder's name).
  public var resource: String
  /// The path in the document model, when the finding is about a node.
  public var path: String?
  public var file: String?
  public var span: SourceSpan?
  public var owner: String?
  public var contact: String?
  public var help: String?
  /// Set when an exception waives the finding: it is kept and shown, but does not fail the run.
  public var suppression: Suppression?
  /// True when `file`/`span` point into the base version (something the edit removed): with
  /// `--base REF` or `--staged` that is not the text on disk.
  public var inBase: Bool?
  /// True when `--baseline` lists the finding: known before Lockstep was adopted, reported, not failing.
  public var baselined: Bool?

  public init(
    ruleID: String, title: String, severity: Severity, enforcement: Enforcement, message: String,
    resource: String, path: String? = nil, file: String? = nil, span: SourceSpan? = nil,
    owner: String? = nil, contact: String? = nil, help: String? = nil, suppression: Suppression? = nil
  ) {
    self.ruleID = ruleID
    self.title = title
    self.severity = severity
    self.enforcement = enforcement
    self.message = message
    self.resource = resource
    self.path = path
    self.file = file
    self.span = span
    self.owner = owner
    self.contact = contact
    self.help = help
    self.suppression = suppression
  }

  /// Whether this finding fails a run at `level`: waived and baselined findings never do.
  public func fails(at level: FailLevel) -> Bool {
    isActive && level.fails(enforcement)
  }

  /// Neither waived by an exception nor accepted by a baseline.
  public var isActive: Bool { suppression == nil && baselined != true }

  /// File order, then position, then rule: the order every report lists findings in.
  public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
    let left = (lhs.file ?? "", lhs.span?.line ?? 0, lhs.span?.column ?? 0, lhs.ruleID, lhs.message)
    let right = (rhs.file ?? "", rhs.span?.line ?? 0, rhs.span?.column ?? 0, rhs.ruleID, rhs.message)
    return left < right
  }
}

/// Why a finding is waived: the exception, as the platform team granted it.
public struct Suppression: Sendable, Codable, Equatable {
  public var exception: String
  public var reason: String
  public var ticket: String?
  public var approvedBy: String?
  public var expires: String

  public init(exception: String, reason: String, ticket: String? = nil, approvedBy: String? = nil, expires: String) {
    self.exception = exception
    self.reason = reason
    self.ticket = ticket
    self.approvedBy = approvedBy
    self.expires = expires
  }
}
