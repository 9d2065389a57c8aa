import Foundation
import LockstepModel
import OCL
import TestSupport
import Testing

@testable import LockstepEngine

/// The policy expression language (DESIGN.md section 4): every operator, function, root and error,
/// pinned against one action block and the resource around it.
@Suite struct ExpressionTests {
  // MARK: - Fixtures

  static func tree(_ text: String, file: String = "deployment_process.ocl") -> Node {
    let parsed = OCLParser.parse(text)
    precondition(parsed.isValid, "fixture does not parse: \(parsed.diagnostics)")
    return OCLTreeBuilder.build(parsed.document, file: file)
  }

  static let process = #"""
    step "deploy-web" {
        name = "Deploy web"
        properties = {
            Octopus.Action.TargetRoles = "k8s-web"
        }

        action {
            action_type = "Octopus.Script"
            environments = ["production", "staging"]
            excluded_environments = []
            is_disabled = false
            is_required = true
            notes = null
            ports = [80, 443]
            lines = <<-EOT
                one
                two
                EOT
            ratio = 1.50
            timeout = 30
            worker_pool = "hosted-ubuntu"
            properties = {
                Octopus.Action.Package.Version = "2.4.1"
                Octopus.Action.RunOnServer = "true"
                Octopus.Action.Script.ScriptBody = "echo \"hi\""
                Octopus.Action.Script.ScriptSource = "Inline"
            }

            packages "web" {
                feed = "octopus-server-built-in"
                package_id = "web"
            }

            packages "tools" {
                feed = "docker-hub"
                package_id = "tools"
            }
        }
    }

