import LockstepModel
import OCL
import Testing

@Suite struct StructuralDiffTests {
  static func diff(_ base: String, _ proposed: String) -> [String] {
    let before = OCLTreeBuilder.build(OCLParser.parse(base).document, file: "base.ocl")
    let after = OCLTreeBuilder.build(OCLParser.parse(proposed).document, file: "proposed.ocl")
    return StructuralDiff.changes(from: before, to: after).map { change in
      let lines = [change.base?.location?.span.line, change.proposed?.location?.span.line].map {
        $0.map(String.init) ?? "-"
      }
      return "\(change.kind.rawValue) \(change.path) \(lines[0])>\(lines[1])"
    }
  }

  static let three = """
    step "a" {
        name = "A"
    }

    step "b" {
        name = "B"
    }

    step "c" {
        name = "C"
    }
    """

  @Test func reorderingLabelledBlocksIsOneMoveNotARewrite() {
    let reordered = """
      step "c" {
          name = "C"
      }

      step "a" {
          name = "A"
      }

      step "b" {
          name = "B"
      }
      """
    #expect(Self.diff(Self.three, reordered) == [#"moved step["c"] 9>1"#])
  }

  @Test func changingAFieldIsAModificationAtThatField() {
    let edited = Self.three.replacingOccurrences("name = \"B\"", "name = \"Bee\"")
    #expect(Self.diff(Self.three, edited) == [#"modified step["b"].name 6>6"#])
  }

  @Test func addedAndRemovedBlocksAndFields() {
    let edited = """
      step "a" {
          name = "A"
          condition = "Always"
      }

      step "c" {
          name = "C"
      }

      step "d" {
          name = "D"
      }
      """
    #expect(
      Self.diff(Self.three, edited) == [
        #"added step["a"].condition ->3"#, #"removed step["b"] 5>-"#, #"added step["d"] ->10"#,
      ])
  }

  @Test func nestedChangesInsideAMovedBlockAreReportedToo() {
    let edited = """
      step "b" {
          name = "B2"
      }

      step "a" {
          name = "A"
      }

      step "c" {
          name = "C"
      }
      """
    // Swapping two neighbours has two one-move explanations; the diff keeps the later entries in
    // place, so it reports `a` as the one that moved.
    #expect(Self.diff(Self.three, edited) == [#"modified step["b"].name 6>2"#, #"moved step["a"] 1>5"#])
  }

  @Test func changingAVariableValueIsAModificationNotAReplacement() {
    let base = "variable \"Db\" {\n    value \"orders\" {}\n}"
    let proposed = "variable \"Db\" {\n    value \"orders-v2\" {}\n}"
    #expect(Self.diff(base, proposed) == [#"modified variable["Db"].value[0].value 2>2"#])
  }

  /// A skipped path is not looked inside, but its place among its siblings still counts: a
  /// skipped step that moved is still a move, and changes beside it are still found.
  @Test func skippedPathsHideOnlyWhatIsInsideThem() {
    let before = OCLTreeBuilder.build(OCLParser.parse(Self.three).document, file: "base.ocl")
    let edited = """
      step "c" {
          name = "Sea"
      }

      step "a" {
          name = "Eh"
      }

      step "b" {
          name = "B"
      }
      """
    let after = OCLTreeBuilder.build(OCLParser.parse(edited).document, file: "proposed.ocl")
    let described = { (changes: [Change]) in changes.map { "\($0.kind.rawValue) \($0.path)" } }
    #expect(
      described(StructuralDiff.changes(from: before, to: after))
        == [#"modified step["a"].name"#, #"modified step["c"].name"#, #"moved step["c"]"#])
    let skipping = [Path([.name("step"), .key("c")])]
    #expect(
      described(StructuralDiff.changes(from: before, to: after, skipping: skipping))
        == [#"modified step["a"].name"#, #"moved step["c"]"#])
  }

  @Test func identicalDocumentsHaveNoChanges() {
    #expect(Self.diff(Self.three, Self.three).isEmpty)
  }
}

extension String {
  func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}

@Suite struct SameValueTests {
  static func node(_ text: String) -> Node {
    OCLTreeBuilder.build(OCLParser.parse(text).document, file: "x.ocl")
  }

  /// Attributes written in another order are the same block, as the structural diff sees them:
  /// a `consistent` rule must not report drift for it (found by the Rego peer: GP007 reported
  /// "a block instead of a block" when `package` and `step` swapped in `donor_package`).
  @Test func reorderedAttributesAreTheSameValue() {
    let before = Self.node("donor_package {\n    package = \"web\"\n    step = \"deploy\"\n}")
    let after = Self.node("donor_package {\n    step = \"deploy\"\n    package = \"web\"\n}")
    #expect(before.hasSameValue(as: after))
    #expect(StructuralDiff.changes(from: before, to: after).isEmpty)
    let changed = Self.node("donor_package {\n    step = \"build\"\n    package = \"web\"\n}")
    #expect(!before.hasSameValue(as: changed))
  }

  /// Fields are matched by name only when names are unique: `a, a` is not `a, b`.
  @Test func duplicateNamesAreNotMatchedUp() {
    let twice = Node(.object([Field("a", Node(.integer(1))), Field("a", Node(.integer(1)))]))
    let other = Node(.object([Field("b", Node(.integer(1))), Field("a", Node(.integer(1)))]))
    #expect(!twice.hasSameValue(as: other))
    #expect(!other.hasSameValue(as: twice))
  }
}
