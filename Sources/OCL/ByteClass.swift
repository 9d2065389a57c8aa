/// The bytes the OCL grammar cares about, named.
public enum Byte {
  static let newline: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
  static let space: UInt8 = 0x20
  static let tab: UInt8 = 0x09
  static let quote: UInt8 = 0x22
  static let hash: UInt8 = 0x23
  static let slash: UInt8 = 0x2F
  static let star: UInt8 = 0x2A
  static let backslash: UInt8 = 0x5C
  static let equals: UInt8 = 0x3D
  static let openBrace: UInt8 = 0x7B
  static let closeBrace: UInt8 = 0x7D
  static let openBracket: UInt8 = 0x5B
  static let closeBracket: UInt8 = 0x5D
  static let comma: UInt8 = 0x2C
  static let lessThan: UInt8 = 0x3C
  static let minus: UInt8 = 0x2D
  static let dot: UInt8 = 0x2E
  static let underscore: UInt8 = 0x5F

  /// Whitespace other than a line feed. Octopus's parser uses .NET's `char.IsWhiteSpace`, so a
  /// carriage return is ordinary whitespace and CRLF files need no special case.
  @inline(__always) static func isInlineSpace(_ b: UInt8) -> Bool {
    b == space || b == tab || b == carriageReturn || b == 0x0B || b == 0x0C
  }

  @inline(__always) public static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

  /// An ASCII letter, digit or `_`: the bytes of a name.
  @inline(__always) public static func isASCIINameByte(_ b: UInt8) -> Bool {
    isDigit(b) || (b | 0x20) &- 0x61 < 26 || b == underscore
  }

  /// The UTF-8 byte-order mark some Windows editors write first.
  static func startsWithByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
  }

  /// A UTF-8 continuation byte: not the start of a character, so not a column.
  @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
}
