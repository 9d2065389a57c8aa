import Foundation
import Hummingbird

/// Every error the service answers with, as JSON: `{"error":{"status":400,"message":"…"}}`.
struct JSONErrorResponse: Encodable {
  struct Body: Encodable {
    var status: Int
    var message: String
    /// Every policy load error, for a refused reload.
    var errors: [String]?
  }

  var error: Body

  static func response(_ status: HTTPResponse.Status, _ message: String, errors: [String]? = nil) -> Response {
    let body = JSONErrorResponse(error: Body(status: status.code, message: message, errors: errors))
    var response = JSONResponse.make(AdmissionJSON.encode(body), status: status)
    if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"lockstep\"" }
    return response
  }
}

/// A JSON body with its content type.
enum JSONResponse {
  static func make(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
  }
}

/// Turns any error a handler throws into a JSON error, so no client ever gets an empty 500 or
/// Hummingbird's own error shape.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    do {
      return try await next(request, context)
    } catch let error as HTTPError {
      return JSONErrorResponse.response(error.status, error.body ?? Self.message(for: error.status))
    } catch let error as any HTTPResponseError {
      // Hummingbird's own, such as a body over the limit.
      return JSONErrorResponse.response(error.status, Self.message(for: error.status))
    } catch {
      context.logger.error("request failed", metadata: ["error": "\(error)"])
      return JSONErrorResponse.response(.internalServerError, "internal error")
    }
  }

  static func message(for status: HTTPResponse.Status) -> String {
    switch status {
    case .contentTooLarge: "the request body is too large"
    case .notFound: "no such route"
    case .methodNotAllowed: "method not allowed on this route"
    default: status.reasonPhrase
    }
  }
}
