import OCL
import Testing

/// Source text and the value it must parse to.
struct ValueCase: Sendable, CustomTestStringConvertible {
  let source: String
  let expected: Shape

  init(_ source: String, _ expected: Shape) {
    self.source = source
    self.expected = expected
  }

  var testDescription: String { source.debugDescription }
}

@Suite struct ParserAcceptanceTests {
  // MARK: Blocks

  @Test func blocksWithZeroOneAndTwoLabels() throws {
    let document = parseValid("step {}\nstep \"one\" {}\nstep \"one\" \"two\" {}\n")
    let blocks = try document.body.map { try #require($0.block) }
    #expect(blocks.map(\.name) == ["step", "step", "step"])
    #expect(blocks.map { $0.labels.map(\.value) } == [[], ["one"], ["one", "two"]])
    #expect(blocks.allSatisfy { $0.body.isEmpty })

    #expect(blocks[0].span == span(1, 1, to: 1, 8, offset: 0, length: 7))
    #expect(blocks[0].nameSpan == span(1, 1, to: 1, 5, offset: 0, length: 4))
    #expect(blocks[1].labels[0].span == span(2, 6, to: 2, 11, offset: 13, length: 5))
    #expect(blocks[1].span == span(2, 1, to: 2, 14, offset: 8, length: 13))
    #expect(blocks[2].labels[0].span == span(3, 6, to: 3, 11, offset: 27, length: 5))
    #expect(blocks[2].labels[1].span == span(3, 12, to: 3, 17, offset: 33, length: 5))
    #expect(blocks[2].span == span(3, 1, to: 3, 20, offset: 22, length: 19))
  }

  @Test func labelsAreUnescaped() throws {
    let document = parseValid("step \"a \\\"b\\\" \\\\ c\" {}\n")
    let step = try #require(document.body.first?.block)
    #expect(step.labels.map(\.value) == ["a \"b\" \\ c"])
  }

  @Test(arguments: ["step {}", "step { }", "step {\n}", "step {\n\n    \n}", "step \"a\" {\t}"])
  func emptyBlocks(source: String) throws {
    let document = parseValid(source + "\nafter = 1\n")
    #expect(document.body.map(\.name) == ["step", "after"])
    let step = try #require(document.body.first?.block)
    #expect(step.body.isEmpty)
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(step.span.offset == 0)
    #expect(step.span.length == source.utf8.count)
    #expect(step.span.endLine == lines.count)
    #expect(step.span.endColumn == lines.last!.unicodeScalars.count + 1)
  }

  @Test func nestedBlocksKeepSourceOrder() throws {
    let document = parseValid(
      """
      step "a" {
          name = "A"

          action "b" {
              inner {}
              x = 1
          }
          y = 2
      }
      z = 3
      """)
    #expect(document.body.map(\.name) == ["step", "z"])
    let step = try #require(document.body[0].block)
    #expect(step.body.map(\.name) == ["name", "action", "y"])
    let action = try #require(step.body[1].block)
    #expect(action.labels.map(\.value) == ["b"])
    #expect(action.body.map(\.name) == ["inner", "x"])
    #expect(action.body[0].block?.body == [])
  }

  // MARK: Attribute values

  static let valueCases: [ValueCase] = [
    ValueCase("null", .null),
    ValueCase("true", .bool(true)),
    ValueCase("false", .bool(false)),
    ValueCase("42", .integer(42)),
    ValueCase("-7", .integer(-7)),
    ValueCase("0", .integer(0)),
    ValueCase("2147483647", .integer(2_147_483_647)),
    ValueCase("-2147483647", .integer(-2_147_483_647)),
    ValueCase("3.25", .decimal("3.25")),
    ValueCase("-0.5", .decimal("-0.5")),
    ValueCase("1.50", .decimal("1.50")),
    ValueCase("\"text\"", .quoted("text")),
    ValueCase("\"\"", .quoted("")),
    ValueCase("\"#{Octopus.Action[Deploy].Output}\"", .quoted("#{Octopus.Action[Deploy].Output}")),
    ValueCase(
      "\"t\\tq\\\"b\\\\r\\rn\\n\"", .quoted("t\tq\"b\\r\rn\n")),
    ValueCase("[\"a\", \"b\"]", .array([.quoted("a"), .quoted("b")])),
    ValueCase("[1, -2, 3]", .array([.integer(1), .integer(-2), .integer(3)])),
    ValueCase("[1,2]", .array([.integer(1), .integer(2)])),
    ValueCase("[1.5, -2.25]", .array([.decimal("1.5"), .decimal("-2.25")])),
    ValueCase("[]", .array([])),
    ValueCase("[ ]", .array([])),
    ValueCase("[\n]", .array([])),
    ValueCase("[\n    \"a\",\n    \"b\"\n]", .array([.quoted("a"), .quoted("b")])),
    ValueCase("[\"a\",\n \"b\"]", .array([.quoted("a"), .quoted("b")])),
  ]

  @Test(arguments: valueCases)
  func everyValueKind(_ value: ValueCase) throws {
    let document = parseValid("a = \(value.source)\n")
    let attribute = try #require(document.body.first?.attribute)
    #expect(document.body.count == 1)
    #expect(attribute.name == "a")
    #expect(Shape(attribute.value) == value.expected)

    // The value runs from column 5 to the end of its text, on as many lines as it has.
    let lines = value.source.split(separator: "\n", omittingEmptySubsequences: false)
    let endColumn = lines.count == 1 ? 5 + lines[0].count : lines.last!.count + 1
    let length = value.source.utf8.count
    #expect(
      attribute.value.span == span(1, 5, to: lines.count, endColumn, offset: 4, length: length))
    #expect(attribute.span == span(1, 1, to: lines.count, endColumn, offset: 0, length: 4 + length))
    #expect(attribute.nameSpan == span(1, 1, to: 1, 2, offset: 0, length: 1))
  }

