import LockstepEngine
import Synchronization

/// The policy set the service decides with, replaced whole on reload. A reload that fails to load
/// leaves the last good set serving; every decision names the revision it was made under.
public final class PolicyStore: Sendable {
  public let folder: String
  let current: Mutex<PolicySet>
  let load: @Sendable (String) -> Result<PolicySet, PolicyLoadErrors>

  /// Loads the folder now: a service must not start without a valid set.
  public init(
    folder: String,
    load: @escaping @Sendable (String) -> Result<PolicySet, PolicyLoadErrors> = {
      PolicyLoader().load(folder: $0, withTests: false)
    }
  ) throws(PolicyLoadErrors) {
    self.folder = folder
    self.load = load
    current = Mutex(try load(folder).get())
  }

  public var policies: PolicySet { current.withLock { $0 } }

  /// Reads the folder again. On success the new set serves the next request; on failure nothing
  /// changes and the errors say why.
  public func reload() -> Result<PolicySet, PolicyLoadErrors> {
    let result = load(folder)
    if case .success(let set) = result { current.withLock { $0 = set } }
    return result
  }
}
