import ArgumentParser
import LockstepEngine
import LockstepModel

struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Run the policy tests (kind: PolicyTest) beside the policies.",
    discussion: "Exit 0 when every test passes, 1 when one fails, 2 when the policies cannot be loaded.")

  @Argument(
    help: "The policies folder (default: `policies:` of lockstep.yaml, else ./Policies).", completion: .directory)
  var folder: String?

  /// The day exceptions are judged on, for tests that do not name one.
  @Option(help: .hidden)
  var today: String?

  func validate() throws {
    if let today, CalendarDay(today) == nil { throw ValidationError("--today takes a date such as 2027-01-31") }
  }

  func run() throws {
    let source = try PolicySource.parse(folder.map { ["--policies", $0] } ?? [])
    guard let set = try source.load(config: PolicySource.config(near: folder ?? "."), withTests: true) else {
      throw UsageError(message: "no policies folder: name one, or add Policies/ or lockstep.yaml")
    }
    let day = today.flatMap(CalendarDay.init) ?? CalendarDay.today()
    let results = PolicyTestRunner(policies: set, today: day).run()
    var out = ""
    for result in results {
      out += (result.passed ? "PASS " : "FAIL ") + result.testCase.name + "  (\(result.testCase.file))\n"
      if let problem = result.problem { out += "    cannot run: \(problem)\n" }
      for missing in result.missing { out += "    expected, not found: \(missing)\n" }
      for unexpected in result.unexpected { out += "    found, not expected: \(unexpected)\n" }
    }
    let failed = results.filter { !$0.passed }.count
    out += "\(results.count - failed) passed, \(failed) failed\n"
    Terminal.out(out)
    if results.isEmpty { throw UsageError(message: "\(set.files.count) policy files hold no PolicyTest") }
    // A test that could not run (a missing fixture, OCL that does not parse) is a broken test
    // setup, not a policy failure.
    if results.contains(where: { $0.problem != nil }) { throw ExitCode(ExitStatus.usage) }
    if failed > 0 { throw ExitCode(ExitStatus.findings) }
  }
}
