import LockstepModel
import Yams

/// `match:` and `exclude:`: which resources (and which actors' edits) a policy or exception is
/// about. Every field given must match (globs, any one of a list); an empty selector matches all.
public struct Selector: Sendable, Equatable {
  public var kinds: [ResourceKind] = []
  public var spaces: [Glob] = []
  public var projects: [Glob] = []
  public var projectGroups: [Glob] = []
  public var labels: [String: Glob] = [:]
  public var actorNames: [Glob] = []
  public var actorTeams: [Glob] = []

  public init() {}

  public var isEmpty: Bool { self == Selector() }

  public func matches(kind: ResourceKind, identity: ResourceIdentity, actor: Actor) -> Bool {
    (kinds.isEmpty || kinds.contains(kind))
      && Self.any(spaces, identity.space)
      && Self.any(projects, identity.project)
      && Self.any(projectGroups, identity.projectGroup)
      && labels.allSatisfy { key, glob in identity.labels[key].map(glob.matches) ?? false }
      && Self.any(actorNames, actor.name)
      && (actorTeams.isEmpty || actor.teams.contains { team in actorTeams.contains { $0.matches(team) } })
  }

  static func any(_ globs: [Glob], _ value: String) -> Bool {
    globs.isEmpty || globs.contains { $0.matches(value) }
  }
}

extension Selector {
  static let fields: Set<String> = ["kinds", "spaces", "projects", "projectGroups", "labels", "actors"]

  init(_ node: Yams.Node?, reader: YAMLReader, what: String) throws(PolicyLoadError) {
    self.init()
    guard let node else { return }
    let fields = try reader.mapping(node, of: what, allowed: Self.fields)
    for kind in try reader.strings(fields["kinds"], "\(what).kinds") {
      guard let value = ResourceKind(rawValue: kind) else {
        throw reader.error(
          "unknown kind `\(kind)` in \(what).kinds; expected Project or Space", at: fields["kinds"] ?? node)
      }
      kinds.append(value)
    }
    spaces = try reader.strings(fields["spaces"], "\(what).spaces").map(Glob.init)
    projects = try reader.strings(fields["projects"], "\(what).projects").map(Glob.init)
    projectGroups = try reader.strings(fields["projectGroups"], "\(what).projectGroups").map(Glob.init)
    if let labelNode = fields["labels"] {
      guard case .mapping(let mapping) = labelNode else {
        throw reader.error("\(what).labels must be a mapping of label to value", at: labelNode)
      }
      for (key, value) in mapping {
        labels[try reader.string(key, "a label name")] = Glob(try reader.string(value, "a label value"))
      }
    }
    if let actorNode = fields["actors"] {
      let actors = try reader.mapping(actorNode, of: "\(what).actors", allowed: ["names", "teams"])
      actorNames = try reader.strings(actors["names"], "\(what).actors.names").map(Glob.init)
      actorTeams = try reader.strings(actors["teams"], "\(what).actors.teams").map(Glob.init)
    }
  }
}
