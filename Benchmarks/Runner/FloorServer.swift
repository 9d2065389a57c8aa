import Foundation
import Hummingbird
import LockstepEngine
import LockstepServer
import Logging

/// `lockstep-bench floor-server PORT TOKENS AUDIT [POLICIES]`: `lockstep serve` with the engine
/// left out, the peer that says how fast the service could be if deciding cost nothing.
///
/// Everything else is the service's own code, built by the same `buildApplication`: HTTP, the
/// bearer token, reading and checking the request, the digest, the audit write before the reply,
/// the response. The one difference is the decider, which allows every request with no finding,
/// so this floor also leaves out writing findings (a few tens of µs per denied request).
struct FloorServer {
  let port: Int
  let tokens: String
  let audit: String
  let policies: String

  func run() async throws {
    let configuration = ServiceConfiguration(
      port: port, policies: policies, tokens: try BearerTokens.load(file: tokens),
      audit: AuditStoreLocation(argument: audit))
    var logger = Logger(label: "lockstep.floor-server")
    logger.logLevel = .warning
    let application = try await buildApplication(
      configuration: configuration, decider: AllowEverything(), logger: logger)
    try await application.runService()
  }
}

/// Decides nothing: every request allowed, no findings, under the loaded policies' revision.
struct AllowEverything: AdmissionDeciding {
  func decide(_ request: AdmissionRequest, policies: PolicySet) throws -> AdmissionDecision {
    AdmissionDecision(request: request, findings: [], policyRevision: policies.revision)
  }
}
