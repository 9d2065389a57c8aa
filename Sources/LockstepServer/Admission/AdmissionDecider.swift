import LockstepEngine
import LockstepModel

/// Decides an admission request with the same engine and policies as `lockstep lint`, so CI and
/// admission never disagree: the request's two sides become a base folder and a proposed folder
/// in memory, judged exactly as `lockstep lint proposed --base base` judges them.
public struct AdmissionDecider: Sendable {
  public var policies: PolicySet
  public var today: CalendarDay
  /// The platform's baselines for `consistent` rules, when the service has them: one project
  /// folder, or a folder of them by space/project and project group (see `UpstreamBaselines`).
  public var upstream: String?
  /// Files already parsed by earlier requests: a base repeats until an edit is applied, and an
  /// edit changes a file or two. Nil builds every file.
  public var documents: DocumentCache?

  static let proposedFolder = "proposed"
  static let baseFolder = "base"
  static let projectFolder = ".octopus"

  public init(policies: PolicySet, today: CalendarDay, upstream: String? = nil, documents: DocumentCache? = nil) {
    self.policies = policies
    self.today = today
    self.upstream = upstream
    self.documents = documents
  }

  public func decide(_ request: AdmissionRequest) -> AdmissionDecision {
    let result =
      switch request.proposed ?? request.base {
      case .json: judgeDocuments(request)
      default: judgeProject(request)
      }
    return AdmissionDecision(
      request: request, findings: result.findings.map(relabel), policyRevision: policies.revision)
  }

  var evaluator: PolicyEvaluator { PolicyEvaluator(policies: policies, today: today) }

  func identity(_ request: AdmissionRequest) -> ResourceIdentity {
    ResourceIdentity(
      space: request.resource.space, project: request.resource.project ?? "",
      projectGroup: request.resource.projectGroup ?? "", labels: request.resource.labels ?? [:])
  }

  func actor(_ request: AdmissionRequest) -> Actor {
    Actor(name: request.actor.name, teams: request.actor.teams ?? [])
  }

  /// Config-as-Code: the lint of the proposed folder against the base folder, with the request's
  /// identity in place of lockstep.yaml's.
  func judgeProject(_ request: AdmissionRequest) -> LintResult {
    var texts: [String: String] = [:]
    for (folder, side) in [(Self.baseFolder, request.base), (Self.proposedFolder, request.proposed)] {
      guard case .ocl(let files) = side else { continue }
      for (name, text) in files { texts[join(folder, join(Self.projectFolder, name))] = text }
    }
    let tree = InMemoryTree(texts: texts)
    let project = join(Self.proposedFolder, Self.projectFolder)
    let config = RepositoryConfig(
      folder: Self.proposedFolder, policies: nil,
      projects: [RepositoryConfig.ProjectEntry(path: Self.projectFolder, identity: identity(request), upstream: nil)])
    let run = PolicyRun(
      evaluator: evaluator, base: BaseSide(tree: tree, copy: (Self.baseFolder, Self.proposedFolder)),
      upstream: upstream.flatMap { UpstreamBaselines.folder(in: $0, for: request.resource) }, config: config,
      actor: actor(request), proposedTree: tree, paths: [project],
      documents: documents)
    let inputs = (try? Discovery(tree: tree).discover(tree.exists(project) ? [project] : [])) ?? DiscoveredInputs()
    return Linter(tree: tree, policies: run, documents: documents).judge(inputs)
  }

  /// REST API resources: both sides loaded as documents, the edit judged by the policies and
  /// the proposed document by the built-in rules.
  func judgeDocuments(_ request: AdmissionRequest) -> LintResult {
    var texts: [String: [UInt8]] = [:]
    if case .json(let value) = request.base { texts["base.json"] = value.encoded() }
    if case .json(let value) = request.proposed { texts["proposed.json"] = value.encoded() }
    let tree = InMemoryTree(files: texts)
    let loader = ResourceDocumentLoader(tree: tree)
    var problems: [LoadProblem] = []
    let base = texts["base.json"] == nil ? nil : loader.load("base.json", problems: &problems)
    let proposed = texts["proposed.json"] == nil ? nil : loader.load("proposed.json", problems: &problems)
    let kind = ResourceKind(rawValue: request.resource.kind) ?? .project
    let subject = LintSubject(
      resourceName: identity(request).displayName, resource: proposed, problems: problems, tree: tree)
    var findings = Linter(tree: tree).lint(subject)
    let root = kind == .project ? "api" : ""
    let edit = Edit(
      kind: kind, identity: identity(request), base: base?.root, proposed: proposed?.root, actor: actor(request),
      hasBase: true, files: [root: proposed == nil ? "base.json" : "proposed.json"])
    findings += evaluator.evaluate(edit).findings
    return LintResult(findings: findings.sorted(by: Finding.reportOrder))
  }

  /// Findings name the request's files (`deployment_process.ocl`), not the folders the engine
  /// was given.
  func relabel(_ finding: Finding) -> Finding {
    var relabelled = finding
    guard let file = finding.file else { return relabelled }
    for folder in [Self.proposedFolder, Self.baseFolder] {
      let prefix = join(folder, Self.projectFolder) + "/"
      if file.hasPrefix(prefix) {
        relabelled.file = String(file.dropFirst(prefix.count))
        if folder == Self.baseFolder { relabelled.inBase = true }
      }
    }
    return relabelled
  }
}
