/// Where a piece of syntax sits in its file.
///
/// Lines and columns are 1-based; columns count Unicode scalars, as editors and libyaml do, so a
/// finding points at the same place whatever the file's non-ASCII content. `offset` and `length` are
/// UTF-8 bytes, which is what a reporter needs to slice the source cheaply.
public struct SourceSpan: Sendable, Hashable, Codable {
  public var offset: Int
  public var length: Int
  public var line: Int
  public var column: Int
  public var endLine: Int
  public var endColumn: Int

  public init(offset: Int, length: Int, line: Int, column: Int, endLine: Int, endColumn: Int) {
    self.offset = offset
    self.length = length
    self.line = line
    self.column = column
    self.endLine = endLine
    self.endColumn = endColumn
  }

  /// A zero-length span at the start of a file, for findings about a file as a whole.
  public static let fileStart = SourceSpan(
    offset: 0, length: 0, line: 1, column: 1, endLine: 1, endColumn: 1)

  /// The smallest span covering both.
  public func union(_ other: SourceSpan) -> SourceSpan {
    let first = offset <= other.offset ? self : other
    let last = offset + length >= other.offset + other.length ? self : other
    return SourceSpan(
      offset: first.offset, length: last.offset + last.length - first.offset,
      line: first.line, column: first.column, endLine: last.endLine, endColumn: last.endColumn)
  }
}
