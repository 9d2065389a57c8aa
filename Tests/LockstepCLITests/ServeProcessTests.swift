import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `lockstep serve` as operators run it: the built binary on loopback, killed and restarted.
@Suite(.serialized) struct ServeProcessTests {
  static let token = "process-test-token-0123456789"

  /// SIGKILL in the middle of a load, then a restart on the same SQLite file: every decision a
  /// client was answered with is in the trail, and its uid is answered from there.
  @Test func everyAcknowledgedDecisionSurvivesSIGKILL() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let audit = folder.url.appendingPathComponent("audit.sqlite").path
    let first = try ServerProcess.start(in: folder, audit: audit, token: Self.token)
    try await first.waitUntilReady()
    let acknowledged = Shared<[String: (auditID: String, body: Int)]>([:])
    let stop = Shared(false)
    let bodies = try ["allowed", "denied"].map { try ServerProcess.sample($0) }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<12 {
        group.addTask {
          var index = 0
          while !stop.withLock({ $0 }) {
            let uid = "kill-\(worker)-\(index)"
            let body = index % 2
            index += 1
            guard let decision = try? await first.admit(bodies[body], uid: uid, token: Self.token) else { continue }
            acknowledged.withLock { $0[uid] = (decision.auditID, body) }
          }
        }
      }
      group.addTask {
        while acknowledged.withLock({ $0.count }) < 300 { try await Task.sleep(for: .milliseconds(20)) }
        first.kill(SIGKILL)
        try await Task.sleep(for: .milliseconds(300))
        stop.withLock { $0 = true }
      }
      try await group.waitForAll()
    }
    #expect(first.waitForExit() == SIGKILL)

    let server = try ServerProcess.start(in: folder, audit: audit, token: Self.token)
    defer { server.kill(SIGKILL) }
    try await server.waitUntilReady()
    let stored = try await server.allDecisions(token: Self.token)
    let seen = acknowledged.withLock { $0 }
    let missing = seen.filter { stored[$0.key] != $0.value.auditID }
    print("acknowledged \(seen.count) decisions before SIGKILL; \(stored.count) in the trail after restart")
    #expect(seen.count >= 300)
    #expect(missing.isEmpty, "acknowledged but not in the trail: \(missing.keys.sorted().prefix(10))")
    let (uid, earlier) = try #require(seen.first)
    let again = try await server.admit(bodies[earlier.body], uid: uid, token: Self.token)
    #expect(again.auditID == earlier.auditID, "a repeated uid is answered from the trail")
  }

  /// SIGHUP reloads the policies; SIGTERM drains and exits 0.
  @Test func sighupReloadsAndSigtermStopsCleanly() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let policies = folder.url.appendingPathComponent("policies")
    try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("Policies"), to: policies)
    try FileManager.default.removeItem(at: policies.appendingPathComponent("tests"))
    let server = try ServerProcess.start(
      in: folder, audit: folder.url.appendingPathComponent("audit.sqlite").path, token: Self.token,
      policies: policies.path)
    try await server.waitUntilReady()
    let denied = try ServerProcess.sample("denied")
    let before = try await server.admit(denied, uid: "before-hup", token: Self.token)
    #expect(!before.allowed)
    let golden = policies.appendingPathComponent("golden-path.yaml")
    let text = try String(contentsOf: golden, encoding: .utf8)
    try Data(
      text.replacingOccurrences(of: "projectGroups: [golden-path, shared-*]", with: "projectGroups: [nothing-matches]")
        .utf8
    ).write(to: golden, options: .atomic)
    server.kill(SIGHUP)
    var after = before
    for attempt in 0..<50 where after.policyRevision == before.policyRevision {
      try await Task.sleep(for: .milliseconds(100))
      after = try await server.admit(denied, uid: "after-hup-\(attempt)", token: Self.token)
    }
    #expect(after.policyRevision != before.policyRevision)
    #expect(after.allowed)
    server.kill(SIGTERM)
    #expect(server.waitForExit() == 0)
  }

  /// SIGTERM while a request is still sending its body: the server stops taking connections,
  /// answers that request in full, records it, and only then exits 0.
  @Test func sigtermDrainsTheRequestInFlight() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let audit = folder.url.appendingPathComponent("audit.sqlite").path
    let server = try ServerProcess.start(in: folder, audit: audit, token: Self.token)
    defer { server.kill(SIGKILL) }
    try await server.waitUntilReady()
    let body = try ServerProcess.body(try ServerProcess.sample("denied"), uid: "in-flight-at-sigterm")
    let (parts, sender) = AsyncStream.makeStream(of: ByteBuffer.self)
    let half = body.count / 2
    sender.yield(ByteBuffer(bytes: body[..<half]))
    async let answer = server.post(parts, length: body.count, token: Self.token)
    // The head and half the body have reached the handler before the signal.
    try await Task.sleep(for: .milliseconds(500))
    server.kill(SIGTERM)
    var refused = false
    for _ in 0..<100 where !refused {
      refused = !ServerProcess.accepts(port: server.port)
      if !refused { try await Task.sleep(for: .milliseconds(50)) }
    }
    #expect(refused, "the listener closes on SIGTERM while the request is still open")
    sender.yield(ByteBuffer(bytes: body[half...]))
    sender.finish()
    let decision = try await answer
    #expect(!decision.allowed)
    #expect(server.waitForExit() == 0)
    let trail = try CommandRunner.run(["decisions", "--audit", audit, "--format", "json"])
    #expect(trail.status == 0)
    #expect(trail.stdout.contains(decision.auditID) && trail.stdout.contains("in-flight-at-sigterm"), "\(trail.stdout)")
  }

  @Test func refusesToStartWithoutTokensOrWithBrokenPolicies() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let noTokens = try CommandRunner.run(["serve", "--policies", "Policies"])
    #expect(noTokens.status == 2)
    #expect(noTokens.stderr.contains("give --tokens-file FILE"))
    try folder.write("tokens", "short\n")
    let short = try CommandRunner.run([
      "serve", "--policies", "Policies", "--tokens-file", folder.url.appendingPathComponent("tokens").path,
    ])
    #expect(short.status == 2)
    #expect(short.stderr.contains("at least 16"), "\(short.stderr)")
    try folder.write("tokens", "\(Self.token)\n")
    try folder.write(
      "policies/bad.yaml", "apiVersion: lockstep/v1\nkind: Policy\nmetadata: { name: x }\nspec: { nonsense: 1 }\n")
    let broken = try CommandRunner.run([
      "serve", "--policies", folder.url.appendingPathComponent("policies").path, "--tokens-file",
      folder.url.appendingPathComponent("tokens").path, "--audit", folder.url.appendingPathComponent("a.sqlite").path,
    ])
    #expect(broken.status == 2)
    #expect(broken.stderr.contains("bad.yaml:"), "\(broken.stderr)")
    let retention = try CommandRunner.run([
      "serve", "--policies", "Policies", "--tokens-file", folder.url.appendingPathComponent("tokens").path,
      "--audit-retention", "90 days",
    ])
    #expect(retention.status == 2)
    #expect(retention.stderr.contains("--audit-retention"), "\(retention.stderr)")
  }

  /// `--audit-retention` prunes at start: decisions from early 2026 go, the one made now stays.
  @Test func auditRetentionPrunesTheTrailAtStart() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let audit = folder.url.appendingPathComponent("audit.sqlite").path
    try folder.write("audit.sqlite", "")
    _ = try CommandRunner.run(["decisions", "--audit", audit])
    let seeded = try ShellRunner.run("/usr/bin/env", ["python3", "-c", DecisionsPruneCommandTests.seed, audit])
    guard seeded.status == 0 else {
      print("skipped: python3 with sqlite3 is needed to seed the trail (\(seeded.stderr))")
      return
    }
    let server = try ServerProcess.start(
      in: folder, audit: audit, token: Self.token, arguments: ["--audit-retention", "30d"])
    try await server.waitUntilReady()
    _ = try await server.admit(try ServerProcess.sample("allowed"), uid: "made-now", token: Self.token)
    var listed = ""
    for _ in 0..<50 {
      listed = try CommandRunner.run(["decisions", "--audit", audit]).stdout
      if !listed.contains("  jan  ") { break }
      try await Task.sleep(for: .milliseconds(100))
    }
    #expect(listed.contains("made-now"), "\(listed)")
    #expect(!listed.contains("  jan  ") && !listed.contains("  feb  ") && !listed.contains("  mar  "), "\(listed)")
    server.kill(SIGTERM)
    #expect(server.waitForExit() == 0)
    let log = try String(contentsOf: server.log, encoding: .utf8)
    #expect(log.contains("audit trail pruned") && log.contains("deleted=3"), "\(log)")
  }
}

