/// The regular expression of a `matches`, compiled when the expression is.
///
/// Matching searches the whole string with Swift's `Regex` syntax and defaults: `^` and `$`
/// anchor the whole value (`(?m)` makes them anchor lines of a multi-line script), `.` does not
/// cross a line break unless `(?s)` is given, and `(?i)` ignores case. `Regex` backtracks: its cost is bounded by the length of the input only in practice,
/// not in theory, so a pathological pattern (`(a+)+$`) over a long value can be slow. Policies
/// are written by the platform team, not by the people whose edits they check.
///
/// `Regex` is not declared `Sendable`, but a compiled regex is immutable once lowered to its
/// matching program, and the standard library initialises that program atomically; it is
/// lowered here, at compile time, so every later match only reads it.
struct CompiledPattern: @unchecked Sendable {
  let pattern: String
  private let regex: Regex<AnyRegexOutput>

  /// Compiles `literal`; an invalid pattern is an error at the column of the scalar the regex
  /// parser stopped at, when the standard library says where that is.
  init(_ literal: StringLiteral) throws(ExpressionError) {
    pattern = literal.value
    do {
      regex = try Regex(literal.value)
    } catch {
      let offset = CompiledPattern.scalarOffset(of: error, in: literal.value) ?? 0
      throw ExpressionError(
        message: "invalid regular expression: \(error)", column: literal.column(ofScalar: offset))
    }
    _ = try? regex.firstMatch(in: "")
  }

  func matches(_ text: String) -> Bool {
    (try? regex.firstMatch(in: text)) != nil
  }

  /// The standard library's regex errors carry a source range but do not make it public; read it
  /// by reflection, and fall back to the pattern's start when its shape changes.
  private static func scalarOffset(of error: any Error, in pattern: String) -> Int? {
    for child in Mirror(reflecting: error).children where child.label == "location" {
      for part in Mirror(reflecting: child.value).children where part.label == "range" {
        guard let range = part.value as? Range<String.Index>,
          let utf8Offset = utf8Distance(to: range.lowerBound, in: pattern)
        else { return nil }
        var consumed = 0
        for (index, scalar) in pattern.unicodeScalars.enumerated() {
          if consumed >= utf8Offset { return index }
          consumed += UTF8.width(scalar)
        }
        return pattern.unicodeScalars.count
      }
    }
    return nil
  }

  private static func utf8Distance(to index: String.Index, in pattern: String) -> Int? {
    let utf8 = pattern.utf8
    guard index >= utf8.startIndex, index <= utf8.endIndex else { return nil }
    return utf8.distance(from: utf8.startIndex, to: index)
  }
}
