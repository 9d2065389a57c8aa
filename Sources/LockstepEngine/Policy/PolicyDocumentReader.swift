import LockstepModel
import Yams

/// Reads the `spec` of a `kind: Policy` document and compiles its rules.
struct PolicyDocumentReader {
  let reader: YAMLReader
  let metadata: PolicyMetadata

  static let ruleKinds = ["lock", "editable", "require", "forbid", "consistent", "assert"]
  static let ruleFields = Set(
    ["id", "title", "description", "severity", "mandatory", "on", "message", "help", "except", "within"] + ruleKinds)

  func policy(_ spec: Yams.Node?, at document: Yams.Node) throws(PolicyLoadError) -> Policy {
    guard let spec else { throw reader.error("a Policy needs a `spec` with `rules`", at: document) }
    let fields = try reader.mapping(spec, of: "spec", allowed: ["match", "exclude", "rules"], required: ["rules"])
    let match = try Selector(fields["match"], reader: reader, what: "match")
    let exclude = try fields["exclude"].map { node throws(PolicyLoadError) in
      try Selector(node, reader: reader, what: "exclude")
    }
    if let exclude, exclude.isEmpty, let node = fields["exclude"] {
      throw reader.error(
        "an empty `exclude` would exclude every resource: name what it excludes, or leave it out", at: node)
    }
    let kinds = match.kinds.isEmpty ? ResourceKind.allCases : match.kinds
    var rules: [PolicyRule] = []
    for node in try reader.sequence(fields["rules"], "rules") {
      rules.append(try rule(node, kinds: kinds))
    }
    return Policy(
      name: metadata.name, title: metadata.title, owner: metadata.owner, contact: metadata.contact, match: match,
      exclude: exclude, rules: rules, file: reader.file)
  }

  func rule(_ node: Yams.Node, kinds: [ResourceKind]) throws(PolicyLoadError) -> PolicyRule {
    let fields = try reader.mapping(node, of: "a rule", allowed: Self.ruleFields, required: ["id"])
    let id = try reader.string(fields["id"] ?? node, "id")
    let given = Self.ruleKinds.filter { fields[$0] != nil }
    guard given.count == 1, let kind = given.first else {
      throw reader.error(
        "rule \(id) needs exactly one of \(Self.ruleKinds.joined(separator: ", ")) (found \(given.isEmpty ? "none" : given.joined(separator: ", ")))",
        at: node)
    }
    if fields["except"] != nil && kind != "lock" {
      throw reader.error("`except` goes with `lock`", at: fields.keys["except"] ?? node)
    }
    if fields["within"] != nil && kind != "editable" {
      throw reader.error("`within` goes with `editable`", at: fields.keys["within"] ?? node)
    }
    let paths = PathCompiler(reader: reader, kinds: kinds)
    let check = try self.check(kind, fields, paths: paths, id: id)
    var operations = Set(EditOperation.allCases)
    if let on = fields["on"] {
      operations = []
      for name in try reader.strings(on, "on") {
        guard let operation = EditOperation(rawValue: name) else {
          throw reader.error("`on` takes create, update and delete; found `\(name)`", at: on)
        }
        operations.insert(operation)
      }
      guard !operations.isEmpty else {
        throw reader.error("`on` names no operation, so the rule would never run", at: on)
      }
    }
    return PolicyRule(
      id: id, title: try reader.optionalString(fields["title"], "title") ?? id,
      description: try reader.optionalString(fields["description"], "description"),
      severity: try reader.enumeration(fields["severity"], "severity", as: Severity.self) ?? .error,
      mandatory: try reader.bool(fields["mandatory"], "mandatory") ?? false, operations: operations,
      message: try reader.optionalString(fields["message"], "message"),
      help: try reader.optionalString(fields["help"], "help"),
      check: check, owner: metadata.owner, contact: metadata.contact,
      origin: RuleOrigin(
        file: reader.file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, policy: metadata.name))
  }

