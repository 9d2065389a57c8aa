import Foundation
import Hummingbird
import LockstepEngine
import Logging

/// The routes, with the middleware and limits around them. Tests drive this router in process;
/// `buildApplication` puts it behind a listening server.
public func buildRouter(
  service: AdmissionService, tokens: BearerTokens?, maximumBodyBytes: Int, requestTimeout: Duration
) -> Router<BasicRequestContext> {
  let router = Router(context: BasicRequestContext.self)
  router.add(middleware: JSONErrorMiddleware())
  router.get("healthz") { _, _ in JSONResponse.make(#"{"status":"ok"}"# + "\n") }
  router.get("readyz") { _, _ in await readiness(service) }
  router.get("metrics") { _, _ in
    Response(
      status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: service.metrics.exposition())))
  }
  let v1 = router.group("v1")
  if let tokens { v1.add(middleware: BearerAuthMiddleware(tokens: tokens, metrics: service.metrics)) }
  v1.post("admission") { request, _ in
    try await bounded(requestTimeout) {
      let body = request.body
      let bytes = try await body.collect(upTo: maximumBodyBytes)
      return reply(await service.admit(Array(buffer: bytes)))
    }
  }
  v1.get("decisions") { request, _ in
    try await bounded(requestTimeout) { try await decisions(service, request.uri.queryParameters) }
  }
  v1.post("reload") { _, _ in reload(service) }
  return router
}

/// The handler's work within the request timeout; past it, 503.
func bounded(_ limit: Duration, _ work: @escaping @Sendable () async throws -> Response) async throws -> Response {
  switch await Deadline.run(within: limit, work) {
  case .success(let response): return response
  case .failure(let error as Deadline.Exceeded):
    return JSONErrorResponse.response(.serviceUnavailable, "no response within \(error.limit)")
  case .failure(let error): throw error
  }
}

func reply(_ reply: AdmissionService.Reply) -> Response {
  switch reply {
  case .decision(let json): JSONResponse.make(json)
  case .badRequest(let message): JSONErrorResponse.response(.badRequest, message)
  case .conflict(let message): JSONErrorResponse.response(.conflict, message)
  case .unavailable(let message): JSONErrorResponse.response(.serviceUnavailable, message)
  }
}

/// Ready when the audit trail answers: a decision that cannot be recorded is never given.
func readiness(_ service: AdmissionService) async -> Response {
  do {
    _ = try await service.audit.query(AuditQuery(limit: 1))
    let revision = service.policies.policies.revision
    return JSONResponse.make(AdmissionJSON.encode(["status": "ready", "policyRevision": revision]))
  } catch {
    return JSONErrorResponse.response(.serviceUnavailable, "the audit store is not available: \(error)")
  }
}

/// `POST /v1/reload`: a refused set answers 422 with every error; the old set keeps serving.
func reload(_ service: AdmissionService) -> Response {
  switch service.policies.reload() {
  case .success(let set):
    service.metrics.reload(succeeded: true)
    return JSONResponse.make(AdmissionJSON.encode(["status": "reloaded", "policyRevision": set.revision]))
  case .failure(let errors):
    service.metrics.reload(succeeded: false)
    return JSONErrorResponse.response(
      .unprocessableContent,
      "the policies in \(service.policies.folder) cannot be used; still serving revision \(service.policies.policies.revision)",
      errors: errors.errors.map(\.description))
  }
}

/// `GET /v1/decisions?resource=&actor=&allowed=&since=&until=&limit=&before=`.
func decisions(_ service: AdmissionService, _ parameters: Parameters) async throws -> Response {
  let query: AuditQuery
  do {
    query = try AuditQuery(parameters: parameters)
  } catch {
    return JSONErrorResponse.response(.badRequest, error.description)
  }
  do {
    return JSONResponse.make(AdmissionJSON.encode(try await service.audit.query(query)))
  } catch let error as AuditStoreError where error.description.hasPrefix("invalid cursor") {
    return JSONErrorResponse.response(.badRequest, error.description)
  }
}

extension AuditQuery {
  init(parameters: Parameters) throws(AdmissionRequestError) {
    func text(_ name: String) -> String? { parameters.get(name) }
    func date(_ name: String) throws(AdmissionRequestError) -> Date? {
      guard let value = text(name) else { return nil }
      guard let date = Timestamp.date(value) else {
        throw AdmissionRequestError("\(name)=\(value) is not an ISO 8601 time such as 2026-11-23T10:00:00Z")
      }
      return date
    }
    var allowed: Bool?
    switch text("allowed") ?? text("outcome") {
    case nil: allowed = nil
    case "true", "allowed": allowed = true
    case "false", "denied": allowed = false
    case let other?: throw AdmissionRequestError("allowed=\(other) must be true or false (or outcome=allowed|denied)")
    }
    var limit = AuditQuery.defaultLimit
    if let value = text("limit") {
      guard let number = Int(value), number > 0 else {
        throw AdmissionRequestError("limit=\(value) must be a positive number")
      }
      limit = number
    }
    self.init(
      resource: text("resource"), actor: text("actor"), allowed: allowed, since: try date("since"),
      until: try date("until"), limit: limit, before: text("before"))
  }
}
