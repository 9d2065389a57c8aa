/// Everything `lockstep rules` and `lockstep explain` show about a built-in rule, and the examples
/// its tests run.
public struct RuleDescription: Sendable {
  public var id: String
  public var title: String
  public var severity: Severity
  /// Why the rule exists: what breaks, or what risk it guards against.
  public var rationale: String
  /// Findings of a mandatory rule always fail the run: a file Octopus cannot read is never a warning.
  public var mandatory: Bool
  public var violating: [RuleExample]
  public var nonViolating: [RuleExample]

  public init(
    id: String, title: String, severity: Severity, rationale: String, mandatory: Bool = false,
    violating: [RuleExample], nonViolating: [RuleExample]
  ) {
    self.id = id
    self.title = title
    self.severity = severity
    self.rationale = rationale
    self.mandatory = mandatory
    self.violating = violating
    self.nonViolating = nonViolating
  }
}

/// A small CaC project (file name in `.octopus/` to content). In a violating example, `↓` marks
/// where each finding of the rule must start; the marker is removed before linting.
public struct RuleExample: Sendable {
  public static let marker: Character = "↓"

  public var files: [String: String]

  public init(_ files: [String: String], schemaVersion: Bool = true) {
    var files = files
    if schemaVersion && files["schema_version.ocl"] == nil {
      files["schema_version.ocl"] = "version = 10"
    }
    self.files = files
  }

  /// A project with one deployment process file.
  public static func process(_ text: String) -> RuleExample {
    RuleExample(["deployment_process.ocl": text])
  }

  /// The files without markers, and each marker's file, line and column.
  public func unmarked() -> (files: [String: String], markers: [(file: String, line: Int, column: Int)]) {
    var clean: [String: String] = [:]
    var markers: [(String, Int, Int)] = []
    for (name, text) in files {
      var line = 1
      var column = 1
      var out = ""
      for character in text {
        if character == Self.marker {
          markers.append((name, line, column))
          continue
        }
        out.append(character)
        if character == "\n" {
          line += 1
          column = 1
        } else {
          column += character.unicodeScalars.count
        }
      }
      clean[name] = out
    }
    return (clean, markers.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) })
  }
}
