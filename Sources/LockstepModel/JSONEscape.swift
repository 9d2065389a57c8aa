/// How every JSON writer of the project escapes a string, as Foundation's `JSONEncoder` does with
/// `.withoutEscapingSlashes`: quotes and backslashes escaped, control characters as their short
/// escapes (`\n`, `\b`, …) or `\u00XX`, everything else (slashes, non-ASCII) as it is.
public enum JSONEscape {
  /// The escape for one byte of a string's UTF-8, or nil when the byte is written as it is.
  /// Bytes of multi-byte characters are all 0x80 or above, so they never need one.
  public static func escape(_ byte: UInt8) -> String? {
    switch byte {
    case UInt8(ascii: "\""): return "\\\""
    case UInt8(ascii: "\\"): return "\\\\"
    case 0x08: return "\\b"
    case 0x0C: return "\\f"
    case 0x0A: return "\\n"
    case 0x0D: return "\\r"
    case 0x09: return "\\t"
    case ..<0x20:
      let digits = Array("0123456789abcdef")
      return "\\u00" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    default: return nil
    }
  }

  /// `text` in quotes, escaped; the runs between escapes are appended whole, as most strings
  /// have no escape at all and a byte at a time cost a capacity check each.
  public static func append(quoted text: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
      var clean = 0
      for index in utf8.indices {
        guard let escaped = escape(utf8[index]) else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean..<index]))
        bytes.append(contentsOf: escaped.utf8)
        clean = index + 1
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean...]))
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// `text` in quotes, escaped; the unescaped runs between escapes are appended whole.
  public static func append(quoted text: String, to out: inout String) {
    out += "\""
    var clean = text.utf8.startIndex
    for index in text.utf8.indices {
      guard let escaped = escape(text.utf8[index]) else { continue }
      out += text[clean..<index]
      out += escaped
      clean = text.utf8.index(after: index)
    }
    out += text[clean...]
    out += "\""
  }
}
