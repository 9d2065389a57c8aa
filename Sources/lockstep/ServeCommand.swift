import ArgumentParser
import Foundation
import Hummingbird
import LockstepEngine
import LockstepServer
import Logging

struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run the admission service: POST /v1/admission, decisions, health and metrics.",
    discussion: """
      Listens on loopback unless --host says otherwise. /v1 routes need `Authorization: Bearer \
      TOKEN` with a token from --tokens-file. Policies reload on SIGHUP and POST /v1/reload; \
      SIGTERM and SIGINT drain in-flight requests, then stop.
      """)

  @Option(help: "Address to listen on.")
  var host = "127.0.0.1"

  @Option(help: "Port to listen on (0: any free port).")
  var port = 8443

  @OptionGroup var policySource: PolicySource

  @OptionGroup var baseline: UpstreamBaselineOption

  @Option(help: "File of bearer tokens, one a line, that may call /v1.", completion: .file())
  var tokensFile: String?

  @Flag(help: "Serve /v1 without authentication (local trials only).")
  var insecureNoAuth = false

  @Option(help: "Audit store: a SQLite file (default lockstep-audit.sqlite) or postgres://user:pass@host:port/db.")
  var audit = "lockstep-audit.sqlite"

  @Option(
    help: """
      Keep decisions in the audit trail this long, e.g. 90d or 36h; older ones are deleted at \
      start and every hour. A uid can be decided again once its decision is gone. Default: keep all.
      """)
  var auditRetention: AuditRetention?

  @Flag(help: "Allow edits when evaluation itself fails (default: deny, failing closed).")
  var failOpen = false

  @Option(help: "Largest request body in bytes (413 above it).")
  var maxBodyBytes = AdmissionLimits.defaultBodyBytes

  @Option(help: "Seconds a request, body included, may take (503 after).")
  var requestTimeout = 10.0

  @Option(
    help: """
      MiB of OCL source kept parsed between requests (0: none). A base repeats until an edit is \
      applied and an edit changes a file or two, so most files of a request were seen before.
      """)
  var documentCacheMib = ServiceConfiguration.defaultDocumentCacheBytes / (1024 * 1024)

  @Option(help: "PEM certificate chain: serve HTTPS (with --tls-key).", completion: .file())
  var tlsCertificate: String?

  @Option(help: "PEM private key for --tls-certificate.", completion: .file())
  var tlsKey: String?

  func validate() throws {
    guard (tlsCertificate == nil) == (tlsKey == nil) else {
      throw ValidationError("--tls-certificate and --tls-key go together")
    }
    guard tokensFile != nil || insecureNoAuth else {
      throw ValidationError("give --tokens-file FILE (or --insecure-no-auth for a local trial)")
    }
    guard maxBodyBytes > 0, requestTimeout > 0, (0...65535).contains(port) else {
      throw ValidationError("--max-body-bytes and --request-timeout must be positive, --port 0 to 65535")
    }
    guard (0...4096).contains(documentCacheMib) else {
      throw ValidationError("--document-cache-mib must be 0 to 4096")
    }
  }

  func run() async throws {
    let configuration = try serviceConfiguration()
    var logger = Logger(label: "lockstep.serve")
    logger.logLevel = .info
    let application: any ApplicationProtocol
    do {
      application = try await buildApplication(configuration: configuration, logger: logger)
    } catch let error as PolicyLoadErrors {
      throw UsageError(message: "the policies in \(configuration.policies) cannot be used:\n\(error.description)")
    } catch {
      throw UsageError(message: "\(error)")
    }
    try await application.runService()
  }

  func serviceConfiguration() throws -> ServiceConfiguration {
    guard let folder = policySource.folder(config: try PolicySource.config(near: ".")) else {
      throw UsageError(message: "no policies to decide with: give --policies DIR (or a lockstep.yaml naming them)")
    }
    var tokens: BearerTokens?
    if let tokensFile {
      do {
        tokens = try BearerTokens.load(file: tokensFile)
      } catch {
        throw UsageError(message: error.description)
      }
    }
    return ServiceConfiguration(
      host: host, port: port, policies: folder, upstream: baseline.upstream, tokens: tokens,
      audit: AuditStoreLocation(argument: audit), failOpen: failOpen, maximumBodyBytes: maxBodyBytes,
      requestTimeout: .milliseconds(Int64(requestTimeout * 1000)),
      documentCacheBytes: documentCacheMib * 1024 * 1024, auditRetention: auditRetention,
      tls: tlsCertificate.flatMap { certificate in
        tlsKey.map { ServiceConfiguration.TLSFiles(certificateChain: certificate, privateKey: $0) }
      })
  }
}
