import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import LockstepModel
import Logging
import ServiceLifecycle
import UnixSignals

/// The admission service ready to run: the policies loaded (or an error saying why not), the
/// audit store open, the router behind an HTTP or HTTPS listener, `SIGHUP` wired to a reload and
/// the store closed after the last in-flight request on shutdown.
public func buildApplication(
  configuration: ServiceConfiguration, decider: (any AdmissionDeciding)? = nil,
  logger: Logger = Logger(label: "lockstep.serve")
) async throws -> some ApplicationProtocol {
  let policies = try PolicyStore(folder: configuration.policies)
  let http = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .init(configuration.idleTimeout)))
  // Everything that can be refused is checked before the audit store is opened.
  let listener = try server(http, tls: configuration.tls)
  let audit = try await makeAuditStore(configuration.audit, logger: logger)
  let service = AdmissionService(
    policies: policies, audit: audit, metrics: AdmissionMetrics(),
    decider: decider
      ?? EngineDecider(
        upstream: configuration.upstream,
        documents: configuration.documentCacheBytes > 0
          ? DocumentCache(capacity: configuration.documentCacheBytes) : nil),
    options: .init(failOpen: configuration.failOpen, evaluationTimeout: configuration.evaluationTimeout),
    logger: logger)
  let router = buildRouter(
    service: service, tokens: configuration.tokens, maximumBodyBytes: configuration.maximumBodyBytes,
    requestTimeout: configuration.requestTimeout)
  var services: [any Service] = [
    AuditStoreService(store: audit), PolicyReloadOnSignal(service: service, logger: logger),
  ]
  if let retention = configuration.auditRetention {
    services.append(AuditPruningService(store: audit, retention: retention, metrics: service.metrics, logger: logger))
  }
  return Application(
    router: router, server: listener,
    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "lockstep"),
    services: services,
    onServerRunning: { channel in
      logger.info(
        "lockstep serve listening",
        metadata: [
          "address": "\(channel.localAddress?.description ?? "?")",
          "policyRevision": "\(policies.policies.revision)",
        ])
    },
    logger: logger)
}

func server(_ http: HTTPServerBuilder, tls: ServiceConfiguration.TLSFiles?) throws -> HTTPServerBuilder {
  guard let tls else { return http }
  let chain: [NIOSSLCertificate]
  let key: NIOSSLPrivateKey
  do {
    chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChain)
    key = try NIOSSLPrivateKey(file: tls.privateKey, format: .pem)
  } catch {
    throw ServiceConfigurationError("cannot read the TLS certificate or key: \(error)")
  }
  let configuration = TLSConfiguration.makeServerConfiguration(
    certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
  return try .tls(http, tlsConfiguration: configuration)
}

public struct ServiceConfigurationError: Error, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }
}

/// Closes the audit store once the server has stopped: the application shuts its own services
/// down after the HTTP server has drained, so every answered request is in the store first.
struct AuditStoreService: Service {
  let store: any AuditStore

  func run() async throws {
    try? await gracefulShutdown()
    try await store.shutdown()
  }
}

/// `SIGHUP` reloads the policies, as `POST /v1/reload` does.
struct PolicyReloadOnSignal: Service {
  let service: AdmissionService
  let logger: Logger

  func run() async throws {
    let signals = await UnixSignalsSequence(trapping: .sighup)
    for await _ in signals.cancelOnGracefulShutdown() {
      switch service.policies.reload() {
      case .success(let set):
        service.metrics.reload(succeeded: true)
        logger.info("policies reloaded on SIGHUP", metadata: ["policyRevision": "\(set.revision)"])
      case .failure(let errors):
        service.metrics.reload(succeeded: false)
        logger.error(
          "policies refused on SIGHUP; the last good set keeps serving",
          metadata: ["errors": "\(errors.description)", "policyRevision": "\(service.policies.policies.revision)"])
      }
    }
  }
}
