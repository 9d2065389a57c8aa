/// One token of an expression. `start` and `end` are 0-based offsets in Unicode scalars, so the
/// column of a token is `start + 1`.
struct ExpressionToken {
  enum Kind: Equatable {
    case identifier(String)
    case number(Double)
    case string(StringLiteral)
    case leftParen, rightParen, leftBracket, rightBracket, comma, dot
    case not, and, or
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    case end
  }

  var kind: Kind
  var start: Int
  var end: Int

  var column: Int { start + 1 }

  /// How an error message names the token.
  var quoted: String {
    switch kind {
    case .identifier(let name): "`\(name)`"
    case .number(let number): "the number \(ExpressionValue.format(number))"
    case .string(let literal): "the string \(ExpressionValue.quote(literal.value))"
    case .leftParen: "`(`"
    case .rightParen: "`)`"
    case .leftBracket: "`[`"
    case .rightBracket: "`]`"
    case .comma: "`,`"
    case .dot: "`.`"
    case .not: "`!`"
    case .and: "`&&`"
    case .or: "`||`"
    case .equal: "`==`"
    case .notEqual: "`!=`"
    case .less: "`<`"
    case .lessOrEqual: "`<=`"
    case .greater: "`>`"
    case .greaterOrEqual: "`>=`"
    case .end: "the end of the expression"
    }
  }
}

/// A quoted string as written: its value, and where each scalar of the value was written, so a
/// regular expression's error can point into the pattern.
struct StringLiteral: Equatable {
  var value: String
  /// The 0-based source offset of each Unicode scalar of `value`.
  var offsets: [Int]
  /// The 0-based source offset of the closing quote.
  var closingOffset: Int

  /// The column of the `index`-th scalar of the value, or of the closing quote past the end.
  func column(ofScalar index: Int) -> Int {
    (index < offsets.count ? offsets[index] : closingOffset) + 1
  }
}

/// Reads tokens on demand, so that the parser can read a path straight from the text where a
/// name starts one (`packages[0].feed` is one path, written in the path language).
struct ExpressionLexer {
  let scalars: [Unicode.Scalar]
  /// The offset of the next scalar to read.
  private(set) var position = 0

  init(_ scalars: [Unicode.Scalar]) {
    self.scalars = scalars
  }

