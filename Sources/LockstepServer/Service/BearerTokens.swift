import Foundation

/// The tokens that may call `/v1`, read from a file (never from the command line, where `ps` and
/// shell history would show them): one token a line; blank lines and `#` comments are skipped.
public struct BearerTokens: Sendable {
  /// Shorter tokens are refused: they can be guessed.
  public static let minimumLength = 16

  let tokens: [[UInt8]]

  public init(_ tokens: [String]) throws(BearerTokensError) {
    let cleaned = tokens.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    guard !cleaned.isEmpty else { throw BearerTokensError("no tokens: give at least one, one a line") }
    for (index, token) in cleaned.enumerated() where token.utf8.count < Self.minimumLength {
      throw BearerTokensError("token \(index + 1) is \(token.utf8.count) characters; at least \(Self.minimumLength)")
    }
    self.tokens = cleaned.map { Array($0.utf8) }
  }

  public static func load(file: String) throws(BearerTokensError) -> BearerTokens {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw BearerTokensError("cannot read the tokens file \(file)")
    }
    do {
      return try BearerTokens(String(decoding: data, as: UTF8.self).components(separatedBy: .newlines))
    } catch {
      throw BearerTokensError("\(file): \(error.description)")
    }
  }

  /// Whether `Authorization: Bearer …` carries one of the tokens. Every token is compared in full
  /// whatever matched, and each comparison takes the same time for any candidate of a given
  /// length, so timing says nothing about how close a guess was.
  public func accepts(authorization header: String?) -> Bool {
    guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
    let candidate = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
    var accepted = false
    for token in tokens where Self.constantTimeEqual(candidate, token) { accepted = true }
    return accepted
  }

  static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
    for index in 0..<rhs.count {
      let left = index < lhs.count ? lhs[index] : 0
      difference |= left ^ rhs[index]
    }
    return difference == 0
  }
}

public struct BearerTokensError: Error, Sendable, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }
}
