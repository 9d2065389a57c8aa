/// Substring search over the UTF-8 bytes: a match is the same Unicode scalars as written, as
/// Rego's `contains` and `startswith` match. A `Character` search would also treat canonically
/// equivalent spellings as equal, but walks grapheme clusters at every step, and `contains`
/// runs on every variable value of every project (SEC001), so it is the evaluator's hottest
/// string operation.
enum UTF8Search {
  static func contains(_ text: String, _ part: String) -> Bool {
    if part.isEmpty { return true }
    var text = text
    var part = part
    return text.withUTF8 { haystack in part.withUTF8 { needle in contains(haystack, needle) } }
  }

  static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
    var start = 0
    let last = haystack.count - needle.count
    while start <= last {
      if haystack[start] == first && matches(haystack, at: start, needle) { return true }
      start += 1
    }
    return false
  }

  static func matches(_ haystack: UnsafeBufferPointer<UInt8>, at start: Int, _ needle: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    for offset in 1..<needle.count where haystack[start + offset] != needle[offset] { return false }
    return true
  }
}
