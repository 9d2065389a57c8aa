import LockstepServer
import Testing

/// A request names its files as Octopus lays them out: the top-level CaC files, and runbooks by
/// slug (ASCII letters, digits, `-`, `_`). Anything else is refused before it reaches a folder.
@Suite struct AdmissionFileNameTests {
  static func body(_ name: String) -> [UInt8] {
    Array(
      #"{"apiVersion":"lockstep/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","resource":{"kind":"Project","space":"s","project":"p"},"actor":{"name":"a"},"proposed":{"ocl":{"\#(name)":""}}}}"#
        .utf8)
  }

  @Test(arguments: [
    "deployment_process.ocl", "deployment_settings.ocl", "variables.ocl", "schema_version.ocl",
    "runbooks/deploy-web_2.ocl", "runbooks/Z.ocl",
  ])
  func knownNamesAreAccepted(_ name: String) throws {
    let review = try AdmissionReview.decode(Self.body(name))
    guard case .ocl(let files) = review.request.proposed else {
      Issue.record("no OCL files read")
      return
    }
    #expect(Array(files.keys) == [name])
  }

  @Test(arguments: [
    "runbooks/\u{E9}t\u{E9}.ocl", "runbooks/a b.ocl", "runbooks/.ocl", "runbooks/../x.ocl", "runbooks/a.OCL",
    "runbooks/a/b.ocl", "x.ocl", "/etc/passwd", "runbooks/\u{FF21}.ocl",
  ])
  func otherNamesAreRefused(_ name: String) {
    #expect(throws: AdmissionRequestError.self) { try AdmissionReview.decode(Self.body(name)) }
  }
}
