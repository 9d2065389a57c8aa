import LockstepModel
import OCL

/// What evaluating the policies on one edit gave.
public struct PolicyEvaluation: Sendable {
  /// The resource, as reports name it.
  public var resource = ""
  public var findings: [Finding] = []
  /// Rules whose policy selected the resource, with whether each could be evaluated.
  public var evaluated: [(rule: PolicyRule, applicability: Applicability)] = []
  /// Exceptions that waived at least one finding here.
  public var usedExceptions: Set<String> = []
  /// Exceptions that would have waived a finding here but have expired.
  public var expiredExceptions: Set<String> = []
  /// Exceptions whose selector chose this resource, whether or not they waived anything.
  public var matchedExceptions: Set<String> = []
}

/// Applies a policy set to one edit: selects the policies, runs each rule, caps severities by
/// the resource's responsibility model and marks what exceptions waive.
public struct PolicyEvaluator: Sendable {
  public var policies: PolicySet
  /// Injected so tests decide what "today" is when exceptions expire.
  public var today: CalendarDay

  public init(policies: PolicySet, today: CalendarDay) {
    self.policies = policies
    self.today = today
  }

  public func evaluate(_ edit: Edit) -> PolicyEvaluation {
    var result = PolicyEvaluation(resource: edit.identity.displayName)
    result.matchedExceptions = Set(
      policies.exceptions.filter { $0.match.matches(kind: edit.kind, identity: edit.identity, actor: edit.actor) }.map(
        \.name))
    let model = policies.assignment.model(for: edit)
    let changes =
      edit.hasBase
      ? StructuralDiff.changes(
        from: edit.base ?? Node(.object([])), to: edit.proposed ?? Node(.object([])), skipping: edit.unchanged) : []
    for policy in policies.policies where selects(policy, edit) {
      for rule in policy.rules {
        let applicability = Self.applicability(of: rule, to: edit)
        result.evaluated.append((rule, applicability))
        guard applicability.isApplicable else { continue }
        let context = RuleContext(rule: rule, edit: edit, model: model)
        for finding in context.findings(changes: changes) {
          result.findings.append(waive(finding, rule: rule, edit: edit, result: &result))
        }
      }
    }
    return result
  }

  /// Edit rules need a base to compare with; state rules need a proposed state to look at.
  static func applicability(of rule: PolicyRule, to edit: Edit) -> Applicability {
    guard rule.operations.contains(edit.operation) else {
      let operations = EditOperation.allCases.filter(rule.operations.contains).map(\.rawValue)
      return .notApplicable(
        reason: "the rule applies on \(operations.joined(separator: ", ")); this edit is a \(edit.operation.rawValue)")
    }
    if rule.check.needsBase && !edit.hasBase {
      return .notApplicable(reason: "no base to compare with: lint with --base REF or --staged")
    }
    if !rule.check.needsBase && edit.proposed == nil {
      return .notApplicable(reason: "the edit deletes the resource: there is no proposed state to check")
    }
    return .applicable
  }

  func selects(_ policy: Policy, _ edit: Edit) -> Bool {
    policy.match.matches(kind: edit.kind, identity: edit.identity, actor: edit.actor)
      && !(policy.exclude?.matches(kind: edit.kind, identity: edit.identity, actor: edit.actor) ?? false)
  }

  /// The first exception that covers the finding waives it; an expired one no longer does.
  func waive(_ finding: Finding, rule: PolicyRule, edit: Edit, result: inout PolicyEvaluation) -> Finding {
    guard !rule.mandatory else { return finding }
    for exception in policies.exceptions where covers(exception, finding, rule: rule, edit: edit) {
      guard today <= exception.expires else {
        result.expiredExceptions.insert(exception.name)
        continue
      }
      result.usedExceptions.insert(exception.name)
      var waived = finding
      waived.suppression = Suppression(
        exception: exception.name, reason: exception.reason, ticket: exception.ticket,
        approvedBy: exception.approvedBy, expires: exception.expires.description)
      return waived
    }
    return finding
  }

  func covers(_ exception: PolicyException, _ finding: Finding, rule: PolicyRule, edit: Edit) -> Bool {
    guard exception.rules.contains(where: { $0.lowercased() == rule.id.lowercased() }),
      exception.match.matches(kind: edit.kind, identity: edit.identity, actor: edit.actor)
    else { return false }
    guard !exception.paths.isEmpty else { return true }
    guard let text = finding.path, let path = try? Path(parsing: text) else { return false }
    return exception.paths.contains { path.isAtOrUnder($0) }
  }
}
