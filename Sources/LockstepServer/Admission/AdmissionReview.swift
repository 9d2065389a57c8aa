import Foundation
import LockstepEngine

/// The admission request, in the shape of a Kubernetes AdmissionReview (DESIGN.md section 8).
public struct AdmissionReview: Sendable, Codable, Equatable {
  public static let apiVersion = "lockstep/v1"
  public static let kind = "AdmissionReview"

  public var apiVersion: String
  public var kind: String
  public var request: AdmissionRequest

  public init(request: AdmissionRequest) {
    apiVersion = Self.apiVersion
    kind = Self.kind
    self.request = request
  }
}

public struct AdmissionRequest: Sendable, Codable, Equatable {
  public enum Operation: String, Sendable, Codable, Equatable {
    case create = "CREATE"
    case update = "UPDATE"
    case delete = "DELETE"
  }

  public struct Resource: Sendable, Codable, Equatable {
    public var kind: String
    public var space: String
    public var project: String?
    public var projectGroup: String?
    public var labels: [String: String]?

    public init(
      kind: String, space: String, project: String? = nil, projectGroup: String? = nil,
      labels: [String: String]? = nil
    ) {
      self.kind = kind
      self.space = space
      self.project = project
      self.projectGroup = projectGroup
      self.labels = labels
    }
  }

  public struct Actor: Sendable, Codable, Equatable {
    public var name: String
    public var teams: [String]?

    public init(name: String, teams: [String]? = nil) {
      self.name = name
      self.teams = teams
    }
  }

  public var uid: String
  public var operation: Operation
  public var resource: Resource
  public var actor: Actor
  /// Absent on create.
  public var base: AdmissionDocument?
  /// Absent on delete.
  public var proposed: AdmissionDocument?

  public init(
    uid: String, operation: Operation, resource: Resource, actor: Actor, base: AdmissionDocument?,
    proposed: AdmissionDocument?
  ) {
    self.uid = uid
    self.operation = operation
    self.resource = resource
    self.actor = actor
    self.base = base
    self.proposed = proposed
  }
}

/// One side of the edit: Config-as-Code files by name, or a REST API resource as JSON.
public enum AdmissionDocument: Sendable, Codable, Equatable {
  case ocl([String: String])
  case json(JSONValue)

  enum CodingKeys: String, CodingKey {
    case ocl, json
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let ocl = try container.decodeIfPresent([String: String].self, forKey: .ocl)
    let json = try container.decodeIfPresent(JSONValue.self, forKey: .json)
    switch (ocl, json) {
    case (let ocl?, nil): self = .ocl(ocl)
    case (nil, let json?): self = .json(json)
    default:
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "give exactly one of `ocl` or `json`"))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .ocl(let files): try container.encode(files, forKey: .ocl)
    case .json(let value): try container.encode(value, forKey: .json)
    }
  }
}

/// The reply: `{"apiVersion","kind","response":{...}}`.
public struct AdmissionReviewResponse: Sendable, Codable, Equatable {
  public var apiVersion: String
  public var kind: String
  public var response: AdmissionResponse

  public init(response: AdmissionResponse) {
    apiVersion = AdmissionReview.apiVersion
    kind = AdmissionReview.kind
    self.response = response
  }
}

public struct AdmissionResponse: Sendable, Codable, Equatable {
  public struct Status: Sendable, Codable, Equatable {
    /// 200 allowed, 403 denied, 500 evaluation failed (denied unless the service fails open).
    public var code: Int
    public var message: String
  }

  public var uid: String
  public var allowed: Bool
  public var status: Status
  /// The JSON report's finding objects.
  public var findings: [Finding]
  /// One short line per finding that warns.
  public var warnings: [String]
  public var policyRevision: String
  /// The audit trail's id for this decision; absent when no audit store is used (`lockstep admit`).
  public var auditId: String?
}
