import LockstepModel

/// The edits a lint would judge, as plain JSON: what `lockstep export` prints, so another engine
/// (the Rego port in Benchmarks/peers) can be given exactly the input Lockstep's policies see.
///
/// ```
/// {"version":1,"edits":[{"kind","resource","operation","hasBase","actor","base","proposed","upstream","files"}]}
/// ```
/// `base`, `proposed` and `upstream` are documents in `NodeJSON`'s form, or null.
public struct EditExport: Sendable {
  public static let version = 1

  public var run: PolicyRun
  public var tree: any SourceTree

  public init(run: PolicyRun, tree: any SourceTree) {
    self.run = run
    self.tree = tree
  }

  /// Every project and resource document discovery found, and every project the edit deletes,
  /// in that order, one edit at a time: a monorepo's export holds one project's trees at once.
  /// Loose OCL files are not resources and have no edit.
  public func forEachEdit(_ inputs: DiscoveredInputs, _ body: (Edit) -> Void) {
    let files = OCLFileLoader(tree: tree, sizeLimit: run.sizeLimit)
    for discovered in inputs.projects {
      let identity = run.config?.entry(forProjectFolder: discovered.folder)?.identity
      let project = ProjectLoader(files: files).load(
        folder: discovered.folder, identity: identity, subprojects: discovered.subprojects)
      body(run.edit(proposed: project, folder: discovered.folder))
    }
    for folder in run.deletedProjects(comparedWith: inputs) {
      body(run.edit(proposed: nil, folder: folder))
    }
    for path in inputs.documents {
      var problems: [LoadProblem] = []
      let resource = ResourceDocumentLoader(tree: tree, sizeLimit: run.sizeLimit).load(path, problems: &problems)
      if let resource { body(run.edit(document: resource, file: path)) }
    }
  }

  /// The export document, handed to `output` a piece at a time (the opening, each edit, the
  /// close), so it is written as it is made instead of held whole.
  public func writeJSON(_ inputs: DiscoveredInputs, to output: (String) -> Void) {
    output(#"{"version":\#(Self.version),"edits":["#)
    var first = true
    forEachEdit(inputs) { edit in
      var out = first ? "" : ","
      first = false
      Self.write(edit, into: &out)
      output(out)
    }
    output("]}\n")
  }

  static func write(_ edit: Edit, into out: inout String) {
    out += #"{"kind":"#
    NodeJSON.writeString(edit.kind.rawValue, into: &out)
    out += #","resource":"#
    write(edit.identity, into: &out)
    out += #","operation":"#
    NodeJSON.writeString(edit.operation.rawValue, into: &out)
    out += #","hasBase":\#(edit.hasBase),"actor":{"name":"#
    NodeJSON.writeString(edit.actor.name, into: &out)
    out += #","teams":"#
    NodeJSON.write(Node(.array(edit.actor.teams.map { Node(.string($0)) })), into: &out)
    out += "}"
    for (name, node) in [("base", edit.base), ("proposed", edit.proposed), ("upstream", edit.upstream)] {
      out += #",""# + name + #"":"#
      NodeJSON.write(node, into: &out)
    }
    out += #","files":"#
    writeDictionary(edit.files, into: &out)
    out += "}"
  }

  static func write(_ identity: ResourceIdentity, into out: inout String) {
    out += #"{"space":"#
    NodeJSON.writeString(identity.space, into: &out)
    out += #","project":"#
    NodeJSON.writeString(identity.project, into: &out)
    out += #","projectGroup":"#
    NodeJSON.writeString(identity.projectGroup, into: &out)
    out += #","labels":"#
    writeDictionary(identity.labels, into: &out)
    out += "}"
  }

  /// Keys sorted, so the same edit always exports to the same bytes.
  static func writeDictionary(_ dictionary: [String: String], into out: inout String) {
    out += "{"
    for (index, key) in dictionary.keys.sorted().enumerated() {
      if index > 0 { out += "," }
      NodeJSON.writeString(key, into: &out)
      out += ":"
      NodeJSON.writeString(dictionary[key] ?? "", into: &out)
    }
    out += "}"
  }
}
