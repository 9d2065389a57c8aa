import LockstepModel

/// LS1004: two blocks of one list with the same label.
public struct DuplicateLabelRule: TreeRule {
  public init() {}

  public let rule = RuleDescription(
    id: "LS1004", title: "Duplicate block label or attribute", severity: .error,
    rationale: """
      Octopus identifies steps, actions, runbooks and packages by their label (the slug), so two \
      blocks with one label clash: the process cannot be saved, or one silently shadows the \
      other. Duplicate `variable` blocks are different: Octopus merges them into one variable \
      with all their values, so they are reported as info. An attribute or dictionary key set \
      twice in one block is an error: which value counts depends on the reader, so a change to \
      one copy could slip past a policy that reads the other.
      """,
    violating: [
      .process(
        "step \"deploy\" {\n    condition = \"Always\"\n    ↓condition = \"Failure\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}"
      ),
      .process(
        "step \"deploy\" {\n    name = \"A\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}\n\n↓step \"deploy\" {\n    name = \"B\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}"
      ),
    ],
    nonViolating: [
      .process(
        "step \"build\" {\n    name = \"A\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}\n\nstep \"deploy\" {\n    name = \"B\"\n\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}"
      )
    ])

  public func makeVisitor(for subject: LintSubject) -> any NodeVisitor {
    Visitor(rule: rule)
  }

  struct Visitor: NodeVisitor {
    let rule: RuleDescription

    mutating func visit(_ stack: [Path.Segment], _ node: Node, into sink: inout FindingSink) {
      if case .object(let fields) = node.value, fields.count > 1 {
        reportRepeatedFields(fields, stack: stack, into: &sink)
      }
      guard case .collection(let entries) = node.value, entries.count > 1, let list = stack.containerName else {
        return
      }
      let index = Self.firstPositions(entries.count) { entries[$0].label }
      for (position, entry) in entries.enumerated() {
        guard let label = entry.label,
          let original = Self.firstPosition(of: label, before: position, index: index, key: { entries[$0].label })
        else { continue }
        report(entry, label: label, list: list, first: entries[original], position: position, stack: stack, into: &sink)
      }
    }

    /// An attribute or dictionary key set twice: readers disagree on which one counts, so a
    /// change to the second could slip past a rule that reads the first.
    func reportRepeatedFields(_ fields: [Field], stack: [Path.Segment], into sink: inout FindingSink) {
      let index = Self.firstPositions(fields.count) { fields[$0].name }
      for position in fields.indices.dropFirst() {
        let field = fields[position]
        if case .collection = field.node.value { continue }
        let firstPosition = Self.firstPosition(of: field.name, before: position, index: index) { fields[$0].name }
        guard let firstPosition else { continue }
        let first = fields[firstPosition]
        let firstLine = first.node.location.map { " (first at line \($0.span.line))" } ?? ""
        sink.add(
          rule, "`\(field.name)` is set again\(firstLine): keep one, since which copy counts depends on who reads it",
          at: field.node.location, path: Path(stack + [.name(field.name)]))
      }
    }

    /// Each key's first position, for a block or collection too large to compare in pairs (a
    /// generated dictionary), so the check stays linear; nil for the usual few, where comparing
    /// pairs costs less than hashing every key.
    static func firstPositions(_ count: Int, key: (Int) -> String?) -> [String: Int]? {
      guard count > 16 else { return nil }
      var first: [String: Int] = [:]
      for position in 0..<count {
        if let name = key(position), first[name] == nil { first[name] = position }
      }
      return first
    }

    /// Where `name` first appears before `position`, through the index when there is one.
    static func firstPosition(of name: String, before position: Int, index: [String: Int]?, key: (Int) -> String?)
      -> Int?
    {
      guard let index else { return (0..<position).first { key($0) == name } }
      return index[name].flatMap { $0 < position ? $0 : nil }
    }

    func report(
      _ entry: Entry, label: String, list: String, first: Entry, position: Int, stack: [Path.Segment],
      into sink: inout FindingSink
    ) {
      let firstLine = first.node.location.map { " (first at line \($0.span.line))" } ?? ""
      let path = Path(stack + [.key(label)])
      if list == "variable" {
        sink.add(
          rule,
          "variable \"\(label)\" is declared again\(firstLine): Octopus merges the blocks into one variable with all their values",
          at: entry.node.location, path: path, severity: .info)
      } else {
        sink.add(
          rule,
          "\(list) \"\(label)\" is declared again\(firstLine): Octopus identifies a \(list) by its label, so the two clash (entry \(position + 1) of the list)",
          at: entry.node.location, path: path)
      }
    }
  }
}