    step "smoke-test" {
        name = "Smoke test"

        action {
            action_type = "Octopus.Manual"
        }
    }
    """#

  /// A resource root as the project loader makes one: one field per CaC file.
  static func resource(_ process: String) -> Node {
    Node(.object([Field("deployment_process", tree(process)), Field("schema_version", Node(.integer(8)))]))
  }

  static let proposed = resource(process)
  static let base = resource(process.replacingOccurrences(of: "\"Deploy web\"", with: "\"Deploy website\""))
  static let upstream = resource(
    #"""
    step "deploy-web" {
        name = "Deploy web"

        action {
            action_type = "Octopus.Script"
        }
    }
    """#)

  /// The node under test: the action of step "deploy-web".
  static let action: Node = {
    let path = try? Path(parsing: #"deployment_process.step["deploy-web"].action["deploy-web"]"#)
    guard let node = path?.matches(in: proposed).first?.node else { preconditionFailure("no action in the fixture") }
    return node
  }()

  static let context = EvaluationContext(
    node: action, base: base, proposed: proposed, upstream: upstream,
    resource: ResourceIdentity(
      space: "payments", project: "checkout-api", projectGroup: "golden-path", labels: ["tier": "gold"]),
    operation: "update", actorName: "alice", actorTeams: ["payments-devs", "release-managers"])

  /// A create in a Space, by an unknown actor: no base, no upstream, nothing known about the edit.
  static let bareContext = EvaluationContext(node: action, proposed: proposed)

  static func evaluate(_ source: String, in context: EvaluationContext = context) throws -> ExpressionValue {
    try Expression(parsing: source).evaluate(context)
  }

  // MARK: - Values

  static let values: [(String, ExpressionValue)] = [
    // Literals
    (#""a\"b""#, .string("a\"b")),
    (#"'it\'s'"#, .string("it's")),
    (#""back\\slash""#, .string("back\\slash")),
    (#"'say "hi"'"#, .string("say \"hi\"")),
    ("42", .number(42)),
    ("-1.5", .number(-1.5)),
    ("007", .number(7)),
    ("true", .bool(true)),
    ("false", .bool(false)),
    ("null", .null),
    ("[]", .list([])),
    (#"["a", 1, true, null]"#, .list([.string("a"), .number(1), .bool(true), .null])),
    (#"[["x"], []]"#, .list([.list([.string("x")]), .list([])])),
    ("[timeout, 1]", .list([.number(30), .number(1)])),
    ("[nope]", .list([.missing])),
    ("(((42)))", .number(42)),
    // Names relative to the node
    ("action_type", .string("Octopus.Script")),
    ("timeout", .number(30)),
    ("ratio", .number(1.5)),
    ("is_disabled", .bool(false)),
    ("notes", .null),
    ("environments", .list([.string("production"), .string("staging")])),
    ("excluded_environments", .list([])),
    ("ports[1]", .number(443)),
    (#"properties["Octopus.Action.Script.ScriptSource"]"#, .string("Inline")),
    (#"properties["Octopus.Action.Script.ScriptBody"]"#, .string("echo \"hi\"")),
    ("properties", .structure),
    ("packages", .structure),
    ("packages[0].feed", .string("octopus-server-built-in")),
    (#"packages["tools"].feed"#, .string("docker-hub")),
    ("packages.tools.feed", .string("docker-hub")),
    ("packages[*].feed", .list([.string("octopus-server-built-in"), .string("docker-hub")])),
    ("packages[*]", .list([.structure, .structure])),
    ("packages[*].nope", .list([])),
    ("packages[5].feed", .missing),
    ("nope", .missing),
    ("foo.bar", .missing),
    ("in", .missing),
    ("contains", .missing),
    ("this", .structure),
    ("this.action_type", .string("Octopus.Script")),
    (#"this["action_type"]"#, .string("Octopus.Script")),
    // Resource roots
    (#"proposed.deployment_process.step["deploy-web"].name"#, .string("Deploy web")),
    (#"base.deployment_process.step["deploy-web"].name"#, .string("Deploy website")),
    ("upstream.deployment_process.step[*].name", .list([.string("Deploy web")])),
    (
      "proposed.deployment_process.step[*].action[*].action_type",
      .list([.string("Octopus.Script"), .string("Octopus.Manual")])
    ),
    ("proposed.schema_version", .number(8)),
    (#"proposed["schema_version"]"#, .number(8)),
    ("base", .structure),
    ("resource.space", .string("payments")),
    ("resource.project", .string("checkout-api")),
    ("resource.projectGroup", .string("golden-path")),
    (#"resource.labels["tier"]"#, .string("gold")),
    ("resource.labels.tier", .string("gold")),
    (#"resource.labels["region"]"#, .missing),
    ("edit.operation", .string("update")),
    ("edit.actor.name", .string("alice")),
    ("edit.actor.teams", .list([.string("payments-devs"), .string("release-managers")])),
    // exists
    ("exists(packages)", .bool(true)),
    ("exists(packages[*])", .bool(true)),
    ("exists(packages[*].nope)", .bool(false)),
    ("exists(nope)", .bool(false)),
    ("exists(notes)", .bool(false)),
    ("exists(excluded_environments)", .bool(true)),
    ("exists(base.deployment_process)", .bool(true)),
    ("exists(this)", .bool(true)),
    (#"exists(resource.labels["tier"])"#, .bool(true)),
    (#"exists(resource.labels["region"])"#, .bool(false)),
    ("exists(edit.actor.name)", .bool(true)),
    ("exists((packages))", .bool(true)),
    // count
    ("count(packages[*])", .number(2)),
    ("count(packages)", .number(1)),
    ("count(environments[*])", .number(2)),
    ("count(nope)", .number(0)),
    ("count(notes)", .number(0)),
    ("count(proposed.deployment_process.step[*])", .number(2)),
    ("count(edit.actor.teams)", .number(2)),
    ("count(resource.space)", .number(1)),
    // len
    (#"len("héllo")"#, .number(5)),
    (#"len("")"#, .number(0)),
    ("len(action_type)", .number(14)),
    ("len(environments)", .number(2)),
    ("len(packages)", .number(2)),
    ("len(properties)", .number(4)),
    ("len(packages[*])", .number(2)),
    ("len([])", .number(0)),
    ("len(timeout)", .missing),
    ("len(nope)", .missing),
    ("len(edit.actor.teams)", .number(2)),
    // lower
    (#"lower("ÀBC")"#, .string("àbc")),
    ("lower(action_type)", .string("octopus.script")),
    (#"lower(["A", 1])"#, .list([.string("a"), .missing])),
    ("lower(5)", .missing),
    ("lower(nope)", .missing),
    // semver
    (#"semver("1.2.3")"#, .version(SemanticVersion([1, 2, 3]))),
    (#"semver("v2.0")"#, .version(SemanticVersion([2, 0]))),
    (#"semver("2.X")"#, .version(SemanticVersion([2], isWildcard: true))),
    (#"semver("1.0.0-beta.1+sha.5")"#, .version(SemanticVersion([1, 0, 0], prerelease: ["beta", "1"]))),
    ("semver(8)", .version(SemanticVersion([8]))),
    (#"semver(properties["Octopus.Action.Package.Version"])"#, .version(SemanticVersion([2, 4, 1]))),
    (#"semver("latest")"#, .missing),
    ("semver(1.5)", .missing),
    ("semver(nope)", .missing),
    (#"semver(["1.0", "x1"])"#, .list([.version(SemanticVersion([1, 0])), .missing])),
  ]

  @Test(arguments: values)
  func value(source: String, expected: ExpressionValue) throws {
    #expect(try Self.evaluate(source) == expected)
  }

  // MARK: - Conditions

  static let conditions: [(String, Bool)] = [
    // == and !=
    (#"action_type == "Octopus.Script""#, true),
    ("action_type == 'Octopus.Script'", true),
    (#"action_type == "octopus.script""#, false),
    (#"lower(action_type) == "octopus.script""#, true),
    (#"action_type != "Octopus.Manual""#, true),
    (#"action_type != "Octopus.Script""#, false),
    ("timeout == 30", true),
    ("timeout == 30.0", true),
    ("ratio == 1.5", true),
    (#"timeout == "30""#, false),
    (#"timeout != "30""#, true),
    ("is_disabled == false", true),
    ("is_required", true),
    ("is_disabled", false),
    (#"properties["Octopus.Action.RunOnServer"] == true"#, false),
    (#"properties["Octopus.Action.RunOnServer"] == "true""#, true),
    ("notes == null", true),
    ("notes != null", false),
    ("action_type != null", true),
    ("null == null", true),
    // A missing side makes every comparison false, `!=` included.
    (#"nope == "a""#, false),
    (#"nope != "a""#, false),
    ("nope == nope", false),
    ("nope != nope", false),
    ("nope == null", false),
    (#"!(nope == "a")"#, true),
    ("!nope", true),
    (#"base.nope == proposed.nope"#, false),
    // Structures are never equal to anything.
    ("packages == packages", false),
    (#"packages != "a""#, false),
    ("this == this", false),
    // Lists
    (#"environments == ["production", "staging"]"#, true),
    (#"environments == ["staging", "production"]"#, false),
    (#"environments != ["production"]"#, true),
    ("[1, 2] == [1, 2]", true),
    ("[1, 2] == [1, 2.0]", true),
    ("[1, 2] == [1]", false),
    ("excluded_environments == []", true),
    ("packages[*].nope == []", true),
    ("[nope] == [nope]", false),
    ("[nope] != [1]", false),
    // Ordering
    ("timeout > 10", true),
    ("timeout >= 30", true),
    ("timeout < 30", false),
    ("timeout <= 30", true),
    ("ratio < 2", true),
    ("-1 < 0", true),
    (#""abc" < "abd""#, true),
    (#""B" < "a""#, true),
    (#""abc" >= "abc""#, true),
    ("action_type > 5", false),
    ("nope < 5", false),
    ("nope >= 5", false),
    ("true < false", false),
    ("false < true", false),
    ("null <= null", false),
    (#"environments > "a""#, false),
    ("[1] < [2]", false),
    // in
    (#""production" in environments"#, true),
    (#""prod" in environments"#, false),
    (#""prod" in "production""#, true),
    (#""" in "x""#, true),
    (#""Octopus" in action_type"#, true),
    ("5 in environments", false),
    ("80 in ports", true),
    ("nope in environments", false),
    (#""a" in nope"#, false),
    (#""a" in ["a", "b"]"#, true),
    (#""a" in [nope, "a"]"#, true),
    (#""1.0" in semver(["1.0", "junk"])"#, false),
    (#"semver("1.0") in semver(["junk", "1.0.0"])"#, true),
    (#"packages[*] contains "web""#, false),
    (#"nope in [nope]"#, false),
    (#"["a"] in [["a"], "b"]"#, true),
    (#""web" in packages"#, false),
    (#""a" in 5"#, false),
    ("null in [null]", true),
    (#""alice" in edit.actor.name"#, true),
    (#""release-managers" in edit.actor.teams"#, true),
    (#""octopus-server-built-in" in packages[*].feed"#, true),
    // contains, startsWith, endsWith
    (#"environments contains "staging""#, true),
    (#"action_type contains "Script""#, true),
    (#"action_type contains "script""#, false),
    ("ports contains 443", true),
    (#"packages contains "web""#, false),
    (#"nope contains "a""#, false),
    (#"action_type startsWith "Octopus.""#, true),
    (#"action_type startsWith "Script""#, false),
    (#"action_type endsWith "Script""#, true),
    (#"action_type endsWith "Octopus""#, false),
    (#"timeout startsWith "3""#, false),
    (#"environments startsWith "p""#, false),
    (#"nope endsWith """#, false),
    // matches
    (#"action_type matches "^Octopus\\.Scr""#, true),
    (#"action_type matches "Script$""#, true),
    (#"action_type matches "^Script""#, false),
    (#"action_type matches "(?i)^octopus""#, true),
    (#"lines matches "^two""#, false),
    (#"lines matches "(?m)^two$""#, true),
    (#"lines matches "one.two""#, false),
    (#"lines matches "(?s)one.two""#, true),
    ("worker_pool matches 'hosted-(ubuntu|windows)'", true),
    (#"timeout matches "3""#, false),
    (#"nope matches ".*""#, false),
    (#"environments matches "prod""#, false),
    // Logic and precedence
    ("true && true", true),
    ("true && false", false),
    ("false || true", true),
    ("false || false", false),
    ("!true", false),
    ("!false", true),
    ("!!true", true),
    ("true || false && false", true),
    ("(true || false) && false", false),
    ("!false && false", false),
    ("!(false && false)", true),
    ("false || false || true", true),
    ("true && true && false", false),
    (#"!action_type == "x""#, false),
    ("action_type && true", false),
    ("exists(nope) && nope == 1", false),
    ("!exists(nope) || nope == 1", true),
    ("1 == 1 && 2 == 2", true),
    (
      #"action_type == "Octopus.Script" && properties["Octopus.Action.Script.ScriptSource"] == "Inline""#,
      true
    ),
    (#"action_type == "Octopus.Manual" && "production" in environments"#, false),
    ("is_required && timeout > 10", true),
    ("\n  timeout > 10\n  && is_required\n", true),
    // Roots
    (#"base.deployment_process.step["deploy-web"].name != proposed.deployment_process.step["deploy-web"].name"#, true),
    (
      #"upstream.deployment_process.step["deploy-web"].name == proposed.deployment_process.step["deploy-web"].name"#,
      true
    ),
    (#"resource.projectGroup == "golden-path""#, true),
    (#"resource.labels["tier"] in ["gold", "silver"]"#, true),
    (#"resource.space matches "^pay""#, true),
    (#"edit.operation == "update""#, true),
    (#"edit.operation != "delete""#, true),
    (#"edit.actor.name startsWith "al""#, true),
    // semver
    (#"semver("1.2.3") == semver("1.2.3")"#, true),
    (#"semver("v2.0") == semver("2.0.0")"#, true),
    (#"semver("V2") == semver("2.0.0.0")"#, true),
    (#"semver("2.X") >= semver("2.0.0")"#, true),
    (#"semver("2.X") == semver("2.5.1")"#, true),
    (#"semver("2.x") < semver("3.0")"#, true),
    (#"semver("2.*") > semver("2.0")"#, false),
    (#"semver("X") == semver("9.9.9")"#, true),
    (#"semver("1.10.0") > semver("1.9.9")"#, true),
    (#"semver("1.2.3.4") > semver("1.2.3")"#, true),
    (#"semver("1.0.0-beta") < semver("1.0.0")"#, true),
    (#"semver("1.0.0-alpha.1") < semver("1.0.0-alpha.beta")"#, true),
    (#"semver("1.0.0-beta.2") < semver("1.0.0-beta.11")"#, true),
    (#"semver("1.0.0-rc.1") > semver("1.0.0-beta.11")"#, true),
    (#"semver("1.0.0-alpha") < semver("1.0.0-alpha.1")"#, true),
    (#"semver("1.0.0+build.5") == semver("1.0.0")"#, true),
    (#"semver("1.2") != semver("1.3")"#, true),
    (#"semver("2.X") != semver("2.1")"#, false),
    (#"semver("latest") >= semver("1.0")"#, false),
    (#"semver("latest") != semver("1.0")"#, false),
    (#"semver(properties["Octopus.Action.Package.Version"]) >= semver("2.4")"#, true),
    (#"semver(properties["Octopus.Action.Package.Version"]) < semver("2.4.10")"#, true),
    ("semver(proposed.schema_version) >= semver(\"8.0.0\")", true),
    (#"semver("1.2.3") == "1.2.3""#, false),
    (#"semver("1.2.3") != "1.2.3""#, true),
    (#"semver("1.0") in [semver("1.0.0"), semver("2.0.0")]"#, true),
  ]

  @Test(arguments: conditions)
  func condition(source: String, expected: Bool) throws {
    let expression = try Expression(parsing: source)
    #expect(expression.evaluate(Self.context) == .bool(expected))
    #expect(expression.isTrue(Self.context) == expected)
  }

  // MARK: - A context without base, upstream, resource or edit

  static let bareValues: [(String, ExpressionValue)] = [
    ("base.deployment_process", .missing),
    ("base.deployment_process.step[*].name", .missing),
    ("exists(base.deployment_process)", .bool(false)),
    ("count(upstream.deployment_process.step[*])", .number(0)),
    ("len(upstream.deployment_process.step)", .missing),
    ("base.deployment_process == null", .bool(false)),
    ("exists(proposed.deployment_process)", .bool(true)),
    ("resource.space", .missing),
    (#"resource.project != "x""#, .bool(false)),
    (#"resource.labels["tier"]"#, .missing),
    ("edit.operation", .missing),
    ("edit.actor.name", .missing),
    ("edit.actor.teams", .list([])),
    ("edit.actor.teams == []", .bool(true)),
    ("exists(edit.actor.teams)", .bool(true)),
    ("count(edit.actor.teams)", .number(0)),
    (#"!("platform" in edit.actor.teams)"#, .bool(true)),
  ]

  @Test(arguments: bareValues)
  func valueWithoutTheEdit(source: String, expected: ExpressionValue) throws {
    #expect(try Self.evaluate(source, in: Self.bareContext) == expected)
  }

  // MARK: - Errors

  static let errors: [(String, Int, String)] = [
    // Empty, too long, too deep
    ("", 1, "the expression is empty"),
    ("   ", 1, "the expression is empty"),
    (String(repeating: "a", count: 4001), 4001, "at most 4000 characters long; this one has 4001"),
    (String(repeating: "(", count: 65) + "a" + String(repeating: ")", count: 65), 65, "more than 64 levels deep"),
    (String(repeating: "!", count: 65) + "true", 65, "more than 64 levels deep"),
    (String(repeating: "[", count: 65) + String(repeating: "]", count: 65), 65, "more than 64 levels deep"),
    (String(repeating: "len(", count: 65) + "a" + String(repeating: ")", count: 65), 260, "more than 64 levels deep"),
    // Missing operands and trailing operators
    ("action_type ==", 15, "expected a value after `==`, found the end of the expression"),
    (#"action_type == "a" &&"#, 22, "expected a value after `&&`, found the end of the expression"),
    ("a ||", 5, "expected a value after `||`"),
    ("x in", 5, "expected a value after `in`"),
    ("!", 2, "expected a value after `!`, found the end of the expression"),
    ("== a", 1, "expected a value, found `==`"),
    (")", 1, "expected a value, found `)`"),
    ("a == )", 6, "expected a value after `==`, found `)`"),
    ("a && || b", 6, "expected a value after `&&`, found `||`"),
    // Parentheses
    (#"(action_type == "a""#, 20, "expected `)` to close the `(` at column 1, found the end of the expression"),
    ("((a)", 5, "expected `)` to close the `(` at column 1"),
    (#"action_type == "a")"#, 19, "unbalanced `)`: there is no `(` for it to close"),
    ("(a b)", 4, "expected an operator or `)`, found `b`"),
    // Operators
    ("a b", 3, "expected an operator or the end of the expression, found `b`"),
    ("a [0]", 3, "expected an operator or the end of the expression, found `[`"),
    (#"a "x""#, 3, #"found the string "x""#),
    ("a 5", 3, "found the number 5"),
    ("a and b", 3, "`and` is not an operator: use `&&`"),
    ("a or b", 3, "`or` is not an operator: use `||`"),
    ("not a", 5, "expected an operator or the end of the expression, found `a`"),
    ("a not b", 3, "`not` is not an operator: use `!`"),
    (#"a = "x""#, 3, "`=` is not an operator: compare with `==`"),
    ("a & b", 3, "`&` is not an operator: use `&&`"),
    ("a | b", 3, "`|` is not an operator: use `||`"),
    ("a # b", 3, "unexpected character `#`"),
    ("a == b == c", 8, "comparisons do not chain"),
    ("a < b in c", 7, "comparisons do not chain"),
    (#"a matches "x" == true"#, 15, "comparisons do not chain"),
    ("-x", 1, "`-` may only start a negative number"),
    ("a - 1", 3, "`-` may only start a negative number"),
    ("1. == 1", 3, "expected a digit after the decimal point"),
    ("12abc", 3, "a number cannot run into a name"),
    // Strings
    (#"action_type == "Octopus"#, 16, "unterminated string: no closing `\"`"),
    ("name == 'it", 9, "unterminated string: no closing `'`"),
    ("name == \"a\nb\"", 9, "unterminated string: a string cannot hold a line break"),
    (#"name == "a\d""#, 11, #"unknown escape `\d`: only \", \' and \\ may be escaped"#),
    (#"name == "a\n""#, 11, #"unknown escape `\n`"#),
    (#"name == "abc\"#, 13, "unknown escape `\\` at the end"),
    // Lists
    ("[1, 2", 6, "expected `]` to close the list at column 1, found the end of the expression"),
    ("[1 2]", 4, "expected `,` or `]` in the list at column 1, found the number 2"),
    ("[1, ]", 5, "expected a value after `,`, found `]`"),
    // Paths, in the path language's own words
    ("properties[Octopus]", 12, "expected `*`, a quoted key or an index after `[`"),
    ("properties['Octopus']", 12, "expected `*`, a quoted key or an index after `[`"),
    ("packages[0", 11, "expected `]`"),
    ("packages[0 ] == 1", 11, "expected `]`"),
    (#"properties["a == 1"#, 19, "unterminated quoted key"),
    (#"properties["a\b"]"#, 15, #"only \" and \\ may be escaped in a path key"#),
    ("a..b", 3, "`..` (recursive descent) is not supported"),
    ("a. == 1", 3, "expected a name"),
    ("base. == 1", 6, "expected a name"),
    // Functions
    ("foo(x)", 1, "unknown function `foo()`: the functions are exists(), count(), len(), lower(), semver()"),
    ("Exists(x)", 1, "unknown function `Exists()`"),
    ("matches (x)", 1, "unknown function `matches()`"),
    ("packages.feed(x)", 1, "`packages.feed` is not a function"),
    ("len()", 1, "`len()` takes one argument, found 0"),
    ("lower(a, b)", 1, "`lower()` takes one argument, found 2"),
    ("a && semver(a, b, c)", 6, "`semver()` takes one argument, found 3"),
    ("len(a", 6, "expected `)` to close `len(` at column 4, found the end of the expression"),
    ("len(a b)", 7, "expected an operator or `)`, found `b`"),
    (#"exists("x")"#, 8, #"`exists()` takes a path, such as exists(packages[0].feed), and the string "x" is not one"#),
    ("count(len(a))", 7, "`count()` takes a path, such as count(packages[0].feed), and `len()` is not one"),
    ("exists(a == 1)", 8, "`exists()` takes a path"),
    // Roots
    (
      #"edit.unknown == "x""#, 6,
      "unknown field `edit.unknown`: use edit.operation, edit.actor.name or edit.actor.teams"
    ),
    (#"edit == "x""#, 5, "`edit` needs a field"),
    (#"edit.actor == "x""#, 11, "`edit.actor` needs a field: edit.actor.name or edit.actor.teams"),
    ("edit.actor.email", 12, "unknown field `edit.actor.email`"),
    ("edit.operation.kind", 16, "`edit.operation` has no fields"),
    ("edit.actor.teams[0]", 17, "`edit.actor.teams` has no fields"),
    (#"edit["operation"].x"#, 19, "`edit.operation` has no fields"),
    ("resource.owner", 10, "unknown field `resource.owner`: use resource.space, resource.project"),
    ("resource", 9, "`resource` needs a field"),
    ("resource.labels", 16, #"`resource.labels` needs a label name, such as resource.labels["tier"]"#),
    ("resource.labels[0]", 16, #"a label is named, as in resource.labels["tier"], not [0]"#),
    ("resource[0]", 9, "unknown field `resource.[0]`"),
    ("resource.space.x", 16, "`resource.space` is a string and has no fields"),
    (#"resource.labels["tier"].x"#, 25, #"`resource.labels["tier"]` is a string and has no fields"#),
    // Conditions joined with && || !
    (#""a" && true"#, 1, #"`&&` joins conditions, and the string "a" is not one"#),
    ("true || 5", 9, "`||` joins conditions, and the number 5 is not one"),
    ("true && [true]", 9, "`&&` joins conditions, and a list is not one"),
    ("null || true", 1, "`||` joins conditions, and `null` is not one"),
    (#"!"a""#, 2, #"`!` negates a condition, and the string "a" is not one"#),
    ("!len(a)", 2, "`!` negates a condition, and `len()` is not one"),
    ("count(a[*]) && true", 1, "`&&` joins conditions, and `count()` is not one"),
    // Regular expressions
    (#"name matches other"#, 14, "`matches` takes a regular expression in quotes, found `other`"),
    (#"name matches ("x")"#, 14, "`matches` takes a regular expression in quotes, found `(`"),
    (#"name matches "a(b""#, 18, "invalid regular expression: expected ')'"),
    (#"name matches "[z-a]""#, 17, "invalid regular expression: character 'z' must compare less than or equal to 'a'"),
    (#"name matches "(?<=a+)b""#, 15, "invalid regular expression: lookbehind is not currently supported"),
    (#"name matches 'é\\p{Nope}'"#, 20, "invalid regular expression: unknown character property 'Nope'"),
  ]

  @Test(arguments: errors)
  func error(source: String, column: Int, phrase: String) {
    let error = #expect(throws: ExpressionError.self) { try Expression(parsing: source) }
    #expect(error?.column == column, "\(error.map(String.init(describing:)) ?? "no error")")
    #expect(error?.message.contains(phrase) == true, "\(error.map(String.init(describing:)) ?? "no error")")
  }

  @Test func limitsAreInclusive() throws {
    let long = "a == \"" + String(repeating: "x", count: Expression.maxLength - 7) + "\""
    #expect(long.unicodeScalars.count == Expression.maxLength)
    _ = try Expression(parsing: long)
    let deep = String(repeating: "(", count: Expression.maxDepth) + "true" + String(repeating: ")", count: 64)
    #expect(try Expression(parsing: deep).isTrue(Self.context))
    let negations = String(repeating: "!", count: Expression.maxDepth) + "true"
    #expect(try Expression(parsing: negations).isTrue(Self.context))
  }

  /// `&&` and `||` chains are flat, so a long chain is not deep: the length cap is its only limit.
  @Test func longChainsAreNotNesting() throws {
    let chain = Array(repeating: "timeout > 1", count: 250).joined(separator: " && ")
    #expect(try Expression(parsing: chain).isTrue(Self.context))
    let alternatives = Array(repeating: "nope == 1", count: 250).joined(separator: " || ")
    #expect(try !Expression(parsing: alternatives).isTrue(Self.context))
  }

  @Test func errorsDescribeThemselves() {
    #expect(ExpressionError(message: "m", column: 3).description == "column 3: m")
  }

  // MARK: - Semantic versions

  static let versions: [(String, String?)] = [
    ("1.2.3", "1.2.3"),
    ("v1.2.3", "1.2.3"),
    ("V2", "2"),
    ("1.2.3.4", "1.2.3.4"),
    ("2.X", "2.X"),
    ("2.x.x", "2.X"),
    ("1.2.*", "1.2.X"),
    ("X", "X"),
    ("1.0.0-beta.1", "1.0.0-beta.1"),
    ("1.0.0-rc-1+build.7", "1.0.0-rc-1"),
    ("1.0.0+build", "1.0.0"),
    ("", nil),
    ("v", nil),
    ("latest", nil),
    ("#{Octopus.Version.NextPatch}", nil),
    ("1.2.3.4.5", nil),
    ("1..2", nil),
    ("1.2.", nil),
    (" 1.2", nil),
    ("1.X.3", nil),
    ("2.X-beta", nil),
    ("1.0.0-", nil),
    ("1.0.0-beta..1", nil),
    ("1.0.0-béta", nil),
    ("1.0.0+", nil),
    ("-1.0", nil),
    ("99999999999999999999.0", nil),
  ]

  @Test(arguments: versions)
  func semanticVersion(text: String, expected: String?) {
    #expect(SemanticVersion(text)?.description == expected)
  }

  // MARK: - Paths and performance

  @Test func pathsAreCompiledOnceAndListed() throws {
    let expression = try Expression(
      parsing:
        #"exists(packages[*].feed) && base.deployment_process.step["a"].name == this["x"] && resource.space == "p""#)
    #expect(
      expression.paths.map(\.description) == [
        "packages[*].feed", #"base.deployment_process.step["a"].name"#, #"this["x"]"#,
      ])
    #expect(expression.paths.map(\.hasWildcard) == [true, false, false])
    #expect(expression.paths[1].root == .base)
    #expect(expression.source.hasPrefix("exists("))
    let shadowed = try Expression(parsing: "this.base == 1 || this.edit.x == 2 || this == 3 || upstream[\"a b\"] == 4")
    #expect(shadowed.paths.map(\.description) == ["this.base", "this.edit.x", "this", #"upstream["a b"]"#])
  }

  /// The evaluator's own path walk reaches exactly what `Path.matches(in:)` reaches, for every
  /// path in a real deployment process and each of them with its last segment made a wildcard.
  ///
  /// A second tree repeats a label, an attribute (in a block whose label is its own) and an
  /// unlabelled block, so that some steps reach several nodes, and every path is also tried with a missing name and an index too far.
  @Test(arguments: [
    "upstream/golden-path/.octopus/deployment_process.ocl",
    "step \"a\" {\n    name = \"one\"\n    name = \"two\"\n    action {\n        x = 1\n    }\n    action {\n        x = 2\n    }\n}\n\nstep \"a\" {\n    name = \"three\"\n}\n\nstep \"b\" {\n    name = \"four\"\n    name = \"five\"\n}\n",
  ])
  func resolvingAgreesWithPathMatching(_ source: String) throws {
    let file = TestPaths.samples.appendingPathComponent(source)
    let text = source.hasSuffix(".ocl") ? try String(contentsOf: file, encoding: .utf8) : source
    let root = Self.tree(text)
    var paths: [Path] = []
    root.walk { stack, _ in
      paths.append(Path(stack))
      paths.append(Path(stack + [.name("missing")]))
      paths.append(Path(stack + [.index(99)]))
      if !stack.isEmpty { paths.append(Path(stack.dropLast() + [.wildcard])) }
    }
    paths.append(Path([.wildcard, .wildcard, .name("action"), .wildcard, .name("properties"), .wildcard]))
    paths.append(Path([.name("step"), .key("a"), .name("action"), .index(1), .name("x")]))
    paths.append(Path([.name("step"), .key("a"), .name("name")]))
    paths.append(Path([.name("step"), .key("b"), .name("name")]))
    #expect(paths.count > (source.hasSuffix(".ocl") ? 100 : 30))
    for path in paths {
      let expected = path.matches(in: root).map(\.node)
      let actual = ExpressionEvaluator.resolve(path.segments, from: root)
      #expect(actual.count == expected.count, "\(path)")
      #expect(zip(actual, expected).allSatisfy { $0.hasSameValue(as: $1) }, "\(path)")
    }
  }

  /// Compiled expressions, regular expressions included, are shared across concurrent rule checks.
  @Test func evaluatesConcurrently() async throws {
    let expression = try Expression(parsing: #"worker_pool matches "^hosted-(ubuntu|windows)$" && timeout > 10"#)
    let results = await withTaskGroup(of: Bool.self) { group in
      for _ in 0..<8 {
        group.addTask { (0..<200).allSatisfy { _ in expression.isTrue(Self.context) } }
      }
      return await group.reduce(into: true) { $0 = $0 && $1 }
    }
    #expect(results)
  }

  /// A wildcard over many nodes costs one walk: 20,000 steps evaluate well within a second.
  @Test func costIsBoundedByTheInput() throws {
    var text = ""
    for index in 0..<20_000 {
      text +=
        "step \"s\(index)\" {\n    name = \"Step \(index)\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}\n\n"
    }
    let root = Self.tree(text)
    let expression = try Expression(
      parsing: #""Step 19999" in step[*].name && count(step[*].action[*]) == 20000 && !("x" in step[*].name)"#)
    let clock = ContinuousClock()
    let elapsed = clock.measure { #expect(expression.isTrue(EvaluationContext(node: root))) }
    #expect(elapsed < .seconds(1))
  }
}
