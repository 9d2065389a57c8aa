import Foundation

/// A request Lockstep cannot decide on: HTTP 400 from the service, exit 2 from `lockstep admit`.
/// The message says what is wrong and where, in terms of the request's JSON.
public struct AdmissionRequestError: Error, Sendable, Equatable, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }

  /// A body that is not an AdmissionReview, explained by the decoder's path and reason.
  public init(decoding error: any Error) {
    switch error {
    case DecodingError.dataCorrupted(let context):
      let detail = context.underlyingError.map { "\($0)" } ?? context.debugDescription
      self.init("\(Self.place(context)): \(detail)".replacingOccurrences(of: "\n", with: " "))
    case DecodingError.keyNotFound(let key, let context):
      self.init("\(Self.place(context)): missing field \"\(key.stringValue)\"")
    case DecodingError.typeMismatch(let type, let context):
      self.init("\(Self.place(context)): expected \(Self.name(of: type))")
    case DecodingError.valueNotFound(let type, let context):
      self.init("\(Self.place(context)): expected \(Self.name(of: type)), found null")
    default:
      self.init("the body is not an AdmissionReview: \(error)")
    }
  }

  static func place(_ context: DecodingError.Context) -> String {
    let path = context.jsonPath
    return path.isEmpty ? "the body" : String(path.dropFirst(path.hasPrefix(".") ? 1 : 0))
  }

  static func name(of type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Bool.Type: "true or false"
    case is Int.Type, is Double.Type: "a number"
    case is [Any].Type: "an array"
    default: "an object"
    }
  }
}
