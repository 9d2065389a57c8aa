/// The formats `--format` and `--output FORMAT=FILE` take.
public enum ReportFormat: String, Sendable, CaseIterable {
  case text
  case parseable
  case json
  case sarif
  case junit
  case github
}
