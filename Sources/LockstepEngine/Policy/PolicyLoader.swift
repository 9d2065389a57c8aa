import LockstepModel
import Yams

/// Loads every policy document (`*.yaml`, `*.yml`, several documents a file) under a folder and
/// checks it completely: unknown fields, duplicate rule ids, paths that can never match,
/// expressions and regular expressions that do not compile, exceptions that waive mandatory or
/// unknown rules. Any error refuses the whole set: half a policy set is never enforced.
public struct PolicyLoader: Sendable {
  public var tree: any SourceTree

  public init(tree: any SourceTree = DiskTree()) {
    self.tree = tree
  }

  /// `withTests: false` leaves out `tests/` folders: enforcing never needs the PolicyTests, and
  /// parsing them would cost every pre-commit run.
  public func load(folder: String, withTests: Bool = true) -> Result<PolicySet, PolicyLoadErrors> {
    guard tree.isDirectory(folder) else {
      return .failure(
        PolicyLoadErrors([
          PolicyLoadError(file: folder, line: 1, column: 1, message: "the policies folder does not exist")
        ]))
    }
    var documents = DocumentCollector()
    var contents: [(path: String, bytes: [UInt8])] = []
    for file in yamlFiles(under: folder, withTests: withTests) {
      guard case .bytes(let bytes) = tree.read(file, limit: 16 * 1024 * 1024) else {
        documents.errors.append(PolicyLoadError(file: file, line: 1, column: 1, message: "cannot read the file"))
        continue
      }
      contents.append((file, bytes))
      documents.read(bytes, file: file)
    }
    var set = documents.finish()
    set?.revision = PolicyRevision.of(contents)
    set?.files = contents.map(\.path)
    guard let set, documents.errors.isEmpty else { return .failure(PolicyLoadErrors(documents.errors)) }
    return .success(set)
  }

  func yamlFiles(under folder: String, withTests: Bool) -> [String] {
    (tree.entries(of: folder) ?? []).flatMap { entry -> [String] in
      let path = join(folder, entry.name)
      if entry.name.hasPrefix(".") || (!withTests && entry.isDirectory && entry.name == "tests") { return [] }
      if entry.isDirectory { return yamlFiles(under: path, withTests: withTests) }
      return entry.name.hasSuffix(".yaml") || entry.name.hasSuffix(".yml") ? [path] : []
    }
  }
}

/// Every load error of a policy set, in file order.
public struct PolicyLoadErrors: Error, Sendable, CustomStringConvertible {
  public var errors: [PolicyLoadError]

  public init(_ errors: [PolicyLoadError]) {
    self.errors = errors
  }

  public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Parses documents one by one, keeping every error, then cross-checks the set.
struct DocumentCollector {
  var errors: [PolicyLoadError] = []
  var policies: [Policy] = []
  var assignments: [(Assignment, RuleOrigin)] = []
  var exceptions: [(PolicyException, [Yams.Node])] = []
  var tests: [PolicyTestCase] = []

  static let kinds = ["Policy", "Assignment", "Exception", "PolicyTest"]

  mutating func read(_ bytes: [UInt8], file: String) {
    let reader = YAMLReader(file: file)
    do {
      guard let text = String(validating: bytes, as: UTF8.self) else {
        throw PolicyLoadError(file: file, line: 1, column: 1, message: "the file is not UTF-8")
      }
      let parser = try Yams.Parser(yaml: text)
      while let node = try parser.nextRoot() {
        do throws(PolicyLoadError) {
          try readDocument(node, reader: reader)
        } catch {
          errors.append(error)
        }
      }
    } catch let error as PolicyLoadError {
      errors.append(error)
    } catch {
      let mark = Self.mark(of: error)
      errors.append(
        PolicyLoadError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(error)"))
    }
  }

  static func mark(of error: any Error) -> (line: Int, column: Int) {
    switch error as? YamlError {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): (mark.line, mark.column)
    default: (1, 1)
    }
  }

