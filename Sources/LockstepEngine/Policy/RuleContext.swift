import LockstepModel
import OCL

/// One rule applied to one edit: turns changes and proposed state into findings that explain
/// themselves (what changed, from what to what, whose it is and where to ask).
struct RuleContext {
  let rule: PolicyRule
  let edit: Edit
  let model: ResponsibilityModel

  func findings(changes: [Change]) -> [Finding] {
    switch rule.check {
    case .lock(let paths, let except):
      return changes.filter { change in
        paths.contains { change.path.overlaps($0) } && !except.contains { change.path.isAtOrUnder($0) }
      }.map { changeFinding($0, lockedBy: paths) }
    case .editable(let within, let paths):
      return changes.filter { change in
        (within.map { change.path.overlaps($0) } ?? true) && !paths.contains { change.path.isAtOrUnder($0) }
      }.map { changeFinding($0, lockedBy: within.map { [$0] } ?? []) }
    case .require(let requirement):
      return requireFindings(requirement)
    case .forbid(let path, let condition):
      return matches(path, in: edit.proposed).filter { condition?.isTrue(context($0.node)) ?? true }.map { match in
        finding(
          "\(describe(match.path)) is not allowed\(rule.title == rule.id ? "" : ": \(rule.title)")",
          at: match.node.location, path: match.path, value: match.node)
      }
    case .consistent(let paths):
      return paths.flatMap(consistencyFindings)
    case .assert(let path, let that):
      return matches(path, in: edit.proposed).filter { !that.isTrue(context($0.node)) }.map { match in
        finding(
          "\(describe(match.path)) fails `\(that.source)`", at: match.node.location, path: match.path, value: match.node
        )
      }
    }
  }

  func matches(_ path: Path, in root: Node?) -> [PathMatch] {
    root.map { path.matches(in: $0) } ?? []
  }

  func context(_ node: Node) -> EvaluationContext {
    EvaluationContext(
      node: node, base: edit.base, proposed: edit.proposed, upstream: edit.upstream, resource: edit.identity,
      operation: edit.operation.rawValue, actorName: edit.actor.name, actorTeams: edit.actor.teams)
  }

  // MARK: Edit rules

  func changeFinding(_ change: Change, lockedBy paths: [Path]) -> Finding {
    let owned =
      paths.first { change.path.overlaps($0) }.map { owner(of: change.path, under: $0) } ?? describe(change.path)
    let whose = rule.owner.map { " is owned by \($0)" } ?? " is locked"
    let message = "\(owned)\(whose): \(describe(change))"
    let node = change.proposed ?? change.base
    var result = finding(
      message, at: node?.location ?? fileLocation(for: change.path), path: change.path, value: change.proposed,
      base: change.base)
    if change.proposed == nil, node?.location != nil { result.inBase = true }
    return result
  }

  /// The locked thing a change belongs to: `step "deploy-web"` for a change anywhere inside it.
  func owner(of path: Path, under pattern: Path) -> String {
    let count = min(pattern.segments.count, path.segments.count)
    return describe(Path(Array(path.segments.prefix(count))))
  }

  func describe(_ change: Change) -> String {
    let field = lastName(change.path)
    switch change.kind {
    case .modified:
      if let before = change.base?.string, let after = change.proposed?.string,
        let (line, old, new) = Self.firstDifferentLine(before, after)
      {
        return "\(field) changed at line \(line) of its text, from \(quote(old)) to \(quote(new))"
      }
      return "\(field) changed from \(render(change.base)) to \(render(change.proposed))"
    case .added: return "\(field) added"
    case .removed: return "\(field) removed"
    case .moved: return "\(field) moved"
    }
  }

  // MARK: State rules

  func requireFindings(_ requirement: Requirement) -> [Finding] {
    let candidates = matches(requirement.path, in: edit.proposed)
    let passing = candidates.filter { requirement.condition?.isTrue(context($0.node)) ?? true }
    let location = fileLocation(for: requirement.path)
    let condition = requirement.condition.map { " where `\($0.source)`" } ?? ""
    switch requirement.quantifier {
    case .all:
      return candidates.filter { candidate in !passing.contains { $0.path == candidate.path } }.map { match in
        finding(
          "\(describe(match.path)) must satisfy `\(requirement.condition?.source ?? "true")`", at: match.node.location,
          path: match.path, value: match.node)
      }
    case .any:
      if passing.count < requirement.minimum {
        let needed = requirement.minimum == 1 ? "at least one" : "at least \(requirement.minimum)"
        return [
          finding(
            "\(needed) `\(requirement.path)`\(condition) is required; found \(passing.count)", at: location,
            path: requirement.path, value: nil)
        ]
      }
      if let maximum = requirement.maximum, passing.count > maximum {
        return [
          finding(
            "at most \(maximum) `\(requirement.path)`\(condition) allowed; found \(passing.count)",
            at: passing.last?.node.location ?? location, path: requirement.path, value: nil)
        ]
      }
      return []
    }
  }

  func consistencyFindings(_ path: Path) -> [Finding] {
    guard let upstream = edit.upstream else { return [] }
    let baseline = Dictionary(
      path.matches(in: upstream).map { ($0.path, $0.node) }, uniquingKeysWith: { first, _ in first })
    return matches(path, in: edit.proposed).compactMap { match in
      guard let expected = baseline[match.path], !expected.hasSameValue(as: match.node) else { return nil }
      return finding(
        "\(describe(match.path)) drifts from the upstream baseline: \(render(match.node)) instead of \(render(expected))",
        at: match.node.location, path: match.path, value: match.node, upstream: expected)
    }
  }

