import ArgumentParser
import LockstepServer

/// `--audit-retention 90d`, `--older-than 36h`.
extension AuditRetention: ExpressibleByArgument {
  public init?(argument: String) {
    self.init(argument)
  }
}
