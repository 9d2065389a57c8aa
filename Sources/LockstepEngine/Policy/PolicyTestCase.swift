import LockstepModel
import Yams

/// `kind: PolicyTest`: an edit and exactly the findings the policies must give for it.
public struct PolicyTestCase: Sendable {
  /// One side of the edit: CaC files inline, or a project folder relative to the test's file.
  public enum Side: Sendable {
    case inline([String: String])
    case folder(String)
    /// `base: absent` for a create, `proposed: absent` for a delete.
    case absent
  }

  public struct Expectation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var rule: String
    public var path: String?
    public var enforcement: Enforcement
    public var waived: Bool

    public init(rule: String, path: String?, enforcement: Enforcement, waived: Bool) {
      self.rule = rule
      self.path = path
      self.enforcement = enforcement
      self.waived = waived
    }

    public var description: String {
      "\(rule) \(enforcement.rawValue)\(waived ? " (waived)" : "") at \(path ?? "-")"
    }
  }

  public var name: String
  public var file: String
  public var kind: ResourceKind
  public var identity: ResourceIdentity
  public var actor: Actor
  public var today: CalendarDay?
  /// Omitted: no base at all (edit rules do not apply); `absent`: the resource did not exist.
  public var base: Side?
  /// Omitted or `absent`: the edit deletes the resource.
  public var proposed: Side?
  public var upstream: Side?
  public var expected: [Expectation]
}

/// Reads `kind: PolicyTest` documents.
struct PolicyTestReader {
  let reader: YAMLReader

  func testCase(_ spec: Yams.Node?, name: String, at document: Yams.Node) throws(PolicyLoadError) -> PolicyTestCase {
    guard let spec else { throw reader.error("a PolicyTest needs a `spec`", at: document) }
    let fields = try reader.mapping(
      spec, of: "spec", allowed: ["resource", "actor", "today", "base", "proposed", "upstream", "expect"],
      required: ["expect"])
    var identity = ResourceIdentity()
    var kind = ResourceKind.project
    if let resource = fields["resource"] {
      let r = try reader.mapping(
        resource, of: "resource", allowed: ["kind", "space", "project", "projectGroup", "labels"])
      kind = try reader.enumeration(r["kind"], "resource.kind", as: ResourceKind.self) ?? .project
      identity.space = try reader.optionalString(r["space"], "resource.space") ?? ""
      identity.project = try reader.optionalString(r["project"], "resource.project") ?? ""
      identity.projectGroup = try reader.optionalString(r["projectGroup"], "resource.projectGroup") ?? ""
      if case .mapping(let labels)? = r["labels"] {
        for (key, value) in labels { identity.labels[key.string ?? ""] = value.string ?? "" }
      }
    }
    var actor = Actor()
    if let actorNode = fields["actor"] {
      let a = try reader.mapping(actorNode, of: "actor", allowed: ["name", "teams"])
      actor = Actor(
        name: try reader.optionalString(a["name"], "actor.name") ?? "",
        teams: try reader.strings(a["teams"], "actor.teams"))
    }
    var today: CalendarDay?
    if let day = fields["today"] {
      guard let parsed = CalendarDay(try reader.string(day, "today")) else {
        throw reader.error("today must be a date such as 2026-11-23", at: day)
      }
      today = parsed
    }
    guard fields["base"] != nil || fields["proposed"] != nil else {
      throw reader.error("a PolicyTest needs `base`, `proposed` or both", at: spec)
    }
    var expected: [PolicyTestCase.Expectation] = []
    for item in try reader.sequence(fields["expect"], "expect") {
      let e = try reader.mapping(
        item, of: "an expected finding", allowed: ["rule", "path", "enforcement", "waived"],
        required: ["rule", "enforcement"])
      expected.append(
        PolicyTestCase.Expectation(
          rule: try reader.string(e["rule"] ?? item, "rule"), path: try reader.optionalString(e["path"], "path"),
          enforcement: try reader.enumeration(e["enforcement"], "enforcement", as: Enforcement.self) ?? .deny,
          waived: try reader.bool(e["waived"], "waived") ?? false))
    }
    return PolicyTestCase(
      name: name, file: reader.file, kind: kind, identity: identity, actor: actor, today: today,
      base: try side(fields["base"], "base"), proposed: try side(fields["proposed"], "proposed"),
      upstream: try side(fields["upstream"], "upstream"), expected: expected)
  }

  func side(_ node: Yams.Node?, _ what: String) throws(PolicyLoadError) -> PolicyTestCase.Side? {
    guard let node else { return nil }
    if case .scalar = node, try reader.string(node, what) == "absent" { return .absent }
    let fields = try reader.mapping(node, of: what, allowed: ["ocl", "path"])
    if let path = fields["path"] {
      let relative = try reader.string(path, "\(what).path")
      let folder = String(
        reader.file.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/"))
      return .folder(relative.hasPrefix("/") ? relative : join(folder.isEmpty ? "." : folder, relative))
    }
    guard case .mapping(let files)? = fields["ocl"] else {
      throw reader.error("\(what) needs `ocl` (file name to text) or `path`", at: node)
    }
    var texts: [String: String] = [:]
    for (key, value) in files {
      let name = try reader.string(key, "a file name")
      guard CaCFileRole.topLevelFiles[name] != nil || name.hasPrefix("runbooks/") else {
        throw reader.error("`\(name)` is not a Config-as-Code file name", at: key)
      }
      texts[name] = try reader.string(value, name)
    }
    return .inline(texts)
  }
}
