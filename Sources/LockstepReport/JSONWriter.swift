import LockstepModel

/// Writes JSON text as Foundation's `JSONEncoder` does with `.sortedKeys` and
/// `.withoutEscapingSlashes`, compact or `.prettyPrinted`, byte for byte, for the hot paths that
/// write findings: the encoder's generic machinery cost more than deciding what to write (90 µs
/// for a 2 KB admission answer). The caller writes an object's keys in sorted order.
public struct JSONWriter: Sendable {
  public enum Style: Sendable {
    case compact
    /// Two-space indents, `"key" : value`, and an empty container as its brackets on two lines.
    case pretty
  }

  /// Bytes, not a String: appending to a String checks its encoding on every small piece.
  private var bytes: [UInt8] = []
  let style: Style
  /// One entry per open container: whether it has a member yet.
  private var open: [Bool] = []

  public init(_ style: Style) {
    self.style = style
    bytes.reserveCapacity(4096)
  }

  public var text: String { String(decoding: bytes, as: UTF8.self) }

  public mutating func beginObject() { begin("{") }
  public mutating func endObject() { end("}") }
  public mutating func beginArray() { begin("[") }
  public mutating func endArray() { end("]") }

  /// An object's member name; its value follows.
  public mutating func key(_ name: String) {
    separate()
    writeString(name)
    if style == .pretty { bytes.append(UInt8(ascii: " ")) }
    bytes.append(UInt8(ascii: ":"))
    if style == .pretty { bytes.append(UInt8(ascii: " ")) }
  }

  /// Before an array's element.
  public mutating func element() {
    separate()
  }

  public mutating func integer(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }
  public mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

  /// `key` and its value, only when there is a value: an absent optional is left out, as
  /// `encodeIfPresent` leaves it.
  public mutating func field(_ name: String, _ value: String?) {
    guard let value else { return }
    key(name)
    writeString(value)
  }

  public mutating func field(_ name: String, _ value: Int?) {
    guard let value else { return }
    key(name)
    integer(value)
  }

  public mutating func field(_ name: String, _ value: Bool?) {
    guard let value else { return }
    key(name)
    bool(value)
  }

  public mutating func field(_ name: String, strings: [String]) {
    key(name)
    beginArray()
    for value in strings {
      element()
      writeString(value)
    }
    endArray()
  }

  private mutating func begin(_ bracket: Character) {
    bytes.append(contentsOf: bracket.utf8)
    open.append(false)
  }

  private mutating func end(_ bracket: Character) {
    let hadMembers = open.removeLast()
    if style == .pretty {
      bytes.append(UInt8(ascii: "\n"))
      if !hadMembers { bytes.append(UInt8(ascii: "\n")) }
      indent()
    }
    bytes.append(contentsOf: bracket.utf8)
  }

  private mutating func separate() {
    if open.last == true { bytes.append(UInt8(ascii: ",")) }
    if !open.isEmpty { open[open.count - 1] = true }
    if style == .pretty {
      bytes.append(UInt8(ascii: "\n"))
      indent()
    }
  }

  private mutating func indent() {
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * open.count))
  }

  private mutating func writeString(_ value: String) {
    JSONEscape.append(quoted: value, to: &bytes)
  }
}
