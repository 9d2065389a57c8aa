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

  public init(
    ruleID: String, title: String, severity: Severity, enforcement: Enforcement, message: String,
    resource: String, path: String? = nil, file: String? = nil, span: SourceSpan? = nil,
    owner: String? = nil, contact: String? = nil, help: String? = nil
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
  }

  /// File order, then position, then rule: the order every report lists findings in.
  public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
    let left = (lhs.file ?? "", lhs.span?.line ?? 0, lhs.span?.column ?? 0, lhs.ruleID, lhs.message)
    let right = (rhs.file ?? "", rhs.span?.line ?? 0, rhs.span?.column ?? 0, rhs.ruleID, rhs.message)
    return left < right
  }
}
