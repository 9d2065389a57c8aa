import Foundation

/// Everything `lockstep serve` is told: where to listen, what to decide with, where to write the
/// trail, and the limits that keep one client from hurting the others.
public struct ServiceConfiguration: Sendable {
  public struct TLSFiles: Sendable {
    public var certificateChain: String
    public var privateKey: String

    public init(certificateChain: String, privateKey: String) {
      self.certificateChain = certificateChain
      self.privateKey = privateKey
    }
  }

  /// Loopback unless told otherwise: exposing the service is a decision, not a default.
  public var host: String
  public var port: Int
  public var policies: String
  public var upstream: String?
  /// nil only when the operator asked for no authentication (`--insecure-no-auth`, for local trials).
  public var tokens: BearerTokens?
  public var audit: AuditStoreLocation
  public var failOpen: Bool
  public var maximumBodyBytes: Int
  /// The whole request, body included.
  public var requestTimeout: Duration
  public var evaluationTimeout: Duration
  /// A connection with nothing to read or write for this long is closed.
  public var idleTimeout: Duration
  public var tls: TLSFiles?
  /// The most OCL source the service keeps parsed between requests (0: none); see `DocumentCache`.
  public var documentCacheBytes: Int

  /// How long decisions stay in the audit trail; nil keeps them all.
  public var auditRetention: AuditRetention?

  public static let defaultDocumentCacheBytes = 8 * 1024 * 1024

  public init(
    host: String = "127.0.0.1", port: Int = 8443, policies: String, upstream: String? = nil, tokens: BearerTokens?,
    audit: AuditStoreLocation, failOpen: Bool = false, maximumBodyBytes: Int = AdmissionLimits.defaultBodyBytes,
    requestTimeout: Duration = .seconds(10), evaluationTimeout: Duration = .seconds(5),
    idleTimeout: Duration = .seconds(60), documentCacheBytes: Int = ServiceConfiguration.defaultDocumentCacheBytes,
    auditRetention: AuditRetention? = nil, tls: TLSFiles? = nil
  ) {
    self.auditRetention = auditRetention
    self.host = host
    self.port = port
    self.policies = policies
    self.upstream = upstream
    self.tokens = tokens
    self.audit = audit
    self.failOpen = failOpen
    self.maximumBodyBytes = maximumBodyBytes
    self.requestTimeout = requestTimeout
    self.evaluationTimeout = evaluationTimeout
    self.idleTimeout = idleTimeout
    self.tls = tls
    self.documentCacheBytes = documentCacheBytes
  }
}
