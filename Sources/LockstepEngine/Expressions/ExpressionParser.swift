import LockstepModel

/// Compiles the expression language into `ExpressionSyntax`, checking everything that can be
/// checked before a node is seen: syntax, paths, roots, functions and their arguments, regular
/// expressions, and the limits on size and nesting.
///
/// Grammar, loosest first (`&&` binds tighter than `||`, as usual):
/// ```
/// or         = and { "||" and }
/// and        = comparison { "&&" comparison }
/// comparison = unary [ op unary ]          op: == != < <= > >= in contains startsWith endsWith
///            | unary "matches" string
/// unary      = "!" unary | primary
/// primary    = number | string | true | false | null | "[" [ or { "," or } ] "]" | "(" or ")"
///            | function "(" or ")" | path
/// ```
/// Comparisons do not chain (`a == b == c` is an error). A path is written in the path language
/// with no spaces inside it (`packages[0].feed`, `properties["Octopus.Action.Script.ScriptSource"]`);
/// it starts with a name, or with a root: `this`, `base`, `proposed`, `upstream`, `resource`,
/// `edit`. The word operators are names where a value is expected, so a field called `contains`
/// still reads as one.
struct ExpressionParser {
  static let maxLength = 4000
  static let maxDepth = 64

  private var lexer: ExpressionLexer
  private var token: ExpressionToken
  /// The token before `token`, so that an error can say what a missing operand should follow.
  private var previous: ExpressionToken?
  private var depth = 0
  private(set) var paths: [ExpressionPath] = []

  static func parse(_ source: String) throws(ExpressionError) -> (ExpressionSyntax, [ExpressionPath]) {
    let scalars = Array(source.unicodeScalars)
    guard scalars.count <= maxLength else {
      throw ExpressionError(
        message: "an expression may be at most \(maxLength) characters long; this one has \(scalars.count)",
        column: maxLength + 1)
    }
    var parser = try ExpressionParser(scalars)
    guard parser.token.kind != .end else {
      throw ExpressionError(message: "the expression is empty", column: 1)
    }
    let syntax = try parser.parseOr()
    guard parser.token.kind == .end else {
      if parser.token.kind == .rightParen {
        throw parser.error("unbalanced `)`: there is no `(` for it to close")
      }
      throw parser.expectedOperator(or: "the end of the expression")
    }
    return (syntax, parser.paths)
  }

  private init(_ scalars: [Unicode.Scalar]) throws(ExpressionError) {
    lexer = ExpressionLexer(scalars)
    token = try lexer.next()
  }

  private mutating func advance() throws(ExpressionError) {
    previous = token
    token = try lexer.next()
  }

  private func error(_ message: String, at column: Int? = nil) -> ExpressionError {
    ExpressionError(message: message, column: column ?? token.column)
  }

  /// The error for a token where an operator was expected, with a hint for `and`/`or`.
  private func expectedOperator(or alternative: String) -> ExpressionError {
    switch token.kind {
    case .identifier("and"): error("`and` is not an operator: use `&&`")
    case .identifier("or"): error("`or` is not an operator: use `||`")
    case .identifier("not"): error("`not` is not an operator: use `!`")
    default: error("expected an operator or \(alternative), found \(token.quoted)")
    }
  }

  private mutating func enter(_ opening: ExpressionToken) throws(ExpressionError) {
    depth += 1
    guard depth <= Self.maxDepth else {
      throw error(
        "the expression nests more than \(Self.maxDepth) levels deep (parentheses, lists, calls and `!`)",
        at: opening.column)
    }
  }

  private mutating func leave() {
    depth -= 1
  }

  // MARK: - Logic

  private mutating func parseOr() throws(ExpressionError) -> ExpressionSyntax {
    let column = token.column
    var operands = [(try parseAnd(), column)]
    while token.kind == .or {
      try advance()
      let column = token.column
      operands.append((try parseAnd(), column))
    }
    return try joined(operands, "||", ExpressionSyntax.any)
  }

  private mutating func parseAnd() throws(ExpressionError) -> ExpressionSyntax {
    let column = token.column
    var operands = [(try parseComparison(), column)]
    while token.kind == .and {
      try advance()
      let column = token.column
      operands.append((try parseComparison(), column))
    }
    return try joined(operands, "&&", ExpressionSyntax.all)
  }

  private func joined(
    _ operands: [(ExpressionSyntax, Int)], _ symbol: String, _ make: ([ExpressionSyntax]) -> ExpressionSyntax
  ) throws(ExpressionError) -> ExpressionSyntax {
    guard operands.count > 1 else { return operands[0].0 }
    for (operand, column) in operands where !operand.canBeCondition {
      throw error("`\(symbol)` joins conditions, and \(operand.kindDescription) is not one", at: column)
    }
    return make(operands.map(\.0))
  }

  // MARK: - Comparisons

  private enum Infix {
    case compare(ComparisonOperator)
    case matches
  }

