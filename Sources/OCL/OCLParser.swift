/// Reads OCL exactly as Octopus Deploy's own parser (OctopusDeploy/Ocl) accepts it, and explains,
/// with a position, anything Octopus would refuse.
public enum OCLParser {
  /// Errors reported per file before the parser gives up; past this the rest is noise.
  public static let maxDiagnostics = 50
  /// Blocks nested deeper than this are an error and are skipped, not read: everything that
  /// reads a tree recurses along its depth, and a few hundred kilobytes of `a {` lines would
  /// otherwise overflow the stack and take the process (the admission service) down. Octopus's
  /// own files nest about a dozen deep.
  public static let maxBlockDepth = 64

  public static func parse(_ text: String) -> OCLParseResult {
    parse(Array(text.utf8))
  }

  public static func parse(_ bytes: [UInt8]) -> OCLParseResult {
    bytes.withUnsafeBufferPointer { buffer in
      let check = checkUTF8(buffer)
      if case .invalid(let bad) = check {
        return encodingFailure(buffer, at: bad)
      }
      var parser = OCLSyntaxParser(buffer, isASCII: check == .ascii)
      let body = parser.parseDocument()
      return OCLParseResult(
        document: OCLDocument(body: body), diagnostics: parser.diagnostics,
        truncated: parser.truncated)
    }
  }

  private static func encodingFailure(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int)
    -> OCLParseResult
  {
    var line = 1
    // Columns start after a byte-order mark, as they do for every other diagnostic.
    var lineStart = Byte.startsWithByteOrderMark(buffer) ? 3 : 0
    for i in 0..<offset where buffer[i] == Byte.newline {
      line += 1
      lineStart = i + 1
    }
    var column = 1
    for i in lineStart..<offset where !Byte.isContinuation(buffer[i]) {
      column += 1
    }
    let hex = String(buffer[offset], radix: 16, uppercase: true)
    let span = SourceSpan(
      offset: offset, length: 1, line: line, column: column, endLine: line,
      endColumn: column + 1)
    let message =
      "the file is not valid UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) at offset \(offset) "
      + "(Octopus reads OCL as UTF-8; re-save the file as UTF-8)"
    return OCLParseResult(
      document: OCLDocument(),
      diagnostics: [OCLDiagnostic(kind: .encoding, message: message, span: span)],
      truncated: false)
  }
}
