import ArgumentParser
import Foundation
import LockstepEngine
import LockstepServer

struct AdmitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "admit",
    abstract: "Decide one admission request: AdmissionReview JSON in, the response out.",
    discussion: """
      The same decision `lockstep serve` makes for POST /v1/admission, without the service or \
      its audit trail. Exit 0: allowed; 1: denied; 2: a bad request or configuration.
      """)

  @Argument(help: "An AdmissionReview JSON file, or - for standard input.", completion: .file())
  var file: String = "-"

  @OptionGroup var policySource: PolicySource

  @OptionGroup var baseline: UpstreamBaselineOption

  /// The day exceptions are judged on; tests pin it.
  @Option(help: .hidden)
  var today: String?

  func validate() throws {
    if let today, CalendarDay(today) == nil { throw ValidationError("--today takes a date such as 2027-01-31") }
  }

  func run() throws {
    let body = try readRequest()
    let review: AdmissionReview
    do {
      review = try AdmissionReview.decode(body)
    } catch {
      throw UsageError(message: "bad request: \(error.description)")
    }
    guard let policies = try policySource.load(config: PolicySource.config(near: ".")) else {
      throw UsageError(message: "no policies to decide with: give --policies DIR (or a lockstep.yaml naming them)")
    }
    let day = today.flatMap(CalendarDay.init) ?? CalendarDay.today()
    let decision = AdmissionDecider(policies: policies, today: day, upstream: baseline.upstream).decide(review.request)
    Terminal.out(decision.response(auditID: nil).json)
    if !decision.allowed { throw ExitCode(ExitStatus.findings) }
  }

  func readRequest() throws -> [UInt8] {
    let limit = AdmissionLimits.defaultBodyBytes
    let data: Data?
    if file == "-" {
      data = try? FileHandle.standardInput.readToEnd()
    } else {
      data = FileManager.default.contents(atPath: file)
    }
    guard let data else { throw UsageError(message: "cannot read \(file == "-" ? "standard input" : file)") }
    guard data.count <= limit else {
      throw UsageError(message: "bad request: the body is \(data.count) bytes; at most \(limit)")
    }
    return Array(data)
  }
}