  private var infix: Infix? {
    switch token.kind {
    case .equal: .compare(.equal)
    case .notEqual: .compare(.notEqual)
    case .less: .compare(.less)
    case .lessOrEqual: .compare(.lessOrEqual)
    case .greater: .compare(.greater)
    case .greaterOrEqual: .compare(.greaterOrEqual)
    case .identifier("matches"): .matches
    case .identifier(let word): ComparisonOperator.words[word].map(Infix.compare)
    default: nil
    }
  }

  private mutating func parseComparison() throws(ExpressionError) -> ExpressionSyntax {
    let left = try parseUnary()
    guard let infix else { return left }
    let result: ExpressionSyntax
    switch infix {
    case .matches:
      try advance()
      guard case .string(let literal) = token.kind else {
        throw error("`matches` takes a regular expression in quotes, found \(token.quoted)")
      }
      let pattern = try CompiledPattern(literal)
      try advance()
      result = .matches(left, pattern)
    case .compare(let op):
      try advance()
      result = .comparison(op, left, try parseUnary())
    }
    if self.infix != nil {
      throw error("comparisons do not chain: join them with `&&` or `||`, or use parentheses")
    }
    return result
  }

  private mutating func parseUnary() throws(ExpressionError) -> ExpressionSyntax {
    guard token.kind == .not else { return try parsePrimary() }
    try enter(token)
    try advance()
    let column = token.column
    let operand = try parseUnary()
    guard operand.canBeCondition else {
      throw error("`!` negates a condition, and \(operand.kindDescription) is not one", at: column)
    }
    leave()
    return .not(operand)
  }

  // MARK: - Operands

  private mutating func parsePrimary() throws(ExpressionError) -> ExpressionSyntax {
    switch token.kind {
    case .number(let number):
      try advance()
      return .literal(.number(number))
    case .string(let literal):
      try advance()
      return .literal(.string(literal.value))
    case .leftBracket:
      return try parseList()
    case .leftParen:
      let opening = token
      try enter(opening)
      try advance()
      let inner = try parseOr()
      guard token.kind == .rightParen else {
        throw token.kind == .end
          ? error("expected `)` to close the `(` at column \(opening.column), found the end of the expression")
          : expectedOperator(or: "`)`")
      }
      try advance()
      leave()
      return inner
    case .identifier(let name):
      return try parseName(name)
    default:
      if let previous {
        throw error("expected a value after \(previous.quoted), found \(token.quoted)")
      }
      throw error("expected a value, found \(token.quoted)")
    }
  }

  private mutating func parseList() throws(ExpressionError) -> ExpressionSyntax {
    let opening = token
    try enter(opening)
    try advance()
    var elements: [ExpressionSyntax] = []
    if token.kind != .rightBracket {
      while true {
        elements.append(try parseOr())
        if token.kind == .comma {
          try advance()
          continue
        }
        guard token.kind == .rightBracket else {
          throw token.kind == .end
            ? error("expected `]` to close the list at column \(opening.column), found the end of the expression")
            : error("expected `,` or `]` in the list at column \(opening.column), found \(token.quoted)")
        }
        break
      }
    }
    try advance()
    leave()
    var values: [ExpressionValue] = []
    for element in elements {
      guard case .literal(let value) = element else { return .list(elements) }
      values.append(value)
    }
    return .literal(.list(values))
  }

  private mutating func parseName(_ name: String) throws(ExpressionError) -> ExpressionSyntax {
    let start = token.start
    let pieces = lexer.readPathPieces()
    if lexer.peekPastSpace() == "(" {
      guard pieces.isEmpty else {
        let text = lexer.text(start..<lexer.position)
        throw error("`\(text)` is not a function: the functions are \(ExpressionFunction.names)")
      }
      return try parseCall(name)
    }
    if pieces.isEmpty {
      switch name {
      case "true", "false", "null":
        try advance()
        return .literal(name == "null" ? .null : .bool(name == "true"))
      default: break
      }
    }
    let path: Path
    do {
      path = try Path(parsing: lexer.text(start..<lexer.position))
    } catch {
      throw self.error(error.message, at: start + error.column)
    }
    let reference = try reference(path, pieces: pieces, start: start, end: lexer.position)
    try advance()
    if case .node(let nodePath) = reference { paths.append(nodePath) }
    return .reference(reference)
  }

  private mutating func parseCall(_ name: String) throws(ExpressionError) -> ExpressionSyntax {
    let nameToken = token
    guard let function = ExpressionFunction(rawValue: name) else {
      throw error("unknown function `\(name)()`: the functions are \(ExpressionFunction.names)")
    }
    try advance()
    let opening = token
    try enter(opening)
    try advance()
    var arguments: [(ExpressionSyntax, Int)] = []
    if token.kind != .rightParen {
      while true {
        let column = token.column
        arguments.append((try parseOr(), column))
        guard token.kind == .comma else { break }
        try advance()
      }
    }
    guard token.kind == .rightParen else {
      throw token.kind == .end
        ? error("expected `)` to close `\(name)(` at column \(opening.column), found the end of the expression")
        : expectedOperator(or: "`)`")
    }
    guard arguments.count == 1 else {
      throw error("`\(name)()` takes one argument, found \(arguments.count)", at: nameToken.column)
    }
    try advance()
    leave()
    let (argument, column) = arguments[0]
    if function.takesPath {
      guard case .reference = argument else {
        throw error(
          "`\(name)()` takes a path, such as \(name)(packages[0].feed), and \(argument.kindDescription) is not one",
          at: column)
      }
    }
    return .call(function, argument)
  }

