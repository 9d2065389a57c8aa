import Testing

@testable import LockstepEngine

/// `contains` on strings matches the Unicode scalars as written, byte for byte.
@Suite struct UTF8SearchTests {
  @Test(arguments: [
    ("-----BEGIN RSA PRIVATE KEY-----", "PRIVATE KEY-----", true),
    ("ghp_abc", "gh", true),
    ("gh", "ghp_", false),
    ("", "", true),
    ("anything", "", true),
    ("", "a", false),
    ("aaab", "aab", true),
    ("Grüße aus Köln", "Köln", true),
    ("Grüße", "Grusse", false),
    ("token: ASIA0123456789ABCDEF", "ASIA", true),
    ("xo", "xox", false),
  ])
  func findsTheBytesAsWritten(_ text: String, _ part: String, _ expected: Bool) {
    #expect(UTF8Search.contains(text, part) == expected)
  }

  /// Canonically equivalent spellings are different scalars, so they do not match; the
  /// expression language documents `contains` as scalar matching, as Rego's is.
  @Test func decomposedAccentsAreNotPrecomposedOnes() {
    #expect(!UTF8Search.contains("Cafe\u{301}", "Café"))
    #expect(UTF8Search.contains("Cafe\u{301}", "Cafe"))
  }
}
