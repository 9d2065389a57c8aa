import Testing

@testable import LockstepEngine

/// A changed text's first different line is found over bytes; its lines must be the ones a split
/// of its Characters at "\n" gives, CRLF (one Character) and all.
@Suite struct ChangeTextLinesTests {
  @Test(arguments: [
    "", "a", "a\nb", "a\n", "\n", "\n\n", "a\r\nb", "a\r\n\nb", "a\r\r\nb\n", "\r", "x\n\u{301}y", "é\nü\r\n😀\n",
  ])
  func linesAreTheCharacterSplit(_ text: String) {
    let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(RuleContext.lines(text).map(String.init) == expected, "\(text.debugDescription)")
  }
}
