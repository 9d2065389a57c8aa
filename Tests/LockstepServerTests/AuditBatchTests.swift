import Foundation
import Testing

@testable import LockstepServer

/// How a batch's outcomes follow from what its insert stored and what was there already.
struct AuditBatchTests {
  let a = AuditFixtures.record("a", at: 1, response: "a")
  let aAgain = AuditFixtures.record("a", at: 2, actor: "bob", response: "a again")
  let b = AuditFixtures.record("b", at: 3, response: "b")

  @Test func aRepeatedUIDIsInsertedOnceAndAnsweredWithTheFirst() throws {
    let batch = AuditBatch([a, aAgain, b])
    #expect(batch.unique.map(\.response) == ["a", "b"])
    let outcomes = try batch.outcomes(inserted: ["a", "b"], existing: [:]) { AuditStoreError($0) }
    #expect(outcomes == [.recorded(a), .existing(a), .recorded(b)])
  }

  @Test func aUIDAlreadyStoredIsAnsweredWithTheStoredRecord() throws {
    let stored = AuditFixtures.record("a", at: 0, response: "stored earlier")
    let outcomes = try AuditBatch([a, aAgain, b]).outcomes(inserted: ["b"], existing: ["a": stored]) {
      AuditStoreError($0)
    }
    #expect(outcomes == [.existing(stored), .existing(stored), .recorded(b)])
  }

  @Test func aUIDNeitherInsertedNorFoundFailsTheBatch() {
    let error = #expect(throws: AuditStoreError.self) {
      try AuditBatch([a, b]).outcomes(inserted: ["a"], existing: [:]) { AuditStoreError("missing \($0)") }
    }
    #expect(error?.description == "missing b")
  }
}
