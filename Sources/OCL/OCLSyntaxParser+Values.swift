extension OCLSyntaxParser {
  mutating func parseValue(inDictionary: Bool) -> OCLValue? {
    let start = mark
    switch current {
    case Byte.quote:
      guard let text = parseQuotedString() else { return nil }
      return OCLValue(.string(text, .quoted), span: span(from: start))
    case Byte.lessThan:
      return parseHeredoc()
    case Byte.minus, 0x30...0x39:
      return parseNumber()
    case Byte.openBracket:
      return parseArray()
    case Byte.openBrace:
      if inDictionary {
        report(
          "dictionaries do not nest: a dictionary value must be a string, number, boolean, null or array",
          at: spanHere)
        return nil
      }
      return parseDictionary()
    default:
      return parseKeyword(start: start)
    }
  }

  mutating func parseKeyword(start: Mark) -> OCLValue? {
    guard let word = parseName() else {
      report(expectedValue + ", found \(found)", at: spanHere)
      return nil
    }
    let kind: OCLValueKind
    switch word {
    case "null": kind = .null
    case "true": kind = .bool(true)
    case "false": kind = .bool(false)
    default:
      report(
        expectedValue + ", found `\(word)` (text values are quoted: \"\(word)\")",
        at: span(from: start))
      return nil
    }
    return OCLValue(kind, span: span(from: start))
  }

  /// The bytes a value can start with that a name cannot, bar digits: what tells a value pushed
  /// to the next line from the next element.
  static let valueStarts: [UInt8] =
    [Byte.quote, Byte.lessThan, Byte.openBracket, Byte.openBrace, Byte.minus] + Array(0x30...0x39)

  var expectedValue: String {
    "expected a value (a quoted string, heredoc, number, true, false, null, array or dictionary)"
  }

  // MARK: Strings

  /// A quoted string with Octopus's five escapes; the cursor is on the opening quote.
  mutating func parseQuotedString() -> String? {
    let start = mark
    index += 1
    var segmentStart = index
    var unescaped: [UInt8] = []
    var hasEscapes = false
    while true {
      guard !atEnd, current != Byte.newline, current != Byte.carriageReturn else {
        report(
          "unterminated string: a quoted string must close on the line it opens (use a heredoc for multi-line text)",
          at: span(from: start))
        return nil
      }
      let b = current
      if b == Byte.quote { break }
      guard b == Byte.backslash else {
        index += 1
        continue
      }
      unescaped.append(contentsOf: bytes[segmentStart..<index])
      hasEscapes = true
      let escapeStart = mark
      index += 1
      guard !atEnd, current != Byte.newline else { continue }
      switch current {
      case 0x72: unescaped.append(Byte.carriageReturn)  // r
      case 0x6E: unescaped.append(Byte.newline)  // n
      case 0x74: unescaped.append(Byte.tab)  // t
      case Byte.backslash: unescaped.append(Byte.backslash)
      case Byte.quote: unescaped.append(Byte.quote)
      default:
        var end = mark
        end.offset += 1
        while end.offset < bytes.count && Byte.isContinuation(bytes[end.offset]) { end.offset += 1 }
        let escape = String(
          decoding: UnsafeBufferPointer(rebasing: bytes[escapeStart.offset..<end.offset]), as: UTF8.self)
        report(
          "unknown escape `\(escape)` in a string: Octopus accepts only \\r \\n \\t \\\\ and \\\" (write a backslash as \\\\)",
          at: span(from: escapeStart, to: end))
        unescaped.append(contentsOf: bytes[escapeStart.offset..<end.offset])
        index = end.offset - 1
      }
      index += 1
      segmentStart = index
    }
    let text: String
    if hasEscapes {
      unescaped.append(contentsOf: bytes[segmentStart..<index])
      text = String(decoding: unescaped, as: UTF8.self)
    } else {
      text = String(decoding: UnsafeBufferPointer(rebasing: bytes[segmentStart..<index]), as: UTF8.self)
    }
    index += 1
    return text
  }

  // MARK: Numbers

  /// `-?digits` or `-?digits.digits`: no exponent, no leading `+`, no bare `.5`.
  mutating func parseNumber() -> OCLValue? {
    let start = mark
    if current == Byte.minus { index += 1 }
    let digitsStart = index
    while !atEnd && Byte.isDigit(current) { index += 1 }
    guard index > digitsStart else {
      report("expected digits after `-`, found \(found)", at: spanHere)
      return nil
    }
    var isDecimal = false
    if !atEnd && current == Byte.dot {
      index += 1
      let fractionStart = index
      while !atEnd && Byte.isDigit(current) { index += 1 }
      guard index > fractionStart else {
        report("expected digits after the decimal point, found \(found)", at: spanHere)
        return nil
      }
      isDecimal = true
    }
    if !atEnd && (Byte.isASCIINameByte(current) || current == Byte.dot) {
      while !atEnd && (Byte.isASCIINameByte(current) || current == Byte.dot) { index += 1 }
      report(
        "`\(text(from: start))` is not a number: OCL numbers are digits with an optional `-` and decimal point, no exponent",
        at: span(from: start))
      return nil
    }
    let literal = text(from: start)
    if isDecimal {
      return OCLValue(.decimal(literal), span: span(from: start))
    }
    // Octopus parses the digits as a 32-bit `int` and negates afterwards, so -2147483648 overflows.
    let digits = literal.hasPrefix("-") ? String(literal.dropFirst()) : literal
    guard let magnitude = Int32(digits) else {
      report(
        "integer \(literal) is out of range: Octopus reads whole numbers as 32-bit integers (at most 2147483647 either side of 0)",
        at: span(from: start))
      return nil
    }
    return OCLValue(.integer(literal.hasPrefix("-") ? -Int(magnitude) : Int(magnitude)), span: span(from: start))
  }

  func text(from start: Mark) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[start.offset..<index]), as: UTF8.self)
  }

  // MARK: Arrays

  private enum ElementType: String {
    case string, integer, decimal

    init?(_ kind: OCLValueKind) {
      switch kind {
      case .string: self = .string
      case .integer: self = .integer
      case .decimal: self = .decimal
      default: return nil
      }
    }
  }

  /// `[` elements of one type separated by `,` `]`; line breaks are allowed inside.
  mutating func parseArray() -> OCLValue? {
    let start = mark
    advance()
    skipAllSpace()
    var elements: [OCLValue] = []
    var elementType: ElementType?
    while true {
      guard !atEnd else {
        report(
          "expected `]` to close the array opened at \(start.line):\(column(of: start)), found end of file",
          at: spanHere)
        return nil
      }
      if current == Byte.closeBracket && elements.isEmpty {
        advance()
        break
      }
      guard current == Byte.quote || current == Byte.minus || Byte.isDigit(current),
        let element = parseValue(inDictionary: true)
      else {
        if !atEnd && current != Byte.quote && current != Byte.minus && !Byte.isDigit(current) {
          report("arrays hold quoted strings or numbers only, found \(found)", at: spanHere)
        }
        return nil
      }
      if let type = ElementType(element.kind) {
        if let expected = elementType, expected != type {
          report(
            "arrays hold one type: this array started with a\(expected == .integer ? "n" : "") \(expected.rawValue), found a\(type == .integer ? "n" : "") \(type.rawValue)",
            at: element.span)
        }
        elementType = elementType ?? type
      }
      elements.append(element)
      skipAllSpace()
      guard !atEnd else { continue }
      if current == Byte.closeBracket {
        advance()
        break
      }
      guard current == Byte.comma else {
        report("expected `,` or `]` in the array, found \(found)", at: spanHere)
        return nil
      }
      let comma = spanHere
      advance()
      skipAllSpace()
      if !atEnd && current == Byte.closeBracket {
        report("trailing comma: Octopus rejects a `,` before `]`", at: comma)
        advance()
        break
      }
    }
    return OCLValue(.array(elements), span: span(from: start))
  }

  // MARK: Dictionaries

  /// `{` newline, one `key = literal` a line, `}`. Bare keys run to the next whitespace, so
  /// `Octopus.Action.Package[NuGet.CommandLine].ExtractedPath` is one key.
  mutating func parseDictionary() -> OCLValue? {
    let start = mark
    advance()
    skipInlineSpace()
    if !atEnd && current == Byte.closeBrace {
      advance()
      return OCLValue(.dictionary([]), span: span(from: start))
    }
    if !atEnd && current != Byte.newline {
      report(
        "a dictionary needs a line break right after `{`: move \(found) to the next line",
        at: spanHere)
    }
    var entries: [OCLDictionaryEntry] = []
    while !truncated {
      skipAllSpace()
      guard !atEnd else {
        report(
          "expected `}` to close the dictionary opened at \(start.line):\(column(of: start)), found end of file",
          at: spanHere)
        return nil
      }
      if current == Byte.closeBrace {
        advance()
        return OCLValue(.dictionary(entries), span: span(from: start))
      }
      if let entry = parseDictionaryEntry() {
        entries.append(entry)
      } else {
        recoverLine()
      }
    }
    return nil
  }

  mutating func parseDictionaryEntry() -> OCLDictionaryEntry? {
    let keyStart = mark
    let key: String
    if current == Byte.quote {
      guard let quoted = parseQuotedString() else { return nil }
      key = quoted
    } else {
      while !atEnd && current != Byte.quote && current != Byte.newline
        && !Byte.isInlineSpace(current)
      {
        index += 1
      }
      key = text(from: keyStart)
    }
    let keySpan = span(from: keyStart)
    skipInlineSpace()
    guard !atEnd, current == Byte.equals else {
      report(
        "expected ` = ` after dictionary key `\(key)`, found \(found) (a bare key runs to the first space, so put a space before `=`)",
        at: spanHere)
      return nil
    }
    advance()
    skipInlineSpace()
    guard !atEnd, current != Byte.newline else {
      report(
        "the value of `\(key)` must start on the same line as `\(key) =`, found \(found)",
        at: spanHere)
      return nil
    }
    guard let value = parseValue(inDictionary: true) else { return nil }
    return OCLDictionaryEntry(key: key, keySpan: keySpan, value: value)
  }
}
