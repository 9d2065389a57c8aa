/// A path that could not be read, with the 1-based column where reading stopped.
public struct PathError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public var column: Int

  public var description: String { "column \(column): \(message)" }
}

extension Path {
  /// Reads the path language: `a.b["key"][0][*]`.
  public init(parsing text: String) throws(PathError) {
    var reader = PathReader(Array(text.unicodeScalars))
    self.init(try reader.readAll())
  }
}

private struct PathReader {
  let scalars: [Unicode.Scalar]
  var index = 0

  init(_ scalars: [Unicode.Scalar]) {
    self.scalars = scalars
  }

  var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

  func error(_ message: String) -> PathError {
    PathError(message: message, column: index + 1)
  }

  mutating func readAll() throws(PathError) -> [Path.Segment] {
    guard !scalars.isEmpty else { throw error("a path cannot be empty") }
    var segments: [Path.Segment] = []
    segments.append(.name(try readName()))
    while let scalar = current {
      switch scalar {
      case ".":
        index += 1
        if current == "." { throw error("`..` (recursive descent) is not supported") }
        segments.append(.name(try readName()))
      case "[":
        index += 1
        segments.append(try readBracket())
      default:
        throw error("expected `.` or `[`, found `\(scalar)`")
      }
    }
    return segments
  }

  mutating func readName() throws(PathError) -> String {
    var name = ""
    while let scalar = current, scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
      name.unicodeScalars.append(scalar)
      index += 1
    }
    guard !name.isEmpty else {
      throw error("expected a name (letters, digits, `_`), found \(current.map { "`\($0)`" } ?? "the end")")
    }
    return name
  }

  mutating func readBracket() throws(PathError) -> Path.Segment {
    let segment: Path.Segment
    switch current {
    case "*":
      index += 1
      segment = .wildcard
    case "\"":
      segment = .key(try readQuoted())
    case let scalar? where ("0"..."9").contains(scalar):
      var digits = ""
      while let digit = current, ("0"..."9").contains(digit) {
        digits.unicodeScalars.append(digit)
        index += 1
      }
      guard let value = Int(digits) else { throw error("index \(digits) is too large") }
      segment = .index(value)
    default:
      throw error("expected `*`, a quoted key or an index after `[`")
    }
    guard current == "]" else { throw error("expected `]`") }
    index += 1
    return segment
  }

  mutating func readQuoted() throws(PathError) -> String {
    index += 1
    var text = ""
    while let scalar = current {
      index += 1
      switch scalar {
      case "\"": return text
      case "\\":
        guard let escaped = current, escaped == "\"" || escaped == "\\" else {
          throw error("only \\\" and \\\\ may be escaped in a path key")
        }
        text.unicodeScalars.append(escaped)
        index += 1
      default:
        text.unicodeScalars.append(scalar)
      }
    }
    throw error("unterminated quoted key")
  }
}
