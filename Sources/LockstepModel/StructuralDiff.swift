/// Compares two documents structurally: objects field by field, collections by label (so a
/// reordered step is a move, not a rewrite of every step after it), unlabelled blocks by position,
/// and scalars and arrays as values.
public enum StructuralDiff {
  public static func changes(from base: Node, to proposed: Node) -> [Change] {
    var changes: [Change] = []
    compare(base, proposed, at: Path(), into: &changes)
    return changes
  }

  static func compare(_ base: Node, _ proposed: Node, at path: Path, into changes: inout [Change]) {
    switch (base.value, proposed.value) {
    case (.object(let before), .object(let after)):
      compareFields(before, after, at: path, into: &changes)
    case (.collection(let before), .collection(let after)):
      compareEntries(before, after, at: path, into: &changes)
    default:
      if !base.hasSameValue(as: proposed) {
        changes.append(Change(kind: .modified, path: path, base: base, proposed: proposed))
      }
    }
  }

  static func compareFields(_ before: [Field], _ after: [Field], at path: Path, into changes: inout [Change]) {
    var remaining = Dictionary(after.map { ($0.name, $0.node) }, uniquingKeysWith: { first, _ in first })
    for field in before {
      let fieldPath = path.appending(.name(field.name))
      if let proposed = remaining.removeValue(forKey: field.name) {
        compare(field.node, proposed, at: fieldPath, into: &changes)
      } else {
        changes.append(Change(kind: .removed, path: fieldPath, base: field.node, proposed: nil))
      }
    }
    for field in after where remaining[field.name] != nil {
      remaining[field.name] = nil
      changes.append(Change(kind: .added, path: path.appending(.name(field.name)), base: nil, proposed: field.node))
    }
  }

  /// Identity of an entry: its label and which occurrence of that label it is, or its position
  /// among the unlabelled entries.
  enum EntryKey: Hashable {
    case label(String, occurrence: Int)
    case position(Int)
  }

  static func keyed(_ entries: [Entry]) -> [(key: EntryKey, index: Int, entry: Entry)] {
    var occurrences: [String: Int] = [:]
    var unlabelled = 0
    return entries.enumerated().map { index, entry in
      if let label = entry.label {
        let occurrence = occurrences[label, default: 0]
        occurrences[label] = occurrence + 1
        return (.label(label, occurrence: occurrence), index, entry)
      }
      defer { unlabelled += 1 }
      return (.position(unlabelled), index, entry)
    }
  }

  static func segment(_ entry: Entry, index: Int) -> Path.Segment {
    entry.label.map(Path.Segment.key) ?? .index(index)
  }

  static func compareEntries(_ before: [Entry], _ after: [Entry], at path: Path, into changes: inout [Change]) {
    let baseKeyed = keyed(before)
    let proposedKeyed = keyed(after)
    let proposedByKey = Dictionary(proposedKeyed.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    let baseKeys = Set(baseKeyed.map(\.key))
    var matchedPositions: [(base: Int, proposed: Int)] = []
    for item in baseKeyed {
      guard let match = proposedByKey[item.key] else {
        changes.append(
          Change(
            kind: .removed, path: path.appending(segment(item.entry, index: item.index)), base: item.entry.node,
            proposed: nil))
        continue
      }
      if item.entry.label != nil { matchedPositions.append((item.index, match.index)) }
      compare(
        item.entry.node, match.entry.node, at: path.appending(segment(match.entry, index: match.index)), into: &changes)
    }
    for item in proposedKeyed where !baseKeys.contains(item.key) {
      changes.append(
        Change(
          kind: .added, path: path.appending(segment(item.entry, index: item.index)), base: nil,
          proposed: item.entry.node))
    }
    for (baseIndex, proposedIndex) in movedPairs(matchedPositions) {
      let entry = after[proposedIndex]
      changes.append(
        Change(
          kind: .moved, path: path.appending(segment(entry, index: proposedIndex)), base: before[baseIndex].node,
          proposed: entry.node))
    }
  }

  /// The fewest entries whose move explains the new order: all but a longest run that kept its
  /// relative order (a longest increasing subsequence of the new positions, in base order).
  static func movedPairs(_ pairs: [(base: Int, proposed: Int)]) -> [(Int, Int)] {
    let sequence = pairs.map(\.proposed)
    guard sequence.count > 1 else { return [] }
    var tails: [Int] = []
    var tailIndex: [Int] = []
    var previous = [Int](repeating: -1, count: sequence.count)
    for (i, value) in sequence.enumerated() {
      var low = 0
      var high = tails.count
      while low < high {
        let mid = (low + high) / 2
        if tails[mid] < value { low = mid + 1 } else { high = mid }
      }
      if low > 0 { previous[i] = tailIndex[low - 1] }
      if low == tails.count {
        tails.append(value)
        tailIndex.append(i)
      } else {
        tails[low] = value
        tailIndex[low] = i
      }
    }
    var kept = Set<Int>()
    var cursor = tailIndex.last ?? -1
    while cursor >= 0 {
      kept.insert(cursor)
      cursor = previous[cursor]
    }
    return pairs.enumerated().filter { !kept.contains($0.offset) }.map { ($0.element.base, $0.element.proposed) }
  }
}
