/// The recursive-descent parser behind `OCLParser`: a cursor over validated UTF-8 bytes that keeps
/// line numbers as it goes, so every node gets its span without a second pass.
struct OCLSyntaxParser {
  struct Mark {
    var offset: Int
    var line: Int
    var lineStart: Int
  }

  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0
  var line = 1
  var lineStart = 0
  var diagnostics: [OCLDiagnostic] = []
  var truncated = false
  /// Blocks open around the cursor.
  var depth = 0
  /// In a pure-ASCII file a column is a byte count; no need to count characters.
  let isASCII: Bool

  init(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) {
    self.bytes = bytes
    self.isASCII = isASCII
    // A byte-order mark is not content: .NET's reader drops it before Octopus parses.
    if Byte.startsWithByteOrderMark(bytes) {
      index = 3
      lineStart = 3
    }
  }

  // MARK: Positions

  var mark: Mark { Mark(offset: index, line: line, lineStart: lineStart) }
  var atEnd: Bool { index >= bytes.count }
  var current: UInt8 { bytes[index] }

  func byte(at offset: Int) -> UInt8? {
    offset < bytes.count ? bytes[offset] : nil
  }

  func column(of mark: Mark) -> Int {
    if isASCII { return mark.offset - mark.lineStart + 1 }
    var column = 1
    var i = mark.lineStart
    while i < mark.offset {
      if !Byte.isContinuation(bytes[i]) { column += 1 }
      i += 1
    }
    return column
  }

  func span(from start: Mark, to end: Mark) -> SourceSpan {
    SourceSpan(
      offset: start.offset, length: end.offset - start.offset, line: start.line,
      column: column(of: start), endLine: end.line, endColumn: column(of: end))
  }

  func span(from start: Mark) -> SourceSpan { span(from: start, to: mark) }

  /// The span of the character under the cursor, for "found X" errors.
  var spanHere: SourceSpan {
    let start = mark
    var end = start
    if !atEnd && current != Byte.newline {
      end.offset += 1
      while end.offset < bytes.count && Byte.isContinuation(bytes[end.offset]) { end.offset += 1 }
    }
    return span(from: start, to: end)
  }

  /// What the cursor is on, as an error message names it.
  var found: String {
    guard !atEnd else { return "end of file" }
    if current == Byte.newline || (current == Byte.carriageReturn && byte(at: index + 1) == Byte.newline) {
      return "end of line"
    }
    var end = index + 1
    while end < bytes.count && Byte.isContinuation(bytes[end]) { end += 1 }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
    return
      "`\(text.unicodeScalars.map { $0.isASCII && $0.value < 0x20 ? $0.escaped(asASCII: true) : String($0) }.joined())`"
  }

  // MARK: Moving

  mutating func advance() {
    if bytes[index] == Byte.newline {
      line += 1
      lineStart = index + 1
    }
    index += 1
  }

  mutating func skipInlineSpace() {
    while index < bytes.count && Byte.isInlineSpace(bytes[index]) { index += 1 }
  }

  mutating func skipAllSpace() {
    while index < bytes.count {
      let b = bytes[index]
      if b == Byte.newline {
        index += 1
        line += 1
        lineStart = index
      } else if Byte.isInlineSpace(b) {
        index += 1
      } else {
        return
      }
    }
  }

  mutating func restore(_ saved: Mark) {
    index = saved.offset
    line = saved.line
    lineStart = saved.lineStart
  }

  /// Recovery after a misplaced line break has been reported: when the next line goes on with one
  /// of `expected`, moves there so the element is read on, rather than its rest being reported
  /// again as stray text. Otherwise stays put and returns false.
  mutating func resumeOnNextLine(with expected: [UInt8]) -> Bool {
    let saved = mark
    skipAllSpace()
    if !atEnd && expected.contains(current) { return true }
    restore(saved)
    return false
  }

