import Foundation
import Hummingbird
import HummingbirdTesting
import LockstepEngine
import LockstepServer
import TestSupport
import Testing

/// The service's routes, driven in process through the router: auth, limits, bad bodies, every
/// sample outcome, repeated uids, fail-closed, reload, metrics and the audit trail.
@Suite struct AdmissionRouterTests {
  typealias Fixtures = ServerFixtures

  @Test func healthIsOpenAndV1NeedsAToken() async throws {
    let app = try Fixtures.application(try Fixtures.service())
    try await app.test(.router) { client in
      try await client.execute(uri: "/healthz", method: .get) { response in
        #expect(response.status == .ok)
      }
      for headers: HTTPFields in [[:], [.authorization: "Bearer wrong-token-0123456789"], [.authorization: "Basic x"]] {
        for (uri, method) in [
          ("/v1/admission", HTTPRequest.Method.post), ("/v1/decisions", .get), ("/v1/reload", .post),
        ] {
          try await client.execute(uri: uri, method: method, headers: headers) { response in
            #expect(response.status == .unauthorized, "\(method) \(uri) \(headers)")
            #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"lockstep\"")
            let error = Fixtures.json(response.body)["error"] as? [String: Any]
            #expect(error?["status"] as? Int == 401)
          }
        }
      }
    }
  }

  struct Outcome: Sendable, CustomTestStringConvertible {
    var sample: String
    var allowed: Bool
    var denyingRules: [String]
    var testDescription: String { sample }
  }

  static let outcomes = [
    Outcome(sample: "allowed", allowed: true, denyingRules: []),
    Outcome(sample: "denied", allowed: false, denyingRules: ["GP001", "GP001", "GP004"]),
    Outcome(sample: "warned", allowed: true, denyingRules: []),
    Outcome(sample: "informational", allowed: true, denyingRules: []),
    Outcome(sample: "waived", allowed: true, denyingRules: []),
    Outcome(sample: "expired", allowed: false, denyingRules: ["GP001"]),
    Outcome(sample: "created", allowed: true, denyingRules: []),
    Outcome(sample: "deleted", allowed: false, denyingRules: ["GP001", "GP002"]),
  ]

