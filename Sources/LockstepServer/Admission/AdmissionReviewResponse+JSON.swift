import LockstepReport

extension AdmissionReviewResponse {
  /// The reply as `AdmissionJSON.encode` writes it (pretty-printed, keys sorted), byte for byte,
  /// written directly: every decision writes one, and `JSONEncoder` spent more on a 2 KB answer
  /// than the service spends writing it to the audit trail.
  public var json: String {
    var json = JSONWriter(.pretty)
    json.beginObject()
    json.field("apiVersion", apiVersion)
    json.field("kind", kind)
    json.key("response")
    write(response, into: &json)
    json.endObject()
    return json.text + "\n"
  }

  func write(_ response: AdmissionResponse, into json: inout JSONWriter) {
    json.beginObject()
    json.field("allowed", response.allowed)
    json.field("auditId", response.auditId)
    json.key("findings")
    FindingJSON.write(response.findings, into: &json)
    json.field("policyRevision", response.policyRevision)
    json.key("status")
    json.beginObject()
    json.field("code", response.status.code)
    json.field("message", response.status.message)
    json.endObject()
    json.field("uid", response.uid)
    json.field("warnings", strings: response.warnings)
    json.endObject()
  }
}
