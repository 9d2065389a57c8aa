import Foundation
import LockstepModel
import OCL

extension AdmissionReview {
  /// Decodes and checks a request body: the envelope, the operation against the sides given, and
  /// every OCL file name. Limits bound the work one request can cause.
  public static func decode(_ body: [UInt8], limits: AdmissionLimits = AdmissionLimits()) throws(AdmissionRequestError)
    -> AdmissionReview
  {
    let review: AdmissionReview
    if let read = AdmissionReviewReader.read(body) {
      review = read
    } else {
      review = try decodeWithFoundation(body)
    }
    try review.validate(limits: limits)
    return review
  }

  /// The definition of a request, and the explanation of a body that is not one.
  static func decodeWithFoundation(_ body: [UInt8]) throws(AdmissionRequestError) -> AdmissionReview {
    do {
      return try JSONDecoder().decode(AdmissionReview.self, from: Data(body))
    } catch {
      throw AdmissionRequestError(decoding: error)
    }
  }

  func validate(limits: AdmissionLimits) throws(AdmissionRequestError) {
    guard apiVersion == Self.apiVersion else {
      throw AdmissionRequestError("apiVersion must be \"\(Self.apiVersion)\", not \"\(apiVersion)\"")
    }
    guard kind == Self.kind else { throw AdmissionRequestError("kind must be \"\(Self.kind)\", not \"\(kind)\"") }
    try request.validate(limits: limits)
  }
}

extension AdmissionRequest {
  func validate(limits: AdmissionLimits) throws(AdmissionRequestError) {
    guard !uid.isEmpty, uid.utf8.count <= 128 else {
      throw AdmissionRequestError("request.uid must be 1 to 128 characters")
    }
    guard ResourceKind(rawValue: resource.kind) != nil else {
      throw AdmissionRequestError("request.resource.kind must be Project or Space, not \"\(resource.kind)\"")
    }
    if resource.kind == ResourceKind.project.rawValue && (resource.project ?? "").isEmpty {
      throw AdmissionRequestError("request.resource.project is required for a Project")
    }
    switch (operation, base, proposed) {
    case (.create, nil, .some), (.update, .some, .some), (.delete, .some, nil): break
    case (.create, _, _): throw AdmissionRequestError("a CREATE has `proposed` and no `base`")
    case (.update, _, _): throw AdmissionRequestError("an UPDATE has both `base` and `proposed`")
    case (.delete, _, _): throw AdmissionRequestError("a DELETE has `base` and no `proposed`")
    }
    if case .ocl = base, case .json = proposed {
      throw AdmissionRequestError("base and proposed must both be ocl or both json")
    }
    if case .json = base, case .ocl = proposed {
      throw AdmissionRequestError("base and proposed must both be ocl or both json")
    }
    if case .ocl = proposed ?? base, resource.kind != ResourceKind.project.rawValue {
      throw AdmissionRequestError("only a Project has Config-as-Code files; send a Space as `json`")
    }
    try Self.check(base, side: "base", limits: limits)
    try Self.check(proposed, side: "proposed", limits: limits)
  }

  static func check(_ document: AdmissionDocument?, side: String, limits: AdmissionLimits)
    throws(AdmissionRequestError)
  {
    guard case .ocl(let files) = document else { return }
    guard files.count <= limits.maximumFiles else {
      throw AdmissionRequestError("request.\(side).ocl has \(files.count) files; at most \(limits.maximumFiles)")
    }
    for (name, text) in files {
      guard CaCFileName.isKnown(name) else {
        throw AdmissionRequestError(
          "request.\(side).ocl: \"\(name)\" is not a Config-as-Code file name (known: \(CaCFileName.known), runbooks/SLUG.ocl)"
        )
      }
      guard text.utf8.count <= limits.maximumFileBytes else {
        throw AdmissionRequestError(
          "request.\(side).ocl[\"\(name)\"] is \(text.utf8.count) bytes; at most \(limits.maximumFileBytes)")
      }
    }
  }
}

/// What one request may hold, so one request cannot make the service do unbounded work.
public struct AdmissionLimits: Sendable {
  /// The largest request body read: 413 from the service above it.
  public static let defaultBodyBytes = 32 * 1024 * 1024

  public var maximumFiles: Int
  public var maximumFileBytes: Int

  public init(maximumFiles: Int = 200, maximumFileBytes: Int = OCLFileLoader.defaultSizeLimit) {
    self.maximumFiles = maximumFiles
    self.maximumFileBytes = maximumFileBytes
  }
}

/// The names an OCL file of a request may have: a CaC file of a project folder, never a path.
enum CaCFileName {
  static var known: String { CaCFileRole.topLevelFiles.keys.sorted().joined(separator: ", ") }

  static func isKnown(_ name: String) -> Bool {
    if CaCFileRole.topLevelFiles[name] != nil { return true }
    let prefix = CaCFileRole.runbooksFolder + "/"
    guard name.hasPrefix(prefix), name.hasSuffix(".ocl") else { return false }
    let slug = name.dropFirst(prefix.count).dropLast(".ocl".count)
    return !slug.isEmpty && slug.utf8.count <= 100 && slug.utf8.allSatisfy(isSlugByte)
  }

  /// A name byte or `-`; by byte, since Unicode's properties cost a table lookup per character
  /// on every request.
  static func isSlugByte(_ byte: UInt8) -> Bool {
    Byte.isASCIINameByte(byte) || byte == UInt8(ascii: "-")
  }

}
