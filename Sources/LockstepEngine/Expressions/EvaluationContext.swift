import LockstepModel

/// What an expression is evaluated against: the node being tested and the edit around it.
///
/// Empty strings stand for "not known" (a Space has no project; a state-only lint has no actor),
/// and read as a missing value, so `resource.project == "x"` is false for a Space.
public struct EvaluationContext: Sendable {
  /// The node being tested: bare names (`action_type`, `packages[0].feed`) and `this` resolve
  /// relative to it.
  public var node: Node
  /// The resource roots that `base.`, `proposed.` and `upstream.` start from; nil when the edit
  /// has none (no base on create, no upstream when none is configured).
  public var base: Node?
  public var proposed: Node?
  public var upstream: Node?
  /// `resource.space`, `resource.project`, `resource.projectGroup`, `resource.labels["tier"]`.
  public var resource: ResourceIdentity
  /// `edit.operation`: "create", "update" or "delete".
  public var operation: String
  /// `edit.actor.name`.
  public var actorName: String
  /// `edit.actor.teams`.
  public var actorTeams: [String]

  public init(
    node: Node, base: Node? = nil, proposed: Node? = nil, upstream: Node? = nil,
    resource: ResourceIdentity = ResourceIdentity(), operation: String = "", actorName: String = "",
    actorTeams: [String] = []
  ) {
    self.node = node
    self.base = base
    self.proposed = proposed
    self.upstream = upstream
    self.resource = resource
    self.operation = operation
    self.actorName = actorName
    self.actorTeams = actorTeams
  }
}
