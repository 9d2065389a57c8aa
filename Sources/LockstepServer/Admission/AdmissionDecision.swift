import LockstepEngine

/// A decided request: allowed or denied, with the findings that say why and the policy revision it
/// was decided under. A deny is a finding that denies and is neither waived nor baselined.
public struct AdmissionDecision: Sendable {
  public var uid: String
  public var allowed: Bool
  public var findings: [Finding]
  public var policyRevision: String
  public var status: AdmissionResponse.Status

  public init(request: AdmissionRequest, findings: [Finding], policyRevision: String) {
    uid = request.uid
    self.findings = findings
    self.policyRevision = policyRevision
    let denying = findings.filter { $0.fails(at: .error) }
    allowed = denying.isEmpty
    let rules = Array(Set(denying.map(\.ruleID))).sorted().joined(separator: ", ")
    status =
      allowed
      ? .init(code: 200, message: "allowed under policy revision \(policyRevision)")
      : .init(
        code: 403,
        message: "denied: \(denying.count) finding\(denying.count == 1 ? "" : "s") deny the edit (\(rules))")
  }

  /// Evaluation itself failed: denied (fail closed), or allowed when the operator chose `--fail-open`.
  public init(failedRequest uid: String, reason: String, policyRevision: String, failOpen: Bool) {
    self.uid = uid
    findings = []
    self.policyRevision = policyRevision
    allowed = failOpen
    status = .init(
      code: 500,
      message:
        "evaluation failed (\(reason)); \(failOpen ? "allowed: the service fails open" : "denied: the service fails closed")"
    )
  }

  /// Short lines for the findings that warn (the JSON report's findings carry the detail).
  public var warnings: [String] {
    findings.filter { $0.isActive && $0.enforcement == .warn }.map { "\($0.ruleID): \($0.message)" }
  }

  public func response(auditID: String?) -> AdmissionReviewResponse {
    AdmissionReviewResponse(
      response: AdmissionResponse(
        uid: uid, allowed: allowed, status: status, findings: findings, warnings: warnings,
        policyRevision: policyRevision, auditId: auditID))
  }
}