  mutating func readDocument(_ node: Yams.Node, reader: YAMLReader) throws(PolicyLoadError) {
    let document = try reader.mapping(
      node, of: "a policy document", allowed: ["apiVersion", "kind", "metadata", "spec"],
      required: ["apiVersion", "kind", "metadata"])
    guard let versionNode = document["apiVersion"], try reader.string(versionNode, "apiVersion") == "lockstep/v1" else {
      throw reader.error("apiVersion must be lockstep/v1", at: document["apiVersion"] ?? node)
    }
    let kindNode = document["kind"] ?? node
    let kind = try reader.string(kindNode, "kind")
    let metadata = try PolicyMetadata(document["metadata"] ?? node, reader: reader)
    switch kind {
    case "Policy":
      policies.append(try PolicyDocumentReader(reader: reader, metadata: metadata).policy(document["spec"], at: node))
    case "Assignment":
      assignments.append(
        (
          try AssignmentReader(reader: reader).assignment(document["spec"], name: metadata.name, at: node),
          origin(node, reader, metadata.name)
        ))
    case "Exception":
      exceptions.append(try ExceptionReader(reader: reader).exception(document["spec"], name: metadata.name, at: node))
    case "PolicyTest":
      tests.append(try PolicyTestReader(reader: reader).testCase(document["spec"], name: metadata.name, at: node))
    default:
      throw reader.error("unknown kind `\(kind)`; expected one of \(Self.kinds.joined(separator: ", "))", at: kindNode)
    }
  }

  func origin(_ node: Yams.Node, _ reader: YAMLReader, _ name: String) -> RuleOrigin {
    RuleOrigin(file: reader.file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, policy: name)
  }

  /// Cross-document checks, once every document is read.
  mutating func finish() -> PolicySet? {
    var seen: [String: RuleOrigin] = [:]
    for rule in policies.flatMap(\.rules) {
      if let first = seen[rule.id.lowercased()] {
        errors.append(
          PolicyLoadError(
            file: rule.origin.file, line: rule.origin.line, column: rule.origin.column,
            message:
              "rule id \(rule.id) is already used at \(first.file):\(first.line) (ids are unique across the loaded policies)"
          ))
      } else {
        seen[rule.id.lowercased()] = rule.origin
      }
    }
    let rules = Dictionary(
      policies.flatMap(\.rules).map { ($0.id.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    for (exception, ruleNodes) in exceptions {
      for (id, node) in zip(exception.rules, ruleNodes) {
        guard let rule = rules[id.lowercased()] else {
          errors.append(
            PolicyLoadError(
              file: exception.origin.file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
              message: "exception \(exception.name) names rule \(id), which no loaded policy has"))
          continue
        }
        if rule.mandatory {
          errors.append(
            PolicyLoadError(
              file: exception.origin.file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
              message: "exception \(exception.name) names \(id), a mandatory rule: mandatory rules cannot be waived"))
        }
      }
    }
    if assignments.count > 1, let second = assignments.dropFirst().first {
      errors.append(
        PolicyLoadError(
          file: second.1.file, line: second.1.line, column: second.1.column,
          message: "a second Assignment (\(second.0.name)): one Assignment decides the models, first match wins"))
    }
    for test in tests {
      for expectation in test.expected
      where rules[expectation.rule.lowercased()] == nil && !expectation.rule.hasPrefix("LS") {
        errors.append(
          PolicyLoadError(
            file: test.file, line: 1, column: 1,
            message: "policy test \(test.name) expects rule \(expectation.rule), which no loaded policy has"))
      }
    }
    guard errors.isEmpty else { return nil }
    var set = PolicySet(
      policies: policies, assignment: assignments.first?.0 ?? .failClosed, exceptions: exceptions.map(\.0),
      revision: "", files: [])
    set.tests = tests
    return set
  }
}

struct PolicyMetadata {
  var name: String
  var title: String?
  var owner: String?
  var contact: String?

  init(_ node: Yams.Node, reader: YAMLReader) throws(PolicyLoadError) {
    let fields = try reader.mapping(
      node, of: "metadata", allowed: ["name", "title", "owner", "contact", "description"], required: ["name"])
    name = try reader.string(fields["name"] ?? node, "metadata.name")
    title = try reader.optionalString(fields["title"], "metadata.title")
    owner = try reader.optionalString(fields["owner"], "metadata.owner")
    contact = try reader.optionalString(fields["contact"], "metadata.contact")
  }
}
