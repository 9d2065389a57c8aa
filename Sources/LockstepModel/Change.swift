/// One structural difference between a base and a proposed document.
public struct Change: Sendable {
  public enum Kind: String, Sendable, Codable {
    case added, removed, modified, moved
  }

  public var kind: Kind
  /// Where the change is, as the proposed side addresses it (the base side for a removal).
  public var path: Path
  /// The node before the edit; nil for an addition.
  public var base: Node?
  /// The node after the edit; nil for a removal.
  public var proposed: Node?

  public init(kind: Kind, path: Path, base: Node?, proposed: Node?) {
    self.kind = kind
    self.path = path
    self.base = base
    self.proposed = proposed
  }
}
