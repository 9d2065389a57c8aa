/// A `#{...}` Octostache reference found in a string.
struct VariableReference: Equatable {
  /// The variable's name as written (`Project.Database.Name`, `Foo[bar].Baz`).
  var name: String
  /// The reference as it appears in the text, to find it in the source (`#{Name | ToUpper}`).
  var raw: String
}

/// Finds the project variables a string refers to through Octopus's template syntax: plain
/// references, filters (`#{X | ToBase64}`), conditionals (`#{if X}`, `#{unless X}`), loops
/// (`#{each a in X}`, whose `a` is local) and nested references. `##{X}` is an escaped literal,
/// and Octopus's own system variables (`Octopus.*`, `env:*`) are never reported.
///
/// Works on bytes: scripts make up most of a project, and every string is scanned.
enum VariableReferenceScanner {
  static func references(in text: String) -> [VariableReference] {
    text.utf8.withContiguousStorageIfAvailable { references(in: $0) } ?? references(in: Array(text.utf8)[...])
  }

  static func references<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes) -> [VariableReference] where Bytes.Index == Int {
    var found: [VariableReference] = []
    var locals: [[UInt8]] = []
    var i = bytes.startIndex
    while i + 1 < bytes.endIndex {
      guard bytes[i] == 0x23, bytes[i + 1] == 0x7B else {
        i += 1
        continue
      }
      defer { i += 2 }
      let escaped = i > bytes.startIndex && bytes[i - 1] == 0x23
      guard !escaped, let close = bytes[(i + 2)...].firstIndex(of: 0x7D),
        let name = referencedName(ArraySlice(bytes[(i + 2)..<close]), locals: &locals)
      else { continue }
      found.append(VariableReference(name: String(decoding: name, as: UTF8.self), raw: String(decoding: bytes[i...close], as: UTF8.self)))
    }
    return found
  }

  /// The bytes of the variable a tag reads, or nil for closing tags, literals, loop-local names
  /// and system variables.
  static func referencedName(_ content: ArraySlice<UInt8>, locals: inout [[UInt8]]) -> ArraySlice<UInt8>? {
    let words = content.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
    guard let first = words.first else { return nil }
    var name: ArraySlice<UInt8>
    switch Array(first) {
    case Array("if".utf8), Array("unless".utf8):
      guard words.count > 1 else { return nil }
      name = words[1]
    case Array("each".utf8):
      guard words.count > 3, words[2].elementsEqual("in".utf8) else { return nil }
      locals.append(lowercased(words[1]))
      name = words[3]
    case Array("else".utf8):
      return nil
    default:
      if first.first == 0x2F || first.first == 0x22 { return nil }  // `/if`, `"literal"`
      name = first
    }
    if let pipe = name.firstIndex(of: 0x7C) { name = name[..<pipe] }
    guard !name.isEmpty, !isSystemVariable(name) else { return nil }
    if !locals.isEmpty {
      let head = lowercased(name.prefix { $0 != 0x2E && $0 != 0x5B })
      if locals.contains(head) { return nil }
    }
    return name
  }

  /// `Octopus.*`, `OctopusParameters`, `OctopusUseBundledTooling`, `env:*`: provided by Octopus.
  static func isSystemVariable(_ name: ArraySlice<UInt8>) -> Bool {
    hasPrefixIgnoringCase(name, "octopus") || hasPrefixIgnoringCase(name, "env:")
  }

  static func hasPrefixIgnoringCase(_ bytes: ArraySlice<UInt8>, _ prefix: String) -> Bool {
    bytes.count >= prefix.utf8.count && zip(bytes, prefix.utf8).allSatisfy { lowercase($0) == $1 }
  }

  static func lowercased(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    bytes.map(lowercase)
  }

  static func lowercase(_ b: UInt8) -> UInt8 {
    b &- 0x41 < 26 ? b | 0x20 : b
  }
}
