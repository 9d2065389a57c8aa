import OCL

/// A Config-as-Code project folder loaded as a Project resource.
public struct LoadedProject: Sendable {
  /// The CaC base path, as discovery found it (`.octopus` or `.octopus/checkout-api`).
  public var folder: String
  public var resource: Resource
  /// The CaC files found, by role, with their paths.
  public var files: [CaCFileRole: String]
  /// The bytes each file was read as (shared with the tree it was read from, not copied). A
  /// role two files claim (runbook names that are the same string to Swift, `café` composed and
  /// decomposed) has none: its field holds both, and neither may be taken as unchanged.
  public var contents: [CaCFileRole: [UInt8]]
  public var problems: [LoadProblem]

  /// The fields of the resource that come from a file with the same bytes in `other`: an edit
  /// leaves them as they were, and the diff need not look inside them.
  public func unchangedFields(comparedWith other: LoadedProject) -> [Path] {
    contents.compactMap { role, bytes in other.contents[role]?.hasSameBytes(as: bytes) == true ? role.path : nil }
  }
}

/// Loads a CaC folder: the known files become fields of the project, runbooks included, and
/// anything else in the folder is reported rather than ignored.
public struct ProjectLoader: Sendable {
  public var files: OCLFileLoader

  public init(files: OCLFileLoader = OCLFileLoader()) {
    self.files = files
  }

  public func load(folder: String, identity: ResourceIdentity? = nil, subprojects: Set<String> = []) -> LoadedProject {
    var problems: [LoadProblem] = []
    var fields: [Field] = []
    var found: [CaCFileRole: String] = [:]
    var contents: [CaCFileRole: [UInt8]] = [:]
    var runbooks: [Entry] = []
    for entry in files.tree.entries(of: folder) ?? [] where !entry.name.hasPrefix(".") {
      let path = join(folder, entry.name)
      if entry.isDirectory {
        if entry.name == CaCFileRole.runbooksFolder {
          runbooks = loadRunbooks(path, found: &found, contents: &contents, problems: &problems)
        } else if !subprojects.contains(entry.name) {
          problems.append(.unknownFile(file: path, isDirectory: true))
        }
        continue
      }
      guard let role = CaCFileRole.topLevelFiles[entry.name] else {
        problems.append(.unknownFile(file: path, isDirectory: false))
        continue
      }
      found[role] = path
      let (node, bytes) = files.loadFile(path, problems: &problems)
      contents[role] = bytes
      if let node { fields.append(Field(role.path.description, node)) }
    }
    fields.sort { Self.fieldOrder($0.name) < Self.fieldOrder($1.name) }
    if !runbooks.isEmpty {
      fields.append(Field("runbooks", Node(.collection(runbooks))))
    }
    let resource = Resource(
      kind: .project, identity: identity ?? ResourceIdentity(project: Self.projectName(folder)),
      root: Node(.object(fields)))
    return LoadedProject(folder: folder, resource: resource, files: found, contents: contents, problems: problems)
  }

  func loadRunbooks(
    _ folder: String, found: inout [CaCFileRole: String], contents: inout [CaCFileRole: [UInt8]],
    problems: inout [LoadProblem]
  ) -> [Entry] {
    var runbooks: [Entry] = []
    var claimedTwice: Set<CaCFileRole> = []
    for entry in files.tree.entries(of: folder) ?? [] where !entry.name.hasPrefix(".") {
      let path = join(folder, entry.name)
      guard !entry.isDirectory, entry.name.hasSuffix(".ocl") else {
        problems.append(.unknownFile(file: path, isDirectory: entry.isDirectory))
        continue
      }
      let slug = String(entry.name.dropLast(4))
      let role = CaCFileRole.runbook(slug: slug)
      if found.updateValue(path, forKey: role) != nil { claimedTwice.insert(role) }
      let (node, bytes) = files.loadFile(path, problems: &problems)
      contents[role] = bytes
      if let node { runbooks.append(Entry(label: slug, node: node)) }
    }
    for role in claimedTwice { contents[role] = nil }
    return runbooks
  }

  /// The order of DESIGN.md section 3, whatever order the folder lists files in.
  static func fieldOrder(_ name: String) -> Int {
    ["deployment_process", "deployment_settings", "variables", "schema_version", "channels"]
      .firstIndex(of: name) ?? 99
  }

  /// A project folder's name: `.octopus/checkout-api` is `checkout-api`; a repository's single
  /// `.octopus` takes the repository folder's name.
  public static func projectName(_ folder: String) -> String {
    var components = folder.split(separator: "/").map(String.init).filter { $0 != "." }
    while let last = components.last, last == ".octopus" || last.isEmpty {
      components.removeLast()
    }
    return components.last ?? "project"
  }
}