  @Test(arguments: outcomes) func sampleRequestsGetTheirOutcome(_ outcome: Outcome) async throws {
    let audit = MemoryAuditStore()
    let service = try Fixtures.service(audit: audit)
    let app = try Fixtures.application(service)
    try await app.test(.router) { client in
      try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
        body: ByteBuffer(data: try Fixtures.sample(outcome.sample))
      ) { response in
        #expect(response.status == .ok)
        let decision = try #require(Fixtures.response(response.body))
        #expect(decision.uid == "sample-\(outcome.sample)-0001")
        #expect(decision.allowed == outcome.allowed, "\(decision.status.message)")
        #expect(decision.findings.filter { $0.fails(at: .error) }.map(\.ruleID).sorted() == outcome.denyingRules)
        #expect(decision.status.code == (outcome.allowed ? 200 : 403))
        #expect(decision.policyRevision == service.policies.policies.revision)
        let recorded = try #require(try await audit.decision(uid: decision.uid))
        #expect(decision.auditId == recorded.auditID)
        #expect(recorded.allowed == outcome.allowed)
      }
    }
  }

  @Test func findingsNameTheRequestsFilesAndWarningsAreShort() async throws {
    let app = try Fixtures.application(try Fixtures.service())
    try await app.test(.router) { client in
      let denied = try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
        body: ByteBuffer(data: try Fixtures.sample("denied")))
      let findings = try #require(Fixtures.response(denied.body)).findings
      let notify = try #require(findings.first { $0.path?.contains("notify") == true })
      #expect(notify.file == "deployment_process.ocl")
      #expect(notify.span?.line == 138 && notify.span?.column == 5)
      let removed = try #require(findings.first { $0.path?.contains("manual-approval") == true })
      #expect(removed.inBase == true)
      let warned = try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
        body: ByteBuffer(data: try Fixtures.sample("warned")))
      let response = try #require(Fixtures.response(warned.body))
      #expect(!response.warnings.isEmpty)
      #expect(response.warnings.allSatisfy { $0.hasPrefix("GP") })
    }
  }

  /// A process of 100,000 nested blocks (500 KB) is decided on the service's threads, denied for
  /// its syntax error, instead of overflowing a thread's stack.
  @Test func aRequestNestedTooDeepIsDeniedNotACrash() async throws {
    var review = try JSONDecoder().decode(AdmissionReview.self, from: Fixtures.sample("allowed"))
    let levels = 100_000
    let process =
      "step \"a\" {\n" + String(repeating: "a {\n", count: levels) + String(repeating: "}\n", count: levels) + "}\n"
    guard case .ocl(var files) = review.request.proposed else { throw CancellationError() }
    files["deployment_process.ocl"] = process
    review.request.proposed = .ocl(files)
    let body = try JSONEncoder().encode(review)
    let app = try Fixtures.application(try Fixtures.service(), maximumBodyBytes: 4 * 1024 * 1024)
    try await app.test(.router) { client in
      let answer = try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
        body: ByteBuffer(data: body))
      #expect(answer.status == .ok)
      let response = try #require(Fixtures.response(answer.body))
      #expect(!response.allowed)
      let syntax = try #require(response.findings.first { $0.ruleID == "LS0001" })
      #expect(syntax.file == "deployment_process.ocl" && syntax.span?.line == 65)
    }
  }

  struct BadBody: Sendable, CustomTestStringConvertible {
    var name: String
    var body: String
    var message: String
    var testDescription: String { name }
  }

  static let badBodies = [
    BadBody(name: "not JSON", body: "{nope", message: "the body:"),
    BadBody(
      name: "no request", body: #"{"apiVersion":"lockstep/v1","kind":"AdmissionReview"}"#,
      message: "missing field \"request\""),
    BadBody(
      name: "wrong apiVersion",
      body:
        #"{"apiVersion":"v2","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","resource":{"kind":"Project","space":"s","project":"p"},"actor":{"name":"a"},"proposed":{"ocl":{}}}}"#,
      message: "apiVersion must be \"lockstep/v1\""),
    BadBody(
      name: "path as file name",
      body:
        #"{"apiVersion":"lockstep/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","resource":{"kind":"Project","space":"s","project":"p"},"actor":{"name":"a"},"proposed":{"ocl":{"../../etc/passwd":"x"}}}}"#,
      message: "\"../../etc/passwd\" is not a Config-as-Code file name"),
    BadBody(
      name: "runbook outside runbooks",
      body:
        #"{"apiVersion":"lockstep/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","resource":{"kind":"Project","space":"s","project":"p"},"actor":{"name":"a"},"proposed":{"ocl":{"runbooks/../x.ocl":"x"}}}}"#,
      message: "is not a Config-as-Code file name"),
    BadBody(
      name: "update without base",
      body:
        #"{"apiVersion":"lockstep/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"UPDATE","resource":{"kind":"Project","space":"s","project":"p"},"actor":{"name":"a"},"proposed":{"ocl":{}}}}"#,
      message: "an UPDATE has both `base` and `proposed`"),
    BadBody(
      name: "unknown operation",
      body:
        #"{"apiVersion":"lockstep/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"PATCH","resource":{"kind":"Project","space":"s","project":"p"},"actor":{"name":"a"}}}"#,
      message: "request.operation"),
    BadBody(
      name: "wrong type",
      body: #"{"apiVersion":"lockstep/v1","kind":"AdmissionReview","request":{"uid":7}}"#,
      message: "request.uid: expected a string"),
  ]

  @Test(arguments: badBodies) func malformedBodiesAre400WithTheReason(_ bad: BadBody) async throws {
    let app = try Fixtures.application(try Fixtures.service())
    try await app.test(.router) { client in
      try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized, body: ByteBuffer(string: bad.body)
      ) { response in
        #expect(response.status == .badRequest)
        let message = (Fixtures.json(response.body)["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains(bad.message), "\(message)")
      }
    }
  }

  @Test func oversizedBodiesAre413() async throws {
    let app = try Fixtures.application(try Fixtures.service(), maximumBodyBytes: 4096)
    try await app.test(.router) { client in
      try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
        body: ByteBuffer(data: try Fixtures.sample("denied"))
      ) { response in
        #expect(response.status == .contentTooLarge)
        #expect((Fixtures.json(response.body)["error"] as? [String: Any])?["status"] as? Int == 413)
      }
    }
  }

  @Test func aRepeatedUIDIsAnsweredFromTheTrailAndNeverReplaysForAnotherRequest() async throws {
    let audit = MemoryAuditStore()
    let app = try Fixtures.application(try Fixtures.service(audit: audit))
    try await app.test(.router) { client in
      let body = ByteBuffer(data: try Fixtures.sample("allowed"))
      let first = try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized, body: body)
      let second = try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized, body: body)
      #expect(first.status == .ok && second.status == .ok)
      #expect(first.body == second.body)
      #expect(audit.entries.withLock { $0.count } == 1)
      // The trail keeps the body's SHA-256 in hex, so an auditor can match a request to its entry.
      let digest = try ShellRunner.run(
        "/usr/bin/env", ["sha256sum", Fixtures.admission.appendingPathComponent("allowed.json").path])
      #expect(
        audit.entries.withLock { $0.first?.requestDigest } == digest.stdout.split(separator: " ").first.map(String.init)
      )
      // The allowed request's uid, reused for the denied edit: refused, not allowed again.
      let reused = try Fixtures.sample("denied", uid: "sample-allowed-0001")
      try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized, body: ByteBuffer(data: reused)
      ) {
        response in
        #expect(response.status == .conflict)
      }
      #expect(audit.entries.withLock { $0.count } == 1)
    }
  }

  @Test func evaluationFailureDeniesUnlessFailOpen() async throws {
    for failOpen in [false, true] {
      let audit = MemoryAuditStore()
      let app = try Fixtures.application(
        try Fixtures.service(audit: audit, decider: FailingDecider(), failOpen: failOpen))
      try await app.test(.router) { client in
        try await client.execute(
          uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
          body: ByteBuffer(data: try Fixtures.sample("allowed"))
        ) { response in
          #expect(response.status == .ok)
          let decision = try #require(Fixtures.response(response.body))
          #expect(decision.allowed == failOpen)
          #expect(decision.status.code == 500)
          #expect(decision.status.message.contains("the engine broke"))
        }
      }
      #expect(audit.entries.withLock { $0.first?.allowed } == failOpen, "a failed evaluation is audited too")
    }
  }

  /// An evaluation that overruns its deadline is a failed one: denied, saying why, and audited.
  @Test func anOverrunningEvaluationIsDenied() async throws {
    let audit = MemoryAuditStore()
    let service = try Fixtures.service(
      audit: audit, decider: SlowDecider(delay: .milliseconds(800)), evaluationTimeout: .milliseconds(100))
    let app = try Fixtures.application(service)
    try await app.test(.router) { client in
      try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
        body: ByteBuffer(data: try Fixtures.sample("allowed"))
      ) { response in
        let decision = try #require(Fixtures.response(response.body))
        #expect(!decision.allowed)
        #expect(decision.status.code == 500)
        #expect(decision.status.message.contains("no result within"), "\(decision.status.message)")
      }
    }
    #expect(audit.entries.withLock { $0.count } == 1)
  }

  /// The deadline holds when every thread of the pool is busy evaluating: more overrunning
  /// requests at once than there are cores, and each is still denied at its deadline.
  @Test func theDeadlineHoldsWhenEveryThreadIsEvaluating() async throws {
    let audit = MemoryAuditStore()
    let service = try Fixtures.service(
      audit: audit, decider: SlowDecider(delay: .milliseconds(800)), evaluationTimeout: .milliseconds(100))
    let requests = 2 * ProcessInfo.processInfo.activeProcessorCount + 1
    let bodies = try (0..<requests).map { [UInt8](try Fixtures.sample("allowed", uid: "overrun-\($0)")) }
    let replies = await withTaskGroup(of: AdmissionService.Reply.self) { group in
      for body in bodies { group.addTask { await service.admit(body) } }
      return await group.reduce(into: []) { $0.append($1) }
    }
    for reply in replies {
      guard case .decision(let json) = reply, let decision = Fixtures.response(ByteBuffer(string: json)) else {
        Issue.record("expected a decision, got \(reply)")
        continue
      }
      #expect(!decision.allowed)
      #expect(decision.status.message.contains("no result within"), "\(decision.status.message)")
    }
    #expect(audit.entries.withLock { $0.count } == requests)
  }

  @Test func noDecisionIsGivenThatCannotBeAudited() async throws {
    let audit = MemoryAuditStore()
    audit.failing.withLock { $0 = true }
    let app = try Fixtures.application(try Fixtures.service(audit: audit))
    try await app.test(.router) { client in
      try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
        body: ByteBuffer(data: try Fixtures.sample("allowed"))
      ) { response in
        #expect(response.status == .serviceUnavailable)
      }
      try await client.execute(uri: "/readyz", method: .get) { response in
        #expect(response.status == .serviceUnavailable)
      }
    }
  }

  @Test func reloadRefusesABrokenSetAndKeepsServingTheLastGoodOne() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let policies = try Fixtures.copyOfPolicies(in: folder)
    let service = try Fixtures.service(policies: policies.path)
    let original = service.policies.policies.revision
    let app = try Fixtures.application(service)
    try await app.test(.router) { client in
      try folder.write(
        "policies/broken.yaml", "apiVersion: lockstep/v1\nkind: Policy\nmetadata: { name: x }\nspec: { nonsense: 1 }\n")
      try await client.execute(uri: "/v1/reload", method: .post, headers: Fixtures.authorized) { response in
        #expect(response.status == .unprocessableContent)
        let error = Fixtures.json(response.body)["error"] as? [String: Any]
        let errors = error?["errors"] as? [String] ?? []
        #expect(errors.contains { $0.contains("broken.yaml:") }, "\(errors)")
      }
      let during = try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
        body: ByteBuffer(data: try Fixtures.sample("denied")))
      #expect(Fixtures.response(during.body)?.policyRevision == original)
      #expect(Fixtures.response(during.body)?.allowed == false)

      try FileManager.default.removeItem(at: policies.appendingPathComponent("broken.yaml"))
      try Fixtures.selectGoldenPath(false, in: policies)
      try await client.execute(uri: "/v1/reload", method: .post, headers: Fixtures.authorized) { response in
        #expect(response.status == .ok)
        let revision = Fixtures.json(response.body)["policyRevision"] as? String
        #expect(revision != nil && revision != original)
      }
      // With the golden-path policy selecting nothing, the same edit is no longer denied.
      let after = try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
        body: ByteBuffer(data: try Fixtures.sample("denied", uid: "after-reload")))
      #expect(Fixtures.response(after.body)?.allowed == true)
      #expect(Fixtures.response(after.body)?.policyRevision == service.policies.policies.revision)
    }
  }

  @Test func metricsCountOutcomesFindingsAndReloads() async throws {
    let app = try Fixtures.application(try Fixtures.service())
    try await app.test(.router) { client in
      for name in ["allowed", "denied"] {
        _ = try await client.execute(
          uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
          body: ByteBuffer(data: try Fixtures.sample(name)))
      }
      _ = try await client.execute(uri: "/v1/admission", method: .post, headers: [:])
      _ = try await client.execute(uri: "/v1/reload", method: .post, headers: Fixtures.authorized)
      try await client.execute(uri: "/metrics", method: .get) { response in
        #expect(response.status == .ok)
        let text = String(buffer: response.body)
        for line in [
          #"lockstep_admission_requests_total{outcome="allowed"} 1"#,
          #"lockstep_admission_requests_total{outcome="denied"} 1"#,
          #"lockstep_admission_requests_total{outcome="unauthorized"} 1"#,
          #"lockstep_findings_total{rule="GP001",enforcement="deny"} 2"#,
          #"lockstep_policy_reloads_total{result="success"} 1"#,
          "lockstep_decision_duration_seconds_count 2",
          "lockstep_audit_write_duration_seconds_count 2",
        ] {
          #expect(text.contains(line), "missing \(line) in\n\(text)")
        }
      }
    }
  }

  @Test func decisionsAreQueriedByResourceActorAndOutcomeWithPaging() async throws {
    let app = try Fixtures.application(try Fixtures.service())
    try await app.test(.router) { client in
      for index in 0..<5 {
        for name in ["allowed", "denied"] {
          _ = try await client.execute(
            uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
            body: ByteBuffer(data: try Fixtures.sample(name, uid: "\(name)-\(index)")))
        }
      }
      let denied = try await client.execute(
        uri: "/v1/decisions?allowed=false&resource=payments/checkout-api&limit=3", method: .get,
        headers: Fixtures.authorized)
      let page = try AdmissionJSON.decode(AuditPage.self, from: Data(buffer: denied.body))
      #expect(page.decisions.map(\.uid) == ["denied-4", "denied-3", "denied-2"])
      let next = try #require(page.next)
      let rest = try await client.execute(
        uri: "/v1/decisions?allowed=false&resource=payments/checkout-api&limit=3&before=\(next)", method: .get,
        headers: Fixtures.authorized)
      let second = try AdmissionJSON.decode(AuditPage.self, from: Data(buffer: rest.body))
      #expect(second.decisions.map(\.uid) == ["denied-1", "denied-0"])
      try await client.execute(uri: "/v1/decisions?since=yesterday", method: .get, headers: Fixtures.authorized) {
        response in
        #expect(response.status == .badRequest)
      }
    }
  }
}
