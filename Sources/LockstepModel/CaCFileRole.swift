/// What a file in a Config-as-Code folder is for.
public enum CaCFileRole: Sendable, Hashable {
  case deploymentProcess
  case deploymentSettings
  case variables
  case schemaVersion
  /// Older repositories keep channels in Git.
  case channels
  case runbook(slug: String)

  /// The field of the project resource that the file becomes.
  public var path: Path {
    switch self {
    case .deploymentProcess: Path([.name("deployment_process")])
    case .deploymentSettings: Path([.name("deployment_settings")])
    case .variables: Path([.name("variables")])
    case .schemaVersion: Path([.name("schema_version")])
    case .channels: Path([.name("channels")])
    case .runbook(let slug): Path([.name("runbooks"), .key(slug)])
    }
  }

  public static let topLevelFiles: [String: CaCFileRole] = [
    "deployment_process.ocl": .deploymentProcess,
    "deployment_settings.ocl": .deploymentSettings,
    "variables.ocl": .variables,
    "schema_version.ocl": .schemaVersion,
    "channels.ocl": .channels,
  ]

  public static let runbooksFolder = "runbooks"

  /// Folders of a Platform Hub repository: checked for syntax, never loaded as projects.
  public static let platformHubFolders: Set<String> = [
    "policies", "process-templates", "project-templates",
  ]
}
