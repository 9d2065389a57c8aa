import Yams

/// Reads policy YAML with positions: every accessor says which key or value was wrong and where,
/// and a mapping with a field it does not know is an error, not something silently ignored.
struct YAMLReader {
  let file: String

  func error(_ message: String, at node: Yams.Node) -> PolicyLoadError {
    PolicyLoadError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
  }

  /// The mapping's values by key, after checking every key is allowed and every required one is there.
  func mapping(
    _ node: Yams.Node, of what: String, allowed: Set<String>, required: [String] = []
  ) throws(PolicyLoadError) -> Fields {
    guard case .mapping(let mapping) = node else { throw error("\(what) must be a mapping", at: node) }
    var fields = Fields(node: node)
    for (key, value) in mapping {
      guard let name = key.string else { throw error("a key of \(what) must be a string", at: key) }
      guard allowed.contains(name) else {
        let known = allowed.sorted().joined(separator: ", ")
        throw error("unknown field `\(name)` in \(what) (known: \(known))", at: key)
      }
      guard fields.values[name] == nil else { throw error("`\(name)` appears twice in \(what)", at: key) }
      fields.values[name] = value
      fields.keys[name] = key
    }
    for name in required where fields.values[name] == nil {
      throw error("\(what) needs `\(name)`", at: node)
    }
    return fields
  }

  struct Fields {
    let node: Yams.Node
    var values: [String: Yams.Node] = [:]
    var keys: [String: Yams.Node] = [:]

    subscript(_ name: String) -> Yams.Node? { values[name] }
  }

  func string(_ node: Yams.Node, _ what: String) throws(PolicyLoadError) -> String {
    guard case .scalar(let scalar) = node else { throw error("\(what) must be a string", at: node) }
    return scalar.string
  }

  func optionalString(_ node: Yams.Node?, _ what: String) throws(PolicyLoadError) -> String? {
    guard let node else { return nil }
    return try string(node, what)
  }

  /// A list of strings; a single string counts as a list of one.
  func strings(_ node: Yams.Node?, _ what: String) throws(PolicyLoadError) -> [String] {
    guard let node else { return [] }
    switch node {
    case .scalar(let scalar): return [scalar.string]
    case .sequence(let sequence):
      var out: [String] = []
      for element in sequence { out.append(try string(element, "each of \(what)")) }
      return out
    default: throw error("\(what) must be a string or a list of strings", at: node)
    }
  }

  func bool(_ node: Yams.Node?, _ what: String) throws(PolicyLoadError) -> Bool? {
    guard let node else { return nil }
    guard let value = node.bool else { throw error("\(what) must be true or false", at: node) }
    return value
  }

  func integer(_ node: Yams.Node?, _ what: String) throws(PolicyLoadError) -> Int? {
    guard let node else { return nil }
    guard let value = node.int else { throw error("\(what) must be a whole number", at: node) }
    return value
  }

  func sequence(_ node: Yams.Node?, _ what: String) throws(PolicyLoadError) -> [Yams.Node] {
    guard let node else { return [] }
    guard case .sequence(let sequence) = node else { throw error("\(what) must be a list", at: node) }
    return Array(sequence)
  }

  func enumeration<T: RawRepresentable>(_ node: Yams.Node?, _ what: String, as type: T.Type) throws(PolicyLoadError)
    -> T?
  where T.RawValue == String, T: CaseIterable {
    guard let node else { return nil }
    let text = try string(node, what)
    guard let value = T(rawValue: text) else {
      let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
      throw error("\(what) is `\(text)`; expected one of \(choices)", at: node)
    }
    return value
  }
}
