import OCL
import Testing

/// One grammar rule broken once: the single diagnostic the parser must give for it.
struct ErrorCase: Sendable, CustomTestStringConvertible {
  let rule: String
  let source: String
  let kind: OCLDiagnostic.Kind
  let line: Int
  let column: Int
  let endLine: Int
  let endColumn: Int
  let phrase: String

  init(
    _ rule: String, _ source: String, _ kind: OCLDiagnostic.Kind = .syntax,
    at line: Int, _ column: Int, to endLine: Int, _ endColumn: Int, _ phrase: String
  ) {
    self.rule = rule
    self.source = source
    self.kind = kind
    self.line = line
    self.column = column
    self.endLine = endLine
    self.endColumn = endColumn
    self.phrase = phrase
  }

  var testDescription: String { rule }
}

/// Invalid UTF-8: where the first bad byte is, by line and column and by byte offset.
struct EncodingCase: Sendable, CustomTestStringConvertible {
  let name: String
  let bytes: [UInt8]
  let line: Int
  let column: Int
  let offset: Int
  let phrase: String

  var testDescription: String { name }
}

@Suite struct ParserErrorTests {
  static let errorCases: [ErrorCase] = [
    // Blocks
    ErrorCase(
      "non-empty block body on the `{` line", "step \"a\" { name = \"x\" }\n",
      at: 1, 12, to: 1, 13, "needs a line break right after `{`"),
    ErrorCase(
      "block never closed", "step {\n    a = 1\n",
      at: 3, 1, to: 3, 1, "expected `}` to close block `step` opened at 1:1, found end of file"),
    ErrorCase(
      "block never closed, no final newline", "step \"a\" {\n    a = 1",
      at: 2, 10, to: 2, 10, "expected `}` to close block `step` opened at 1:1"),
    ErrorCase(
      "stray `}` at top level", "a = 1\n}\nb = 2\n",
      at: 2, 1, to: 2, 2, "unexpected `}`: no block is open here"),
    ErrorCase(
      "label on the next line", "step\n\"a\" {\n    x = 1\n}\n",
      at: 1, 5, to: 1, 5, "expected `=`, a label or `{` after `step` on the same line"),
    ErrorCase(
      "a label that is not a quoted string", "step \"a\" x {\n}\n",
      at: 1, 10, to: 1, 11, "expected a label or `{` after block `step` on the same line, found `x`"
    ),
    // Names and attributes
    ErrorCase(
      "an element that does not start with a name", "\"x\" = 1\n",
      at: 1, 1, to: 1, 2, "expected an attribute or block name"),
    ErrorCase(
      "two names in a row", "a b = 1\n",
      at: 1, 3, to: 1, 4, "expected `=`, a label or `{` after `a`, found `b`"),
    ErrorCase(
      "`=` on the next line", "a\n= 1\n",
      at: 1, 2, to: 1, 2, "after `a` on the same line, found end of line"),
    ErrorCase(
      "attribute value on the next line", "a =\n  1\nb = 2\n",
      at: 1, 4, to: 1, 4, "the value of `a` must start on the same line as `a =`"),
    ErrorCase(
      "bare word value", "name = hello\n",
      at: 1, 8, to: 1, 13, "found `hello` (text values are quoted"),
    // Comments
    ErrorCase(
      "`#` comment line", "a = 1\n# note\nb = 2\n", .comment,
      at: 2, 1, to: 2, 7, "comments are not part of OCL"),
    ErrorCase(
      "`#` comment after a value", "a = 1 # note\n", .comment,
      at: 1, 7, to: 1, 13, "comments are not part of OCL"),
    ErrorCase(
      "`//` comment line", "a = 1\n    // note\n", .comment,
      at: 2, 5, to: 2, 12, "comments are not part of OCL"),
    ErrorCase(
      "`//` comment in a CRLF file stops before the CR", "// note\r\na = 1\r\n", .comment,
      at: 1, 1, to: 1, 8, "comments are not part of OCL"),
    ErrorCase(
      "`/* */` comment over two lines", "/* a\n   b */\nx = 1\n", .comment,
      at: 1, 1, to: 2, 8, "comments are not part of OCL"),
    // Strings
    ErrorCase(
      "unknown escape `\\d`", "a = \"x\\dy\"\n",
      at: 1, 7, to: 1, 9, "unknown escape `\\d`"),
    ErrorCase(
      "unknown escape after a non-ASCII letter", "a = \"é\\d\"\n",
      at: 1, 7, to: 1, 9, "unknown escape `\\d`"),
    ErrorCase(
      "unterminated quoted string (raw newline)", "a = \"abc\nb = 1\n",
      at: 1, 5, to: 1, 9, "unterminated string"),
    ErrorCase(
      "raw carriage return in a quoted string", "a = \"x\ry\"\n",
      at: 1, 5, to: 1, 7, "unterminated string"),
    // Heredocs
    ErrorCase(
      "heredoc never closed", "a = <<EOT\nx\n",
      at: 3, 1, to: 3, 1, "heredoc `<<EOT` opened at 1:5 is never closed"),
    ErrorCase(
      "indented heredoc never closed (a shorter tag is not the tag)", "a = <<-EOT\n    x\n  EO\n",
      at: 4, 1, to: 4, 1, "heredoc `<<-EOT` opened at 1:5 is never closed"),
    ErrorCase(
      "text after a heredoc tag", "a = <<EOT x\nhello world\nEOT\nb = 1\n",
      at: 1, 11, to: 1, 12, "nothing may follow the heredoc tag `EOT`"),
    // Numbers
    ErrorCase(
      "number with exponent", "a = 1e5\n",
      at: 1, 5, to: 1, 8, "`1e5` is not a number"),
    ErrorCase(
      "decimal with exponent", "a = 2.5e3\n",
      at: 1, 5, to: 1, 10, "`2.5e3` is not a number"),
    ErrorCase(
      "integer above 32-bit range", "a = 2147483648\n",
      at: 1, 5, to: 1, 15, "integer 2147483648 is out of range"),
    ErrorCase(
      "integer below 32-bit range", "a = -2147483649\n",
      at: 1, 5, to: 1, 16, "integer -2147483649 is out of range"),
    // Octopus parses the digits, then negates: the digits of int.MinValue overflow first.
    ErrorCase(
      "the most negative 32-bit integer", "a = -2147483648\n",
      at: 1, 5, to: 1, 16, "integer -2147483648 is out of range"),
    ErrorCase(
      "minus without digits", "a = -x\n",
      at: 1, 6, to: 1, 7, "expected digits after `-`"),
    ErrorCase(
      "decimal point without digits", "a = 1.\n",
      at: 1, 7, to: 1, 7, "expected digits after the decimal point"),
    // Arrays
    ErrorCase(
      "trailing comma in an array", "a = [\"x\", \"y\",]\n",
      at: 1, 14, to: 1, 15, "trailing comma"),
    ErrorCase(
      "mixed array: string then integer", "a = [\"x\", 1]\n",
      at: 1, 11, to: 1, 12, "this array started with a string, found an integer"),
    ErrorCase(
      "mixed array: integer then decimal", "a = [1, 2.5]\n",
      at: 1, 9, to: 1, 12, "this array started with an integer, found a decimal"),
    ErrorCase(
      "array of booleans", "a = [true]\n",
      at: 1, 6, to: 1, 7, "arrays hold quoted strings or numbers only, found `t`"),
    ErrorCase(
      "array elements without a comma", "a = [\"x\" \"y\"]\n",
      at: 1, 10, to: 1, 11, "expected `,` or `]` in the array"),
    ErrorCase(
      "array never closed", "a = [\"x\",\n",
      at: 2, 1, to: 2, 1, "expected `]` to close the array opened at 1:5, found end of file"),
    // Dictionaries
    ErrorCase(
      "nested dictionary", "a = {\n    b = {\n        c = 1\n    }\n}\n",
      at: 2, 9, to: 2, 10, "dictionaries do not nest"),
    ErrorCase(
      "dictionary entry on the `{` line", "a = { b = 1 }\n",
      at: 1, 7, to: 1, 8, "a dictionary needs a line break right after `{`"),
    ErrorCase(
      "bare dictionary key runs into `=`", "a = {\n    c=2\n}\n",
      at: 2, 8, to: 2, 8, "after dictionary key `c=2`"),
    ErrorCase(
      "dictionary never closed", "a = {\n    b = 1\n",
      at: 3, 1, to: 3, 1, "expected `}` to close the dictionary opened at 1:5"),
  ]

