import ArgumentParser
import LockstepEngine
import LockstepModel

/// `--policies DIR`, shared by every command that loads policies: the folder named, else
/// `policies:` of the nearest lockstep.yaml, else `./Policies` when it holds documents.
struct PolicySource: ParsableArguments {
  @Option(help: "Folder of policy documents (default: `policies:` of lockstep.yaml, else ./Policies).")
  var policies: String?

  static func config(near path: String, tree: any SourceTree = DiskTree()) throws -> RepositoryConfig? {
    do {
      return try RepositoryConfig.find(from: path, tree: tree)
    } catch {
      throw UsageError(message: error.description)
    }
  }

  func folder(config: RepositoryConfig?) -> String? {
    if let policies { return policies }
    if let configured = config?.policies { return configured }
    let fallback = "Policies"
    let documents = (DiskTree().entries(of: fallback) ?? []).contains {
      $0.isDirectory || $0.name.hasSuffix(".yaml") || $0.name.hasSuffix(".yml")
    }
    return documents ? fallback : nil
  }

  /// The loaded set, nil when there is no policies folder, or a usage error listing every load error.
  func load(config: RepositoryConfig?, withTests: Bool = false) throws -> PolicySet? {
    guard let folder = folder(config: config) else { return nil }
    switch PolicyLoader().load(folder: folder, withTests: withTests) {
    case .success(let set): return set
    case .failure(let errors):
      throw UsageError(message: "the policies in \(folder) cannot be used:\n" + errors.description)
    }
  }
}
