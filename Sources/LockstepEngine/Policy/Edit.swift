import LockstepModel

/// What an edit does to a resource.
public enum EditOperation: String, Sendable, Codable, CaseIterable {
  case create, update, delete
}

/// Who makes an edit, as selectors and expressions see them.
public struct Actor: Sendable, Equatable, Codable {
  public var name: String
  public var teams: [String]

  public init(name: String = "", teams: [String] = []) {
    self.name = name
    self.teams = teams
  }
}

/// A proposed change to one resource: base and proposed (either may be absent for a create or a
/// delete), the platform's upstream baseline beside them, and who is making it.
public struct Edit: Sendable {
  public var kind: ResourceKind
  public var identity: ResourceIdentity
  public var base: Node?
  public var proposed: Node?
  public var upstream: Node?
  public var actor: Actor
  /// Whether a base was given at all. Without one, edit rules have nothing to compare and are
  /// reported as not applicable, rather than every node counting as added.
  public var hasBase: Bool
  /// The file each top-level field came from (`deployment_process` → its .ocl), so a finding about
  /// something missing still points at a file.
  public var files: [String: String]
  /// Fields read from files whose bytes are the same on both sides (`variables`,
  /// `runbooks["x"]`): nothing in them changed, so the diff skips them. Empty compares everything.
  public var unchanged: [Path]

  public init(
    kind: ResourceKind, identity: ResourceIdentity, base: Node?, proposed: Node?, upstream: Node? = nil,
    actor: Actor = Actor(), hasBase: Bool = true, files: [String: String] = [:], unchanged: [Path] = []
  ) {
    self.kind = kind
    self.identity = identity
    self.base = base
    self.proposed = proposed
    self.upstream = upstream
    self.actor = actor
    self.hasBase = hasBase
    self.files = files
    self.unchanged = unchanged
  }

  public var operation: EditOperation {
    guard hasBase else { return .update }
    switch (base, proposed) {
    case (nil, _): return .create
    case (_, nil): return .delete
    default: return .update
    }
  }
}
