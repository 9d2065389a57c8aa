/// A `#{...}` Octostache reference found in a string.
struct VariableReference: Equatable {
  /// The variable's name, case-folded as Octopus compares names (`project.database.name`).
  var folded: String
  /// Byte offsets in the scanned text: the name, and the whole `#{...}` tag.
  var name: Range<Int>
  var tag: Range<Int>

  /// The name as written.
  func name(in text: String) -> String {
    String(decoding: Array(text.utf8)[name], as: UTF8.self)
  }

  /// The tag as written, to find it in the source (`#{Name | ToUpper}`).
  func tag(in text: String) -> String {
    String(decoding: Array(text.utf8)[tag], as: UTF8.self)
  }
}

/// Finds the project variables a string refers to through Octopus's template syntax: plain
/// references, filters (`#{X | ToBase64}`), conditionals (`#{if X}`, `#{unless X}`), loops
/// (`#{each a in X}`, whose `a` is local) and nested references. `##{X}` is an escaped literal,
/// and Octopus's own system variables (`Octopus.*`, `env:*`) are never reported.
///
/// Works on bytes and builds one string per reference: scripts make up most of a project, and
/// every string is scanned.
enum VariableReferenceScanner {
  static func references(in text: String) -> [VariableReference] {
    references(in: Array(text.utf8))
  }

  static func references(in bytes: [UInt8]) -> [VariableReference] {
    var found: [VariableReference] = []
    var locals: [[UInt8]] = []
    var i = 0
    while i + 1 < bytes.count {
      guard bytes[i] == 0x23, bytes[i + 1] == 0x7B else {
        i += 1
        continue
      }
      defer { i += 2 }
      let escaped = i > 0 && bytes[i - 1] == 0x23
      guard !escaped, let close = bytes[(i + 2)...].firstIndex(of: 0x7D),
        let name = referencedName(bytes, in: (i + 2)..<close, locals: &locals)
      else { continue }
      // Written straight into the string's storage: a lazily lower-cased slice took the
      // generic path, a dynamic cast and a copy for each reference.
      let folded = String(unsafeUninitializedCapacity: name.count) { buffer in
        for (offset, byte) in bytes[name].enumerated() { buffer[offset] = lowercase(byte) }
        return name.count
      }
      found.append(VariableReference(folded: folded, name: name, tag: i..<(close + 1)))
    }
    return found
  }

  /// The range of the variable a tag reads, or nil for closing tags, literals, loop-local names
  /// and system variables.
  static func referencedName(_ bytes: [UInt8], in content: Range<Int>, locals: inout [[UInt8]]) -> Range<Int>? {
    var words = WordReader(bytes: bytes, range: content)
    guard let first = words.next() else { return nil }
    var name: Range<Int>
    switch first.count {
    case 2 where matches(bytes, first, "if"), 6 where matches(bytes, first, "unless"):
      guard let condition = words.next() else { return nil }
      name = condition
    case 4 where matches(bytes, first, "each"):
      guard let local = words.next(), let keyword = words.next(), matches(bytes, keyword, "in"),
        let collection = words.next()
      else { return nil }
      locals.append(bytes[local].map(lowercase))
      name = collection
    case 4 where matches(bytes, first, "else"):
      return nil
    default:
      if bytes[first.lowerBound] == 0x2F || bytes[first.lowerBound] == 0x22 { return nil }  // `/if`, `"text"`
      name = first
    }
    if let pipe = bytes[name].firstIndex(of: 0x7C) { name = name.lowerBound..<pipe }
    guard !name.isEmpty, !isSystemVariable(bytes[name]) else { return nil }
    if !locals.isEmpty {
      let head = bytes[name].prefix { $0 != 0x2E && $0 != 0x5B }.map(lowercase)
      if locals.contains(head) { return nil }
    }
    return name
  }

  /// `Octopus.*`, `OctopusParameters`, `OctopusUseBundledTooling`, `env:*`: provided by Octopus.
  static func isSystemVariable(_ name: ArraySlice<UInt8>) -> Bool {
    hasPrefixIgnoringCase(name, "octopus") || hasPrefixIgnoringCase(name, "env:")
  }

  static func hasPrefixIgnoringCase(_ bytes: ArraySlice<UInt8>, _ prefix: StaticString) -> Bool {
    let count = prefix.utf8CodeUnitCount
    guard bytes.count >= count else { return false }
    return prefix.withUTF8Buffer { expected in
      zip(bytes, expected).allSatisfy { lowercase($0) == $1 }
    }
  }

  static func matches(_ bytes: [UInt8], _ word: Range<Int>, _ keyword: StaticString) -> Bool {
    keyword.withUTF8Buffer { bytes[word].elementsEqual($0) }
  }

  static func lowercase(_ b: UInt8) -> UInt8 {
    b &- 0x41 < 26 ? b | 0x20 : b
  }
}

/// The space-separated words of a tag's content, as ranges.
private struct WordReader {
  let bytes: [UInt8]
  var position: Int
  let end: Int

  init(bytes: [UInt8], range: Range<Int>) {
    self.bytes = bytes
    position = range.lowerBound
    end = range.upperBound
  }

  mutating func next() -> Range<Int>? {
    while position < end && (bytes[position] == 0x20 || bytes[position] == 0x09) { position += 1 }
    guard position < end else { return nil }
    let start = position
    while position < end && bytes[position] != 0x20 && bytes[position] != 0x09 { position += 1 }
    return start..<position
  }
}
