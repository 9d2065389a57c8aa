import LockstepModel

/// The top of each resource kind's document tree, so a policy path that can never match is a load
/// error instead of a rule that silently never fires.
enum ResourceSchema {
  /// A Project's fields and, where the shape is fixed, the blocks directly under them.
  static let projectFields: [String: Set<String>?] = [
    "deployment_process": ["step", "process_template"],
    "deployment_settings": nil,
    "variables": ["variable"],
    "runbooks": nil,
    "schema_version": ["version"],
    "channels": ["channel"],
    "api": nil,
  ]

  /// Why `path` can never match a resource of `kind`, or nil when it can.
  static func problem(with path: Path, for kind: ResourceKind) -> String? {
    guard kind == .project, let first = path.segments.first else { return nil }
    guard case .name(let root) = first else {
      return first == .wildcard ? nil : "a Project path starts with a field name such as deployment_process"
    }
    guard let children = projectFields[root] else {
      let known = projectFields.keys.sorted().joined(separator: ", ")
      return "`\(root)` is not part of a Project (its fields are \(known))"
    }
    guard let allowed = children, path.segments.count > 1 else { return nil }
    switch path.segments[1] {
    case .name(let child), .key(let child):
      guard allowed.contains(child) else {
        return "`\(root)` holds \(allowed.sorted().map { "`\($0)`" }.joined(separator: " and ")), not `\(child)`"
      }
      return nil
    default:
      return nil
    }
  }
}
