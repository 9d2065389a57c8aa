extension DecodingError.Context {
  /// Where in a JSON document a decoding error is, as a path (`.findings[0].rule`); empty at the top.
  public var jsonPath: String {
    codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
  }
}
