import Testing

@testable import LockstepEngine

/// A changed text's first different line is found over bytes; its lines must be the ones a split
/// of its Characters at "\n" gives, CRLF (one Character) and all.
@Suite struct ChangeTextLinesTests {
  static let texts = [
    "", "a", "a\nb", "a\n", "\n", "\n\n", "a\r\nb", "a\r\n\nb", "a\r\r\nb\n", "\r", "x\n\u{301}y", "é\nü\r\n😀\n",
    "x\ne\u{301}\n  z", "x\n\u{E9}\n  y", "a\nb\n\tc",
  ]

  @Test(arguments: texts)
  func linesAreTheCharacterSplit(_ text: String) {
    let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(Array(RuleContext.Lines(text)).map(String.init) == expected, "\(text.debugDescription)")
  }

  /// The first different line, from the Character split of both texts: lines compared as
  /// Strings (so `é` composed and decomposed are the same line), missing lines as empty, and no
  /// answer when neither text has a second line.
  static func splitAnswer(_ before: String, _ after: String) -> (Int, String, String)? {
    let old = before.split(separator: "\n", omittingEmptySubsequences: false)
    let new = after.split(separator: "\n", omittingEmptySubsequences: false)
    guard old.count > 1 || new.count > 1 else { return nil }
    for index in 0..<max(old.count, new.count) {
      let a = index < old.count ? old[index] : ""
      let b = index < new.count ? new[index] : ""
      if a != b {
        return (index + 1, String(a.drop { $0 == " " || $0 == "\t" }), String(b.drop { $0 == " " || $0 == "\t" }))
      }
    }
    return nil
  }

  @Test func theFirstDifferentLineIsTheSplitsForEveryPairOfTexts() {
    for before in Self.texts {
      for after in Self.texts {
        let found = RuleContext.firstDifferentLine(before, after)
        let expected = Self.splitAnswer(before, after)
        #expect(
          found?.0 == expected?.0 && found?.1 == expected?.1 && found?.2 == expected?.2,
          "\(before.debugDescription) → \(after.debugDescription): \(String(describing: found)) instead of \(String(describing: expected))"
        )
      }
    }
  }
}
