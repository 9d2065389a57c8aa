import CSimdJSON
import Foundation
import LockstepServer
import TestSupport
import Testing

/// The simdjson reader takes a body only when `JSONDecoder` reads it the same way: every body it
/// accepts, the decoder accepts with byte-for-byte the same strings, and everything else is left
/// to the decoder.
@Suite struct AdmissionReviewReaderTests {
  enum Path: Sendable { case fast, decoder }

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var body: String
    var path: Path
    var testDescription: String { name }
  }

  static func request(_ fields: String, top: String = "") -> String {
    #"{"apiVersion":"lockstep/v1","kind":"AdmissionReview"\#(top),"request":{"uid":"u-1","operation":"UPDATE","resource":{"kind":"Project","space":"s","project":"p"},"actor":{"name":"a"}\#(fields)}}"#
  }

  static let ocl = #","base":{"ocl":{"variables.ocl":"x = 1\n"}},"proposed":{"ocl":{"variables.ocl":"x = 2\n"}}"#

  static let cases: [Case] = [
    Case(name: "a plain edit", body: request(ocl), path: .fast),
    Case(
      name: "nulls for every optional field",
      body:
        #"{"apiVersion":"lockstep/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","resource":{"kind":"Project","space":"s","project":null,"projectGroup":null,"labels":null},"actor":{"name":"a","teams":null},"base":null,"proposed":{"ocl":{},"json":null}}}"#,
      path: .fast),
    Case(
      name: "unknown fields everywhere, numbers and booleans among them",
      body: request(ocl + #","extra":[1,true,{"x":null}]"#, top: #","note":2.5"#), path: .fast),
    Case(
      name: "escapes, surrogate pairs and NUL",
      body: request(#","base":{"ocl":{"a.ocl":"\u00e9\ud83d\ude00\u0000\/\b\f\t\"\\"}},"proposed":{"ocl":{}}"#),
      path: .fast),
    Case(
      name: "labels and teams",
      body: request(ocl).replacingOccurrences(
        of: #""project":"p""#, with: #""project":"p","labels":{"tier":"gold","é":"ü"}"#
      )
      .replacingOccurrences(of: #""name":"a""#, with: #""name":"a","teams":["x","y"]"#), path: .fast),
    Case(
      name: "a REST API document",
      body: request(#","base":{"json":{"Name":"x","Id":1}},"proposed":{"json":{"Name":"y","Id":1}}"#), path: .decoder),
    Case(
      name: "neither ocl nor json", body: request(#","base":{"ocl":null,"json":null},"proposed":{"ocl":{}}"#),
      path: .decoder),
    Case(
      name: "a file named twice", body: request(#","base":{"ocl":{"a.ocl":"1","a.ocl":"2"}},"proposed":{"ocl":{}}"#),
      path: .decoder),
    Case(
      name: "names that are the same string to Swift",
      body: request(#","base":{"ocl":{"\u00e9.ocl":"1","e\u0301.ocl":"2"}},"proposed":{"ocl":{}}"#), path: .decoder),
    Case(name: "a repeated top-level field", body: request(ocl, top: #","kind":"AdmissionReview""#), path: .decoder),
    Case(
      name: "a number for a string", body: request(ocl).replacingOccurrences(of: #""u-1""#, with: "7"), path: .decoder),
    Case(
      name: "a number among the labels",
      body: request(ocl).replacingOccurrences(of: #""project":"p""#, with: #""project":"p","labels":{"a":1}"#),
      path: .decoder),
    Case(
      name: "null among the teams",
      body: request(ocl).replacingOccurrences(of: #""name":"a""#, with: #""name":"a","teams":[null]"#), path: .decoder),
    Case(
      name: "an unknown operation", body: request(ocl).replacingOccurrences(of: "UPDATE", with: "PATCH"), path: .decoder
    ),
    Case(
      name: "a missing field", body: request(ocl).replacingOccurrences(of: #""uid":"u-1","#, with: ""), path: .decoder),
    Case(name: "text after the value", body: request(ocl) + " x", path: .decoder),
    Case(
      name: "nesting past the reader's depth",
      body: request(ocl, top: #","deep":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)),
      path: .decoder),
    Case(
      name: "a lone surrogate", body: request(#","base":{"ocl":{"a.ocl":"\ud800"}},"proposed":{"ocl":{}}"#),
      path: .decoder),
    Case(name: "not JSON", body: "{nope", path: .decoder),
    Case(name: "an empty body", body: "", path: .decoder),
  ]

  @Test(arguments: cases) func readsOnlyWhatItReadsAsTheDecoderDoes(_ example: Case) throws {
    let body = Array(example.body.utf8)
    let fast = AdmissionReviewReader.read(body)
    #expect((fast == nil) == (example.path == .decoder))
    if let fast { try Self.expectSameAsDecoder(fast, body) }
  }

  @Test func invalidUTF8IsLeftToTheDecoder() throws {
    var body = Array(Self.request(Self.ocl).utf8)
    body[try #require(body.firstIndex(of: UInt8(ascii: "x")))] = 0xFF
    #expect(AdmissionReviewReader.read(body) == nil)
  }

  @Test func bodiesPastTheLimitAreLeftToTheDecoder() throws {
    let padding = String(repeating: " ", count: AdmissionReviewReader.maximumBytes)
    let body = Self.request(Self.ocl)
    #expect(AdmissionReviewReader.read(Array((body + padding.dropFirst(body.utf8.count)).utf8)) != nil)
    #expect(AdmissionReviewReader.read(Array((body + padding).utf8)) == nil)
    #expect(try AdmissionReview.decode(Array((body + padding).utf8)).request.uid == "u-1")
  }

  @Test func everySampleTakesTheFastPath() throws {
    let samples = TestPaths.files(under: TestPaths.samples.appendingPathComponent("admission"), suffix: ".json")
    #expect(samples.count >= 8)
    for url in samples {
      let body = Array(try Data(contentsOf: url))
      let fast = try #require(AdmissionReviewReader.read(body), "\(url.lastPathComponent) went to the decoder")
      try Self.expectSameAsDecoder(fast, body)
    }
  }

  /// Thousands of small corruptions of a request: whatever the reader accepts, the decoder
  /// accepts with the same meaning. Seeded, so a failure repeats.
  @Test func mutatedBodiesNeverReadDifferently() throws {
    let original = Array(
      Self.request(
        #","base":{"ocl":{"deployment_process.ocl":"step \"a\" {\n    name = \"A \\\"b\\\" é\"\n}\n"}},"proposed":{"ocl":{"variables.ocl":"x = [1, 2]\n"}}"#
      ).replacingOccurrences(of: #""project":"p""#, with: #""project":"p","labels":{"t":"g"}"#).utf8)
    var random = SeededRandom(seed: 0x10C4_5732)
    var fastAccepted = 0
    var decoderAccepted = 0
    for _ in 0..<4_000 {
      let body = Self.mutate(original, &random)
      let decoded = try? JSONDecoder().decode(AdmissionReview.self, from: Data(body))
      if decoded != nil { decoderAccepted += 1 }
      guard let fast = AdmissionReviewReader.read(body) else { continue }
      fastAccepted += 1
      try Self.expectSameAsDecoder(fast, body)
    }
    print(
      "of 4,000 mutated bodies, \(fastAccepted) read by both, \(decoderAccepted - fastAccepted) by the decoder alone")
    // Both paths were exercised: many mutations still read, and many did not.
    #expect(fastAccepted > 200)
    #expect(decoderAccepted < 4_000)
  }

  /// A thread reuses one parser, and a document's strings live in it: a second document parsed
  /// while the first is open must not overwrite the first's strings.
  @Test func aSecondOpenDocumentLeavesTheFirstIntact() throws {
    func strings(_ document: OpaquePointer) -> [String] {
      var count = 0
      guard let events = csj_events(document, &count) else { return [] }
      return UnsafeBufferPointer(start: events, count: count).compactMap { event in
        event.kind == CSJ_STRING ? String(cString: event.text) : nil
      }
    }
    // The second no longer than the first, so a shared parser would overwrite the first's
    // strings in place rather than in memory it had let go.
    let first = Array(#"["first", "document"]"#.utf8)
    let second = Array(#"["SECOND", "DOC"]"#.utf8)
    let one = try #require(first.withUnsafeBufferPointer { csj_parse($0.baseAddress, $0.count, 8) })
    defer { csj_free(one) }
    let two = try #require(second.withUnsafeBufferPointer { csj_parse($0.baseAddress, $0.count, 8) })
    #expect(strings(two) == ["SECOND", "DOC"])
    csj_free(two)
    #expect(strings(one) == ["first", "document"])
    // And with both closed, the thread's parser is free again and still reads correctly.
    let three = try #require(first.withUnsafeBufferPointer { csj_parse($0.baseAddress, $0.count, 8) })
    defer { csj_free(three) }
    #expect(strings(three) == ["first", "document"])
  }

  static func expectSameAsDecoder(
    _ fast: AdmissionReview, _ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
  )
    throws
  {
    let decoded = try JSONDecoder().decode(AdmissionReview.self, from: Data(body))
    // Encoded, because String's == is Unicode equivalence and the bytes must be the same.
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    #expect(
      try encoder.encode(fast) == encoder.encode(decoded), "read differently: \(String(decoding: body, as: UTF8.self))",
      sourceLocation: sourceLocation)
  }

  static let alphabet = Array(#"{}[]:,"\ u0n1.e-x"#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF]

  static func mutate(_ body: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
    var body = body
    for _ in 0...random.below(2) {
      let at = random.below(body.count)
      switch random.below(4) {
      case 0: body[at] = alphabet[random.below(alphabet.count)]
      case 1: body.remove(at: at)
      case 2: body.insert(alphabet[random.below(alphabet.count)], at: at)
      default:
        let end = min(body.count, at + 1 + random.below(12))
        body.insert(contentsOf: body[at..<end], at: at)
      }
    }
    return body
  }
}
