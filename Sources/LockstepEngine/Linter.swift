import Dispatch
import LockstepModel
import OCL
import Synchronization

/// Runs the built-in rules over projects, Platform Hub files and resource documents.
public struct Linter: Sendable {
  public var rules: [any BuiltinRule]
  public var tree: any SourceTree
  public var sizeLimit: Int
  /// The policies and the other sides of each edit; nil runs the built-in rules alone.
  public var policies: PolicyRun?
  /// Trees kept from earlier runs (the admission service's), or nil to build every file.
  public var documents: DocumentCache?

  public init(
    rules: [any BuiltinRule] = BuiltinRules.all, tree: any SourceTree = DiskTree(),
    sizeLimit: Int = OCLFileLoader.defaultSizeLimit, policies: PolicyRun? = nil, documents: DocumentCache? = nil
  ) {
    self.rules = rules
    self.tree = tree
    self.sizeLimit = sizeLimit
    self.policies = policies
    self.documents = documents
  }

  public func lint(_ subject: LintSubject) -> [Finding] {
    var sink = FindingSink(subject: subject)
    var visitors: [any NodeVisitor] = []
    for rule in rules {
      if let treeRule = rule.asTreeRule {
        visitors.append(treeRule.makeVisitor(for: subject))
      } else {
        rule.check(subject, into: &sink)
      }
    }
    TreeWalk.run(&visitors, over: subject, into: &sink)
    return sink.findings
  }

  /// Lints everything discovery found, a unit of work per project, on every core. Each project's
  /// tree is dropped as soon as its findings are out, so memory stays flat across a monorepo.
  public func lint(_ inputs: DiscoveredInputs) -> LintResult {
    var result = judge(inputs)
    result.rules = catalogue()
    return result
  }

  /// The findings of `lint`, without the catalogue of every rule the run could have reported:
  /// a decision needs only the findings, and building the catalogue costs as much as a rule.
  public func judge(_ inputs: DiscoveredInputs) -> LintResult {
    let deleted = policies?.deletedProjects(comparedWith: inputs) ?? []
    let units =
      inputs.projects.map(Unit.project) + deleted.map(Unit.deletedProject) + inputs.oclFiles.map(Unit.oclFile)
      + inputs.documents.map(Unit.document)
    var merged = lintAll(units)
    if let policies {
      merged.findings += policies.exceptionHygiene(merged)
      if let change = policies.configChangeFinding() { merged.findings.append(change) }
    }
    merged.findings.sort(by: Finding.reportOrder)
    return merged
  }

  /// Every rule this run could have reported: the built-in ones, the loaded policies' and the
  /// exception-hygiene checks.
  func catalogue() -> [String: RuleInfo] {
    var rules = Dictionary(rules.map { ($0.rule.id, RuleInfo($0.rule)) }, uniquingKeysWith: { first, _ in first })
    if let policies {
      for rule in policies.evaluator.policies.policies.flatMap(\.rules) { rules[rule.id] = RuleInfo(rule) }
      for rule in PolicyRun.runRules { rules[rule.id] = rule }
    }
    return rules
  }

  /// One subject's built-in findings, with every built-in rule recorded as run on it.
  func builtinResult(_ subject: LintSubject, filesChecked: Int) -> LintResult {
    var result = LintResult(findings: lint(subject), resources: [subject.resourceName], filesChecked: filesChecked)
    result.checks[subject.resourceName] = rules.map { CheckedRule(ruleID: $0.rule.id) }
    return result
  }

  /// Several units in parallel, merged in their order. One unit (an admission request, a
  /// pre-commit of one project) runs on the caller's thread: the service's pool threads are
  /// already one per core, and a dispatch per request would only add threads competing for them.
  func lintAll(_ units: [Unit]) -> LintResult {
    if units.count == 1 { return lint(units[0]) }
    let results = Mutex<[Int: LintResult]>([:])
    DispatchQueue.concurrentPerform(iterations: units.count) { index in
      let result = lint(units[index])
      results.withLock { $0[index] = result }
    }
    return results.withLock { byIndex in
      var merged = LintResult()
      for index in units.indices {
        if let result = byIndex[index] { merged.merge(result) }
      }
      return merged
    }
  }

  enum Unit: Sendable {
    case project(DiscoveredProject)
    case deletedProject(String)
    case oclFile(String)
    case document(String)
  }

  func lint(_ unit: Unit) -> LintResult {
    let files = OCLFileLoader(tree: tree, sizeLimit: sizeLimit, cache: documents)
    switch unit {
    case .project(let discovered):
      let identity = policies?.config?.entry(forProjectFolder: discovered.folder)?.identity
      let project = ProjectLoader(files: files).load(
        folder: discovered.folder, identity: identity, subprojects: discovered.subprojects)
      let subject = LintSubject(project: project, tree: tree)
      var result = builtinResult(subject, filesChecked: project.files.count)
      if let policies { result.merge(policies.evaluate(proposed: project, folder: discovered.folder)) }
      return result
    case .deletedProject(let folder):
      return policies?.evaluate(proposed: nil, folder: folder) ?? LintResult()
    case .oclFile(let path):
      var problems: [LoadProblem] = []
      _ = files.load(path, problems: &problems)
      let subject = LintSubject(resourceName: path, problems: problems, tree: tree)
      return builtinResult(subject, filesChecked: 1)
    case .document(let path):
      var problems: [LoadProblem] = []
      let resource = ResourceDocumentLoader(tree: tree, sizeLimit: sizeLimit).load(path, problems: &problems)
      let name = resource?.identity.displayName ?? path
      let subject = LintSubject(
        resourceName: name.isEmpty ? path : name, resource: resource, problems: problems, tree: tree)
      var result = builtinResult(subject, filesChecked: 1)
      if let policies, let resource { result.merge(policies.evaluate(document: resource, file: path)) }
      return result
    }
  }
}
