import OCL
import Testing

@Suite struct WriterTests {
  /// The canonical text for OCL source: what `lockstep fmt` writes.
  func written(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    OCLWriter.write(parseValid(source, sourceLocation: sourceLocation))
  }

  // MARK: Layout

  @Test func nestedBlocksAndBlankLines() {
    let source = """
      name = "x"
      description = "y"
      step "a" {
          condition = "Success"
          action "b" {
              action_type = "Octopus.Script"
              properties = {
                  z = "1"
              }
          }
          after = 1
      }
      step "c" {
          action {
              first = true
          }
          action {}
      }
      trailing = true
      """
    let expected = """
      name = "x"
      description = "y"

      step "a" {
          condition = "Success"

          action "b" {
              action_type = "Octopus.Script"
              properties = {
                  z = "1"
              }
          }

          after = 1
      }

      step "c" {
          action {
              first = true
          }

          action {}
      }

      trailing = true
      """
    #expect(written(source) == expected)
  }

  @Test func indentationIsFourSpacesWhateverTheSourceUsed() {
    let source = "step {\n\taction {\n  x = 1\n\t\t}\n}\n"
    #expect(written(source) == "step {\n    action {\n        x = 1\n    }\n}")
  }

  @Test(arguments: ["step {}", "step { }", "step {\n\n}"])
  func emptyBlocksAreWrittenWithBracesTogether(source: String) {
    #expect(written(source + "\nlast = 1") == "step {}\n\nlast = 1")
  }

