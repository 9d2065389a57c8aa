import LockstepModel

/// A policy expression (`where:`, `that:`), compiled once when policies load and evaluated for
/// each node a rule tests. Everything that can be wrong with an expression is an
/// `ExpressionError` here, with its column; evaluation itself never fails.
///
/// The language (DESIGN.md section 4):
/// - literals: `"text"` and `'text'` (escapes `\"`, `\'`, `\\` only, so a regex's `\d` is
///   written `\\d`), numbers (`30`, `-1.5`), `true`, `false`, `null`, lists `["a", "b"]`;
/// - names relative to the node being tested, in the path language: `action_type`,
///   `properties["Octopus.Action.Script.ScriptSource"]`, `packages[0].feed`. A path with `[*]`
///   gives a list of every value it reaches (empty when none); any other path gives the value of
///   the one node it reaches, a list when it reaches several (duplicate labels), and `missing`
///   when it reaches none. `this` is the node itself (`this["Octopus.Action.X"]` when the node is
///   a dictionary); a field named like a root or a literal is reached as `this.base`;
/// - roots: `base.`, `proposed.`, `upstream.` (a path from that resource's root; `missing` when
///   the edit has no such resource), `resource.space`, `resource.project`,
///   `resource.projectGroup`, `resource.labels["tier"]`, `edit.operation`, `edit.actor.name`,
///   `edit.actor.teams` (a list). Any other field of `resource` or `edit` is an error;
/// - operators, loosest first: `||`; `&&`; the comparisons `== != < <= > >= in contains
///   startsWith endsWith matches` (one level, not chained); `!`. Parentheses group;
/// - functions: `exists(path)` (the path reaches a node that is not null), `count(path)` (how many
///   such nodes: `count(packages[*])`), `len(x)` (characters of a string, elements of a list,
///   children of a block or collection: `len(packages)`), `lower(x)` (of a string, or of each
///   string in a list), `semver(x)` (see `SemanticVersion`: `semver(version) >= semver("2.0.0")`).
///
/// How values compare:
/// - **Missing values.** A path that reaches nothing, a root the edit does not have (no `base`
///   on create), an unknown label, or a function given something it cannot use, is `missing`.
///   Every comparison with a missing side is false, `!=` included: `missing == missing` and
///   `missing != "a"` are both false. To mean "absent or different", write `!(x == "a")`.
/// - **Structures** (a block, dictionary or collection) are present but are not values: every
///   comparison with one is false; `exists` is true and `len` counts its children.
/// - **Types.** `==` is true only for two values of one type that are equal, with no conversion
///   (`"30" == 30` is false; OCL properties are strings, so write `== "True"`). `!=` is true
///   when both sides are values (not missing, not structures) and `==` is false, whatever their
///   types. `<`, `<=`, `>`, `>=` order two numbers, two strings (Swift's case-sensitive string
///   order) or two versions, and are false for any other pair. Lists are equal when their
///   elements are equal, in order.
/// - **Logic** is two-valued: a condition holds only when it is `true`; `&&` and `||` stop at the
///   first operand that decides them; `!x` is true whenever `x` is not `true`.
/// - `x in list` is true when an element equals `x`; `x in text` when both are strings and `x` is
///   a substring of `text`, compared as the Unicode scalars written (as Rego's `contains`), so a
///   decomposed `é` is not a precomposed one. `a contains b` is `b in a`. `startsWith` and `endsWith` take two
///   strings; `matches` searches a string with a regular expression (`CompiledPattern`). All are
///   false for anything else.
///
/// Limits, checked at compile time: at most `maxLength` Unicode scalars and `maxDepth` levels of
/// nesting (parentheses, lists, calls, `!`). `&&`/`||` chains are flat, so evaluation recurses no
/// deeper than that and costs at most the expression's size times the nodes its paths reach
/// (plus regex matching).
///
/// (Foundation also declares an `Expression`; a file that imports both writes
/// `LockstepEngine.Expression`.)
public struct Expression: Sendable, CustomStringConvertible {
  public static let maxLength = ExpressionParser.maxLength
  public static let maxDepth = ExpressionParser.maxDepth

  public let source: String
  /// Every node path the expression reads, for checking policies against a resource's schema.
  public let paths: [ExpressionPath]
  let syntax: ExpressionSyntax

  public init(parsing source: String) throws(ExpressionError) {
    self.source = source
    (syntax, paths) = try ExpressionParser.parse(source)
  }

  public func evaluate(_ context: EvaluationContext) -> ExpressionValue {
    ExpressionEvaluator.evaluate(syntax, context)
  }

  /// True when the expression evaluates to `true`; false for anything else, missing included.
  public func isTrue(_ context: EvaluationContext) -> Bool {
    evaluate(context).isTrue
  }

  public var description: String { source }
}
