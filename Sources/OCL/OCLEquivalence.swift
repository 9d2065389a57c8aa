/// Same content, spans and string styles aside: what `fmt` promises to keep.
extension OCLDocument {
  public func hasSameContent(as other: OCLDocument) -> Bool {
    sameBody(body, other.body)
  }
}

private func sameBody(_ lhs: [OCLElement], _ rhs: [OCLElement]) -> Bool {
  guard lhs.count == rhs.count else { return false }
  return zip(lhs, rhs).allSatisfy { pair in
    switch pair {
    case (.attribute(let a), .attribute(let b)):
      a.name == b.name && sameValue(a.value.kind, b.value.kind)
    case (.block(let a), .block(let b)):
      a.name == b.name && a.labels.map(\.value) == b.labels.map(\.value) && sameBody(a.body, b.body)
    default:
      false
    }
  }
}

/// Dictionaries compare as key-to-value maps in key order, since the writer sorts keys.
private func sameValue(_ lhs: OCLValueKind, _ rhs: OCLValueKind) -> Bool {
  switch (lhs, rhs) {
  case (.null, .null): true
  case (.bool(let a), .bool(let b)): a == b
  case (.integer(let a), .integer(let b)): a == b
  case (.decimal(let a), .decimal(let b)): a == b
  case (.string(let a, _), .string(let b, _)): a == b
  case (.array(let a), .array(let b)):
    a.count == b.count && zip(a, b).allSatisfy { sameValue($0.kind, $1.kind) }
  case (.dictionary(let a), .dictionary(let b)):
    a.count == b.count
      && zip(OCLDictionaryEntry.canonicalOrder(a), OCLDictionaryEntry.canonicalOrder(b)).allSatisfy {
        $0.key == $1.key && sameValue($0.value.kind, $1.value.kind)
      }
  default: false
  }
}