  static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar.properties.isAlphabetic
  }

  /// The scalars a path name may hold, as `Path(parsing:)` reads them.
  static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    isNameStart(scalar) || isDigit(scalar)
  }

  static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    ("0"..."9").contains(scalar)
  }

  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
  }

  private func scalar(at offset: Int) -> Unicode.Scalar? {
    offset < scalars.count ? scalars[offset] : nil
  }

  /// The next scalar that is not white space, without reading it.
  func peekPastSpace() -> Unicode.Scalar? {
    var offset = position
    while let scalar = scalar(at: offset), Self.isSpace(scalar) { offset += 1 }
    return scalar(at: offset)
  }

  /// Reads the rest of a path right after its first name: `.name` and `[...]` pieces with no
  /// space between them. Returns the offset where each piece starts; `Path(parsing:)` then
  /// checks what was read, so its errors and columns are the path language's own.
  mutating func readPathPieces() -> [Int] {
    var pieces: [Int] = []
    while let scalar = scalar(at: position) {
      if scalar == "." {
        pieces.append(position)
        position += 1
        while let next = self.scalar(at: position), Self.isNameScalar(next) { position += 1 }
      } else if scalar == "[" {
        pieces.append(position)
        position += 1
        var inQuotes = false
        while let next = self.scalar(at: position) {
          position += 1
          if inQuotes {
            if next == "\\" {
              position = min(position + 1, scalars.count)
            } else if next == "\"" {
              inQuotes = false
            }
          } else if next == "\"" {
            inQuotes = true
          } else if next == "]" {
            break
          }
        }
      } else {
        break
      }
    }
    return pieces
  }

  mutating func next() throws(ExpressionError) -> ExpressionToken {
    while let scalar = scalar(at: position), Self.isSpace(scalar) { position += 1 }
    let start = position
    guard let scalar = scalar(at: position) else { return ExpressionToken(kind: .end, start: start, end: start) }
    position += 1
    func token(_ kind: ExpressionToken.Kind) -> ExpressionToken {
      ExpressionToken(kind: kind, start: start, end: position)
    }
    /// Reads `second` when it comes next.
    func take(_ second: Unicode.Scalar) -> Bool {
      guard self.scalar(at: position) == second else { return false }
      position += 1
      return true
    }
    func misused(_ hint: String) -> ExpressionError {
      ExpressionError(message: "`\(scalar)` is not an operator: \(hint)", column: start + 1)
    }
    switch scalar {
    case "(": return token(.leftParen)
    case ")": return token(.rightParen)
    case "[": return token(.leftBracket)
    case "]": return token(.rightBracket)
    case ",": return token(.comma)
    case ".": return token(.dot)
    case "!": return token(take("=") ? .notEqual : .not)
    case "<": return token(take("=") ? .lessOrEqual : .less)
    case ">": return token(take("=") ? .greaterOrEqual : .greater)
    case "=":
      guard take("=") else { throw misused("compare with `==`") }
      return token(.equal)
    case "&":
      guard take("&") else { throw misused("use `&&` for and") }
      return token(.and)
    case "|":
      guard take("|") else { throw misused("use `||` for or") }
      return token(.or)
    case "\"", "'": return token(.string(try readString(quote: scalar, start: start)))
    case "-":
      guard let next = self.scalar(at: position), Self.isDigit(next) else {
        throw ExpressionError(
          message: "`-` may only start a negative number: expressions have no arithmetic", column: start + 1)
      }
      return token(.number(try readNumber(start: start)))
    case _ where Self.isDigit(scalar):
      return token(.number(try readNumber(start: start)))
    case _ where Self.isNameStart(scalar):
      while let next = self.scalar(at: position), Self.isNameScalar(next) { position += 1 }
      return token(.identifier(text(start..<position)))
    default:
      throw ExpressionError(message: "unexpected character `\(scalar.escaped(asASCII: false))`", column: start + 1)
    }
  }

  func text(_ range: Range<Int>) -> String {
    var text = ""
    text.unicodeScalars.append(contentsOf: scalars[range])
    return text
  }

  /// Digits with an optional fraction; `start` may be a leading `-`.
  private mutating func readNumber(start: Int) throws(ExpressionError) -> Double {
    while let next = scalar(at: position), Self.isDigit(next) { position += 1 }
    if scalar(at: position) == "." {
      position += 1
      guard let digit = scalar(at: position), Self.isDigit(digit) else {
        throw ExpressionError(message: "expected a digit after the decimal point", column: position + 1)
      }
      while let next = scalar(at: position), Self.isDigit(next) { position += 1 }
    }
    if let next = scalar(at: position), Self.isNameScalar(next) {
      throw ExpressionError(
        message: "a number cannot run into a name: put a space or an operator after it", column: position + 1)
    }
    guard let number = Double(text(start..<position)), number.isFinite else {
      throw ExpressionError(message: "the number is too large", column: start + 1)
    }
    return number
  }

  /// A string in double or single quotes; `\"`, `\'` and `\\` are its only escapes.
  private mutating func readString(quote: Unicode.Scalar, start: Int) throws(ExpressionError) -> StringLiteral {
    var literal = StringLiteral(value: "", offsets: [], closingOffset: start)
    while let scalar = scalar(at: position) {
      let offset = position
      position += 1
      switch scalar {
      case quote:
        literal.closingOffset = offset
        return literal
      case "\n", "\r":
        throw ExpressionError(message: "unterminated string: a string cannot hold a line break", column: start + 1)
      case "\\":
        guard let escaped = self.scalar(at: position), escaped == "\"" || escaped == "'" || escaped == "\\" else {
          let shown = self.scalar(at: position).map { "`\\\($0.escaped(asASCII: false))`" } ?? "`\\` at the end"
          throw ExpressionError(
            message: "unknown escape \(shown): only \\\", \\' and \\\\ may be escaped (a regex's \\d is written \\\\d)",
            column: offset + 1)
        }
        position += 1
        literal.value.unicodeScalars.append(escaped)
        literal.offsets.append(offset)
      default:
        literal.value.unicodeScalars.append(scalar)
        literal.offsets.append(offset)
      }
    }
    throw ExpressionError(
      message: "unterminated string: no closing \(quote == "\"" ? "`\"`" : "`'`")", column: start + 1)
  }
}