  /// Octopus reads a block's `{` after any whitespace, line breaks included (its body parser is a
  /// `.Token()`), so `step "a"` with `{` on the next line is a block. Moves to that `{` when it is
  /// there; otherwise stays put and returns false.
  mutating func skipToBlockBodyOnNextLine() -> Bool {
    guard !atEnd, current == Byte.newline else { return false }
    let saved = mark
    skipAllSpace()
    if !atEnd && current == Byte.openBrace { return true }
    restore(saved)
    return false
  }

  mutating func skipToLineEnd() {
    while index < bytes.count && bytes[index] != Byte.newline { index += 1 }
  }

  /// After an error, skips the rest of the line, and the lines after it while braces opened on it
  /// stay open, so one bad line costs one error rather than a cascade at every `}` after it.
  mutating func recoverLine() {
    skipBalanced(open: 0)
  }

  /// Skips bytes, counting braces outside quoted strings, from `open` braces already open. With
  /// none open it stops at a line end or at a `}` it did not open, and leaves it; with some, it
  /// stops just past the `}` that closes them, however deep the text between nests.
  mutating func skipBalanced(open initial: Int) {
    var open = initial
    var inString = false
    while !atEnd {
      let b = current
      if inString {
        if b == Byte.backslash {
          advance()
        } else if b == Byte.quote || b == Byte.newline {
          inString = false
        }
      } else if b == Byte.quote {
        inString = true
      } else if b == Byte.openBrace {
        open += 1
      } else if b == Byte.closeBrace {
        if open == 0 { return }
        open -= 1
        if open == 0 && initial > 0 {
          advance()
          return
        }
      } else if b == Byte.newline && open == 0 {
        return
      }
      if !atEnd { advance() }
    }
  }

  mutating func report(_ message: String, at span: SourceSpan, kind: OCLDiagnostic.Kind = .syntax) {
    guard !truncated else { return }
    guard diagnostics.count < OCLParser.maxDiagnostics else {
      truncated = true
      return
    }
    diagnostics.append(OCLDiagnostic(kind: kind, message: message, span: span))
  }

  // MARK: Names

  /// Letters, digits and `_`, as .NET's `char.IsLetterOrDigit` sees them.
  mutating func parseName() -> String? {
    let start = index
    while index < bytes.count {
      let b = bytes[index]
      if Byte.isASCIINameByte(b) {
        index += 1
      } else if b >= 0x80, let width = nonASCIILetterWidth(at: index) {
        index += width
      } else {
        break
      }
    }
    guard index > start else { return nil }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
  }

  func nonASCIILetterWidth(at offset: Int) -> Int? {
    var end = offset + 1
    while end < bytes.count && Byte.isContinuation(bytes[end]) { end += 1 }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
    guard let scalar = text.unicodeScalars.first else { return nil }
    let isLetterOrDigit = scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
    return isLetterOrDigit ? end - offset : nil
  }

  // MARK: Document and bodies

  mutating func parseDocument() -> [OCLElement] {
    parseBody(openedBy: nil).elements
  }

  /// A body runs to the `}` that closes its block, or to the end of the file for the document.
  mutating func parseBody(openedBy opener: (name: String, at: Mark)?) -> (
    elements: [OCLElement], closed: Bool
  ) {
    var elements: [OCLElement] = []
    while !truncated {
      skipAllSpace()
      guard !atEnd else {
        if let opener {
          report(
            "expected `}` to close block `\(opener.name)` opened at \(opener.at.line):\(column(of: opener.at)), found end of file",
            at: spanHere)
        }
        return (elements, false)
      }
      if current == Byte.closeBrace {
        if opener != nil {
          advance()
          return (elements, true)
        }
        report("unexpected `}`: no block is open here", at: spanHere)
        advance()
        continue
      }
      if isAtComment {
        reportComment()
        continue
      }
      if let element = parseElement() {
        elements.append(element)
      } else {
        recoverLine()
      }
    }
    return (elements, false)
  }

  var isAtComment: Bool {
    guard !atEnd else { return false }
    if current == Byte.hash { return true }
    guard current == Byte.slash, let next = byte(at: index + 1) else { return false }
    return next == Byte.slash || next == Byte.star
  }

