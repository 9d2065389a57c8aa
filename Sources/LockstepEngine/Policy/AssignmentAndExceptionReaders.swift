import LockstepModel
import Yams

/// Reads `kind: Assignment`.
struct AssignmentReader {
  let reader: YAMLReader

  func assignment(_ spec: Yams.Node?, name: String, at document: Yams.Node) throws(PolicyLoadError) -> Assignment {
    guard let spec else { throw reader.error("an Assignment needs a `spec`", at: document) }
    let fields = try reader.mapping(spec, of: "spec", allowed: ["default", "assign"])
    let defaultModel =
      try reader.enumeration(fields["default"], "default", as: ResponsibilityModel.self) ?? .centralized
    var rules: [(match: Selector, model: ResponsibilityModel)] = []
    for entry in try reader.sequence(fields["assign"], "assign") {
      let item = try reader.mapping(
        entry, of: "an assign entry", allowed: ["match", "model"], required: ["match", "model"])
      guard let model = try reader.enumeration(item["model"], "model", as: ResponsibilityModel.self) else { continue }
      rules.append((try Selector(item["match"], reader: reader, what: "match"), model))
    }
    return Assignment(name: name, defaultModel: defaultModel, rules: rules)
  }
}

/// Reads `kind: Exception`. A waiver without a reason or an end date is refused: every exception
/// must say why it exists and when it stops.
struct ExceptionReader {
  let reader: YAMLReader

  func exception(_ spec: Yams.Node?, name: String, at document: Yams.Node) throws(PolicyLoadError) -> (
    PolicyException, [Yams.Node]
  ) {
    guard let spec else { throw reader.error("an Exception needs a `spec`", at: document) }
    let fields = try reader.mapping(
      spec, of: "spec", allowed: ["rules", "match", "paths", "reason", "ticket", "approvedBy", "expires"],
      required: ["rules", "match", "reason", "expires"])
    let ruleNodes = try reader.sequence(fields["rules"], "rules")
    guard !ruleNodes.isEmpty else {
      throw reader.error("an Exception names at least one rule", at: fields["rules"] ?? spec)
    }
    var ruleIDs: [String] = []
    for node in ruleNodes { ruleIDs.append(try reader.string(node, "a rule id")) }
    let reason = try reader.string(fields["reason"] ?? spec, "reason")
    guard !reason.allSatisfy(\.isWhitespace) else {
      throw reader.error("reason must say why the exception exists", at: fields["reason"] ?? spec)
    }
    let expiresNode = fields["expires"] ?? spec
    guard let expires = CalendarDay(try reader.string(expiresNode, "expires")) else {
      throw reader.error("expires must be a date such as 2027-01-31", at: expiresNode)
    }
    var paths: [Path] = []
    for node in try reader.sequence(fields["paths"], "paths") {
      paths.append(try PathCompiler(reader: reader, kinds: ResourceKind.allCases).one(node, "paths"))
    }
    let match = try Selector(fields["match"], reader: reader, what: "match")
    // A waiver for every resource in the organisation is never what anyone meant.
    guard !match.isEmpty else {
      throw reader.error(
        "an Exception's `match` must name the resources it waives (spaces, projects, ...)", at: fields["match"] ?? spec)
    }
    let exception = PolicyException(
      name: name, rules: ruleIDs, match: match, paths: paths,
      reason: reason, ticket: try reader.optionalString(fields["ticket"], "ticket"),
      approvedBy: try reader.optionalString(fields["approvedBy"], "approvedBy"), expires: expires,
      origin: RuleOrigin(
        file: reader.file, line: document.mark?.line ?? 1, column: document.mark?.column ?? 1, policy: name))
    return (exception, ruleNodes)
  }
}
