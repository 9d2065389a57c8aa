import Hummingbird

/// `/v1` needs `Authorization: Bearer <token>` with one of the service's tokens: 401 otherwise.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
  let tokens: BearerTokens
  let metrics: AdmissionMetrics

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard tokens.accepts(authorization: request.headers[.authorization]) else {
      metrics.request(.unauthorized)
      let missing = request.headers[.authorization] == nil
      return JSONErrorResponse.response(
        .unauthorized, missing ? "missing Authorization: Bearer token" : "the bearer token is not accepted")
    }
    return try await next(request, context)
  }
}
