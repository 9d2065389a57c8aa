import OCL
import Yams

/// Reads an Octopus REST API resource as exported (`GET /api/spaces/{id}`,
/// `GET /api/{space}/projects/{id}`), in JSON or YAML, into the document model with positions.
public struct ResourceDocumentLoader: Sendable {
  public var tree: any SourceTree
  public var sizeLimit: Int

  public init(tree: any SourceTree = DiskTree(), sizeLimit: Int = OCLFileLoader.defaultSizeLimit) {
    self.tree = tree
    self.sizeLimit = sizeLimit
  }

  /// The resource, or nil with the reason in `problems`.
  public func load(_ path: String, problems: inout [LoadProblem]) -> Resource? {
    guard let bytes = tree.read(path, limit: sizeLimit, problems: &problems) else { return nil }
    return parse(bytes, file: path, problems: &problems)
  }

  public func parse(_ bytes: [UInt8], file: String, problems: inout [LoadProblem]) -> Resource? {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      problems.append(.invalidDocument(file: file, message: "the file is not valid UTF-8", line: 1, column: 1))
      return nil
    }
    let yamlNode: Yams.Node
    do {
      guard let composed = try Yams.compose(yaml: text) else {
        problems.append(.invalidDocument(file: file, message: "the document is empty", line: 1, column: 1))
        return nil
      }
      yamlNode = composed
    } catch {
      let (line, column) = Self.position(of: error)
      problems.append(.invalidDocument(file: file, message: Self.message(of: error), line: line, column: column))
      return nil
    }
    let converter = YamlConverter(file: file, lineOffsets: Self.lineOffsets(bytes))
    let root = converter.node(yamlNode)
    guard let kind = Self.kind(of: root) else {
      problems.append(
        .invalidDocument(
          file: file,
          message:
            "not an Octopus Space or Project resource: expected `SpaceManagersTeams` (a Space) or `ProjectGroupId` (a Project)",
          line: yamlNode.mark?.line ?? 1, column: yamlNode.mark?.column ?? 1))
      return nil
    }
    let identity = ResourceIdentity(
      space: kind == .space ? root[field: "Name"]?.string ?? "" : root[field: "SpaceId"]?.string ?? "",
      project: kind == .project ? root[field: "Slug"]?.string ?? root[field: "Name"]?.string ?? "" : "",
      projectGroup: root[field: "ProjectGroupId"]?.string ?? "")
    let tree = kind == .project ? Node(.object([Field("api", root)])) : root
    return Resource(kind: kind, identity: identity, root: tree)
  }

  static func kind(of root: Node) -> ResourceKind? {
    if root[field: "ProjectGroupId"] != nil || root[field: "DeploymentProcessId"] != nil { return .project }
    if root[field: "SpaceManagersTeams"] != nil || root[field: "TaskQueueStopped"] != nil { return .space }
    return nil
  }

  static func lineOffsets(_ bytes: [UInt8]) -> [Int] {
    var offsets = [0]
    for (index, byte) in bytes.enumerated() where byte == 0x0A { offsets.append(index + 1) }
    return offsets
  }

  static func position(of error: any Error) -> (Int, Int) {
    switch error as? YamlError {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return (mark.line, mark.column)
    default:
      return (1, 1)
    }
  }

  static func message(of error: any Error) -> String {
    switch error as? YamlError {
    case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
      .composer(let context, let problem, _, _):
      return [context?.text, problem].compactMap { $0 }.joined(separator: " ")
    case .duplicatedKeysInMapping(let duplicates, _):
      return "duplicate keys: \(duplicates.joined(separator: ", "))"
    default:
      return "\(error)"
    }
  }
}

private struct YamlConverter {
  let file: String
  let lineOffsets: [Int]

  func location(_ mark: Yams.Mark?) -> SourceLocation? {
    guard let mark else { return nil }
    let lineStart = lineOffsets.indices.contains(mark.line - 1) ? lineOffsets[mark.line - 1] : 0
    let span = SourceSpan(
      offset: lineStart + mark.column - 1, length: 0, line: mark.line, column: mark.column,
      endLine: mark.line, endColumn: mark.column)
    return SourceLocation(file: file, span: span)
  }

  func node(_ yaml: Yams.Node) -> Node {
    switch yaml {
    case .mapping(let mapping):
      let fields = mapping.map { pair in Field(pair.key.string ?? "\(pair.key)", node(pair.value)) }
      return Node(.object(fields), location: location(mapping.mark))
    case .sequence(let sequence):
      return Node(.array(sequence.map(node)), location: location(sequence.mark))
    case .scalar(let scalar):
      return Node(value(scalar, yaml), location: location(scalar.mark))
    case .alias(let alias):
      return Node(.string(alias.anchor.rawValue), location: location(alias.mark))
    }
  }

  /// Quoted scalars are strings; plain ones resolve as JSON and YAML 1.2 core do.
  func value(_ scalar: Yams.Node.Scalar, _ yaml: Yams.Node) -> NodeValue {
    guard scalar.style == .plain else { return .string(scalar.string) }
    if yaml.null != nil { return .null }
    if let flag = yaml.bool { return .bool(flag) }
    if let number = yaml.int { return .integer(number) }
    if yaml.float != nil { return .decimal(scalar.string) }
    return .string(scalar.string)
  }
}
