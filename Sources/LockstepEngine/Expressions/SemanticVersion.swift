/// A version as `semver(x)` reads it, for comparing versions and version masks.
///
/// Accepted text: an optional `v`/`V`; one to four dot-separated numbers (`2`, `v2.0`, `1.2.3`,
/// `1.2.3.4`, as NuGet writes them); a wildcard `X`, `x` or `*` in place of a number, after
/// which every part must be a wildcard too (`2.X`, `1.2.*`, `X`); an optional pre-release
/// (`-beta.1`, not after a wildcard) and build metadata (`+sha.abc`, ignored). Anything else,
/// `latest` or `#{Octopus.Version}` for example, is not a version and `semver` gives `missing`.
///
/// Comparison, as `compare(_:)` defines it and every operator of the language uses it:
/// - numbers compare in order, and a missing number counts as 0, so `2.0` == `2.0.0`;
/// - a wildcard matches any number in its place and every place after it, so comparison stops
///   at the first wildcard on either side and the two are equal there: `2.X` == `2.5.1`,
///   `2.X` >= `2.0.0`, `2.X` < `3.0`, but `2.X` > `2.0` is false;
/// - a pre-release sorts before its release (`1.0.0-beta` < `1.0.0`); pre-release parts compare
///   as SemVer 2.0 says (numbers numerically, below words, words in ASCII order, and a shorter
///   list of parts first when one is a prefix of the other).
public struct SemanticVersion: Sendable, Hashable, CustomStringConvertible {
  /// The numbers written before any wildcard.
  public var components: [Int]
  /// True when every place after `components` is a wildcard.
  public var isWildcard: Bool
  /// Pre-release identifiers: `["beta", "1"]` for `-beta.1`.
  public var prerelease: [String]

  public static let maxComponents = 4

  public init(_ components: [Int], isWildcard: Bool = false, prerelease: [String] = []) {
    self.components = components
    self.isWildcard = isWildcard
    self.prerelease = prerelease
  }

  public init?(_ text: String) {
    var rest = Substring(text)
    if rest.first == "v" || rest.first == "V" { rest = rest.dropFirst() }
    if let plus = rest.firstIndex(of: "+") {
      guard SemanticVersion.areIdentifiers(rest[rest.index(after: plus)...]) else { return nil }
      rest = rest[..<plus]
    }
    var prerelease: [String] = []
    if let dash = rest.firstIndex(of: "-") {
      let tail = rest[rest.index(after: dash)...]
      guard SemanticVersion.areIdentifiers(tail) else { return nil }
      prerelease = tail.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      rest = rest[..<dash]
    }
    let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...SemanticVersion.maxComponents).contains(parts.count) else { return nil }
    var components: [Int] = []
    var isWildcard = false
    for part in parts {
      if part == "X" || part == "x" || part == "*" {
        isWildcard = true
        continue
      }
      guard !isWildcard, !part.isEmpty, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        let number = Int(part)
      else { return nil }
      components.append(number)
    }
    guard !(isWildcard && !prerelease.isEmpty) else { return nil }
    self.init(components, isWildcard: isWildcard, prerelease: prerelease)
  }

  /// Dot-separated, non-empty runs of ASCII letters, digits and `-`.
  private static func areIdentifiers(_ text: Substring) -> Bool {
    text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
      !part.isEmpty
        && part.utf8.allSatisfy { byte in
          (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2D
        }
    }
  }

  /// -1, 0 or 1 as `self` sorts before, with or after `other` (0 also when a wildcard covers the
  /// difference).
  public func compare(_ other: SemanticVersion) -> Int {
    let count = max(components.count, other.components.count)
    for place in 0...count {
      if (isWildcard && place >= components.count) || (other.isWildcard && place >= other.components.count) {
        return 0
      }
      guard place < count else { break }
      let mine = place < components.count ? components[place] : 0
      let theirs = place < other.components.count ? other.components[place] : 0
      if mine != theirs { return mine < theirs ? -1 : 1 }
    }
    return SemanticVersion.comparePrerelease(prerelease, other.prerelease)
  }

  private static func comparePrerelease(_ mine: [String], _ theirs: [String]) -> Int {
    switch (mine.isEmpty, theirs.isEmpty) {
    case (true, true): return 0
    case (true, false): return 1
    case (false, true): return -1
    case (false, false): break
    }
    for (a, b) in zip(mine, theirs) where a != b {
      let aNumeric = a.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
      let bNumeric = b.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
      switch (aNumeric, bNumeric) {
      case (true, true):
        let (x, y) = (a.drop { $0 == "0" }, b.drop { $0 == "0" })
        if x.utf8.count != y.utf8.count { return x.utf8.count < y.utf8.count ? -1 : 1 }
        if x != y { return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1 }
      case (true, false): return -1
      case (false, true): return 1
      case (false, false): return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
      }
    }
    return mine.count == theirs.count ? 0 : (mine.count < theirs.count ? -1 : 1)
  }

  public var description: String {
    var parts = components.map(String.init)
    if isWildcard { parts.append("X") }
    var text = parts.joined(separator: ".")
    if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
    return text
  }
}
