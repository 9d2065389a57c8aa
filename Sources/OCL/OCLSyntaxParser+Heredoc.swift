extension OCLSyntaxParser {
  /// `<<TAG` or `<<-TAG`, a line break, content lines, and a line holding only the tag.
  ///
  /// For `<<-`, every line loses `min(indent of the end-tag line, smallest indent of the non-blank
  /// content lines)` characters, so text that is itself indented survives a round trip. A file
  /// written with CRLF keeps CRLF between the lines of the value.
  mutating func parseHeredoc() -> OCLValue? {
    let start = mark
    guard byte(at: index + 1) == Byte.lessThan else {
      report(expectedValue + ", found \(found)", at: spanHere)
      return nil
    }
    index += 2
    let indented = !atEnd && current == Byte.minus
    if indented { index += 1 }
    let tagStart = index
    while !atEnd && current != Byte.newline && !Byte.isInlineSpace(current) { index += 1 }
    let tag = UnsafeBufferPointer(rebasing: bytes[tagStart..<index])
    let tagText = String(decoding: tag, as: UTF8.self)
    guard !tag.isEmpty else {
      report("expected a heredoc tag such as `EOT` after `<<`, found \(found)", at: spanHere)
      return nil
    }
    skipInlineSpace()
    guard !atEnd else {
      report(
        "heredoc `<<\(tagText)` has no content: its text starts on the next line and ends with a line holding only `\(tagText)`",
        at: spanHere)
      return nil
    }
    if current != Byte.newline {
      report("nothing may follow the heredoc tag `\(tagText)` on its line, found \(found)", at: spanHere)
      // Read the text below anyway, so its lines are not taken for OCL and reported one by one.
      skipToLineEnd()
      guard !atEnd else { return nil }
    }
    advance()
    var lines: [Range<Int>] = []
    while true {
      guard !atEnd else {
        report(
          "heredoc `<<\(indented ? "-" : "")\(tagText)` opened at \(start.line):\(column(of: start)) is never closed: expected a line holding only `\(tagText)`",
          at: spanHere)
        return nil
      }
      var lineEnd = index
      while lineEnd < bytes.count && bytes[lineEnd] != Byte.newline { lineEnd += 1 }
      if let tagIndent = endTagIndent(in: index..<lineEnd, tag: tag) {
        // The value ends with its tag: spaces or a CR after it are not part of its span.
        index += tagIndent + tag.count
        let text = heredocText(lines: lines, indented: indented, endTagIndent: tagIndent)
        return OCLValue(.string(text, .heredoc(tag: tagText, indented: indented)), span: span(from: start))
      }
      lines.append(index..<lineEnd)
      index = lineEnd
      if !atEnd { advance() }
    }
  }

  /// The indent of the line when it holds only the tag (whitespace around it allowed), else nil.
  func endTagIndent(in range: Range<Int>, tag: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = range.lowerBound
    while i < range.upperBound && Byte.isInlineSpace(bytes[i]) { i += 1 }
    let indent = i - range.lowerBound
    guard range.upperBound - i >= tag.count else { return nil }
    for k in 0..<tag.count where bytes[i + k] != tag[k] { return nil }
    i += tag.count
    while i < range.upperBound {
      guard Byte.isInlineSpace(bytes[i]) else { return nil }
      i += 1
    }
    return indent
  }

  func heredocText(lines: [Range<Int>], indented: Bool, endTagIndent: Int) -> String {
    var trimmed = lines
    var crlf = false
    for k in trimmed.indices {
      while trimmed[k].upperBound > trimmed[k].lowerBound
        && bytes[trimmed[k].upperBound - 1] == Byte.carriageReturn
      {
        trimmed[k] = trimmed[k].lowerBound..<(trimmed[k].upperBound - 1)
        crlf = true
      }
    }
    var unindent = 0
    if indented {
      unindent = endTagIndent
      for range in trimmed {
        let indent = leadingSpace(range)
        if indent < range.count { unindent = min(unindent, indent) }
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(lines.reduce(0) { $0 + $1.count })
    for (k, range) in trimmed.enumerated() {
      if k > 0 {
        if crlf { out.append(Byte.carriageReturn) }
        out.append(Byte.newline)
      }
      if range.count > unindent {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + unindent)..<range.upperBound]))
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  func leadingSpace(_ range: Range<Int>) -> Int {
    var i = range.lowerBound
    while i < range.upperBound && Byte.isInlineSpace(bytes[i]) { i += 1 }
    return i - range.lowerBound
  }
}
