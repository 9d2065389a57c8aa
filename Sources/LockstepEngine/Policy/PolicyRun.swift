import LockstepModel
import OCL

/// Where the base of an edit is read from: a git revision (same paths), or a folder holding a
/// copy of what is linted as it was (`lockstep lint proposed --base old`: the same layout under
/// `old` as under `proposed`).
public struct BaseSide: Sendable {
  public var tree: any SourceTree
  /// For `--base DIR`: the folder the old copy is in, and the linted path it stands for.
  public var copy: (folder: String, of: String)?

  public init(tree: any SourceTree, copy: (folder: String, of: String)? = nil) {
    self.tree = tree
    self.copy = copy
  }

  /// The base's path for a path of the proposed side.
  public func path(for proposed: String) -> String {
    guard let copy else { return proposed }
    return Self.rebase(proposed, from: copy.of, to: copy.folder)
  }

  /// The proposed side's path for a path of the base.
  public func proposedPath(for base: String) -> String {
    guard let copy else { return base }
    return Self.rebase(base, from: copy.folder, to: copy.of)
  }

  static func rebase(_ path: String, from old: String, to new: String) -> String {
    let normalized = RepositoryConfig.normalize(path)
    let root = RepositoryConfig.normalize(old)
    if normalized == root { return new }
    if root == "." { return normalized.hasPrefix("/") ? normalized : join(new, normalized) }
    guard normalized.hasPrefix(root + "/") else { return path }
    return join(new, String(normalized.dropFirst(root.count + 1)))
  }
}

extension LintResult {
  /// One edit's policy findings, with what its exceptions did, ready to merge into a run.
  init(_ evaluation: PolicyEvaluation) {
    self.init(findings: evaluation.findings)
    checks[evaluation.resource] = evaluation.evaluated.map {
      CheckedRule(ruleID: $0.rule.id, applicability: $0.applicability)
    }
    usedExceptions = evaluation.usedExceptions
    expiredExceptions = evaluation.expiredExceptions
    matchedExceptions = evaluation.matchedExceptions
  }
}

/// Everything policy evaluation needs beside the proposed files: the policies, the base and
/// upstream sides, the repository configuration and who is making the edit.
public struct PolicyRun: Sendable {
  public var evaluator: PolicyEvaluator
  public var base: BaseSide?
  /// `--upstream DIR`: one baseline project folder for every project, or a folder with the same
  /// layout as the repository.
  public var upstream: String?
  public var config: RepositoryConfig?
  public var actor: Actor
  public var proposedTree: any SourceTree
  public var sizeLimit: Int
  /// The paths being linted, to find projects the edit deletes.
  public var paths: [String]
  /// The lockstep.yaml the edit changes, when it does: identities and policies were taken from
  /// the base's copy, and the change itself is a finding.
  public var configChange: String?
  /// Trees kept from earlier runs (the admission service's), or nil to build every file.
  public var documents: DocumentCache?

  public init(
    evaluator: PolicyEvaluator, base: BaseSide? = nil, upstream: String? = nil, config: RepositoryConfig? = nil,
    actor: Actor = Actor(), proposedTree: any SourceTree = DiskTree(), sizeLimit: Int = OCLFileLoader.defaultSizeLimit,
    paths: [String], documents: DocumentCache? = nil
  ) {
    self.evaluator = evaluator
    self.base = base
    self.upstream = upstream
    self.config = config
    self.actor = actor
    self.proposedTree = proposedTree
    self.sizeLimit = sizeLimit
    self.paths = paths
    self.documents = documents
  }

  /// Projects the base has and the proposed side does not: the edit deletes them.
  public func deletedProjects(comparedWith inputs: DiscoveredInputs) -> [String] {
    guard let base else { return [] }
    let existing = Set(inputs.projects.map { RepositoryConfig.normalize($0.folder) })
    let basePaths = paths.map(base.path(for:)).filter(base.tree.exists)
    guard let found = try? Discovery(tree: base.tree).discover(basePaths) else { return [] }
    return found.projects.map { base.proposedPath(for: $0.folder) }
      .filter { !existing.contains(RepositoryConfig.normalize($0)) }
  }

  /// The policy findings for one project: `proposed` nil when the edit deletes it.
  func evaluate(proposed: LoadedProject?, folder: String) -> LintResult {
    let edit = edit(proposed: proposed, folder: folder)
    var result = LintResult(evaluator.evaluate(edit))
    // A deleted project has no proposed side to count it; count it here.
    if proposed == nil { result.resources = [edit.identity.displayName] }
    if base != nil, edit.base == nil, proposed != nil { result.created = [folder] }
    return result
  }

