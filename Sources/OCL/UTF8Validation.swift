/// What checking a buffer as UTF-8 found.
enum UTF8Check: Equatable {
  /// Every byte is below 0x80, so a column is a byte count.
  case ascii
  case valid
  case invalid(offset: Int)
}

/// Checks that the buffer is well-formed UTF-8 and notes whether it is plain ASCII.
///
/// Written out rather than relying on `String(decoding:)`, which silently replaces bad bytes: a
/// linter must say where a file stops being text, not lint a file it quietly changed.
func checkUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> UTF8Check {
  guard let base = bytes.baseAddress else { return .ascii }
  var sawNonASCII = false
  var i = 0
  let n = bytes.count
  while i < n {
    // ASCII runs are nearly all of an OCL file; check eight bytes at a time.
    while i + 8 <= n {
      let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
      if word & 0x8080_8080_8080_8080 != 0 { break }
      i += 8
    }
    guard i < n else { break }
    let lead = bytes[i]
    if lead < 0x80 {
      i += 1
      continue
    }
    sawNonASCII = true
    let width: Int
    var lower: UInt8 = 0x80
    var upper: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: width = 2
    case 0xE0:
      width = 3
      lower = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: width = 3
    case 0xED:
      width = 3
      upper = 0x9F
    case 0xF0:
      width = 4
      lower = 0x90
    case 0xF1...0xF3: width = 4
    case 0xF4:
      width = 4
      upper = 0x8F
    default: return .invalid(offset: i)
    }
    guard i + width <= n else { return .invalid(offset: i) }
    let second = bytes[i + 1]
    guard second >= lower && second <= upper else { return .invalid(offset: i) }
    for k in 2..<width where bytes[i + k] & 0xC0 != 0x80 {
      return .invalid(offset: i)
    }
    i += width
  }
  return sawNonASCII ? .valid : .ascii
}