  @Test(arguments: errorCases)
  func reportsTheExactDiagnostic(_ expected: ErrorCase) throws {
    let result = OCLParser.parse(expected.source)
    #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
    #expect(!result.truncated)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.kind == expected.kind)
    #expect(diagnostic.span.line == expected.line)
    #expect(diagnostic.span.column == expected.column)
    #expect(diagnostic.span.endLine == expected.endLine)
    #expect(diagnostic.span.endColumn == expected.endColumn)
    #expect(diagnostic.message.contains(expected.phrase), "\(diagnostic.message)")
    #expect(diagnostic.description.hasPrefix("\(expected.line):\(expected.column): "))
  }

  /// Nesting is capped, so no input can exhaust the stack of whatever walks the tree: the block
  /// past the cap is one error at its name, its contents are skipped, and what follows it parses.
  @Test func blocksNestedPastTheCapAreOneErrorAndSkipped() throws {
    func nested(_ levels: Int) -> String {
      String(repeating: "b {\n", count: levels) + "c = 1\n" + String(repeating: "}\n", count: levels)
    }
    #expect(OCLParser.parse(nested(OCLParser.maxBlockDepth)).diagnostics.isEmpty)
    let result = OCLParser.parse(nested(OCLParser.maxBlockDepth + 1) + "after {\n    d = 2\n}\n")
    #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.span.line == OCLParser.maxBlockDepth + 1)
    #expect(diagnostic.span.column == 1 && diagnostic.span.endColumn == 2)
    #expect(diagnostic.message.contains("nested 65 deep"), "\(diagnostic.message)")
    #expect(result.document.body.count == 2, "the outer block and `after`")
  }

