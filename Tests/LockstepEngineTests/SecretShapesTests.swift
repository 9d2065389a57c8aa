import Testing

@testable import LockstepEngine

@Suite struct SecretShapesTests {
  /// Names are matched lower-cased; ASCII names are lower-cased by byte and the rest by Unicode,
  /// and either way the answer is the one searching the bytes of `lowercased()` gives (the rule's
  /// behaviour before the byte path).
  @Test(arguments: [
    "Db.Password", "DB_PASSWORD", "Api-Key", "api_key", "MyToken", "Deploy.Key", "App.Name", "", "PWD", "Pässword",
    "PÄSSWORD", "Secret🔑", "CREDENTIALS", "İpassword", "Kelvin\u{212A}ey", "secrete\u{301}",
  ])
  func namesLookSecretAsTheirLowerCaseSays(_ name: String) {
    let lower = name.lowercased()
    let expected = SecretShapes.secretNameWords.contains { ByteSearch.contains($0, in: lower) }
    #expect(SecretShapes.nameLooksSecret(name) == expected, "\(name)")
  }

  /// A prefix followed by too short a tail does not hide a later one that is a token.
  @Test(
    arguments: [
      ("ghp_short then ghp_" + String(repeating: "a1B2", count: 6), "a GitHub token"),
      ("AKIA12 and AKIAABCDEFGHIJKLMNOP", "an AWS access key"),
      ("xoxb-1 xoxb-1234567890", "a Slack token"),
      ("ghp_short and AKIA12 only", nil),
    ] as [(String, String?)])
  func everyOccurrenceOfAPrefixIsTried(_ value: String, _ kind: String?) {
    #expect(SecretShapes.kind(of: value) == kind, "\(value)")
  }
}
