/// A `#{...}` Octostache reference found in a string.
struct VariableReference: Equatable {
  /// The variable's name as written (`Project.Database.Name`, `Foo[bar].Baz`).
  var name: String
  /// The reference as it appears in the text, to find it in the source (`#{Name | ToUpper}`).
  var raw: String
}

/// Finds the variables a string refers to through Octopus's template syntax: plain references,
/// filters (`#{X | ToBase64}`), conditionals (`#{if X}`, `#{unless X}`), loops (`#{each a in X}`,
/// whose `a` is local), and nested references. `##{X}` is an escaped literal, not a reference.
enum VariableReferenceScanner {
  static func references(in text: String) -> [VariableReference] {
    let bytes = Array(text.utf8)
    guard bytes.count >= 3 else { return [] }
    var found: [VariableReference] = []
    var locals: Set<String> = []
    var i = 0
    while i + 1 < bytes.count {
      guard bytes[i] == 0x23, bytes[i + 1] == 0x7B else {
        i += 1
        continue
      }
      let escaped = i > 0 && bytes[i - 1] == 0x23
      guard let close = bytes[(i + 2)...].firstIndex(of: 0x7D) else { break }
      defer { i += 2 }
      if escaped { continue }
      let content = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
      let raw = String(decoding: bytes[i...close], as: UTF8.self)
      if let name = referencedName(content, locals: &locals) {
        found.append(VariableReference(name: name, raw: raw))
      }
    }
    return found
  }

  /// The variable a tag reads, or nil for closing tags, literals and loop-local names.
  static func referencedName(_ content: String, locals: inout Set<String>) -> String? {
    let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard let first = words.first else { return nil }
    var name: String
    switch first {
    case "if", "unless":
      guard words.count > 1 else { return nil }
      name = words[1]
    case "each":
      guard words.count > 3, words[2] == "in" else { return nil }
      locals.insert(words[1].lowercased())
      name = words[3]
    case "else":
      return nil
    default:
      if first.hasPrefix("/") || first.hasPrefix("\"") { return nil }
      name = first
    }
    if let pipe = name.firstIndex(of: "|") { name = String(name[..<pipe]) }
    guard !name.isEmpty, !name.contains("#{") || name.contains("[") else { return nil }
    let head = name.split(whereSeparator: { $0 == "." || $0 == "[" }).first.map { $0.lowercased() } ?? ""
    return locals.contains(head) ? nil : name
  }
}
