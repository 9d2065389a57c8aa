import Foundation
import LockstepEngine
import Logging
import TestSupport
import Testing

@testable import LockstepServer

@Suite("SQLite audit store")
struct AuditStoreTests {
  /// Opens a store in a fresh folder, runs `body`, then shuts the store down and removes the folder.
  func withStore(_ body: (SQLiteAuditStore, TemporaryFolder) async throws -> Void) async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let store = try await SQLiteAuditStore.open(
      path: folder.url.appendingPathComponent("audit.db").path, logger: AuditFixtures.logger)
    do {
      try await body(store, folder)
    } catch {
      try? await store.shutdown()
      throw error
    }
    try await store.shutdown()
  }

  @Test func recordsAndReadsBack() async throws {
    try await withStore { store, _ in try await AuditFixtures.roundTrip(store) }
  }

  @Test func repeatedUIDReturnsTheFirstDecision() async throws {
    try await withStore { store, _ in try await AuditFixtures.repeatedUID(store) }
  }

  @Test func repeatedUIDWithinOneBatch() async throws {
    try await withStore { store, _ in try await AuditFixtures.repeatedUIDWithinOneBatch(store) }
  }

  @Test func concurrentRecordsAreGroupCommitted() async throws {
    try await withStore { store, _ in try await AuditFixtures.groupCommitted(store) { await store.statistics() } }
  }

  @Test func queryFilters() async throws {
    try await withStore { store, _ in try await AuditFixtures.filters(store) }
  }

  @Test func paging() async throws {
    try await withStore { store, _ in try await AuditFixtures.paging(store) }
  }

  /// Over two full batches and a part, so the delete loop runs three times.
  @Test func pruningDeletesOnlyOldDecisions() async throws {
    try await withStore { store, _ in try await AuditFixtures.pruning(store, old: 2 * auditPruneBatch + 7) }
  }

  /// Shutdown cancels the pruning service mid-way.
  @Test func aPruneCancelledBetweenBatchesStopsThere() async throws {
    try await withStore { store, _ in try await AuditFixtures.cancelledBetweenBatches(store) }
  }

  /// A prune cancelled before it starts deletes nothing (it stops before its first batch, or its
  /// connection refuses to open) and leaves the store as it was.
  @Test func aCancelledPruneDeletesNothing() async throws {
    try await withStore { store, _ in
      for index in 0..<3 { _ = try await store.record(AuditFixtures.record("old-\(index)", at: Int64(index))) }
      let outcome = await Task { () -> Int in
        withUnsafeCurrentTask { $0?.cancel() }
        return try await store.prune(before: AuditFixtures.time(100_000))
      }.result
      if case .success(let deleted) = outcome { #expect(deleted == 0) }
      #expect(try await store.prune(before: AuditFixtures.time(100_000)) == 3)
    }
  }

  @Test func pruningAClosedStoreIsAClearError() async throws {
    try await withStore { store, _ in
      try await store.shutdown()
      await #expect(throws: AuditStoreError.self) { try await store.prune(before: Date()) }
    }
  }

  @Test func reopeningKeepsEverything() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.url.appendingPathComponent("audit.db").path
    let first = try await SQLiteAuditStore.open(path: path, logger: AuditFixtures.logger)
    let original = AuditFixtures.record("kept", findings: [AuditFixtures.finding])
    _ = try await first.record(original)
    for index in 0..<30 { _ = try await first.record(AuditFixtures.record("k-\(index)", at: Int64(index + 1))) }
    try await first.shutdown()
    try await first.shutdown()  // twice is harmless
    await #expect(throws: AuditStoreError.self) { try await first.record(AuditFixtures.record("late")) }

    let second = try await SQLiteAuditStore.open(path: path, logger: AuditFixtures.logger)
    #expect(try await second.decision(uid: "kept") == original)
    #expect(try await AuditFixtures.allDecisions(second).count == 31)
    // The uid is still known after the restart.
    #expect(try await second.record(AuditFixtures.record("kept", at: 99)) == .existing(original))
    try await second.shutdown()
  }

  @Test func missingFolderIsAClearError() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.url.appendingPathComponent("no/such/folder/audit.db").path
    do {
      _ = try await SQLiteAuditStore.open(path: path, logger: AuditFixtures.logger)
      Issue.record("opened a database in a folder that does not exist")
    } catch let error as AuditStoreError {
      #expect(error.description.contains("does not exist"))
      #expect(error.description.contains(path))
    }
  }

  @Test func unusablePathsAreClearErrors() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let file = try folder.write("plain-file", "not a folder")
    // A regular file where the folder should be.
    do {
      _ = try await SQLiteAuditStore.open(
        path: file.appendingPathComponent("audit.db").path, logger: AuditFixtures.logger)
      Issue.record("opened a database under a regular file")
    } catch let error as AuditStoreError {
      #expect(error.description.contains("not a folder"))
    }
    // A folder where the file should be.
    do {
      _ = try await SQLiteAuditStore.open(path: folder.url.path, logger: AuditFixtures.logger)
      Issue.record("opened a folder as a database")
    } catch let error as AuditStoreError {
      #expect(error.description.contains("folder"))
    }
    // A file that is not SQLite.
    let junk = try folder.write("junk.db", String(repeating: "this is not a database\n", count: 400))
    do {
      let store = try await SQLiteAuditStore.open(path: junk.path, logger: AuditFixtures.logger)
      try? await store.shutdown()
      Issue.record("opened a text file as a database")
    } catch let error as AuditStoreError {
      #expect(error.description.contains(junk.path))
      #expect(error.description.contains("not a database"))
    }
  }

  @Test func readOnlyFolderIsAClearError() async throws {
    // root ignores permissions, so this only means something for other users.
    guard getuid() != 0 else { return }
    let folder = try TemporaryFolder()
    defer {
      try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.url.path)
      folder.remove()
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.url.path)
    do {
      let store = try await SQLiteAuditStore.open(
        path: folder.url.appendingPathComponent("audit.db").path, logger: AuditFixtures.logger)
      try? await store.shutdown()
      Issue.record("opened a database in a read-only folder")
    } catch let error as AuditStoreError {
      #expect(error.description.contains("audit.db"))
    }
  }

  @Test func newerSchemaIsRefused() async throws {
    try await withStore { store, folder in
      try await store.executeForTesting("PRAGMA user_version = 7")
      do {
        let other = try await SQLiteAuditStore.open(path: store.path, logger: AuditFixtures.logger)
        try? await other.shutdown()
        Issue.record("opened a database with a newer schema")
      } catch let error as AuditStoreError {
        #expect(error.description.contains("schema version 7"))
      }
      try await store.executeForTesting("PRAGMA user_version = 1")
    }
  }

  /// A batch whose transaction fails answers every waiter in it with the error: a decision is
  /// acknowledged exactly when it is in the store.
  @Test func failedBatchFailsEveryWaiter() async throws {
    try await withStore { store, _ in
      try await store.executeForTesting(
        """
        CREATE TRIGGER refuse_mallory BEFORE INSERT ON decisions WHEN NEW.actor = 'mallory'
        BEGIN SELECT RAISE(ABORT, 'refused for the test'); END
        """)
      let results = await withTaskGroup(of: (String, Bool).self) { group in
        for index in 0..<200 {
          let actor = index % 50 == 7 ? "mallory" : "alice"
          group.addTask {
            let uid = "b-\(index)"
            do {
              _ = try await store.record(AuditFixtures.record(uid, at: Int64(index), actor: actor))
              return (uid, true)
            } catch {
              return (uid, false)
            }
          }
        }
        return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
      }
      let stored = Set(try await AuditFixtures.allDecisions(store).map(\.uid))
      for (uid, acknowledged) in results {
        #expect(acknowledged == stored.contains(uid), "\(uid)")
      }
      #expect(!stored.contains("b-7"))
      #expect((await store.statistics()).failedBatches > 0)
      // The store still works after the failed batches.
      try await store.executeForTesting("DROP TRIGGER refuse_mallory")
      #expect(try await store.record(AuditFixtures.record("after")) == .recorded(AuditFixtures.record("after")))
    }
  }

  @Test func writeQueueFailsTheWholeBatch() async throws {
    struct Refused: Error {}
    let calls = AuditLocked<[Int]>([])
    let queue = AuditWriteQueue(maximumBatch: 1000) { records in
      calls.withLock { $0.append(records.count) }
      try await Task.sleep(for: .milliseconds(20))
      throw Refused()
    }
    let failures = await withTaskGroup(of: Bool.self) { group in
      for index in 0..<50 {
        group.addTask {
          do {
            _ = try await queue.submit(AuditFixtures.record("q-\(index)"))
            return false
          } catch {
            return true
          }
        }
      }
      return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
    }
    #expect(failures == 50)
    #expect(calls.withLock { $0.reduce(0, +) } == 50)
    #expect(calls.withLock { $0.count } < 50)
    #expect(await queue.statistics.commits == 0)
    #expect(await queue.close())
    await #expect(throws: AuditStoreError.self) { try await queue.submit(AuditFixtures.record("closed")) }
  }

  /// The throughput budget: 2,000 decisions at once, each durable before it is acknowledged.
  @Test func twoThousandConcurrentRecords() async throws {
    try await withStore { store, _ in
      let clock = ContinuousClock()
      let started = clock.now
      let latencies = try await withThrowingTaskGroup(of: Duration.self) { group in
        for index in 0..<2000 {
          group.addTask {
            let begin = clock.now
            _ = try await store.record(AuditFixtures.record("t-\(index)", at: Int64(index)))
            return clock.now - begin
          }
        }
        return try await group.reduce(into: [Duration]()) { $0.append($1) }
      }
      let elapsed = clock.now - started
      let sorted = latencies.sorted()
      let statistics = await store.statistics()
      print(
        "SQLite audit: 2000 concurrent records in \(elapsed), p50 \(sorted[1000]), p99 \(sorted[1980]),"
          + " \(statistics.commits) commits, largest batch \(statistics.largestBatch)")
      #expect(try await AuditFixtures.allDecisions(store).count == 2000)
    }
  }
}

