import OCL

/// Turns an OCL document into the document model, following Octopus's own conventions:
/// labelled blocks are keyed by label (a reorder is a move, not a rewrite), repeated unlabelled
/// blocks are indexed, and a single unlabelled block is a field.
public enum OCLTreeBuilder {
  /// Block names that are lists even when a file holds only one of them, so that a path like
  /// `step[*]` or `packages[0]` means the same whether there is one block or several.
  public static let listBlockNames: Set<String> = [
    "step", "action", "packages", "value", "parameter", "package_parameter", "process_template",
    "variable", "channel", "git_dependencies",
  ]

  public static func build(_ document: OCLDocument, file: String) -> Node {
    Builder(file: file).object(document.body, location: nil, owner: nil)
  }
}

private struct Builder {
  let file: String

  func at(_ span: SourceSpan) -> SourceLocation {
    SourceLocation(file: file, span: span)
  }

  /// Lists are gathered apart and slotted in at their first block's position, so appending a
  /// block never copies the blocks before it.
  func object(_ body: [OCLElement], location: SourceLocation?, owner: OCLBlock?) -> Node {
    var fields: [Field] = []
    // Few bodies hold more than two kinds of list; a linear search beats hashing here.
    var lists: [(name: String, slot: Int, entries: [Entry])] = []
    let unlabelledActions = body.filter { element in
      if case .block(let block) = element { return block.name == "action" && block.labels.isEmpty }
      return false
    }.count
    for element in body {
      switch element {
      case .attribute(let attribute):
        fields.append(Field(attribute.name, value(attribute.value, span: attribute.span)))
      case .block(let block):
        guard isList(block, in: body) else {
          fields.append(Field(block.name, object(block.body, location: at(block.span), owner: block)))
          continue
        }
        let entry = self.entry(block, owner: owner, unlabelledActions: unlabelledActions)
        if let index = lists.firstIndex(where: { $0.name == block.name }) {
          lists[index].entries.append(entry)
        } else {
          lists.append((block.name, fields.count, [entry]))
          fields.append(Field(block.name, Node(.null, location: at(block.span))))
        }
      }
    }
    for list in lists {
      fields[list.slot].node.value = .collection(list.entries)
    }
    return Node(.object(fields), location: location)
  }

  func isList(_ block: OCLBlock, in body: [OCLElement]) -> Bool {
    if OCLTreeBuilder.listBlockNames.contains(block.name) || !block.labels.isEmpty { return true }
    var count = 0
    for case .block(let other) in body where other.name == block.name {
      count += 1
      if count > 1 { return true }
    }
    return false
  }

  func entry(_ block: OCLBlock, owner: OCLBlock?, unlabelledActions: Int) -> Entry {
    var node = object(block.body, location: at(block.span), owner: block)
    var label = block.labels.first?.value
    // A variable's `value "x" {}` label is the value itself, not an identity: expose it as the
    // field `value`, the same field an unlabelled `value { value = <<-EOT ... }` has.
    if block.name == "value", owner?.name == "variable", let first = block.labels.first {
      node.value = .object([Field("value", Node(.string(first.value), location: at(first.span)))] + node.fields)
      label = nil
    }
    // Octopus gives a single unlabelled action its step's name.
    if block.name == "action", label == nil, unlabelledActions == 1, owner?.name == "step" {
      label = owner?.labels.first?.value
    }
    return Entry(label: label, node: node)
  }

  func value(_ value: OCLValue, span: SourceSpan) -> Node {
    Node(kind(value.kind), location: at(span))
  }

  func kind(_ kind: OCLValueKind) -> NodeValue {
    switch kind {
    case .null: .null
    case .bool(let flag): .bool(flag)
    case .integer(let number): .integer(number)
    case .decimal(let literal): .decimal(literal)
    case .string(let text, _): .string(text)
    case .array(let elements): .array(elements.map { value($0, span: $0.span) })
    case .dictionary(let entries):
      .object(entries.map { Field($0.key, value($0.value, span: $0.keySpan.union($0.value.span))) })
    }
  }
}
