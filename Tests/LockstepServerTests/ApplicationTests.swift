import Foundation
import Hummingbird
import HummingbirdTesting
import LockstepEngine
import LockstepServer
import TestSupport
import Testing

/// `buildApplication` as `lockstep serve` uses it: SQLite trail, bearer tokens, and HTTPS when
/// given a certificate and key.
@Suite struct ApplicationTests {
  typealias Fixtures = ServerFixtures

  func configuration(_ folder: TemporaryFolder, tls: ServiceConfiguration.TLSFiles? = nil) throws
    -> ServiceConfiguration
  {
    ServiceConfiguration(
      port: 0, policies: Fixtures.policies, tokens: try BearerTokens([Fixtures.token]),
      audit: .sqlite(path: folder.url.appendingPathComponent("audit.sqlite").path),
      requestTimeout: Fixtures.generousTimeout, evaluationTimeout: Fixtures.generousTimeout, tls: tls)
  }

  @Test func servesDecisionsIntoTheSQLiteTrail() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let app = try await buildApplication(configuration: try configuration(folder))
    try await app.test(.live) { client in
      let response = try await client.execute(
        uri: "/v1/admission", method: .post, headers: Fixtures.authorized,
        body: ByteBuffer(data: try Fixtures.sample("denied")))
      #expect(response.status == .ok)
      #expect(Fixtures.response(response.body)?.allowed == false)
      try await client.execute(uri: "/v1/decisions?outcome=denied", method: .get, headers: Fixtures.authorized) {
        page in
        let decisions = try AdmissionJSON.decode(AuditPage.self, from: Data(buffer: page.body)).decisions
        #expect(decisions.map(\.uid) == ["sample-denied-0001"])
        #expect(decisions.first?.findings.map(\.ruleID).sorted() == ["GP001", "GP001", "GP004"])
      }
      try await client.execute(uri: "/readyz", method: .get) { ready in
        #expect(ready.status == .ok)
      }
    }
  }

  @Test(
    .enabled(
      if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl to make a certificate"))
  func servesHTTPSWithTheGivenCertificate() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let certificate = folder.url.appendingPathComponent("cert.pem").path
    let key = folder.url.appendingPathComponent("key.pem").path
    let made = try ShellRunner.run(
      "/usr/bin/openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
        "-subj", "/CN=localhost", "-keyout", key, "-out", certificate,
      ])
    try #require(made.status == 0, "\(made.stderr)")
    let tls = ServiceConfiguration.TLSFiles(certificateChain: certificate, privateKey: key)
    let app = try await buildApplication(configuration: try configuration(folder, tls: tls))
    try await app.test(.ahc(.https)) { client in
      try await client.execute(uri: "/healthz", method: .get) { response in
        #expect(response.status == .ok)
      }
      try await client.execute(uri: "/v1/decisions", method: .get) { response in
        #expect(response.status == .unauthorized)
      }
    }
  }

  @Test func unreadableCertificateIsAClearError() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let tls = ServiceConfiguration.TLSFiles(certificateChain: "/no/such/cert.pem", privateKey: "/no/such/key.pem")
    await #expect(throws: ServiceConfigurationError.self) {
      _ = try await buildApplication(configuration: try configuration(folder, tls: tls))
    }
  }
}