  /// For something missing: the file the path's top-level field comes from.
  func fileLocation(for path: Path) -> SourceLocation? {
    guard case .name(let root)? = path.segments.first, let file = edit.files[root] else { return nil }
    return SourceLocation(file: file, span: .fileStart)
  }

  // MARK: Findings

  func finding(
    _ text: String, at location: SourceLocation?, path: Path, value: Node?, base: Node? = nil, upstream: Node? = nil
  ) -> Finding {
    var message =
      rule.message.map { template in
        template.replacingAll("{path}", path.description).replacingAll("{value}", render(value))
          .replacingAll("{base}", render(base)).replacingAll("{upstream}", render(upstream))
      } ?? text
    if let contact = rule.contact { message += " (ask at \(contact))" }
    return Finding(
      ruleID: rule.id, title: rule.title, severity: rule.severity,
      enforcement: model.enforcement(of: rule.severity, mandatory: rule.mandatory), message: message,
      resource: edit.identity.displayName, path: path.description,
      file: location?.file ?? edit.files.values.sorted().first,
      span: location?.span, owner: rule.owner, contact: rule.contact, help: rule.help)
  }

  /// `step "deploy-web"`, `variable "Db.Name" at value[0]`, or the path itself: the innermost
  /// labelled block, then where inside it.
  func describe(_ path: Path) -> String {
    let segments = path.segments
    guard !segments.isEmpty else { return "the resource" }
    for index in segments.indices.reversed() where index > 0 {
      guard case .key(let label) = segments[index], case .name(let list) = segments[index - 1] else { continue }
      let rest = Array(segments[(index + 1)...])
      return "\(list) \"\(label)\"" + (rest.isEmpty ? "" : " at \(Path(rest))")
    }
    return "`\(path)`"
  }

  /// For texts of several lines (scripts, YAML): the first line that differs, 1-based. The
  /// lines are taken in step from both texts, so a long script is read only up to the change.
  static func firstDifferentLine(_ before: String, _ after: String) -> (Int, String, String)? {
    var old = Lines(before)
    var new = Lines(after)
    guard old.isSeveral || new.isSeveral else { return nil }
    var number = 1
    while true {
      let a = old.next()
      let b = new.next()
      if a == nil && b == nil { return nil }
      if (a ?? "") != (b ?? "") {
        return (number, String(a ?? "").trimmingLeadingSpaces, String(b ?? "").trimmingLeadingSpaces)
      }
      number += 1
    }
  }

  /// A text's lines, split at each `\n` that does not end a `\r\n`, as splitting its Characters
  /// would (a CRLF is one Character), but over bytes: scripts are long and Characters slow.
  struct Lines: Sequence, IteratorProtocol {
    let text: String
    private var start: String.Index?

    init(_ text: String) {
      self.text = text
      start = text.startIndex
    }

    /// More than one line: a line break anywhere.
    var isSeveral: Bool {
      Self.lineBreak(in: text, from: text.startIndex) != nil
    }

    mutating func next() -> Substring? {
      guard let from = start else { return nil }
      guard let end = Self.lineBreak(in: text, from: from) else {
        start = nil
        return text[from...]
      }
      start = text.utf8.index(after: end)
      return text[from..<end]
    }

    /// The first `\n` at or after `from` that is not the end of a `\r\n`.
    static func lineBreak(in text: String, from: String.Index) -> String.Index? {
      let bytes = text.utf8
      var previous: UInt8 = from > bytes.startIndex ? bytes[bytes.index(before: from)] : 0
      var index = from
      while index != bytes.endIndex {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") { return index }
        previous = byte
        index = bytes.index(after: index)
      }
      return nil
    }
  }

  func quote(_ line: String) -> String {
    "\"" + (line.count > 40 ? String(line.prefix(37)) + "..." : line) + "\""
  }

  func lastName(_ path: Path) -> String {
    for segment in path.segments.reversed() {
      switch segment {
      case .name(let name): return name
      case .key(let label):
        if let index = path.segments.lastIndex(of: segment), index > 0, case .name(let list) = path.segments[index - 1]
        {
          return "\(list) \"\(label)\""
        }
        return "\"\(label)\""
      default: continue
      }
    }
    return path.description
  }

  /// A value as a message shows it: strings quoted and shortened, blocks named, never a secret
  /// in full.
  func render(_ node: Node?) -> String {
    guard let node else { return "nothing" }
    switch node.value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .integer(let number): return String(number)
    case .decimal(let literal): return literal
    case .string(let text):
      // The first line only: splitting a long script into all its lines to show one was most
      // of a finding's cost. (A CRLF is one Character, so as before it does not end the line.)
      let line = String(text[..<(text.firstIndex(of: "\n") ?? text.endIndex)])
      let short = line.count > 40 ? String(line.prefix(37)) + "..." : line
      return "\"\(short)\(line == text || short != line ? "" : "...")\""
    case .array(let elements):
      let inner = elements.prefix(4).map { render($0) }.joined(separator: ", ")
      return "[\(inner)\(elements.count > 4 ? ", ..." : "")]"
    case .object, .collection: return "a block"
    }
  }
}

extension String {
  var trimmingLeadingSpaces: String {
    String(drop { $0 == " " || $0 == "\t" })
  }

  func replacingAll(_ target: String, _ replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