  mutating func reportComment() {
    let start = mark
    if current == Byte.slash && byte(at: index + 1) == Byte.star {
      skipBlockComment()
    } else {
      skipToLineEnd()
    }
    var end = mark
    if end.offset > start.offset && bytes[end.offset - 1] == Byte.carriageReturn { end.offset -= 1 }
    report(
      "comments are not part of OCL: Octopus's parser rejects this line, so the project would fail to load",
      at: span(from: start, to: end), kind: .comment)
  }

  /// Through the `*/` that closes a `/*` comment, so its later lines are one error, not several.
  mutating func skipBlockComment() {
    index += 2
    while !atEnd && !(current == Byte.star && byte(at: index + 1) == Byte.slash) { advance() }
    if !atEnd { index += 2 }
  }

  mutating func parseElement() -> OCLElement? {
    let start = mark
    guard let name = parseName() else {
      report(
        "expected an attribute or block name (letters, digits and `_`), found \(found)",
        at: spanHere)
      return nil
    }
    let nameSpan = span(from: start)
    skipInlineSpace()
    if (atEnd || current == Byte.newline) && !skipToBlockBodyOnNextLine() {
      report(
        "expected `=`, a label or `{` after `\(name)` on the same line, found \(found)",
        at: spanHere)
      guard resumeOnNextLine(with: [Byte.equals, Byte.quote, Byte.openBrace]) else { return nil }
    }
    switch current {
    case Byte.equals:
      advance()
      return parseAttribute(name: name, nameSpan: nameSpan, start: start).map(OCLElement.attribute)
    case Byte.quote, Byte.openBrace:
      return parseBlock(name: name, nameSpan: nameSpan, start: start).map(OCLElement.block)
    default:
      report("expected `=`, a label or `{` after `\(name)`, found \(found)", at: spanHere)
      return nil
    }
  }

  mutating func parseAttribute(name: String, nameSpan: SourceSpan, start: Mark) -> OCLAttribute? {
    skipInlineSpace()
    if atEnd || current == Byte.newline {
      report(
        "the value of `\(name)` must start on the same line as `\(name) =`, found \(found)",
        at: spanHere)
      guard resumeOnNextLine(with: Self.valueStarts) else { return nil }
    }
    guard let value = parseValue(inDictionary: false) else { return nil }
    return OCLAttribute(name: name, value: value, nameSpan: nameSpan, span: span(from: start))
  }

  mutating func parseBlock(name: String, nameSpan: SourceSpan, start: Mark) -> OCLBlock? {
    var labels: [OCLLabel] = []
    while atEnd || current != Byte.openBrace {
      if skipToBlockBodyOnNextLine() { break }
      if !atEnd && current == Byte.quote {
        let labelStart = mark
        guard let text = parseQuotedString() else { return nil }
        labels.append(OCLLabel(value: text, span: span(from: labelStart)))
        skipInlineSpace()
        continue
      }
      report(
        "expected a label or `{` after block `\(name)` on the same line, found \(found)",
        at: spanHere)
      guard !atEnd, current == Byte.newline,
        resumeOnNextLine(with: [Byte.quote, Byte.openBrace])
      else { return nil }
    }
    advance()
    skipInlineSpace()
    if !atEnd && current == Byte.closeBrace {
      advance()
      return OCLBlock(
        name: name, labels: labels, body: [], nameSpan: nameSpan, span: span(from: start))
    }
    if !atEnd && current != Byte.newline {
      report(
        "a non-empty block needs a line break right after `{` (Octopus rule): move \(found) to the next line",
        at: spanHere)
    }
    guard depth < OCLParser.maxBlockDepth else {
      report(
        "block `\(name)` is nested \(depth + 1) deep; at most \(OCLParser.maxBlockDepth) blocks may be open at once",
        at: nameSpan)
      skipBalanced(open: 1)
      return nil
    }
    depth += 1
    defer { depth -= 1 }
    let body = parseBody(openedBy: (name, start))
    return OCLBlock(
      name: name, labels: labels, body: body.elements, nameSpan: nameSpan, span: span(from: start))
  }
}