  func check(_ kind: String, _ fields: YAMLReader.Fields, paths: PathCompiler, id: String) throws(PolicyLoadError)
    -> RuleCheck
  {
    let node = fields[kind] ?? fields.node
    switch kind {
    case "lock":
      return .lock(paths: try paths.list(node, "lock"), except: try paths.list(fields["except"], "except"))
    case "editable":
      return .editable(
        within: try fields["within"].map { n throws(PolicyLoadError) in try paths.one(n, "within") },
        paths: try paths.list(node, "editable"))
    case "consistent":
      return .consistent(paths: try paths.list(node, "consistent"))
    case "forbid":
      let spec = try reader.mapping(node, of: "forbid", allowed: ["any", "where"], required: ["any"])
      return .forbid(
        path: try paths.one(spec["any"] ?? node, "forbid.any"), condition: try expression(spec["where"], "forbid.where")
      )
    case "assert":
      let spec = try reader.mapping(node, of: "assert", allowed: ["for", "that"], required: ["for", "that"])
      guard let that = try expression(spec["that"], "assert.that") else {
        throw reader.error("assert needs `that`", at: node)
      }
      return .assert(path: try paths.one(spec["for"] ?? node, "assert.for"), that: that)
    default:
      return .require(try requirement(node, paths: paths))
    }
  }

  func requirement(_ node: Yams.Node, paths: PathCompiler) throws(PolicyLoadError) -> Requirement {
    let spec = try reader.mapping(node, of: "require", allowed: ["any", "all", "where", "count"])
    guard (spec["any"] == nil) != (spec["all"] == nil) else {
      throw reader.error("require needs exactly one of `any` and `all`", at: node)
    }
    let quantifier: Requirement.Quantifier = spec["any"] != nil ? .any : .all
    let pathNode = spec["any"] ?? spec["all"] ?? node
    var minimum = 1
    var maximum: Int?
    if let count = spec["count"] {
      let bounds = try reader.mapping(count, of: "require.count", allowed: ["min", "max"])
      minimum = try reader.integer(bounds["min"], "count.min") ?? 1
      maximum = try reader.integer(bounds["max"], "count.max")
      if let maximum, maximum < minimum { throw reader.error("count.max is below count.min", at: count) }
    }
    return Requirement(
      quantifier: quantifier, path: try paths.one(pathNode, "require.\(quantifier.rawValue)"),
      condition: try expression(spec["where"], "require.where"), minimum: minimum, maximum: maximum)
  }

  func expression(_ node: Yams.Node?, _ what: String) throws(PolicyLoadError) -> Expression? {
    guard let node else { return nil }
    let text = try reader.string(node, what)
    do {
      return try Expression(parsing: text)
    } catch {
      throw PolicyLoadError(
        file: reader.file, line: node.mark?.line ?? 1, column: PathCompiler.column(of: node, offset: error.column),
        message: "\(what): \(error.message)")
    }
  }
}

/// Parses rule paths, pointing errors at the character, and rejects paths that can never match
/// the kinds of resource the policy selects.
struct PathCompiler {
  let reader: YAMLReader
  let kinds: [ResourceKind]

  func one(_ node: Yams.Node, _ what: String) throws(PolicyLoadError) -> Path {
    let text = try reader.string(node, what)
    let path: Path
    do {
      path = try Path(parsing: text)
    } catch {
      throw PolicyLoadError(
        file: reader.file, line: node.mark?.line ?? 1, column: Self.column(of: node, offset: error.column),
        message: "\(what): invalid path: \(error.message)")
    }
    let problems = kinds.compactMap { ResourceSchema.problem(with: path, for: $0) }
    if problems.count == kinds.count, let problem = problems.first {
      throw reader.error("\(what): `\(text)` can never match: \(problem)", at: node)
    }
    return path
  }

  func list(_ node: Yams.Node?, _ what: String) throws(PolicyLoadError) -> [Path] {
    guard let node else { return [] }
    if case .scalar = node { return [try one(node, what)] }
    var paths: [Path] = []
    for element in try reader.sequence(node, what) { paths.append(try one(element, what)) }
    // `except: []` is harmless; an empty `lock`, `editable` or `consistent` is a rule that never fires.
    if paths.isEmpty && what != "except" {
      throw reader.error("`\(what)` names no path, so the rule would never fire", at: node)
    }
    return paths
  }

  /// The column of a character inside a scalar: quoted scalars start one column later.
  static func column(of node: Yams.Node, offset: Int) -> Int {
    let start = node.mark?.column ?? 1
    guard case .scalar(let scalar) = node else { return start }
    let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
    return start + offset - (quoted ? 0 : 1)
  }
}