/// One `lockstep serve` process on a free loopback port, with a client for it. Foundation's
/// Process is not Sendable; only `kill` and `waitForExit` touch it, from one test at a time.
final class ServerProcess: @unchecked Sendable {
  let process: Process
  let port: Int
  let log: URL

  init(process: Process, port: Int, log: URL) {
    self.process = process
    self.port = port
    self.log = log
  }

  struct Decision: Sendable, Equatable {
    var allowed: Bool
    var auditID: String
    var policyRevision: String
  }

  static func sample(_ name: String) throws -> Data {
    try Data(contentsOf: TestPaths.samples.appendingPathComponent("admission/\(name).json"))
  }

  static func start(
    in folder: TemporaryFolder, audit: String, token: String, policies: String? = nil, arguments: [String] = []
  ) throws -> ServerProcess {
    let tokens = try folder.write("tokens", "\(token)\n")
    let port = try freePort()
    let log = folder.url.appendingPathComponent("serve-\(port).log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let process = Process()
    process.executableURL = CommandRunner.executable
    process.arguments =
      [
        "serve", "--port", "\(port)", "--audit", audit, "--tokens-file", tokens.path, "--policies",
        policies ?? TestPaths.packageRoot.appendingPathComponent("Policies").path,
      ] + arguments
    process.currentDirectoryURL = folder.url
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return ServerProcess(process: process, port: port, log: log)
  }

  /// A port nothing listens on now: bind to port 0, read what the kernel gave, close.
  static func freePort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
      }
    }
    guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  var base: String { "http://127.0.0.1:\(port)" }

  func waitUntilReady() async throws {
    for _ in 0..<200 {
      if let response = try? await HTTPClient.shared.execute(
        HTTPClientRequest(url: "\(base)/readyz"), timeout: .seconds(1)), response.status == .ok
      {
        return
      }
      try await Task.sleep(for: .milliseconds(50))
    }
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    throw POSIXError(.ETIMEDOUT, "lockstep serve did not become ready:\n\(output)")
  }

  /// A sample request with another uid.
  static func body(_ sample: Data, uid: String) throws -> [UInt8] {
    var review = try JSONSerialization.jsonObject(with: sample) as? [String: Any] ?? [:]
    var request = review["request"] as? [String: Any] ?? [:]
    request["uid"] = uid
    review["request"] = request
    return Array(try JSONSerialization.data(withJSONObject: review, options: [.sortedKeys]))
  }

  /// Sends a sample with another uid; the decision, or an error when there is no 200 answer.
  func admit(_ sample: Data, uid: String, token: String) async throws -> Decision {
    try await post(.bytes(ByteBuffer(bytes: try Self.body(sample, uid: uid))), token: token)
  }

  /// Sends a body as its parts arrive, on a connection of its own.
  func post(_ parts: AsyncStream<ByteBuffer>, length: Int, token: String) async throws -> Decision {
    try await post(.stream(parts, length: .known(Int64(length))), token: token)
  }

  func post(_ body: HTTPClientRequest.Body, token: String) async throws -> Decision {
    var http = HTTPClientRequest(url: "\(base)/v1/admission")
    http.method = .POST
    http.headers.add(name: "Authorization", value: "Bearer \(token)")
    http.headers.add(name: "Content-Type", value: "application/json")
    http.body = body
    let response = try await HTTPClient.shared.execute(http, timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
    guard response.status == .ok,
      let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
      let answer = object["response"] as? [String: Any], let allowed = answer["allowed"] as? Bool,
      let auditID = answer["auditId"] as? String, let revision = answer["policyRevision"] as? String
    else { throw POSIXError(.EPROTO, "HTTP \(response.status.code)") }
    return Decision(allowed: allowed, auditID: auditID, policyRevision: revision)
  }

  /// Every uid in the trail with its audit id, page by page.
  func allDecisions(token: String) async throws -> [String: String] {
    var found: [String: String] = [:]
    var cursor: String?
    repeat {
      var http = HTTPClientRequest(url: "\(base)/v1/decisions?limit=1000" + (cursor.map { "&before=\($0)" } ?? ""))
      http.headers.add(name: "Authorization", value: "Bearer \(token)")
      let response = try await HTTPClient.shared.execute(http, timeout: .seconds(30))
      let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
      let page = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
      for decision in page["decisions"] as? [[String: Any]] ?? [] {
        if let uid = decision["uid"] as? String, let id = decision["auditID"] as? String { found[uid] = id }
      }
      cursor = page["next"] as? String
    } while cursor != nil
    return found
  }

  /// Whether anything accepts a TCP connection on the port now.
  static func accepts(port: Int) -> Bool {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }

  func kill(_ signal: Int32) {
    if process.isRunning { _ = Glibc.kill(process.processIdentifier, signal) }
  }

  /// The exit status, or the signal that ended the process.
  func waitForExit() -> Int32 {
    process.waitUntilExit()
    return process.terminationStatus
  }
}

extension POSIXError {
  init(_ code: POSIXErrorCode, _ message: String) {
    self.init(code, userInfo: [NSLocalizedDescriptionKey: message])
  }
}
