import LockstepModel

/// The outcome of one policy test: what was expected and not found, and found and not expected.
public struct PolicyTestResult: Sendable {
  public var testCase: PolicyTestCase
  public var missing: [PolicyTestCase.Expectation]
  public var unexpected: [PolicyTestCase.Expectation]
  /// Why the test could not run (a folder that does not exist, a file that does not parse).
  public var problem: String?

  public var passed: Bool { missing.isEmpty && unexpected.isEmpty && problem == nil }
}

/// Runs PolicyTests against the policy set they sit beside.
public struct PolicyTestRunner: Sendable {
  public var policies: PolicySet
  public var today: CalendarDay

  public init(policies: PolicySet, today: CalendarDay) {
    self.policies = policies
    self.today = today
  }

  public func run() -> [PolicyTestResult] {
    policies.tests.map(run)
  }

  public func run(_ test: PolicyTestCase) -> PolicyTestResult {
    var problems: [String] = []
    let base = load(test.base, problems: &problems)
    let proposed = load(test.proposed, problems: &problems)
    let upstream = load(test.upstream, problems: &problems)
    guard problems.isEmpty else {
      return PolicyTestResult(testCase: test, missing: [], unexpected: [], problem: problems.joined(separator: "; "))
    }
    let edit = Edit(
      kind: test.kind, identity: test.identity, base: base?.resource.root, proposed: proposed?.resource.root,
      upstream: upstream?.resource.root, actor: test.actor, hasBase: test.base != nil,
      files: Dictionary(
        ([base, proposed].compactMap { $0 }.flatMap { $0.files }).map {
          ($0.key.path.segments.first?.lookup ?? "", $0.value)
        },
        uniquingKeysWith: { _, proposed in proposed }))
    let evaluation = PolicyEvaluator(policies: policies, today: test.today ?? today).evaluate(edit)
    let actual = evaluation.findings.map {
      PolicyTestCase.Expectation(
        rule: $0.ruleID, path: $0.path, enforcement: $0.enforcement, waived: $0.suppression != nil)
    }
    return PolicyTestResult(
      testCase: test, missing: Self.difference(test.expected, actual),
      unexpected: Self.difference(actual, test.expected))
  }

  /// Multiset difference; an expectation without a path matches a finding of that rule anywhere.
  public static func difference(_ left: [PolicyTestCase.Expectation], _ right: [PolicyTestCase.Expectation])
    -> [PolicyTestCase
    .Expectation]
  {
    var remaining = right
    var out: [PolicyTestCase.Expectation] = []
    // Expectations with a path first: one without a path must not take the finding a
    // path-specific one needs, or the result would depend on the order they are written in.
    for item in left.filter({ $0.path != nil }) + left.filter({ $0.path == nil }) {
      if let index = remaining.firstIndex(where: { matches(item, $0) }) {
        remaining.remove(at: index)
      } else {
        out.append(item)
      }
    }
    return out
  }

  static func matches(_ a: PolicyTestCase.Expectation, _ b: PolicyTestCase.Expectation) -> Bool {
    a.rule.lowercased() == b.rule.lowercased() && a.enforcement == b.enforcement && a.waived == b.waived
      && (a.path == nil || b.path == nil || a.path == b.path)
  }

  func load(_ side: PolicyTestCase.Side?, problems: inout [String]) -> LoadedProject? {
    switch side {
    case nil, .absent?: return nil
    case .folder(let folder):
      guard Discovery().isProjectFolder(folder) else {
        problems.append("\(folder) is not a Config-as-Code project folder")
        return nil
      }
      return checked(ProjectLoader().load(folder: folder), problems: &problems)
    case .inline(let files):
      let tree = InMemoryTree(
        texts: Dictionary(uniqueKeysWithValues: files.map { ("test/.octopus/" + $0.key, $0.value) }))
      return checked(ProjectLoader(files: OCLFileLoader(tree: tree)).load(folder: "test/.octopus"), problems: &problems)
    }
  }

  /// A test whose OCL does not parse tests nothing: say so rather than compare findings.
  func checked(_ project: LoadedProject, problems: inout [String]) -> LoadedProject {
    for case .syntax(let file, let diagnostic) in project.problems {
      problems.append("\(file):\(diagnostic.span.line):\(diagnostic.span.column): \(diagnostic.message)")
    }
    return project
  }
}
