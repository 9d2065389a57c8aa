import OCL

/// An address in the document model:
/// `deployment_process.step["deploy-web"].action["deploy-web"].properties["Octopus.Action.Package.FeedId"]`.
///
/// `.name` and `["key"]` both look up a field of an object; on a collection `["label"]` picks the
/// blocks with that label, `[n]` the n-th block and `[*]` every child. `..` is not supported.
public struct Path: Sendable, Hashable, CustomStringConvertible {
  public enum Segment: Sendable, Hashable, CustomStringConvertible {
    /// `.name`: a field.
    case name(String)
    /// `["key"]`: a block label or a dictionary key. Looks up the same thing as `.name`.
    case key(String)
    case index(Int)
    case wildcard

    /// The text a name or key looks up, so `.x` and `["x"]` are the same segment.
    public var lookup: String? {
      switch self {
      case .name(let text), .key(let text): text
      default: nil
      }
    }

    public static func == (lhs: Segment, rhs: Segment) -> Bool {
      switch (lhs, rhs) {
      case (.index(let a), .index(let b)): a == b
      case (.wildcard, .wildcard): true
      default: lhs.lookup != nil && lhs.lookup == rhs.lookup
      }
    }

    public func hash(into hasher: inout Hasher) {
      switch self {
      case .name(let text), .key(let text): hasher.combine(text)
      case .index(let index): hasher.combine(index)
      case .wildcard: hasher.combine("[*]")
      }
    }

    public var description: String { Path([self]).description }
  }

  public var segments: [Segment]

  public init(_ segments: [Segment] = []) {
    self.segments = segments
  }

  public func appending(_ segment: Segment) -> Path {
    Path(segments + [segment])
  }

  public var isEmpty: Bool { segments.isEmpty }

  /// True when `self` is `other` or lies under it; wildcards in `other` match any one segment.
  public func isAtOrUnder(_ other: Path) -> Bool {
    guard segments.count >= other.segments.count else { return false }
    return zip(segments, other.segments).allSatisfy { mine, theirs in
      theirs == .wildcard || mine == theirs
    }
  }

  public var description: String {
    var out = ""
    for segment in segments {
      switch segment {
      case .name(let name):
        if Path.isIdentifier(name) {
          if !out.isEmpty { out += "." }
          out += name
        } else {
          out += "[\"" + Path.escape(name) + "\"]"
        }
      case .key(let key): out += "[\"" + Path.escape(key) + "\"]"
      case .index(let index): out += "[\(index)]"
      case .wildcard: out += "[*]"
      }
    }
    return out
  }

  /// By byte: every finding writes its path, and the policies' paths are matched by text.
  static func isIdentifier(_ name: String) -> Bool {
    guard let first = name.utf8.first, !Byte.isDigit(first) else { return false }
    return name.utf8.allSatisfy(Byte.isASCIINameByte)
  }

  static func escape(_ key: String) -> String {
    // Most keys have nothing to escape, and replacing in them still splits and joins them.
    guard key.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }) else { return key }
    return key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}

extension Path {
  /// True when a change at `self` touches what `pattern` addresses: it is at or under it, or it
  /// is an ancestor of it (removing a whole process removes every step in it).
  public func overlaps(_ pattern: Path) -> Bool {
    let shared = min(segments.count, pattern.segments.count)
    return zip(segments.prefix(shared), pattern.segments.prefix(shared)).allSatisfy { mine, theirs in
      theirs == .wildcard || mine == .wildcard || mine == theirs
    }
  }
}
