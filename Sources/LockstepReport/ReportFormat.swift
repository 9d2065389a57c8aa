/// The formats `--format` and `--output FORMAT=FILE` take.
public enum ReportFormat: String, Sendable, CaseIterable {
  case text
  case json
}
