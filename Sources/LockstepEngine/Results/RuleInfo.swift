/// What a report says about a rule, whichever kind it is: the catalogue entry SARIF lists under
/// `rules` and JUnit names its testcases after.
public struct RuleInfo: Sendable, Codable, Equatable {
  public enum Origin: Sendable, Codable, Equatable {
    /// One of Lockstep's own `LS` rules.
    case builtin
    /// A rule of a loaded policy, named by the policy and the file it came from.
    case policy(name: String, file: String)
  }

  public var id: String
  public var title: String
  /// The whole explanation: a built-in rule's rationale, a policy rule's description.
  public var description: String
  public var severity: Severity
  public var mandatory: Bool
  public var help: String?
  public var origin: Origin

  public init(
    id: String, title: String, description: String, severity: Severity, mandatory: Bool = false,
    help: String? = nil, origin: Origin
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.severity = severity
    self.mandatory = mandatory
    self.help = help
    self.origin = origin
  }

  public init(_ rule: RuleDescription) {
    self.init(
      id: rule.id, title: rule.title, description: rule.rationale, severity: rule.severity,
      mandatory: rule.mandatory, origin: .builtin)
  }

  public init(_ rule: PolicyRule) {
    self.init(
      id: rule.id, title: rule.title, description: rule.description ?? rule.title, severity: rule.severity,
      mandatory: rule.mandatory, help: rule.help ?? rule.contact,
      origin: .policy(name: rule.origin.policy, file: rule.origin.file))
  }

  /// LS0xxx rules are about input Lockstep could not read: JUnit reports them as `<error>`.
  public var isInputRule: Bool { id.hasPrefix("LS0") }
}
