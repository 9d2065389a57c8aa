#if canImport(Glibc)
  import Glibc
#endif

/// Substring search over UTF-8 bytes: rules scan every string of every project, and
/// `String.contains` through Foundation costs an order of magnitude more. `memchr` finds each
/// candidate first byte; `memcmp` checks the rest.
enum ByteSearch {
  /// Offsets of every occurrence of `needle` in `text`.
  static func offsets(of needle: String, in text: String) -> [Int] {
    var found: [Int] = []
    scan(needle, in: text) { offset in
      found.append(offset)
      return true
    }
    return found
  }

  /// Whether `accept` takes one of the offsets where `needle` starts, in order; the search stops
  /// at the first it takes.
  static func contains(_ needle: String, in text: String, where accept: (Int) -> Bool) -> Bool {
    var found = false
    scan(needle, in: text) { offset in
      found = accept(offset)
      return !found
    }
    return found
  }

  /// For short texts (names), where the String search's setup costs more than the search.
  static func contains(_ needle: [UInt8], in bytes: [UInt8]) -> Bool {
    guard let first = needle.first else { return true }
    guard needle.count <= bytes.count else { return false }
    for start in 0...(bytes.count - needle.count) where bytes[start] == first {
      if bytes[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
  }

  static func contains(_ needle: String, in text: String) -> Bool {
    var found = false
    scan(needle, in: text) { _ in
      found = true
      return false
    }
    return found
  }

  /// Calls `visit` with each match's offset while it returns true.
  private static func scan(_ needle: String, in text: String, _ visit: (Int) -> Bool) {
    var haystack = text
    var pattern = needle
    haystack.withUTF8 { h in
      pattern.withUTF8 { n in
        guard let base = h.baseAddress, let first = n.first, let needleBase = n.baseAddress, h.count >= n.count else {
          return
        }
        var start = 0
        let last = h.count - n.count
        while start <= last, let hit = memchr(base + start, Int32(first), last - start + 1) {
          let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
          if memcmp(base + offset, needleBase, n.count) == 0 && !visit(offset) { return }
          start = offset + 1
        }
      }
    }
  }
}
