import Foundation

/// Where the repository and the workplace's shared reference data sit, found from this file.
public enum TestPaths {
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `../shared` beside the checkout: the real-world corpus and the report schemas.
  public static let shared: URL = packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared")

  public static var corpus: URL? { existing(shared.appendingPathComponent("corpus")) }
  public static var schemas: URL? { existing(shared.appendingPathComponent("schemas")) }

  public static let samples: URL = packageRoot.appendingPathComponent("Samples")

  static func existing(_ url: URL) -> URL? {
    FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// Every file under `root` whose name ends with `suffix`, sorted for stable test output.
  public static func files(under root: URL, suffix: String) -> [URL] {
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
    else { return [] }
    return walker.compactMap { $0 as? URL }
      .filter { $0.lastPathComponent.hasSuffix(suffix) }
      .sorted { $0.path < $1.path }
  }
}

/// A fresh folder under the system's temporary directory, removed by `remove()`.
public struct TemporaryFolder: Sendable {
  public let url: URL

  public init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("lockstep-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  @discardableResult
  public func write(_ relativePath: String, _ contents: String) throws -> URL {
    let file = url.appendingPathComponent(relativePath)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(contents.utf8).write(to: file)
    return file
  }

  public func remove() {
    try? FileManager.default.removeItem(at: url)
  }
}