  @Test func arrayElementsHaveTheirOwnSpans() throws {
    let document = parseValid("a = [\n    \"x\",\n    \"yz\"\n]\n")
    let array = try #require(document.body.first?.attribute?.value)
    guard case .array(let elements) = array.kind else {
      Issue.record("not an array: \(array)")
      return
    }
    #expect(
      elements.map(\.span) == [
        span(2, 5, to: 2, 8, offset: 10, length: 3),
        span(3, 5, to: 3, 9, offset: 19, length: 4),
      ])
  }

  @Test(arguments: ["a=1", "a\t=\t1", "  a =   1  ", "\n\n  a = 1\n\n"])
  func whitespaceAroundTokensIsFree(source: String) throws {
    let document = parseValid(source)
    let attribute = try #require(document.body.first?.attribute)
    #expect(document.body.count == 1)
    #expect(attribute.name == "a")
    #expect(Shape(attribute.value) == .integer(1))
  }

  @Test(arguments: ["_x1", "step_2", "9lives", "Octopus"])
  func namesAreLettersDigitsAndUnderscores(name: String) {
    let document = parseValid("\(name) = 1\n\(name) {}\n")
    #expect(document.body.map(\.name) == [name, name])
  }

  @Test(arguments: ["", "\n\n", "   \n\t\n  "])
  func anEmptyOrBlankFileIsAnEmptyDocument(source: String) {
    #expect(parseValid(source) == OCLDocument())
  }

  // MARK: Dictionaries

  @Test func dictionaryKeysAndValues() throws {
    let document = parseValid(
      """
      properties = {
          Octopus.Action.Script.Syntax = "Bash"
          Octopus.Action.Package[NuGet.CommandLine].ExtractedPath = "#{path}"
          "Key With Spaces" = "x"
          Octopus.Action.Script.ScriptBody = <<-EOT
              echo hi
                indented
              EOT
          count = 3
          ratio = -1.5
          flag = false
          nothing = null
          list = ["a", "b"]
      }

      """)
    let attribute = try #require(document.body.first?.attribute)
    #expect(
      Shape(attribute.value)
        == .dictionary([
          .init("Octopus.Action.Script.Syntax", .quoted("Bash")),
          .init("Octopus.Action.Package[NuGet.CommandLine].ExtractedPath", .quoted("#{path}")),
          .init("Key With Spaces", .quoted("x")),
          .init(
            "Octopus.Action.Script.ScriptBody",
            .heredoc("echo hi\n  indented", tag: "EOT", indented: true)),
          .init("count", .integer(3)),
          .init("ratio", .decimal("-1.5")),
          .init("flag", .bool(false)),
          .init("nothing", .null),
          .init("list", .array([.quoted("a"), .quoted("b")])),
        ]))
    guard case .dictionary(let entries) = attribute.value.kind else { return }
    #expect(entries[1].keySpan == span(3, 5, to: 3, 60, offset: 61, length: 55))
    #expect(entries[2].keySpan == span(4, 5, to: 4, 22, offset: 133, length: 17))
    #expect(entries[2].value.span == span(4, 25, to: 4, 28, offset: 153, length: 3))
    #expect(attribute.value.span.line == 1)
    #expect(attribute.value.span.column == 14)
    #expect(attribute.value.span.endLine == 14)
    #expect(attribute.value.span.endColumn == 2)
  }

  @Test(arguments: ["{}", "{ }", "{\n}", "{\n\n}"])
  func emptyDictionaries(source: String) throws {
    let document = parseValid("a = \(source)\nb = 1\n")
    #expect(document.body.map(\.name) == ["a", "b"])
    #expect(Shape(try #require(document.body.first?.attribute).value) == .dictionary([]))
  }

  @Test func dictionaryKeysMayRepeatAndKeepTheirOrder() throws {
    let document = parseValid("a = {\n    k = 1\n    k = 2\n}\n")
    let value = try #require(document.body.first?.attribute).value
    #expect(Shape(value) == .dictionary([.init("k", .integer(1)), .init("k", .integer(2))]))
  }

  // MARK: Heredocs

  static let heredocCases: [ValueCase] = [
    ValueCase(
      "a = <<EOT\n    x\n  y\nEOT\n", .heredoc("    x\n  y", tag: "EOT", indented: false)),
    ValueCase(
      "a = <<-EOT\n    x\n    y\n    EOT\n", .heredoc("x\ny", tag: "EOT", indented: true)),
    // The end tag is less indented than the text: the text keeps its extra indent.
    ValueCase(
      "a = <<-EOT\n        x\n          y\n    EOT\n",
      .heredoc("    x\n      y", tag: "EOT", indented: true)),
    // The end tag is deeper than the text: the text loses only its own smallest indent.
    ValueCase(
      "a = <<-EOT\n    x\n      y\n        EOT\n", .heredoc("x\n  y", tag: "EOT", indented: true)),
    // Blank and whitespace-only lines do not count towards the indent; shorter ones become empty.
    ValueCase(
      "a = <<-EOT\n    x\n\n  \n        \n    y\n    EOT\n",
      .heredoc("x\n\n\n    \ny", tag: "EOT", indented: true)),
    ValueCase(
      "a = <<EOT\nx\n\n  \ny\nEOT\n", .heredoc("x\n\n  \ny", tag: "EOT", indented: false)),
    ValueCase(
      "a = <<-EOT\n \n    \n  EOT\n", .heredoc("\n  ", tag: "EOT", indented: true)),
    ValueCase(
      "a = <<-EOT\n\tx\n\t\ty\n\tEOT\n", .heredoc("x\n\ty", tag: "EOT", indented: true)),
    ValueCase("a = <<EOT\nx\nEOT", .heredoc("x", tag: "EOT", indented: false)),
    ValueCase("a = <<-EOT\n    x\n    EOT", .heredoc("x", tag: "EOT", indented: true)),
    ValueCase("a = <<-EOT   \n    x\n    EOT  \n", .heredoc("x", tag: "EOT", indented: true)),
    ValueCase("a = <<EOT\nEOT\n", .heredoc("", tag: "EOT", indented: false)),
    ValueCase(
      "a = <<-SCRIPT\n    echo\n    SCRIPT\n", .heredoc("echo", tag: "SCRIPT", indented: true)),
    ValueCase(
      "a = <<EOT\nEOT x\n x EOT\nEOTX\nEOT\n",
      .heredoc("EOT x\n x EOT\nEOTX", tag: "EOT", indented: false)),
    ValueCase(
      "a = <<EOT\n  \"quoted\" \\n not an escape\nEOT\n",
      .heredoc("  \"quoted\" \\n not an escape", tag: "EOT", indented: false)),
  ]

  @Test(arguments: heredocCases)
  func heredocs(_ heredoc: ValueCase) throws {
    let document = parseValid(heredoc.source)
    #expect(document.body.count == 1)
    let attribute = try #require(document.body.first?.attribute)
    #expect(Shape(attribute.value) == heredoc.expected)
  }

  @Test func aHeredocSpanEndsWithItsTag() throws {
    let document = parseValid("a = <<-EOT   \n    x\n    EOT  \nb = 1\n")
    #expect(document.body.map(\.name) == ["a", "b"])
    let a = try #require(document.body[0].attribute)
    #expect(a.value.span == span(1, 5, to: 3, 8, offset: 4, length: 23))
    #expect(a.span == span(1, 1, to: 3, 8, offset: 0, length: 27))
    #expect(document.body[1].span == span(4, 1, to: 4, 6, offset: 30, length: 5))
  }

  // MARK: Files

  @Test func crlfFile() throws {
    let source =
      "step \"a\" {\r\n    name = \"x\"\r\n    script = <<-EOT\r\n        one\r\n          two\r\n"
      + "        EOT\r\n}\r\nlast = 1\r\n"
    let document = parseValid(source)
    #expect(document.body.map(\.name) == ["step", "last"])
    let step = try #require(document.body[0].block)
    #expect(step.span == span(1, 1, to: 7, 2, offset: 0, length: 91))
    #expect(step.body.map(\.name) == ["name", "script"])
    let name = try #require(step.body[0].attribute)
    #expect(name.span == span(2, 5, to: 2, 15, offset: 16, length: 10))
    let script = try #require(step.body[1].attribute)
    #expect(Shape(script.value) == .heredoc("one\r\n  two", tag: "EOT", indented: true))
    #expect(script.value.span == span(3, 14, to: 6, 12, offset: 41, length: 47))
    #expect(document.body[1].span == span(8, 1, to: 8, 9, offset: 93, length: 8))
  }

  @Test func fileWithoutFinalNewline() throws {
    let document = parseValid("a = 1\nb = \"x\"")
    #expect(document.body.map(\.name) == ["a", "b"])
    #expect(document.body[1].span == span(2, 1, to: 2, 8, offset: 6, length: 7))
  }

  @Test func byteOrderMarkIsNotContent() throws {
    let result = OCLParser.parse([0xEF, 0xBB, 0xBF] + Array("a = 1\nb = 2\n".utf8))
    #expect(result.diagnostics == [])
    #expect(result.document.body.map(\.name) == ["a", "b"])
    #expect(result.document.body[0].span == span(1, 1, to: 1, 6, offset: 3, length: 5))
    #expect(result.document.body[1].span == span(2, 1, to: 2, 6, offset: 9, length: 5))
  }

  @Test func twoAttributesOnOneLine() throws {
    let document = parseValid("a = 1 b = \"x\"\n")
    #expect(document.body.map(\.name) == ["a", "b"])
    #expect(document.body[0].span == span(1, 1, to: 1, 6, offset: 0, length: 5))
    #expect(document.body[1].span == span(1, 7, to: 1, 14, offset: 6, length: 7))
  }

  // MARK: Non-ASCII text

  @Test func anAccentedLetterShiftsTheColumnByOneAndTheOffsetByTwo() throws {
    let plain = try #require(parseValid("a = \"\" b = 1\n").body.last)
    let accented = try #require(parseValid("a = \"é\" b = 1\n").body.last)
    #expect(plain.span == span(1, 8, to: 1, 13, offset: 7, length: 5))
    #expect(accented.span == span(1, 9, to: 1, 14, offset: 9, length: 5))
  }

  @Test func nonASCIINamesAndStrings() throws {
    let document = parseValid("café = \"né\" x = 1\n")
    #expect(document.body.map(\.name) == ["café", "x"])
    let cafe = try #require(document.body[0].attribute)
    #expect(cafe.nameSpan == span(1, 1, to: 1, 5, offset: 0, length: 5))
    #expect(Shape(cafe.value) == .quoted("né"))
    #expect(cafe.value.span == span(1, 8, to: 1, 12, offset: 8, length: 5))
    #expect(document.body[1].span == span(1, 13, to: 1, 18, offset: 14, length: 5))
  }

  @Test func nonLatinNamesAndLabels() throws {
    let document = parseValid("名前 = 1\nétape \"déploiement\" {}\n")
    #expect(document.body.map(\.name) == ["名前", "étape"])
    let name = try #require(document.body[0].attribute)
    #expect(name.nameSpan == span(1, 1, to: 1, 3, offset: 0, length: 6))
    #expect(name.value.span == span(1, 6, to: 1, 7, offset: 9, length: 1))
    let step = try #require(document.body[1].block)
    #expect(step.labels.map(\.value) == ["déploiement"])
    #expect(step.labels[0].span == span(2, 7, to: 2, 20, offset: 18, length: 14))
  }

  @Test func astralCharactersAreOneColumnAndFourBytes() throws {
    let document = parseValid("a = [\"😀\", \"x\"]\n")
    let value = try #require(document.body.first?.attribute?.value)
    #expect(Shape(value) == .array([.quoted("😀"), .quoted("x")]))
    guard case .array(let elements) = value.kind else { return }
    #expect(elements[1].span == span(1, 11, to: 1, 14, offset: 13, length: 3))
  }

  // MARK: Representative spans

  @Test func spansOfABlockItsLabelAnAttributeItsValueAndADictionaryKey() throws {
    let document = parseValid(
      """
      step "deploy" {
          name = "Deploy"
          properties = {
              Octopus.Action.RunOnServer = "true"
          }
      }

      """)
    let step = try #require(document.body.first?.block)
    #expect(step.span == span(1, 1, to: 6, 2, offset: 0, length: 106))
    #expect(step.nameSpan == span(1, 1, to: 1, 5, offset: 0, length: 4))
    #expect(step.labels[0].span == span(1, 6, to: 1, 14, offset: 5, length: 8))

    let name = try #require(step.body[0].attribute)
    #expect(name.span == span(2, 5, to: 2, 20, offset: 20, length: 15))
    #expect(name.nameSpan == span(2, 5, to: 2, 9, offset: 20, length: 4))
    #expect(name.value.span == span(2, 12, to: 2, 20, offset: 27, length: 8))

    let properties = try #require(step.body[1].attribute)
    #expect(properties.value.span == span(3, 18, to: 5, 6, offset: 53, length: 51))
    guard case .dictionary(let entries) = properties.value.kind else {
      Issue.record("not a dictionary: \(properties.value)")
      return
    }
    #expect(entries.map(\.key) == ["Octopus.Action.RunOnServer"])
    #expect(entries[0].keySpan == span(4, 9, to: 4, 35, offset: 63, length: 26))
    #expect(entries[0].value.span == span(4, 38, to: 4, 44, offset: 92, length: 6))
  }
}
