/// The document model as plain JSON, for other engines and for people: objects as objects,
/// collections as arrays of `{"label", "value"}` in source order (so a reorder stays visible and
/// unlabelled blocks keep their place), decimals as the number written. Spans are left out.
public enum NodeJSON {
  public static func write(_ node: Node?, into out: inout String) {
    guard let node else {
      out += "null"
      return
    }
    switch node.value {
    case .null: out += "null"
    case .bool(let flag): out += flag ? "true" : "false"
    case .integer(let number): out += String(number)
    case .decimal(let literal): writeDecimal(literal, into: &out)
    case .string(let text): writeString(text, into: &out)
    case .array(let elements): writeArray(elements, into: &out)
    case .object(let fields): writeObject(fields, into: &out)
    case .collection(let entries): writeCollection(entries, into: &out)
    }
  }

  public static func string(_ node: Node?) -> String {
    var out = ""
    write(node, into: &out)
    return out
  }

  static func writeArray(_ elements: [Node], into out: inout String) {
    out += "["
    for (index, element) in elements.enumerated() {
      if index > 0 { out += "," }
      write(element, into: &out)
    }
    out += "]"
  }

  static func writeObject(_ fields: [Field], into out: inout String) {
    out += "{"
    for (index, field) in fields.enumerated() {
      if index > 0 { out += "," }
      writeString(field.name, into: &out)
      out += ":"
      write(field.node, into: &out)
    }
    out += "}"
  }

  static func writeCollection(_ entries: [Entry], into out: inout String) {
    out += "["
    for (index, entry) in entries.enumerated() {
      if index > 0 { out += "," }
      out += #"{"label":"#
      if let label = entry.label { writeString(label, into: &out) } else { out += "null" }
      out += #","value":"#
      write(entry.node, into: &out)
      out += "}"
    }
    out += "]"
  }

  /// OCL decimals (`-1.50`) are JSON numbers as written; anything JSON would not read as one
  /// (`01.5`, `1.`) stays a string rather than becoming invalid JSON.
  static func writeDecimal(_ literal: String, into out: inout String) {
    if isJSONNumber(literal) { out += literal } else { writeString(literal, into: &out) }
  }

  /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`
  static func isJSONNumber(_ literal: String) -> Bool {
    let unsigned = literal.hasPrefix("-") ? Array(literal.utf8.dropFirst()) : Array(literal.utf8)
    let parts = unsigned.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) }) else {
      return false
    }
    let whole = parts[0]
    return whole.count == 1 || whole.first != UInt8(ascii: "0")
  }

  static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

  public static func writeString(_ text: String, into out: inout String) {
    JSONEscape.append(quoted: text, to: &out)
  }
}
