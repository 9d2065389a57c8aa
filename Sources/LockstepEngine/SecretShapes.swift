/// Recognises text that looks like a credential, by its shape or by the name it is stored under.
enum SecretShapes {
  /// What the value looks like, when it looks like a known kind of secret.
  static func kind(of value: String) -> String? {
    if value.contains("-----BEGIN") && value.contains("PRIVATE KEY") { return "a private key" }
    if hasToken(value, prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], minimumTail: 20) {
      return "a GitHub token"
    }
    if hasToken(value, prefixes: ["AKIA", "ASIA"], minimumTail: 16, uppercaseOnly: true) { return "an AWS access key" }
    if hasToken(value, prefixes: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"], minimumTail: 10) { return "a Slack token" }
    if hasToken(value, prefixes: ["API-"], minimumTail: 20, uppercaseOnly: true) { return "an Octopus API key" }
    if looksLikeJWT(value) { return "a JSON web token" }
    if hasLiteralPassword(value) { return "a password in a connection string" }
    return nil
  }

  /// Names that say the value is a credential.
  static let secretNameWords = [
    "password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key", "privatekey",
    "private_key", "accesskey", "access_key", "credential",
  ]

  static func nameLooksSecret(_ name: String) -> Bool {
    let lower = name.lowercased()
    return secretNameWords.contains { lower.contains($0) }
  }

  /// A credential-like literal: one word of text with no variable reference in it. `#{Db.Password}`
  /// points elsewhere, and text with spaces or lines (a list of secret names, a description) is
  /// not itself a password.
  static func isCredentialLiteral(_ value: String) -> Bool {
    !value.isEmpty && !value.contains("#{") && !value.contains(where: \.isWhitespace)
  }

  static func hasToken(_ value: String, prefixes: [String], minimumTail: Int, uppercaseOnly: Bool = false) -> Bool {
    for prefix in prefixes {
      var search = value[...]
      while let range = search.range(of: prefix) {
        let tail = search[range.upperBound...].prefix {
          $0.isASCII && ($0.isNumber || (uppercaseOnly ? $0.isUppercase : $0.isLetter) || (!uppercaseOnly && $0 == "_"))
        }
        if tail.count >= minimumTail { return true }
        search = search[range.upperBound...]
      }
    }
    return false
  }

  static func looksLikeJWT(_ value: String) -> Bool {
    for word in value.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\"" }) where word.hasPrefix("eyJ") {
      let parts = word.split(separator: ".", omittingEmptySubsequences: false)
      if parts.count == 3 && parts.allSatisfy({ $0.count >= 8 }) { return true }
    }
    return false
  }

  static func hasLiteralPassword(_ value: String) -> Bool {
    let lower = value.lowercased()
    for key in ["password=", "pwd="] {
      var search = lower[...]
      while let range = search.range(of: key) {
        let rest = search[range.upperBound...].drop { $0 == " " }
        if let first = rest.first, first != ";", first != "#", first != "\"", !rest.hasPrefix("#{") { return true }
        search = search[range.upperBound...]
      }
    }
    return false
  }
}

extension Substring {
  func range(of needle: String) -> Range<Substring.Index>? {
    guard !needle.isEmpty, count >= needle.count else { return nil }
    var index = startIndex
    while index < endIndex {
      if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
      index = self.index(after: index)
    }
    return nil
  }
}
