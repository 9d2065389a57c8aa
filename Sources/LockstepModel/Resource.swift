/// The two kinds of thing the platform team owns downstream.
public enum ResourceKind: String, Sendable, Codable, CaseIterable {
  case project = "Project"
  case space = "Space"
}

/// Which resource this is, as policies select it.
public struct ResourceIdentity: Sendable, Hashable, Codable {
  public var space: String
  public var project: String
  public var projectGroup: String
  public var labels: [String: String]

  public init(space: String = "", project: String = "", projectGroup: String = "", labels: [String: String] = [:]) {
    self.space = space
    self.project = project
    self.projectGroup = projectGroup
    self.labels = labels
  }

  /// `space/project`, the name reports use for the resource.
  public var displayName: String {
    [space, project].filter { !$0.isEmpty }.joined(separator: "/")
  }
}

/// A Space or a Project as one document tree.
public struct Resource: Sendable {
  public var kind: ResourceKind
  public var identity: ResourceIdentity
  public var root: Node

  public init(kind: ResourceKind, identity: ResourceIdentity, root: Node) {
    self.kind = kind
    self.identity = identity
    self.root = root
  }
}
