import Foundation
import Hummingbird
import HummingbirdTesting
import LockstepEngine
import LockstepServer
import Synchronization
import TestSupport

/// An audit store in memory, for router tests that are not about storage; it can be told to fail.
final class MemoryAuditStore: AuditStore {
  let entries = Mutex<[AuditRecord]>([])
  let failing = Mutex(false)
  /// How `prune` goes: this many at a time, failing once it has done `failAfter` batches (as a
  /// database lost mid-prune would); nil prunes everything in one batch.
  let pruneBatches = Mutex<(size: Int, failAfter: Int)?>(nil)

  func record(_ record: AuditRecord) async throws -> AuditOutcome {
    if failing.withLock({ $0 }) { throw AuditStoreError("disk full") }
    return entries.withLock { entries in
      if let existing = entries.first(where: { $0.uid == record.uid }) { return .existing(existing) }
      entries.append(record)
      return .recorded(record)
    }
  }

  func decision(uid: String) async throws -> AuditRecord? {
    entries.withLock { $0.first { $0.uid == uid } }
  }

  func query(_ query: AuditQuery) async throws -> AuditPage {
    if failing.withLock({ $0 }) { throw AuditStoreError("disk full") }
    let before = query.before.flatMap(Int.init) ?? Int.max
    let matching = entries.withLock { $0 }.enumerated().reversed().filter { index, record in
      index < before && (query.resource.map { $0 == record.resource } ?? true)
        && (query.actor.map { $0 == record.actor } ?? true) && (query.allowed.map { $0 == record.allowed } ?? true)
    }
    let page = Array(matching.prefix(query.limit))
    let next = matching.count > query.limit ? page.last.map { String($0.offset) } : nil
    return AuditPage(decisions: page.map(\.element), next: next)
  }

  func prune(before cutoff: Date, afterEachBatch: @Sendable (Int) async -> Void) async throws -> Int {
    if failing.withLock({ $0 }) { throw AuditStoreError("disk full") }
    let plan = pruneBatches.withLock { $0 }
    var deleted = 0
    var batches = 0
    while true {
      if let plan, batches == plan.failAfter { throw AuditStoreError("connection lost") }
      let batch = entries.withLock { entries in
        let old = entries.indices.filter { entries[$0].time < cutoff }.prefix(plan?.size ?? Int.max)
        for index in old.reversed() { entries.remove(at: index) }
        return old.count
      }
      if batch == 0 { return deleted }
      deleted += batch
      batches += 1
      await afterEachBatch(batch)
    }
  }

  func shutdown() async throws {}
}

/// A decider that takes longer than the service waits: the overrun is an evaluation failure.
struct SlowDecider: AdmissionDeciding {
  var delay: Duration

  func decide(_ request: AdmissionRequest, policies: PolicySet) throws -> AdmissionDecision {
    Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
    return AdmissionDecision(request: request, findings: [], policyRevision: policies.revision)
  }
}

/// A decider that always fails: the service must fail closed.
struct FailingDecider: AdmissionDeciding {
  struct Broken: Error, CustomStringConvertible {
    var description: String { "the engine broke" }
  }

  func decide(_ request: AdmissionRequest, policies: PolicySet) throws -> AdmissionDecision {
    throw Broken()
  }
}

enum ServerFixtures {
  /// golden-path.yaml's selector, and one that selects nothing: the policy set stays valid (its
  /// exceptions still name its rules) but no longer judges the sample project.
  static let goldenPathMatch = "projectGroups: [golden-path, shared-*]"
  static let noMatch = "projectGroups: [nothing-matches]"

  /// Rewrites golden-path.yaml in place (atomically) to select nothing, or back.
  static func selectGoldenPath(_ selected: Bool, in policies: URL) throws {
    let file = policies.appendingPathComponent("golden-path.yaml")
    let text = try String(contentsOf: file, encoding: .utf8)
    let changed =
      selected
      ? text.replacingOccurrences(of: noMatch, with: goldenPathMatch)
      : text.replacingOccurrences(of: goldenPathMatch, with: noMatch)
    try Data(changed.utf8).write(to: file, options: .atomic)
  }

  static let token = "test-token-0123456789abcdef"
  static let policies = TestPaths.packageRoot.appendingPathComponent("Policies").path

  /// A copy of the default pack, without its tests, in `folder/policies`: for tests that edit
  /// the policies under a running service.
  static func copyOfPolicies(in folder: TemporaryFolder) throws -> URL {
    let copy = folder.url.appendingPathComponent("policies")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: policies), to: copy)
    try? FileManager.default.removeItem(at: copy.appendingPathComponent("tests"))
    return copy
  }
  static let admission = TestPaths.samples.appendingPathComponent("admission")

  static func sample(_ name: String) throws -> Data {
    try Data(contentsOf: admission.appendingPathComponent("\(name).json"))
  }

  /// The day the default pack's example exceptions are judged on.
  static let today = CalendarDay(year: 2026, month: 11, day: 23)

  /// A sample's request and the default pack, ready for a decider.
  static func request(_ name: String) throws -> (request: AdmissionRequest, policies: PolicySet) {
    (try AdmissionReview.decode(Array(try sample(name))).request, try PolicyStore(folder: policies).policies)
  }

  /// A sample request with another uid, for tests that need many distinct requests.
  static func sample(_ name: String, uid: String) throws -> Data {
    var review = try JSONDecoder().decode(AdmissionReview.self, from: sample(name))
    review.request.uid = uid
    return try JSONEncoder().encode(review)
  }

  /// Deadlines for tests that are not about deadlines: far past the service's defaults (5 s to
  /// evaluate, 10 s a request), because the whole suite runs at once on two cores and tests that
  /// block their thread can hold up an evaluation task for seconds (seen in CI: a decider that
  /// throws at once answered "no result within 5.0 seconds"). The overrun tests set their own.
  static let generousTimeout = Duration.seconds(120)

  static func service(
    policies folder: String = policies, audit: any AuditStore = MemoryAuditStore(),
    decider: any AdmissionDeciding = EngineDecider(today: { CalendarDay(year: 2026, month: 11, day: 23) }),
    failOpen: Bool = false, evaluationTimeout: Duration = generousTimeout
  ) throws -> AdmissionService {
    AdmissionService(
      policies: try PolicyStore(folder: folder), audit: audit, metrics: AdmissionMetrics(), decider: decider,
      options: .init(failOpen: failOpen, evaluationTimeout: evaluationTimeout))
  }

  static func application(_ service: AdmissionService, maximumBodyBytes: Int = 1024 * 1024) throws
    -> some ApplicationProtocol
  {
    let router = buildRouter(
      service: service, tokens: try BearerTokens([token]), maximumBodyBytes: maximumBodyBytes,
      requestTimeout: generousTimeout)
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
  }

  static var authorized: HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

  static func json(_ buffer: ByteBuffer) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any]) ?? [:]
  }

  static func response(_ buffer: ByteBuffer) -> AdmissionResponse? {
    try? JSONDecoder().decode(AdmissionReviewResponse.self, from: Data(buffer: buffer)).response
  }
}
