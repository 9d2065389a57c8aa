/// A parsed OCL file: its top-level attributes and blocks, in source order.
public struct OCLDocument: Sendable, Equatable {
  public var body: [OCLElement]

  public init(body: [OCLElement] = []) {
    self.body = body
  }
}

/// One entry of a document or block body.
public enum OCLElement: Sendable, Equatable {
  case attribute(OCLAttribute)
  case block(OCLBlock)

  public var name: String {
    switch self {
    case .attribute(let attribute): attribute.name
    case .block(let block): block.name
    }
  }

  public var span: SourceSpan {
    switch self {
    case .attribute(let attribute): attribute.span
    case .block(let block): block.span
    }
  }
}

/// `name = value`.
public struct OCLAttribute: Sendable, Equatable {
  public var name: String
  public var value: OCLValue
  public var nameSpan: SourceSpan
  public var span: SourceSpan

  public init(name: String, value: OCLValue, nameSpan: SourceSpan, span: SourceSpan) {
    self.name = name
    self.value = value
    self.nameSpan = nameSpan
    self.span = span
  }
}

/// `name "label"* { body }`. Repeated blocks are how OCL writes lists.
public struct OCLBlock: Sendable, Equatable {
  public var name: String
  public var labels: [OCLLabel]
  public var body: [OCLElement]
  public var nameSpan: SourceSpan
  public var span: SourceSpan

  public init(
    name: String, labels: [OCLLabel], body: [OCLElement], nameSpan: SourceSpan, span: SourceSpan
  ) {
    self.name = name
    self.labels = labels
    self.body = body
    self.nameSpan = nameSpan
    self.span = span
  }
}

/// A block label: always a quoted string.
public struct OCLLabel: Sendable, Equatable {
  public var value: String
  public var span: SourceSpan

  public init(value: String, span: SourceSpan) {
    self.value = value
    self.span = span
  }
}

/// One `key = literal` line of a dictionary.
public struct OCLDictionaryEntry: Sendable, Equatable {
  public var key: String
  public var keySpan: SourceSpan
  public var value: OCLValue

  public init(key: String, keySpan: SourceSpan, value: OCLValue) {
    self.key = key
    self.keySpan = keySpan
    self.value = value
  }
}

/// How a string was written. Kept so tools can tell a heredoc from a quoted string; the writer
/// chooses its own form from the content.
public enum OCLStringStyle: Sendable, Equatable {
  case quoted
  case heredoc(tag: String, indented: Bool)
}

public struct OCLValue: Sendable, Equatable {
  public var kind: OCLValueKind
  public var span: SourceSpan

  public init(_ kind: OCLValueKind, span: SourceSpan) {
    self.kind = kind
    self.span = span
  }
}

public enum OCLValueKind: Sendable, Equatable {
  case null
  case bool(Bool)
  case integer(Int)
  /// The literal as written (`-1.50`): OCL decimals are exact, so no binary float stands in for them.
  case decimal(String)
  case string(String, OCLStringStyle)
  case array([OCLValue])
  case dictionary([OCLDictionaryEntry])
}

extension OCLDictionaryEntry {
  /// The order Octopus writes dictionary keys in: ignoring case (every dictionary in the corpus
  /// agrees: `commitId`, `draft`, `Octopus.Action...`, `preRelease`), then ordinal, then as
  /// written, so repeated keys keep their relative order.
  public static func canonicalOrder(_ entries: [OCLDictionaryEntry]) -> [OCLDictionaryEntry] {
    entries.enumerated().sorted { lhs, rhs in
      let left = lhs.element.key.lowercased()
      let right = rhs.element.key.lowercased()
      if left != right { return left.utf8.lexicographicallyPrecedes(right.utf8) }
      if lhs.element.key != rhs.element.key {
        return lhs.element.key.utf8.lexicographicallyPrecedes(rhs.element.key.utf8)
      }
      return lhs.offset < rhs.offset
    }.map(\.element)
  }
}
