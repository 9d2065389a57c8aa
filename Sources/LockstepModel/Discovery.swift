/// What a set of paths given on the command line holds.
public struct DiscoveredInputs: Sendable, Equatable {
  /// CaC project folders, each loaded as a Project, with the names of project subfolders inside it.
  public var projects: [DiscoveredProject] = []
  /// OCL files checked for syntax only: Platform Hub policies and templates, loose files.
  public var oclFiles: [String] = []
  /// JSON and YAML REST API resource documents.
  public var documents: [String] = []

  public init() {}
}

public struct DiscoveredProject: Sendable, Equatable, Hashable {
  public var folder: String
  /// Subfolders that are projects of their own, so the parent does not call them unknown.
  public var subprojects: Set<String>
}

public struct DiscoveryError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String

  public init(path: String) {
    self.path = path
  }

  public var description: String { "no such file or folder: \(path)" }
}

/// Finds every project folder (`.octopus/` and its project subfolders), every Platform Hub folder
/// and every resource document under the paths given.
public struct Discovery: Sendable {
  public var tree: any SourceTree
  /// Folders never worth walking into.
  static let skippedFolders: Set<String> = [".git", ".build", "node_modules", ".svn", ".hg"]

  public init(tree: any SourceTree = DiskTree()) {
    self.tree = tree
  }

  public func discover(_ paths: [String]) throws(DiscoveryError) -> DiscoveredInputs {
    var inputs = DiscoveredInputs()
    for path in paths {
      guard tree.exists(path) else { throw DiscoveryError(path: path) }
      if tree.isDirectory(path) {
        walk(path, into: &inputs)
      } else {
        addFile(path, into: &inputs)
      }
    }
    inputs.projects = unique(inputs.projects)
    inputs.oclFiles = unique(inputs.oclFiles)
    inputs.documents = unique(inputs.documents)
    return inputs
  }

  func addFile(_ path: String, into inputs: inout DiscoveredInputs) {
    if path.hasSuffix(".json") || path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
      inputs.documents.append(path)
    } else if let project = owningProject(of: path) {
      inputs.projects.append(project)
    } else {
      inputs.oclFiles.append(path)
    }
  }

  /// A CaC file given alone lints the project it belongs to.
  func owningProject(of file: String) -> DiscoveredProject? {
    var components = file.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard components.count >= 1 else { return nil }
    let name = components.removeLast()
    if components.last == CaCFileRole.runbooksFolder { components.removeLast() }
    let folder = components.isEmpty ? "." : components.joined(separator: "/")
    let isCaCFile = CaCFileRole.topLevelFiles[name] != nil || file.contains("/\(CaCFileRole.runbooksFolder)/")
    guard isCaCFile, isProjectFolder(folder) else { return nil }
    return DiscoveredProject(folder: folder, subprojects: subprojects(of: folder))
  }

  func walk(_ folder: String, into inputs: inout DiscoveredInputs) {
    if isProjectFolder(folder) {
      let subs = subprojects(of: folder)
      inputs.projects.append(DiscoveredProject(folder: folder, subprojects: subs))
      for sub in subs.sorted() { walk(join(folder, sub), into: &inputs) }
      return
    }
    for entry in tree.entries(of: folder) ?? [] where entry.isDirectory {
      let path = join(folder, entry.name)
      if Self.skippedFolders.contains(entry.name) { continue }
      if CaCFileRole.platformHubFolders.contains(entry.name) {
        inputs.oclFiles.append(contentsOf: oclFiles(under: path))
      } else {
        walk(path, into: &inputs)
      }
    }
  }

  /// A folder holding any of the CaC files, or a `runbooks/` folder.
  public func isProjectFolder(_ folder: String) -> Bool {
    guard let entries = tree.entries(of: folder) else { return false }
    return entries.contains { entry in
      entry.isDirectory
        ? entry.name == CaCFileRole.runbooksFolder
        : CaCFileRole.topLevelFiles[entry.name] != nil
    }
  }

  func subprojects(of folder: String) -> Set<String> {
    Set(
      (tree.entries(of: folder) ?? []).filter { entry in
        entry.isDirectory && entry.name != CaCFileRole.runbooksFolder
          && isProjectFolder(join(folder, entry.name))
      }.map(\.name))
  }

  func oclFiles(under folder: String) -> [String] {
    var found: [String] = []
    for entry in tree.entries(of: folder) ?? [] {
      let path = join(folder, entry.name)
      if entry.isDirectory {
        found.append(contentsOf: oclFiles(under: path))
      } else if entry.name.hasSuffix(".ocl") {
        found.append(path)
      }
    }
    return found
  }

  func unique<T: Hashable>(_ items: [T]) -> [T] {
    var seen = Set<T>()
    return items.filter { seen.insert($0).inserted }
  }
}
