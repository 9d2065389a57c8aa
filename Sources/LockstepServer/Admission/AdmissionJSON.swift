import Foundation

/// How the admission service writes JSON: keys sorted, slashes plain, one trailing newline, so
/// a response is byte-for-byte the same whenever it is sent again.
public enum AdmissionJSON {
  public static func encode<Value: Encodable>(_ value: Value) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(Timestamp.string(date))
    }
    guard let data = try? encoder.encode(value) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// Reads what `encode` wrote (times as ISO 8601).
  public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      guard let date = Timestamp.date(text) else {
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 time: \(text)")
      }
      return date
    }
    return try decoder.decode(type, from: data)
  }
}

/// ISO 8601 with milliseconds, UTC: how the audit trail writes times.
public enum Timestamp {
  public static func string(_ date: Date) -> String {
    date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
  }

  public static func date(_ text: String) -> Date? {
    if let date = try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) {
      return date
    }
    return try? Date(text, strategy: .iso8601)
  }
}
