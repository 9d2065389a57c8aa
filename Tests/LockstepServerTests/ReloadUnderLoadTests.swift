import Foundation
import Hummingbird
import HummingbirdTesting
import LockstepEngine
import LockstepServer
import Synchronization
import TestSupport
import Testing

/// A live server on loopback, many clients at once, and the policies reloaded (valid and invalid
/// sets) while they send: no request fails, and every answer is right for the revision it names.
@Suite struct ReloadUnderLoadTests {
  typealias Fixtures = ServerFixtures

  @Test func reloadingDuringLoadFailsNoRequest() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let policies = try Fixtures.copyOfPolicies(in: folder)
    let service = try Fixtures.service(policies: policies.path)
    let withGoldenPath = service.policies.policies.revision
    let app = try Fixtures.application(service)
    let denied = try Fixtures.sample("denied")
    let allowed = try Fixtures.sample("allowed")

    try await app.test(.ahc(.http)) { client in
      let failures = Shared<[String]>([])
      let answered = Shared(0)
      try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<8 {
          group.addTask {
            for index in 0..<40 {
              let deny = index % 2 == 0
              var review = try JSONDecoder().decode(AdmissionReview.self, from: deny ? denied : allowed)
              review.request.uid = "load-\(worker)-\(index)"
              let response = try await client.execute(
                uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
                body: ByteBuffer(data: try JSONEncoder().encode(review)))
              guard response.status == .ok, let decision = Fixtures.response(response.body) else {
                failures.withLock { $0.append("\(review.request.uid): HTTP \(response.status.code)") }
                continue
              }
              // The full pack denies the denied edit; with golden-path selecting nothing, nothing does.
              let expected = !(deny && decision.policyRevision == withGoldenPath)
              if decision.allowed != expected {
                failures.withLock {
                  $0.append("\(review.request.uid): allowed \(decision.allowed) under \(decision.policyRevision)")
                }
              }
              answered.withLock { $0 += 1 }
            }
          }
        }
        group.addTask {
          try await Self.reloadRepeatedly(client, policies: policies)
        }
        try await group.waitForAll()
      }
      #expect(failures.withLock { $0 } == [])
      #expect(answered.withLock { $0 } == 320)
    }
  }

  /// Turns golden-path off and on, and drops a broken file in and out, reloading after each
  /// change: every valid set is taken, every broken one refused.
  static func reloadRepeatedly(_ client: some TestClientProtocol, policies: URL) async throws {
    let broken = policies.appendingPathComponent("broken.yaml")
    for round in 0..<12 {
      switch round % 3 {
      case 0: try Fixtures.selectGoldenPath(false, in: policies)
      case 1: try Data("kind: Policy\nspec: [".utf8).write(to: broken, options: .atomic)
      default:
        try FileManager.default.removeItem(at: broken)
        try Fixtures.selectGoldenPath(true, in: policies)
      }
      let response = try await client.execute(uri: "/v1/reload", method: .post, headers: Fixtures.authorized)
      #expect(response.status == (round % 3 == 1 ? .unprocessableContent : .ok), "round \(round)")
      try await Task.sleep(for: .milliseconds(20))
    }
  }
}