@Suite("Audit store location and factory")
struct AuditStoreFactoryTests {
  @Test func locationArguments() {
    #expect(AuditStoreLocation(argument: "postgres://u:p@h/db") == .postgres(url: "postgres://u:p@h/db"))
    #expect(AuditStoreLocation(argument: "sqlite:/var/lib/audit.db") == .sqlite(path: "/var/lib/audit.db"))
    #expect(AuditStoreLocation(argument: "audit.db") == .sqlite(path: "audit.db"))
  }

  @Test func factoryOpensSQLite() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let store = try await makeAuditStore(
      .sqlite(path: folder.url.appendingPathComponent("a.db").path), logger: AuditFixtures.logger)
    #expect(store is SQLiteAuditStore)
    _ = try await store.record(AuditFixtures.record("factory"))
    try await store.shutdown()
  }

  @Test func postgresURLs() throws {
    let plain = try PostgresURL("postgres://lockstep:s%40cret@db.internal:5433/audit")
    #expect(plain.host == "db.internal")
    #expect(plain.port == 5433)
    #expect(plain.username == "lockstep")
    #expect(plain.password == "s@cret")
    #expect(plain.database == "audit")
    #expect(plain.tls == .disable)
    #expect(!plain.redacted.contains("cret"))

    let secure = try PostgresURL("postgresql://u@10.0.0.5/db?sslmode=require")
    #expect(secure.port == 5432)
    #expect(secure.password == nil)
    #expect(secure.tls == .require)
    #expect(try PostgresURL("postgres://u:p@h/db?sslmode=prefer").tls == .prefer)

    let socket = try PostgresURL("postgres://u@/db?host=/tmp")
    #expect(socket.socketPath == "/tmp/.s.PGSQL.5432")

    for bad in ["postgres://host/db", "http://u@h/db", "postgres://u@h/db?sslmode=sometimes", "postgres://u@h/db?x=1"] {
      #expect(throws: AuditStoreError.self, "\(bad)") { try PostgresURL(bad) }
    }
  }

  @Test func unreachablePostgresIsAClearError() async throws {
    // Nothing listens on port 1.
    do {
      let store = try await makeAuditStore(
        .postgres(url: "postgres://u:secret@127.0.0.1:1/db?connect_timeout=2"), logger: AuditFixtures.logger)
      try? await store.shutdown()
      Issue.record("connected to a server that is not there")
    } catch let error as AuditStoreError {
      #expect(error.description.contains("127.0.0.1:1"))
      #expect(!error.description.contains("secret"))
    }
  }
}
