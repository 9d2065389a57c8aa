import LockstepEngine
import LockstepModel
import Testing

/// Every built-in rule carries examples that trigger it and examples that do not; these tests run
/// them all, so a rule's documentation and its behaviour cannot drift apart.
@Suite struct RuleExampleTests {
  static let rules = BuiltinRules.all.map(\.rule)

  /// Lints an example as the project `.octopus` of an in-memory repository.
  static func findings(_ example: RuleExample) -> [Finding] {
    let files = example.unmarked().files
    let tree = InMemoryTree(texts: Dictionary(uniqueKeysWithValues: files.map { (".octopus/" + $0.key, $0.value) }))
    let project = ProjectLoader(files: OCLFileLoader(tree: tree)).load(folder: ".octopus")
    return Linter(tree: tree).lint(LintSubject(project: project, tree: tree))
  }

  @Test(arguments: rules)
  func violatingExamplesTriggerAtTheMarkers(rule: RuleDescription) {
    for example in rule.violating {
      let expected = example.unmarked().markers.map { ".octopus/\($0.file):\($0.line):\($0.column)" }
      let actual = Self.findings(example).filter { $0.ruleID == rule.id }
        .map { "\($0.file ?? "-"):\($0.span?.line ?? 0):\($0.span?.column ?? 0)" }.sorted()
      #expect(!expected.isEmpty, "\(rule.id): a violating example must mark where the finding is")
      #expect(actual == expected.sorted(), "\(rule.id) example: \(example.files)")
    }
  }

  @Test(arguments: rules)
  func nonViolatingExamplesAreClean(rule: RuleDescription) {
    for example in rule.nonViolating {
      let found = Self.findings(example)
      #expect(found.filter { $0.ruleID == rule.id }.isEmpty, "\(rule.id): \(found.map(\.message))")
    }
  }

  @Test(arguments: rules)
  func everyRuleIsDocumented(rule: RuleDescription) {
    #expect(rule.id.count == 6 && rule.id.hasPrefix("LS"))
    #expect(!rule.title.isEmpty && rule.rationale.count > 80)
    #expect(!rule.violating.isEmpty || Self.exampleFree.contains(rule.id), "\(rule.id) has no triggering example")
    #expect(!rule.nonViolating.isEmpty || rule.id == "LS0006", "\(rule.id) has no non-triggering example")
  }

  /// Rules about the file system or the bytes of a file, which an OCL example cannot show; their
  /// tests are in BuiltinRuleTests and the CLI tests.
  static let exampleFree: Set<String> = ["LS0003", "LS0004", "LS0005", "LS0006"]

  @Test func idsAreUniqueAndInOrder() {
    let ids = Self.rules.map(\.id)
    #expect(ids == ids.sorted())
    #expect(Set(ids).count == ids.count)
  }
}

extension RuleDescription: CustomTestStringConvertible {
  public var testDescription: String { id }
}
