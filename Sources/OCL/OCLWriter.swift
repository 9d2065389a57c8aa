/// Writes a document in the canonical form Octopus itself writes: 4-space indents, a blank line
/// around every block, dictionary keys sorted, multi-line text as `<<-EOT` heredocs indented two
/// levels past their attribute, empty blocks as `{}`, and no newline at the end of the file.
///
/// Writing never changes meaning: `parse(write(d))` holds the same values as `d`.
public enum OCLWriter {
  public static func write(_ document: OCLDocument) -> String {
    var out = ""
    writeBody(document.body, indent: 0, into: &out)
    return out
  }

  static func writeBody(_ body: [OCLElement], indent: Int, into out: inout String) {
    var previousWasBlock = false
    for (position, element) in body.enumerated() {
      let isBlock: Bool
      if case .block = element { isBlock = true } else { isBlock = false }
      if position > 0 {
        out += isBlock || previousWasBlock ? "\n\n" : "\n"
      }
      switch element {
      case .attribute(let attribute):
        out += spaces(indent) + attribute.name + " = "
        writeValue(attribute.value.kind, ownerIndent: indent, into: &out)
      case .block(let block):
        writeBlock(block, indent: indent, into: &out)
      }
      previousWasBlock = isBlock
    }
  }

  static func writeBlock(_ block: OCLBlock, indent: Int, into out: inout String) {
    out += spaces(indent) + block.name
    for label in block.labels {
      out += " " + quoted(label.value)
    }
    if block.body.isEmpty {
      out += " {}"
      return
    }
    out += " {\n"
    writeBody(block.body, indent: indent + 4, into: &out)
    out += "\n" + spaces(indent) + "}"
  }

  /// `ownerIndent` is the indent of the line holding the attribute the value belongs to; heredoc
  /// content goes two levels deeper, as Octopus writes it.
  static func writeValue(_ value: OCLValueKind, ownerIndent: Int, into out: inout String) {
    switch value {
    case .null: out += "null"
    case .bool(let flag): out += flag ? "true" : "false"
    case .integer(let number): out += String(number)
    case .decimal(let literal): out += literal
    case .string(let text, _):
      if needsHeredoc(text) {
        writeHeredoc(text, indent: ownerIndent + 8, into: &out)
      } else {
        out += quoted(text)
      }
    case .array(let elements):
      out += "["
      for (position, element) in elements.enumerated() {
        if position > 0 { out += ", " }
        // An array holds only quoted strings: a heredoc there would not parse back.
        if case .string(let text, _) = element.kind {
          out += quoted(text)
        } else {
          writeValue(element.kind, ownerIndent: ownerIndent, into: &out)
        }
      }
      out += "]"
    case .dictionary(let entries):
      writeDictionary(entries, ownerIndent: ownerIndent, into: &out)
    }
  }

  static func writeDictionary(
    _ entries: [OCLDictionaryEntry], ownerIndent: Int, into out: inout String
  ) {
    guard !entries.isEmpty else {
      out += "{}"
      return
    }
    out += "{\n"
    for entry in OCLDictionaryEntry.canonicalOrder(entries) {
      out += spaces(ownerIndent + 4) + dictionaryKey(entry.key) + " = "
      writeValue(entry.value.kind, ownerIndent: ownerIndent, into: &out)
      out += "\n"
    }
    out += spaces(ownerIndent) + "}"
  }

  /// Text with a line feed is a heredoc unless it also holds a carriage return, which a heredoc
  /// cannot carry line by line; that stays a quoted string with escapes.
  static func needsHeredoc(_ text: String) -> Bool {
    text.utf8.contains(Byte.newline) && !text.utf8.contains(Byte.carriageReturn)
  }

  static func writeHeredoc(_ text: String, indent: Int, into out: inout String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let tag = heredocTag(avoiding: lines)
    let pad = spaces(indent)
    out += "<<-" + tag + "\n"
    for line in lines {
      out += pad
      out += line
      out += "\n"
    }
    out += pad + tag
  }

  /// `EOT`, unless a line of the text would read as the end tag.
  static func heredocTag(avoiding lines: [Substring]) -> String {
    let trimmedLines = Set(lines.map { $0.trimmingInlineSpace() })
    var tag = "EOT"
    var counter = 1
    while trimmedLines.contains(Substring(tag)) {
      tag = "EOT\(counter)"
      counter += 1
    }
    return tag
  }

  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// Bare when the parser would read the same key back, quoted otherwise.
  static func dictionaryKey(_ key: String) -> String {
    let bare =
      !key.isEmpty && !key.hasPrefix("}")
      && !key.utf8.contains { $0 == Byte.quote || $0 == Byte.newline || Byte.isInlineSpace($0) }
    return bare ? key : quoted(key)
  }

  static func spaces(_ count: Int) -> String {
    String(repeating: " ", count: count)
  }
}

extension Substring {
  func trimmingInlineSpace() -> Substring {
    var slice = self
    while let first = slice.utf8.first, Byte.isInlineSpace(first) { slice = slice.dropFirst() }
    while let last = slice.utf8.last, Byte.isInlineSpace(last) { slice = slice.dropLast() }
    return slice
  }
}
