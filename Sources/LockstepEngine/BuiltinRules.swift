/// The catalogue of Lockstep's own rules, in id order.
public enum BuiltinRules {
  public static let all: [any BuiltinRule] = [
    SyntaxErrorRule(),
    CommentRule(),
    UnreadableFileRule(),
    InvalidEncodingRule(),
    FileTooLargeRule(),
    InvalidResourceDocumentRule(),
    MissingSchemaVersionRule(),
    UnknownFileRule(),
    StepWithoutActionRule(),
    DuplicateLabelRule(),
    UnknownEnumValueRule(),
    DonorPackageStepRule(),
    UndefinedVariableReferenceRule(),
    SecretInPlainVariableRule(),
  ]

  public static func rule(id: String) -> (any BuiltinRule)? {
    all.first { $0.rule.id.matchesIgnoringCase(id) }
  }
}

extension String {
  func matchesIgnoringCase(_ other: String) -> Bool {
    lowercased() == other.lowercased()
  }
}
