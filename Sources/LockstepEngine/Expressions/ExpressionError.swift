/// Why an expression could not be compiled, with the 1-based column (in Unicode scalars, as path
/// errors count them) where the problem is in the expression's text.
///
/// Every problem is found when policies load: a compiled `Expression` never fails to evaluate.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public var column: Int

  public init(message: String, column: Int) {
    self.message = message
    self.column = column
  }

  public var description: String { "column \(column): \(message)" }
}
