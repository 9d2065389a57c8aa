import LockstepEngine

extension Finding {
  /// For reports that annotate the file as it is now (SARIF, GitHub): a removal's span is in the
  /// base version, so it is annotated at the top of the file and the message says where it was.
  var removalNote: String? {
    guard inBase == true else { return nil }
    guard let span else { return " (removed: in the base version)" }
    return " (removed: at line \(span.line), column \(span.column) of the base version)"
  }
}
