/// Recognises text that looks like a credential, by its shape or by the name it is stored under.
/// Works on UTF-8 bytes: it runs over every variable value of every project.
enum SecretShapes {
  /// What the value looks like, when it looks like a known kind of secret.
  static func kind(of value: String) -> String? {
    if ByteSearch.contains("-----BEGIN", in: value) && ByteSearch.contains("PRIVATE KEY", in: value) {
      return "a private key"
    }
    // The shortest token shape is 15 characters; most variable values are shorter.
    if value.utf8.count >= 15 {
      let bytes = Array(value.utf8)
      for shape in tokenShapes where hasToken(bytes, value: value, shape: shape) {
        return shape.kind
      }
    }
    if ByteSearch.contains("eyJ", in: value) && looksLikeJWT(value) { return "a JSON web token" }
    if ByteSearch.contains("=", in: value) && hasLiteralPassword(value) { return "a password in a connection string" }
    return nil
  }

  struct TokenShape {
    var kind: String
    var prefixes: [String]
    /// Characters after the prefix for a match: tokens are long, words that share a prefix are not.
    var minimumTail: Int
    var uppercaseOnly: Bool
  }

  static let tokenShapes = [
    TokenShape(
      kind: "a GitHub token", prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], minimumTail: 20,
      uppercaseOnly: false),
    TokenShape(kind: "an AWS access key", prefixes: ["AKIA", "ASIA"], minimumTail: 16, uppercaseOnly: true),
    TokenShape(
      kind: "a Slack token", prefixes: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"], minimumTail: 10,
      uppercaseOnly: false),
    TokenShape(kind: "an Octopus API key", prefixes: ["API-"], minimumTail: 20, uppercaseOnly: true),
  ]

  static func hasToken(_ bytes: [UInt8], value: String, shape: TokenShape) -> Bool {
    shape.prefixes.contains { prefix in
      ByteSearch.contains(prefix, in: value) { offset in
        var end = offset + prefix.utf8.count
        let tailStart = end
        while end < bytes.count, isTokenByte(bytes[end], uppercaseOnly: shape.uppercaseOnly) { end += 1 }
        return end - tailStart >= shape.minimumTail
      }
    }
  }

  static func isTokenByte(_ b: UInt8, uppercaseOnly: Bool) -> Bool {
    let digit = b &- 0x30 < 10
    let upper = b &- 0x41 < 26
    let lower = b &- 0x61 < 26
    return uppercaseOnly ? digit || upper : digit || upper || lower || b == 0x5F
  }

  static func looksLikeJWT(_ value: String) -> Bool {
    for word in value.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\"" }) where word.hasPrefix("eyJ") {
      let parts = word.split(separator: ".", omittingEmptySubsequences: false)
      if parts.count == 3 && parts.allSatisfy({ $0.count >= 8 }) { return true }
    }
    return false
  }

  /// `Password=...;` with a literal after the `=`, not a `#{reference}`.
  static func hasLiteralPassword(_ value: String) -> Bool {
    let lower = Array(value.lowercased().utf8)
    let text = String(decoding: lower, as: UTF8.self)
    for key in ["password=", "pwd="] {
      for offset in ByteSearch.offsets(of: key, in: text) {
        var i = offset + key.utf8.count
        while i < lower.count, lower[i] == 0x20 { i += 1 }
        guard i < lower.count else { continue }
        let first = lower[i]
        let isReference = first == 0x23 && i + 1 < lower.count && lower[i + 1] == 0x7B
        if first != 0x3B && first != 0x22 && first != 0x27 && !isReference { return true }
      }
    }
    return false
  }

  /// Names that say the value is a credential.
  static let secretNameWords = [
    "password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key", "privatekey",
    "private_key", "accesskey", "access_key", "credential",
  ]

  static func nameLooksSecret(_ name: String) -> Bool {
    // An ASCII name (nearly every one) is lower-cased a byte at a time, as `lowercased()` would,
    // and searched as bytes: no String is built for it.
    var name = name
    let lower: [UInt8]? = name.withUTF8 { bytes in
      bytes.allSatisfy { $0 < 0x80 } ? bytes.map(VariableReferenceScanner.lowercase) : nil
    }
    guard let lower else {
      let unicode = name.lowercased()
      return secretNameWords.contains { ByteSearch.contains($0, in: unicode) }
    }
    return secretNameWordBytes.contains { ByteSearch.contains($0, in: lower) }
  }

  static let secretNameWordBytes = secretNameWords.map { Array($0.utf8) }

  /// A credential-like literal: one word of text with no variable reference in it. `#{Db.Password}`
  /// points elsewhere, and text with spaces or lines (a list of secret names, a description) is
  /// not itself a password.
  static func isCredentialLiteral(_ value: String) -> Bool {
    !value.isEmpty && !ByteSearch.contains("#{", in: value)
      && !value.utf8.contains { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
  }
}
