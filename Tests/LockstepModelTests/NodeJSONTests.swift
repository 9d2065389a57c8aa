import Foundation
import LockstepModel
import Testing

@Suite struct NodeJSONTests {
  @Test func scalarsArraysObjectsAndCollections() {
    let node = Node(
      .object([
        Field("name", Node(.string("Deploy \"web\"\n\t\u{1}"))),
        Field("retries", Node(.integer(-3))),
        Field("ratio", Node(.decimal("-1.50"))),
        Field("enabled", Node(.bool(true))),
        Field("nothing", Node(.null)),
        Field("environments", Node(.array([Node(.string("dev")), Node(.string("prod"))]))),
        Field(
          "step",
          Node(.collection([Entry(label: "b", node: Node(.object([]))), Entry(label: nil, node: Node(.integer(1)))]))),
      ]))
    #expect(
      NodeJSON.string(node)
        == #"{"name":"Deploy \"web\"\n\t\u0001","retries":-3,"ratio":-1.50,"enabled":true,"nothing":null,"#
        + #""environments":["dev","prod"],"step":[{"label":"b","value":{}},{"label":null,"value":1}]}"#)
  }

  /// A decimal JSON would not read as a number stays a string, so the output is always valid JSON.
  @Test(arguments: [("1.5", "1.5"), ("0.25", "0.25"), ("-0", "-0"), ("01.5", #""01.5""#), ("1.", #""1.""#)])
  func decimalsAreNumbersWhenJSONCanReadThem(_ literal: String, _ expected: String) throws {
    let text = NodeJSON.string(Node(.decimal(literal)))
    #expect(text == expected)
    _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
  }

  /// Every JSON writer of the project escapes through `JSONEscape`; its strings are what
  /// Foundation's encoder writes, in a String (NodeJSON, export) or in bytes (the admission answer).
  @Test func stringsAreEscapedAsJSONEncoderEscapesThem() throws {
    let awkward = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()
    for text in [
      awkward, "\"q\" \\ / é 😀 \u{2028} \u{7F}", "", "plain", "\"\u{301}x", "ends in\\", "a\n\nb\"", "\u{1}",
    ] {
      let encoder = JSONEncoder()
      encoder.outputFormatting = .withoutEscapingSlashes
      let expected = String(decoding: try encoder.encode(text), as: UTF8.self)
      var out = ""
      NodeJSON.writeString(text, into: &out)
      #expect(out == expected, "\(text.debugDescription)")
      var bytes: [UInt8] = []
      JSONEscape.append(quoted: text, to: &bytes)
      #expect(bytes == Array(expected.utf8), "\(text.debugDescription)")
    }
  }

  @Test func aMissingDocumentIsNull() {
    #expect(NodeJSON.string(nil) == "null")
  }
}
