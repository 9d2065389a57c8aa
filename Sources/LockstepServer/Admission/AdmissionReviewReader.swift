import CSimdJSON

/// The fast way to read an admission request: simdjson parses the body, and the request is
/// built from its parse. Foundation's `JSONDecoder` spends most of its time unescaping the OCL
/// texts (every `\n` and `\"` in them) and was 44% of the service's own CPU per request.
///
/// `JSONDecoder` with `AdmissionReview`'s `Decodable` remains the definition of what a request
/// is. This reader takes only the bodies it can read exactly as that does, Config-as-Code
/// requests, and gives up (nil) on anything else: JSON that does not parse, REST API documents
/// (their numbers), repeated keys, and any field of the wrong type or missing. The caller then
/// decodes with `JSONDecoder`, which accepts or explains the body as before. So a body is
/// accepted with the same meaning whichever way it was read; the tests check that on every
/// sample and on thousands of mutated bodies.
public enum AdmissionReviewReader {
  /// A request nests five deep; the rest is for the unusual bodies the decoder should see.
  static let maximumDepth = 32
  /// simdjson sizes its buffers at about 14 bytes per byte of input; past this the decoder reads
  /// the body, so one rare huge request does not reserve hundreds of MiB.
  public static let maximumBytes = 4 * 1024 * 1024

  /// The request in `body`, or nil when it must go to `JSONDecoder`.
  public static func read(_ body: [UInt8]) -> AdmissionReview? {
    guard !body.isEmpty, body.count <= maximumBytes else { return nil }
    let parsed = body.withUnsafeBufferPointer { csj_parse($0.baseAddress, $0.count, maximumDepth) }
    guard let parsed else { return nil }
    defer { csj_free(parsed) }
    guard csj_error(parsed) == nil else { return nil }
    var count = 0
    guard let events = csj_events(parsed, &count) else { return nil }
    var reader = EventReader(events: UnsafeBufferPointer(start: events, count: count))
    guard let root = try? reader.value(), reader.isAtEnd else { return nil }
    return try? AdmissionReview(root)
  }
}

/// A value of the parse, as far as a request needs one. Numbers and booleans are `unread`: no
/// field this reader takes has them.
enum ReadValue {
  case object([String: ReadValue])
  case array([ReadValue])
  case string(String)
  case null
  case unread
}

/// Why the reader gave a body to `JSONDecoder`; never shown, because the decoder says why.
struct NotReadHere: Error {}

/// Turns simdjson's flat events back into a tree.
struct EventReader {
  let events: UnsafeBufferPointer<csj_event>
  var index = 0

  var isAtEnd: Bool { index == events.count }

  mutating func value() throws(NotReadHere) -> ReadValue {
    guard index < events.count else { throw NotReadHere() }
    let event = events[index]
    index += 1
    switch event.kind {
    case CSJ_OBJECT: return .object(try fields(Int(event.count)))
    case CSJ_ARRAY:
      var values: [ReadValue] = []
      values.reserveCapacity(Int(event.count))
      for _ in 0..<event.count { values.append(try value()) }
      return .array(values)
    case CSJ_STRING: return .string(Self.text(event))
    case CSJ_NULL: return .null
    case CSJ_KEY: throw NotReadHere()
    default: return .unread
    }
  }

  /// An object's fields. A repeated key goes to the decoder, which has its own rule for it.
  mutating func fields(_ count: Int) throws(NotReadHere) -> [String: ReadValue] {
    var fields: [String: ReadValue] = [:]
    fields.reserveCapacity(count)
    for _ in 0..<count {
      guard index < events.count, events[index].kind == CSJ_KEY else { throw NotReadHere() }
      let key = Self.text(events[index])
      index += 1
      guard fields.updateValue(try value(), forKey: key) == nil else { throw NotReadHere() }
    }
    return fields
  }

  /// simdjson has checked the bytes are UTF-8, so decoding them repairs nothing.
  static func text(_ event: csj_event) -> String {
    guard let text = event.text else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: text, count: event.length), as: UTF8.self)
  }
}

extension ReadValue {
  func object() throws(NotReadHere) -> [String: ReadValue] {
    guard case .object(let fields) = self else { throw NotReadHere() }
    return fields
  }

  func string() throws(NotReadHere) -> String {
    guard case .string(let text) = self else { throw NotReadHere() }
    return text
  }

  /// What `Decodable` makes of an optional field: absent or null is nil.
  static func optional<Value>(
    _ value: ReadValue?, _ read: (ReadValue) throws(NotReadHere) -> Value
  ) throws(NotReadHere) -> Value? {
    switch value {
    case nil, .null?: return nil
    case let value?: return try read(value)
    }
  }

  func strings() throws(NotReadHere) -> [String] {
    guard case .array(let values) = self else { throw NotReadHere() }
    var strings: [String] = []
    strings.reserveCapacity(values.count)
    for value in values { strings.append(try value.string()) }
    return strings
  }

  func stringsByName() throws(NotReadHere) -> [String: String] {
    let fields = try object()
    var strings: [String: String] = [:]
    strings.reserveCapacity(fields.count)
    for (name, value) in fields { strings[name] = try value.string() }
    return strings
  }
}

extension [String: ReadValue] {
  func required(_ key: String) throws(NotReadHere) -> ReadValue {
    guard let value = self[key] else { throw NotReadHere() }
    return value
  }
}

extension AdmissionReview {
  init(_ root: ReadValue) throws(NotReadHere) {
    let fields = try root.object()
    self.init(request: try AdmissionRequest(try fields.required("request")))
    apiVersion = try fields.required("apiVersion").string()
    kind = try fields.required("kind").string()
  }
}

extension AdmissionRequest {
  init(_ value: ReadValue) throws(NotReadHere) {
    let fields = try value.object()
    guard let operation = Operation(rawValue: try fields.required("operation").string()) else { throw NotReadHere() }
    self.init(
      uid: try fields.required("uid").string(), operation: operation,
      resource: try Resource(try fields.required("resource")), actor: try Actor(try fields.required("actor")),
      base: try ReadValue.optional(fields["base"], AdmissionDocument.init),
      proposed: try ReadValue.optional(fields["proposed"], AdmissionDocument.init))
  }
}

extension AdmissionRequest.Resource {
  init(_ value: ReadValue) throws(NotReadHere) {
    let fields = try value.object()
    self.init(
      kind: try fields.required("kind").string(), space: try fields.required("space").string(),
      project: try ReadValue.optional(fields["project"]) { value throws(NotReadHere) in try value.string() },
      projectGroup: try ReadValue.optional(fields["projectGroup"]) { value throws(NotReadHere) in try value.string() },
      labels: try ReadValue.optional(fields["labels"]) { value throws(NotReadHere) in try value.stringsByName() })
  }
}

extension AdmissionRequest.Actor {
  init(_ value: ReadValue) throws(NotReadHere) {
    let fields = try value.object()
    self.init(
      name: try fields.required("name").string(),
      teams: try ReadValue.optional(fields["teams"]) { value throws(NotReadHere) in try value.strings() })
  }
}

extension AdmissionDocument {
  /// Config-as-Code files only: a REST API document (`json`) has numbers, which the decoder reads.
  init(_ value: ReadValue) throws(NotReadHere) {
    let fields = try value.object()
    let json = try ReadValue.optional(fields["json"]) { _ throws(NotReadHere) in true }
    let files = try ReadValue.optional(fields["ocl"]) { value throws(NotReadHere) in try value.stringsByName() }
    guard json == nil, let files else { throw NotReadHere() }
    self = .ocl(files)
  }
}
