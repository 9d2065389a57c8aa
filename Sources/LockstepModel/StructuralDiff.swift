/// Compares two documents structurally: objects field by field, collections by label (so a
/// reordered step is a move, not a rewrite of every step after it), unlabelled blocks by position,
/// and scalars and arrays as values.
///
/// The path being compared is one buffer pushed and popped on the way down: a path value is made
/// only for a change, so comparing the unchanged bulk of a document allocates nothing per node.
public enum StructuralDiff {
  /// `skipping`: paths known to hold the same on both sides (fields read from byte-identical
  /// files), not looked inside. Their place in a collection still counts, so moves are found.
  public static func changes(from base: Node, to proposed: Node, skipping: [Path] = []) -> [Change] {
    var differ = Differ(skipped: Set(skipping))
    differ.compare(base, proposed)
    return differ.changes
  }

  struct Differ {
    var path = Path()
    var changes: [Change] = []
    let skipped: Set<Path>
    /// The deepest skipped path: below it no path is looked up.
    let skipDepth: Int

    init(skipped: Set<Path>) {
      self.skipped = skipped
      skipDepth = skipped.map(\.segments.count).max() ?? 0
    }

    mutating func compare(_ base: Node, _ proposed: Node) {
      // One side at a time, not `switch (base.value, proposed.value)`: the tuple would copy both.
      if case .object(let before) = base.value, case .object(let after) = proposed.value {
        compareFields(before, after)
      } else if case .collection(let before) = base.value, case .collection(let after) = proposed.value {
        compareEntries(before, after)
      } else if !base.hasSameValue(as: proposed) {
        changes.append(Change(kind: .modified, path: path, base: base, proposed: proposed))
      }
    }

    mutating func compare(_ base: Node, _ proposed: Node, under segment: Path.Segment) {
      path.segments.append(segment)
      if path.segments.count > skipDepth || !skipped.contains(path) { compare(base, proposed) }
      path.segments.removeLast()
    }

    mutating func compareFields(_ before: [Field], _ after: [Field]) {
      // Usually the same fields in the same order: compare them pairwise, no lookup table.
      if before.count == after.count, before.indices.allSatisfy({ before[$0].name == after[$0].name }) {
        // By index: a `for (old, new) in zip(...)` copies both fields, subtrees and all, per node.
        for index in before.indices {
          compare(before[index].node, after[index].node, under: .name(before[index].name))
        }
        return
      }
      var remaining = Dictionary(after.map { ($0.name, $0.node) }, uniquingKeysWith: { first, _ in first })
      for field in before {
        if let proposed = remaining.removeValue(forKey: field.name) {
          compare(field.node, proposed, under: .name(field.name))
        } else {
          changes.append(StructuralDiff.record(.removed, .name(field.name), at: path, base: field.node, proposed: nil))
        }
      }
      for field in after where remaining[field.name] != nil {
        remaining[field.name] = nil
        changes.append(StructuralDiff.record(.added, .name(field.name), at: path, base: nil, proposed: field.node))
      }
    }

    mutating func compareEntries(_ before: [Entry], _ after: [Entry]) {
      // The same labels in the same order: nothing added, removed or moved, compare pairwise.
      if before.count == after.count, before.indices.allSatisfy({ before[$0].label == after[$0].label }) {
        for index in before.indices {
          compare(before[index].node, after[index].node, under: StructuralDiff.segment(after[index], index: index))
        }
        return
      }
      let baseKeyed = StructuralDiff.keyed(before)
      let proposedKeyed = StructuralDiff.keyed(after)
      let proposedByKey = Dictionary(proposedKeyed.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
      let baseKeys = Set(baseKeyed.map(\.key))
      var matchedPositions: [(base: Int, proposed: Int)] = []
      for item in baseKeyed {
        let segment = StructuralDiff.segment(item.entry, index: item.index)
        guard let match = proposedByKey[item.key] else {
          changes.append(StructuralDiff.record(.removed, segment, at: path, base: item.entry.node, proposed: nil))
          continue
        }
        if item.entry.label != nil { matchedPositions.append((item.index, match.index)) }
        compare(item.entry.node, match.entry.node, under: StructuralDiff.segment(match.entry, index: match.index))
      }
      for item in proposedKeyed where !baseKeys.contains(item.key) {
        let segment = StructuralDiff.segment(item.entry, index: item.index)
        changes.append(StructuralDiff.record(.added, segment, at: path, base: nil, proposed: item.entry.node))
      }
      for (baseIndex, proposedIndex) in StructuralDiff.movedPairs(matchedPositions) {
        let entry = after[proposedIndex]
        changes.append(
          StructuralDiff.record(
            .moved, StructuralDiff.segment(entry, index: proposedIndex), at: path, base: before[baseIndex].node,
            proposed: entry.node))
      }
    }
  }

  static func record(_ kind: Change.Kind, _ segment: Path.Segment, at path: Path, base: Node?, proposed: Node?)
    -> Change
  {
    Change(kind: kind, path: path.appending(segment), base: base, proposed: proposed)
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
