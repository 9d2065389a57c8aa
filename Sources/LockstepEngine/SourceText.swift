import OCL

/// A file's bytes with its line starts, to turn a byte offset into a span.
public struct SourceText: Sendable {
  public let bytes: [UInt8]
  let lineStarts: [Int]

  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var starts = [0]
    for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
    lineStarts = starts
  }

  /// The span of the first appearance of `needle` inside `range` (a node's span), so a finding
  /// about part of a long script points at the line that holds it.
  public func locate(_ needle: String, within span: SourceSpan) -> SourceSpan? {
    let target = Array(needle.utf8)
    let end = min(bytes.count, span.offset + span.length)
    guard let first = target.first, span.offset >= 0 else { return nil }
    var i = span.offset
    while i + target.count <= end {
      if bytes[i] == first && bytes[i..<(i + target.count)].elementsEqual(target) {
        return self.span(offset: i, length: target.count)
      }
      i += 1
    }
    return nil
  }

  public func span(offset: Int, length: Int) -> SourceSpan {
    let (line, column) = position(of: offset)
    let (endLine, endColumn) = position(of: offset + length)
    return SourceSpan(
      offset: offset, length: length, line: line, column: column, endLine: endLine, endColumn: endColumn)
  }

  /// 1-based line and column (Unicode scalars) of a byte offset.
  func position(of offset: Int) -> (line: Int, column: Int) {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    let start = lineStarts[low]
    let column = 1 + bytes[start..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count
    return (low + 1, column)
  }
}