  /// One project's edit: its identity from lockstep.yaml, its base and upstream loaded beside
  /// the proposed side (nil when the edit deletes it).
  public func edit(proposed: LoadedProject?, folder: String) -> Edit {
    let entry = config?.entry(forProjectFolder: folder)
    let identity = entry?.identity ?? ResourceIdentity(project: ProjectLoader.projectName(folder))
    let baseProject = base.flatMap { side in load(side.path(for: folder), from: side.tree, identity: identity) }
    let upstreamProject = upstreamFolder(for: folder, entry: entry).flatMap {
      load($0, from: DiskTree(), identity: identity)
    }
    var files: [String: String] = [:]
    for project in [baseProject, proposed].compactMap({ $0 }) {
      for (role, path) in project.files { files[role.path.segments.first?.lookup ?? ""] = path }
    }
    let unchanged = baseProject.flatMap { base in proposed.map { base.unchangedFields(comparedWith: $0) } } ?? []
    return Edit(
      kind: .project, identity: identity, base: baseProject?.resource.root, proposed: proposed?.resource.root,
      upstream: upstreamProject?.resource.root, actor: actor, hasBase: base != nil, files: files,
      unchanged: unchanged)
  }

  /// The state rules for a REST API document (a Space, or a Project's database settings): there
  /// is no base for a document, so edit rules do not apply.
  func evaluate(document resource: Resource, file: String) -> LintResult {
    LintResult(evaluator.evaluate(edit(document: resource, file: file)))
  }

  public func edit(document resource: Resource, file: String) -> Edit {
    let root = resource.kind == .project ? "api" : ""
    return Edit(
      kind: resource.kind, identity: resource.identity, base: nil, proposed: resource.root, actor: actor,
      hasBase: false, files: [root: file])
  }

  func load(_ folder: String, from tree: any SourceTree, identity: ResourceIdentity) -> LoadedProject? {
    guard Discovery(tree: tree).isProjectFolder(folder) else { return nil }
    return ProjectLoader(files: OCLFileLoader(tree: tree, sizeLimit: sizeLimit, cache: documents)).load(
      folder: folder, identity: identity)
  }

  func upstreamFolder(for folder: String, entry: RepositoryConfig.ProjectEntry?) -> String? {
    if let entry, let upstream = entry.upstream, let config { return join(config.folder, upstream) }
    guard let upstream else { return nil }
    if Discovery(tree: DiskTree()).isProjectFolder(upstream) { return upstream }
    return folder.hasPrefix("/") ? nil : join(upstream, folder)
  }

  static let expiredException = RuleInfo(
    id: "LS2101", title: "Exception has expired",
    description:
      "An exception in the policies has passed its expiry date: it no longer waives anything, and the findings it covered fail again. Renew it or remove it.",
    severity: .warning, origin: .builtin)
  static let unusedException = RuleInfo(
    id: "LS2102", title: "Exception matched nothing",
    description:
      "An exception selected a resource of this run but waived none of its findings: the finding it was granted for is gone, and the exception is only a door left open.",
    severity: .info, origin: .builtin)
  static let configChanged = RuleInfo(
    id: "LS2103", title: "lockstep.yaml changed by the edit",
    description:
      "lockstep.yaml says which folder is which project and where the policies are; an edit that changes it could move a project out of its policies, so the run uses the base's copy and the change needs the platform team.",
    severity: .error, mandatory: true, origin: .builtin)

  /// The checks a run makes about its own setting rather than about a resource.
  public static let runRules = [expiredException, unusedException, configChanged]

  /// A changed lockstep.yaml decides which policies apply, so only the platform may change it.
  func configChangeFinding() -> Finding? {
    guard let file = configChange else { return nil }
    let rule = Self.configChanged
    return Finding(
      ruleID: rule.id, title: rule.title, severity: rule.severity, enforcement: .deny,
      message:
        "the edit changes lockstep.yaml, which decides which project is which and which policies apply; this run used the base's copy, and the change needs the platform team",
      resource: "lockstep.yaml", file: file, span: .fileStart)
  }

  /// About the exceptions whose resources this run looked at: expired ones (warning) and ones
  /// that waived nothing (info). Exceptions for resources not linted here are not judged.
  func exceptionHygiene(_ result: LintResult) -> [Finding] {
    evaluator.policies.exceptions.filter { result.matchedExceptions.contains($0.name) }.compactMap { exception in
      let rule: RuleInfo
      let message: String
      if evaluator.today > exception.expires {
        rule = Self.expiredException
        let wouldHave =
          result.expiredExceptions.contains(exception.name) ? ", which it would have waived in this run" : ""
        message =
          "exception \(exception.name) expired on \(exception.expires) and no longer waives \(exception.rules.joined(separator: ", "))\(wouldHave)"
      } else if !result.usedExceptions.contains(exception.name) {
        rule = Self.unusedException
        message = "exception \(exception.name) waived nothing in this run: remove it if the finding it was for is gone"
      } else {
        return nil
      }
      let span = SourceSpan(
        offset: 0, length: 0, line: exception.origin.line, column: exception.origin.column,
        endLine: exception.origin.line,
        endColumn: exception.origin.column)
      return Finding(
        ruleID: rule.id, title: rule.title, severity: rule.severity,
        enforcement: Enforcement(centralized: rule.severity),
        message: message, resource: "policies", file: exception.origin.file, span: span)
    }
  }
}