  // MARK: - Roots

  /// What a path refers to: its first name picks the root, anything else is relative to the node.
  private func reference(_ path: Path, pieces: [Int], start: Int, end: Int) throws(ExpressionError)
    -> ExpressionReference
  {
    guard case .name(let root) = path.segments.first else {
      return .node(ExpressionPath(root: .node, path: path))
    }
    let rest = Array(path.segments.dropFirst())
    let afterRoot = start + root.unicodeScalars.count + 1
    /// The column of `rest[index]`: past the `.` of a `.name`, at the `[` of a bracket.
    func column(_ index: Int) -> Int {
      let piece = pieces[index]
      return lexer.scalars[piece] == "." ? piece + 2 : piece + 1
    }
    /// The column just past `rest[index]`.
    func columnAfter(_ index: Int) -> Int {
      (index + 1 < pieces.count ? pieces[index + 1] : end) + 1
    }
    func name(_ index: Int) -> String {
      rest[index].lookup ?? rest[index].description
    }
    switch root {
    case "this": return .node(ExpressionPath(root: .node, path: Path(rest)))
    case "base": return .node(ExpressionPath(root: .base, path: Path(rest)))
    case "proposed": return .node(ExpressionPath(root: .proposed, path: Path(rest)))
    case "upstream": return .node(ExpressionPath(root: .upstream, path: Path(rest)))
    case "resource":
      let fields = "resource.space, resource.project, resource.projectGroup or resource.labels[\"name\"]"
      guard !rest.isEmpty else { throw error("`resource` needs a field: \(fields)", at: afterRoot) }
      let field: ExpressionReference.ResourceField
      var used = 1
      switch rest[0].lookup {
      case "space": field = .space
      case "project": field = .project
      case "projectGroup": field = .projectGroup
      case "labels":
        guard rest.count > 1 else {
          throw error(
            "`resource.labels` needs a label name, such as resource.labels[\"tier\"]",
            at: columnAfter(0))
        }
        guard let label = rest[1].lookup else {
          throw error("a label is named, as in resource.labels[\"tier\"], not \(rest[1])", at: column(1))
        }
        field = .label(label)
        used = 2
      default:
        throw error("unknown field `resource.\(name(0))`: use \(fields)", at: column(0))
      }
      guard rest.count == used else {
        throw error("`\(field)` is a string and has no fields", at: column(used))
      }
      return .resource(field)
    case "edit":
      let fields = "edit.operation, edit.actor.name or edit.actor.teams"
      guard !rest.isEmpty else { throw error("`edit` needs a field: \(fields)", at: afterRoot) }
      let field: ExpressionReference.EditField
      var used = 1
      switch rest[0].lookup {
      case "operation": field = .operation
      case "actor":
        guard rest.count > 1 else {
          throw error("`edit.actor` needs a field: edit.actor.name or edit.actor.teams", at: columnAfter(0))
        }
        switch rest[1].lookup {
        case "name": field = .actorName
        case "teams": field = .actorTeams
        default: throw error("unknown field `edit.actor.\(name(1))`: use \(fields)", at: column(1))
        }
        used = 2
      default:
        throw error("unknown field `edit.\(name(0))`: use \(fields)", at: column(0))
      }
      guard rest.count == used else {
        throw error("`\(field)` has no fields", at: column(used))
      }
      return .edit(field)
    default:
      return .node(ExpressionPath(root: .node, path: path))
    }
  }
}

extension ExpressionSyntax {
  /// False for what can never be a condition: a literal other than `true`/`false`, a list, and a
  /// function that gives a number, string or version. References may hold a bool, so they pass.
  var canBeCondition: Bool {
    switch self {
    case .literal(.bool): true
    case .literal, .list: false
    case .call(let function, _): function == .exists
    default: true
    }
  }

  /// How an error message names an operand that cannot be a condition.
  var kindDescription: String {
    switch self {
    case .literal(.list), .list: "a list"
    case .literal(.null): "`null`"
    case .literal(let value): "the \(value.typeName) \(value)"
    case .call(let function, _): "`\(function.rawValue)()`"
    case .reference: "a path"
    default: "an expression"
    }
  }
}

extension ExpressionValue {
  var typeName: String {
    switch self {
    case .missing: "missing value"
    case .null: "null"
    case .bool: "bool"
    case .number: "number"
    case .string: "string"
    case .list: "list"
    case .structure: "structure"
    case .version: "version"
    }
  }
}