  @Test func labelsAreQuotedAndEscaped() {
    #expect(
      written("step \"plain\" \"a \\\"q\\\" \\\\ t\\t n\\n r\\r\" {}")
        == "step \"plain\" \"a \\\"q\\\" \\\\ t\\t n\\n r\\r\" {}")
  }

  @Test func scalarsAreWrittenAsLiterals() {
    let source = """
      a = null
      b = true
      c = false
      d = -7
      e = 1.50
      f = -0.5
      g = "é \\"x\\" \\\\"
      h = ["x", "y"]
      i = [1, -2]
      j = [1.5,2.25]
      k = [
          "spread"
      ]
      l = []
      m = {}
      """
    let expected = """
      a = null
      b = true
      c = false
      d = -7
      e = 1.50
      f = -0.5
      g = "é \\"x\\" \\\\"
      h = ["x", "y"]
      i = [1, -2]
      j = [1.5, 2.25]
      k = ["spread"]
      l = []
      m = {}
      """
    #expect(written(source) == expected)
  }

  @Test func noNewlineAtTheEndOfTheFile() {
    #expect(written("a = 1\n\n\n") == "a = 1")
    #expect(written("step {\n    a = 1\n}\n") == "step {\n    a = 1\n}")
    #expect(written("") == "")
  }

  // MARK: Dictionaries

  @Test func dictionaryKeysAreSortedIgnoringCaseThenOrdinally() {
    let source = """
      git = {
          preRelease = "false"
          Octopus.Action.X = "1"
          draft = "true"
          commitId = "abc"
          b = 2
          B = 1
      }
      """
    let expected = """
      git = {
          B = 1
          b = 2
          commitId = "abc"
          draft = "true"
          Octopus.Action.X = "1"
          preRelease = "false"
      }
      """
    #expect(written(source) == expected)
  }

  @Test func repeatedKeysKeepTheirOrder() {
    #expect(written("a = {\n    k = 2\n    k = 1\n}") == "a = {\n    k = 2\n    k = 1\n}")
  }

  @Test func keysThatAreNotBareAreQuoted() {
    let source = """
      a = {
          "Key With Spaces" = 1
          "" = 2
          "}x" = 3
          "tab\\there" = 4
          "q\\"q" = 5
          Octopus.Action.Package[NuGet.CommandLine].ExtractedPath = 6
          "quoted.but.bare" = 7
      }
      """
    let expected = """
      a = {
          "" = 2
          "Key With Spaces" = 1
          Octopus.Action.Package[NuGet.CommandLine].ExtractedPath = 6
          "q\\"q" = 5
          quoted.but.bare = 7
          "tab\\there" = 4
          "}x" = 3
      }
      """
    #expect(written(source) == expected)
  }

  @Test func dictionariesIndentWithTheirOwner() {
    let source =
      "step {\n    action {\n        properties = {\n            a = 1\n        }\n    }\n}"
    #expect(written(source) == source)
  }

  // MARK: Strings

  @Test func multiLineStringsAreIndentedHeredocsEightPastTheirAttribute() {
    #expect(written("a = \"x\\ny\"") == "a = <<-EOT\n        x\n        y\n        EOT")
    let nested = """
      step "a" {
          script = "line1\\n  line2"
      }
      """
    let expected = """
      step "a" {
          script = <<-EOT
                  line1
                    line2
                  EOT
      }
      """
    #expect(written(nested) == expected)
  }

  @Test func aDictionaryHeredocIsEightPastTheLineHoldingTheDictionary() {
    let source = """
      step "a" {
          action {
              properties = {
                  Body = "a\\nb"
                  Other = "x"
              }
          }
      }
      """
    let expected = """
      step "a" {
          action {
              properties = {
                  Body = <<-EOT
                      a
                      b
                      EOT
                  Other = "x"
              }
          }
      }
      """
    #expect(written(source) == expected)
  }

  @Test func aHeredocSourceIsRewrittenAsAnIndentedHeredoc() {
    #expect(
      written("a = <<SCRIPT\n  one\ntwo\nSCRIPT\n")
        == "a = <<-EOT\n          one\n        two\n        EOT")
    #expect(written("a = <<-EOT\n    single\n    EOT\n") == "a = \"single\"")
  }

  @Test func textWithACarriageReturnStaysQuoted() {
    #expect(written("a = \"x\\r\\ny\"") == "a = \"x\\r\\ny\"")
    #expect(written("a = \"x\\ry\"") == "a = \"x\\ry\"")
    #expect(written("a = <<EOT\r\nx\r\ny\r\nEOT\r\n") == "a = \"x\\r\\ny\"")
  }

  @Test func aLineReadingTheTagGetsAnotherTag() {
    #expect(
      written("a = \"x\\nEOT\\ny\"")
        == "a = <<-EOT1\n        x\n        EOT\n        y\n        EOT1")
    #expect(
      written("a = \"x\\n  EOT\\t\"") == "a = <<-EOT1\n        x\n          EOT\t\n        EOT1")
    #expect(
      written("a = \"EOT1\\nEOT\"") == "a = <<-EOT2\n        EOT1\n        EOT\n        EOT2")
    #expect(written("a = \"x\\nEOTX\"") == "a = <<-EOT\n        x\n        EOTX\n        EOT")
  }

  @Test func arrayStringsStayQuotedEvenWithLineBreaks() {
    #expect(written("a = [\"x\\ny\", \"z\"]") == "a = [\"x\\ny\", \"z\"]")
  }

  // MARK: Round trips

  static let trickySources: [String] = [
    "a = <<-EOT\n      first\n    second\n        third\n    EOT\n",
    "a = <<EOT\n\tx\n\t\ty\nEOT\n",
    "a = \"\\tx\\n\\ty\\t\"\n",
    "a = <<EOT\nx\n   \n\t\ny\nEOT\n",
    "a = \"x\\n \\ny\"\n",
    "a = \"  \\n  \"\n",
    "a = \"x\\n\"\n",
    "a = \"x\\n\\n\"\n",
    "a = \"\\nx\"\n",
    "a = \"\\n\"\n",
    "a = <<EOT\nx\n\nEOT\n",
    "a = \"  x\\n  \"\n",
    "a = \"\u{3000}x\\n\u{A0}y\"\n",
    "a = \"\u{0B}x\\ny\"\n",
    "café = \"naïve 😀\"\nstep \"ü\" {\n    k = \"ß\\nü\"\n}\n",
    "a = \"q\\\"b\\\\s\\r\\n\\t\"\n",
    "a = <<EOT\r\nx\r\n  y\r\nEOT\r\n",
    "a = [\"x\\ny\", \"z\"]\n",
    "a = \"EOT\\nx\\nEOT1\"\n",
    "step \"a\\\"b\" \"\\\\\" {\n    action {}\n    p = {\n        \"a b\" = \"x\\ny\"\n        c=d = 1\n        e = [1.5]\n    }\n}\n",
    "a = 1 b = 2\nstep {\n}\n",
  ]

  @Test(arguments: trickySources)
  func writingKeepsTheContentAndIsIdempotent(source: String) throws {
    let original = OCLParser.parse(source)
    #expect(original.diagnostics == [])
    let once = OCLWriter.write(original.document)
    let reparsed = OCLParser.parse(once)
    #expect(reparsed.diagnostics == [], "\(once)")
    #expect(reparsed.document.hasSameContent(as: original.document), "\(once)")
    #expect(OCLWriter.write(reparsed.document) == once)
  }

  @Test func sameContentNoticesAChangedValue() {
    let a = parseValid("a = \"x\\ny\"")
    let b = parseValid("a = \"x\\n y\"")
    #expect(!a.hasSameContent(as: b))
    #expect(a.hasSameContent(as: parseValid("a = <<-EOT\n    x\n    y\n    EOT")))
  }
}
