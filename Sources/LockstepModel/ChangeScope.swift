/// Narrows a lint to what an edit changes: the pre-commit hook and a CI gate on a monorepo judge
/// the projects a commit or pull request touches, not the whole fleet.
public struct ChangeScope: Sendable {
  public var proposed: any SourceTree
  public var base: any SourceTree

  public init(proposed: any SourceTree, base: any SourceTree) {
    self.proposed = proposed
    self.base = base
  }

  /// The paths to lint for a set of changed files (as the user would type them): the project
  /// folder each belongs to on either side, so a deleted project is still judged, and changed
  /// OCL files outside projects (Platform Hub). Only files under one of `roots` count. Other
  /// files (workflows, READMEs, lockstep.yaml itself) are not lint inputs.
  public func paths(for changed: [String], within roots: [String]) -> [String] {
    let roots = roots.map(RepositoryConfig.normalize)
    var seen = Set<String>()
    var paths: [String] = []
    for file in changed.map(RepositoryConfig.normalize) where roots.contains(where: { Self.contains($0, file) }) {
      guard let path = target(of: file), seen.insert(path).inserted else { continue }
      paths.append(path)
    }
    return paths
  }

  func target(of file: String) -> String? {
    var folder = parent(of: file)
    if lastComponent(of: folder) == CaCFileRole.runbooksFolder { folder = parent(of: folder) }
    for tree in [proposed, base] where Discovery(tree: tree).isProjectFolder(folder) {
      // A path that only the base has is passed as is: the run finds it deleted.
      return folder
    }
    return file.hasSuffix(".ocl") && proposed.exists(file) ? file : nil
  }

  static func contains(_ root: String, _ path: String) -> Bool {
    root == "." || path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
  }

  func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  func lastComponent(of path: String) -> Substring {
    guard let slash = path.lastIndex(of: "/") else { return Substring(path) }
    return path[path.index(after: slash)...]
  }
}
