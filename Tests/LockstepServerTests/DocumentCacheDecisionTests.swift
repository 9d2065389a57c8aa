import Foundation
import LockstepEngine
import LockstepModel
import LockstepServer
import Testing

/// The service keeps parsed files between requests: a decision from cached trees must be the one
/// the engine gives from scratch, byte for byte, for every sample outcome.
@Suite struct DocumentCacheDecisionTests {
  typealias Fixtures = ServerFixtures

  @Test(arguments: AdmissionRouterTests.outcomes.map(\.sample))
  func aDecisionFromCachedTreesIsTheDecisionFromScratch(_ sample: String) throws {
    let (request, policies) = try Fixtures.request(sample)
    let day = Fixtures.today
    let scratch = try EngineDecider(today: { day }).decide(request, policies: policies)
    let cache = DocumentCache(capacity: 1 << 20)
    let cached = EngineDecider(documents: cache, today: { day })
    // The first sight parses, the second keeps, the third is answered from the cache.
    let decisions = try (0..<3).map { _ in try cached.decide(request, policies: policies) }
    #expect(cache.statistics.hits > 0)
    for decision in decisions {
      #expect(
        AdmissionJSON.encode(decision.response(auditID: "a")) == AdmissionJSON.encode(scratch.response(auditID: "a")))
    }
  }
}
