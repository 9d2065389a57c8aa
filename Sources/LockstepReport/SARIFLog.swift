/// The part of SARIF 2.1.0 that Lockstep writes, as Codable values: what `SARIFReporter` fills in
/// and tests decode. Optional properties that are nil are left out of the JSON, as SARIF prefers.
/// Names follow the specification (docs.oasis-open.org/sarif/sarif/v2.1.0).
public struct SARIFLog: Codable, Sendable, Equatable {
  public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

  public var schema: String
  public var version: String
  public var runs: [Run]

  enum CodingKeys: String, CodingKey {
    case schema = "$schema"
    case version, runs
  }

  public init(runs: [Run]) {
    schema = Self.schemaURI
    version = "2.1.0"
    self.runs = runs
  }

  public struct Run: Codable, Sendable, Equatable {
    public var tool: Tool
    public var invocations: [Invocation]
    public var originalUriBaseIds: [String: ArtifactLocation]?
    /// Lockstep counts columns in Unicode scalars; SARIF's default is UTF-16 code units.
    public var columnKind: String?
    public var results: [Result]
  }

  public struct Tool: Codable, Sendable, Equatable {
    public var driver: Driver
  }

  public struct Driver: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public var semanticVersion: String
    public var rules: [ReportingDescriptor]
  }

  public struct ReportingDescriptor: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var shortDescription: Message
    public var fullDescription: Message
    public var help: Message
    public var helpUri: String?
    public var defaultConfiguration: Configuration
    public var properties: RuleProperties
  }

  public struct Configuration: Codable, Sendable, Equatable {
    public var level: String
  }

  /// SARIF's property bag on a rule: `tags` is the one name SARIF defines; GitHub shows them.
  public struct RuleProperties: Codable, Sendable, Equatable {
    public var tags: [String]
    public var mandatory: Bool
    public var severity: String
    /// For a policy rule: the policy that defines it and the file it is in.
    public var policy: String?
    public var policyFile: String?
  }

  /// SARIF's `message` and `multiformatMessageString`: Lockstep writes plain text only.
  public struct Message: Codable, Sendable, Equatable {
    public var text: String

    public init(_ text: String) {
      self.text = text
    }
  }

  public struct Invocation: Codable, Sendable, Equatable {
    public var executionSuccessful: Bool
    public var toolExecutionNotifications: [Notification]?
    public var properties: InvocationProperties?
  }

  public struct InvocationProperties: Codable, Sendable, Equatable {
    /// The `--fail-level` the run was judged at, and whether a finding failed it.
    public var failLevel: String
    public var failed: Bool
  }

  public struct Notification: Codable, Sendable, Equatable {
    public var level: String
    public var message: Message
  }

  public struct Result: Codable, Sendable, Equatable {
    public var ruleId: String
    public var ruleIndex: Int
    public var level: String
    public var message: Message
    public var locations: [Location]
    public var partialFingerprints: [String: String]
    public var suppressions: [Suppression]?
    public var baselineState: String?
    public var properties: ResultProperties
  }

  public struct Location: Codable, Sendable, Equatable {
    public var physicalLocation: PhysicalLocation?
    public var logicalLocations: [LogicalLocation]?
  }

  public struct PhysicalLocation: Codable, Sendable, Equatable {
    public var artifactLocation: ArtifactLocation
    public var region: Region?
  }

  public struct ArtifactLocation: Codable, Sendable, Equatable {
    public var uri: String?
    public var uriBaseId: String?
    public var description: Message?
  }

  /// 1-based; `endColumn` is the column after the last character, as in `SourceSpan`.
  public struct Region: Codable, Sendable, Equatable {
    public var startLine: Int
    public var startColumn: Int?
    public var endLine: Int?
    public var endColumn: Int?

    public init(startLine: Int, startColumn: Int? = nil, endLine: Int? = nil, endColumn: Int? = nil) {
      self.startLine = startLine
      self.startColumn = startColumn
      self.endLine = endLine
      self.endColumn = endColumn
    }
  }

  public struct LogicalLocation: Codable, Sendable, Equatable {
    public var name: String?
    public var fullyQualifiedName: String
    public var kind: String
  }

  public struct Suppression: Codable, Sendable, Equatable {
    public var kind: String
    public var status: String
    public var justification: String
  }

  /// Every field of the finding model that SARIF has no place of its own for.
  public struct ResultProperties: Codable, Sendable, Equatable {
    public var enforcement: String
    public var severity: String
    public var resource: String
    public var path: String?
    public var owner: String?
    public var contact: String?
    public var help: String?
    public var title: String
    /// Whether the finding fails the run at the report's fail level.
    public var fails: Bool
    /// The finding is about the base version of the file: `region` is not where it was found.
    public var inBase: Bool?
    public var baseRegion: Region?
    public var baselined: Bool?
    public var exception: String?
  }
}
