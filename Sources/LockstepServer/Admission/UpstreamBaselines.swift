import LockstepModel

/// Where the service finds a request's upstream baseline for `consistent` rules, under its
/// `--upstream DIR`:
/// - DIR itself, when it is one Config-as-Code project folder: every request is compared with it;
/// - otherwise a folder of baselines: `DIR/SPACE/PROJECT` for one project, else
///   `DIR/PROJECT-GROUP` for every project of a group (each either the CaC folder itself or a
///   folder holding `.octopus`);
/// - none, when neither exists: the request has no baseline, as `lockstep lint` without one.
///
/// The lint's `lockstep.yaml` names each project's upstream; a service deciding for a whole
/// fleet needs the same choice per request, by the identity the request carries.
enum UpstreamBaselines {
  static func folder(in root: String, for resource: AdmissionRequest.Resource, tree: any SourceTree = DiskTree())
    -> String?
  {
    let discovery = Discovery(tree: tree)
    if discovery.isProjectFolder(root) { return root }
    var candidates: [[String]] = []
    if let project = resource.project { candidates.append([resource.space, project]) }
    if let group = resource.projectGroup { candidates.append([group]) }
    for names in candidates where names.allSatisfy(isPlainName) {
      let folder = names.reduce(root, join)
      for cac in [folder, join(folder, ".octopus")] where discovery.isProjectFolder(cac) {
        return cac
      }
    }
    return nil
  }

  /// The request's names become folder names only when they cannot lead out of DIR: not empty,
  /// not `.` or `..`, no separator and no NUL.
  static func isPlainName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".."
      && !name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0 == "\0" }
  }
}
