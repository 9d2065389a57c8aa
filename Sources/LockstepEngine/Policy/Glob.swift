/// Shell-style patterns for selectors: `*` any run of characters, `?` one character, the rest
/// literal. Names are matched whole.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
  public let pattern: String
  private let scalars: [Unicode.Scalar]

  public init(_ pattern: String) {
    self.pattern = pattern
    self.scalars = Array(pattern.unicodeScalars)
  }

  public var description: String { pattern }

  public func matches(_ text: String) -> Bool {
    let target = Array(text.unicodeScalars)
    // Iterative matcher with one backtrack point: linear in practice, never exponential.
    var p = 0
    var t = 0
    var star: Int?
    var resume = 0
    while t < target.count {
      if p < scalars.count && (scalars[p] == "?" || (scalars[p] != "*" && scalars[p] == target[t])) {
        p += 1
        t += 1
      } else if p < scalars.count && scalars[p] == "*" {
        star = p
        resume = t
        p += 1
      } else if let starAt = star {
        p = starAt + 1
        resume += 1
        t = resume
      } else {
        return false
      }
    }
    while p < scalars.count && scalars[p] == "*" { p += 1 }
    return p == scalars.count
  }
}