  /// 200,000 levels (a 1.2 MB file): one error, not a crash.
  @Test func aVeryDeepFileIsOneError() {
    let levels = 200_000
    let text =
      "step \"a\" {\n" + String(repeating: "a {\n", count: levels) + String(repeating: "}\n", count: levels) + "}\n"
    let result = OCLParser.parse(text)
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics.first?.span.line == OCLParser.maxBlockDepth + 1)
  }

  @Test func diagnosticOffsetsCountBytesWhileColumnsCountCharacters() throws {
    // `a = "é\d"`: the escape is the 7th character but starts at byte 7 (é is two bytes).
    let result = OCLParser.parse("a = \"é\\d\"\n")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.span == span(1, 7, to: 1, 9, offset: 7, length: 2))
  }

  // MARK: Encoding

  static let encodingCases: [EncodingCase] = [
    EncodingCase(
      name: "0xFF on the second line", bytes: Array("a = \"x\"\nb = \"".utf8) + [0xFF, 0x22],
      line: 2, column: 6, offset: 13, phrase: "byte 0xFF at offset 13"),
    EncodingCase(
      name: "0xFF after a two-byte character", bytes: Array("b = \"é".utf8) + [0xFF, 0x22],
      line: 1, column: 7, offset: 7, phrase: "byte 0xFF at offset 7"),
    EncodingCase(
      name: "0xFF after a byte-order mark",
      bytes: [0xEF, 0xBB, 0xBF] + Array("a = \"".utf8) + [0xFF],
      line: 1, column: 6, offset: 8, phrase: "byte 0xFF at offset 8"),
    EncodingCase(
      name: "a lone continuation byte", bytes: Array("a = 1\n".utf8) + [0x80],
      line: 2, column: 1, offset: 6, phrase: "byte 0x80 at offset 6"),
    EncodingCase(
      name: "a sequence cut short by the end of the file", bytes: Array("a = \"".utf8) + [0xC3],
      line: 1, column: 6, offset: 5, phrase: "byte 0xC3 at offset 5"),
    EncodingCase(
      name: "an overlong encoding of `/`", bytes: Array("a = \"".utf8) + [0xC0, 0xAF, 0x22],
      line: 1, column: 6, offset: 5, phrase: "byte 0xC0 at offset 5"),
    EncodingCase(
      name: "an encoded UTF-16 surrogate", bytes: Array("a = \"".utf8) + [0xED, 0xA0, 0x80, 0x22],
      line: 1, column: 6, offset: 5, phrase: "byte 0xED at offset 5"),
  ]

  @Test(arguments: encodingCases)
  func invalidUTF8IsOneEncodingDiagnosticAtTheBadByte(_ expected: EncodingCase) throws {
    let result = OCLParser.parse(expected.bytes)
    #expect(result.diagnostics.count == 1)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.kind == .encoding)
    #expect(
      diagnostic.span
        == span(
          expected.line, expected.column, to: expected.line, expected.column + 1,
          offset: expected.offset, length: 1))
    #expect(diagnostic.message.contains(expected.phrase), "\(diagnostic.message)")
    #expect(diagnostic.message.contains("not valid UTF-8"))
    #expect(result.document.body.isEmpty)
  }

  // MARK: Recovery

  @Test func threeIndependentErrorsAreThreeDiagnosticsAndTheRestIsRead() throws {
    let source = """
      name = "ok"
      bad = hello
      step "a" {
          x = 1e5
          y = 2
      }
      # note
      last = true

      """
    let result = OCLParser.parse(source)
    let found = result.diagnostics.map { [$0.span.line, $0.span.column, $0.span.endColumn] }
    #expect(found == [[2, 7, 12], [4, 9, 12], [7, 1, 7]])
    #expect(result.diagnostics.map(\.kind) == [.syntax, .syntax, .comment])
    #expect(result.diagnostics[0].message.contains("found `hello`"))
    #expect(result.diagnostics[1].message.contains("`1e5` is not a number"))
    #expect(!result.truncated)

    let body = result.document.body
    #expect(body.map(\.name) == ["name", "step", "last"])
    let step = try #require(body[1].block)
    #expect(step.labels.map(\.value) == ["a"])
    #expect(step.body.map(\.name) == ["y"])
    #expect(Shape(try #require(step.body[0].attribute).value) == .integer(2))
    #expect(Shape(try #require(body[2].attribute).value) == .bool(true))
  }

  @Test func aBlockWithItsBodyOnTheBraceLineIsStillRead() throws {
    let result = OCLParser.parse("step \"a\" { name = \"x\" }\nnext = 1\n")
    #expect(result.diagnostics.count == 1)
    let step = try #require(result.document.body.first?.block)
    #expect(step.body.map(\.name) == ["name"])
    #expect(result.document.body.map(\.name) == ["step", "next"])
  }

  @Test func aMisplacedLineBreakCostsOneErrorAndKeepsTheElement() throws {
    let value = OCLParser.parse("a =\n  \"x\"\nb = 2\n")
    #expect(value.diagnostics.count == 1)
    #expect(value.document.body.map(\.name) == ["a", "b"])
    #expect(Shape(try #require(value.document.body[0].attribute).value) == .quoted("x"))

    let label = OCLParser.parse("step\n\"a\" {\n    x = 1\n}\n")
    #expect(label.diagnostics.count == 1)
    let labelled = try #require(label.document.body.first?.block)
    #expect(labelled.labels.map(\.value) == ["a"])
    #expect(labelled.body.map(\.name) == ["x"])

  }

  /// Octopus's block parser reads the body with `.Token()`, which skips line breaks, so a `{` on
  /// the line after the name or labels is accepted (and `fmt` moves it back).
  @Test func aBraceOnTheNextLineIsAcceptedAsOctopusDoes() throws {
    let brace = OCLParser.parse("step \"a\"\n{\n    a = 1\n}\nb = 2\n")
    #expect(brace.diagnostics.isEmpty)
    #expect(brace.document.body.map(\.name) == ["step", "b"])
    #expect(brace.document.body.first?.block?.body.map(\.name) == ["a"])
    let unlabelled = OCLParser.parse("connectivity_policy\n{\n    a = true\n}")
    #expect(unlabelled.diagnostics.isEmpty)
    #expect(OCLWriter.write(unlabelled.document) == "connectivity_policy {\n    a = true\n}")
  }

  @Test func aMissingValueDoesNotSwallowTheNextAttribute() {
    let result = OCLParser.parse("a =\nb = 2\n")
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics.first?.span.line == 1)
    #expect(result.document.body.map(\.name) == ["b"])
  }

  @Test func aNestedDictionaryIsSkippedAndTheOuterOneKept() throws {
    let result = OCLParser.parse(
      "a = {\n    b = {\n        c = 1\n    }\n    d = 2\n}\ne = 3\n")
    #expect(result.diagnostics.count == 1)
    #expect(result.document.body.map(\.name) == ["a", "e"])
    let a = try #require(result.document.body[0].attribute)
    #expect(Shape(a.value) == .dictionary([.init("d", .integer(2))]))
  }

  @Test func heredocTextAfterABadTagLineIsNotReadAsOCL() {
    let result = OCLParser.parse("a = <<EOT x\nhello world\nEOT\nb = 1\n")
    #expect(result.diagnostics.count == 1)
    #expect(result.document.body.map(\.name) == ["a", "b"])
  }

  // MARK: The cap

  static func badLines(_ count: Int) -> String {
    String(repeating: "x = bad\n", count: count)
  }

  @Test func sixtyBadLinesGiveFiftyDiagnosticsAndTruncated() {
    let result = OCLParser.parse(Self.badLines(60))
    #expect(OCLParser.maxDiagnostics == 50)
    #expect(result.diagnostics.count == 50)
    #expect(result.truncated)
    #expect(result.diagnostics.map(\.span.line) == Array(1...50))
    #expect(result.diagnostics.allSatisfy { $0.span.column == 5 && $0.span.endColumn == 8 })
  }

  @Test(arguments: [(50, false), (51, true)])
  func truncatedOnlyWhenMoreThanFiftyErrors(lines: Int, truncated: Bool) {
    let result = OCLParser.parse(Self.badLines(lines))
    #expect(result.diagnostics.count == 50)
    #expect(result.truncated == truncated)
  }

  @Test func aValidFileHasNoDiagnostics() {
    let result = OCLParser.parse("a = 1\n")
    #expect(result.isValid)
    #expect(!result.truncated)
  }
}
