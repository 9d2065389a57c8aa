import LockstepEngine
import LockstepModel

/// Writes one run in any format: the single place the CLI and the service turn a result into a report.
public struct ReportRenderer: Sendable {
  public var failLevel: FailLevel
  /// Where the text report reads source lines from.
  public var tree: any SourceTree
  /// Maps a finding's file to a path relative to the repository root, for SARIF and GitHub.
  public var repositoryPath: @Sendable (String) -> String
  /// JUnit testcase `file`/`line` attributes: outside the XSD, read by some GitHub actions.
  public var junitFileAttributes: Bool

  public init(
    failLevel: FailLevel, tree: any SourceTree = DiskTree(),
    repositoryPath: @escaping @Sendable (String) -> String = { $0 }, junitFileAttributes: Bool = false
  ) {
    self.failLevel = failLevel
    self.tree = tree
    self.repositoryPath = repositoryPath
    self.junitFileAttributes = junitFileAttributes
  }

  public func render(_ result: LintResult, as format: ReportFormat, colour: Bool = false) -> String {
    switch format {
    case .text: TextReporter(colour: colour, tree: tree).render(result, failLevel: failLevel)
    case .parseable: ParseableReporter.render(result)
    case .json: JSONReporter.render(result, failLevel: failLevel)
    case .sarif: SARIFReporter(uri: repositoryPath).render(result, failLevel: failLevel)
    case .junit: JUnitReporter(fileAttributes: junitFileAttributes).render(result, failLevel: failLevel)
    case .github: GitHubReporter(repositoryPath: repositoryPath).render(result, failLevel: failLevel)
    }
  }
}
