import Foundation
import LockstepEngine
import TestSupport
import Testing

@testable import LockstepServer

/// `--upstream DIR` on the service: one baseline for every request, or one chosen per request by
/// space/project, then project group.
@Suite struct UpstreamBaselinesTests {
  typealias Fixtures = ServerFixtures

  static func resource(space: String = "payments", project: String? = "checkout-api", group: String? = "golden-path")
    -> AdmissionRequest.Resource
  {
    AdmissionRequest.Resource(kind: "Project", space: space, project: project, projectGroup: group)
  }

  @Test func theFolderIsChosenByProjectThenGroup() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("baselines/payments/checkout-api/schema_version.ocl", "version = 9\n")
    try folder.write("baselines/golden-path/.octopus/schema_version.ocl", "version = 9\n")
    try folder.write("baselines/payments/not-a-project/readme.txt", "no OCL here\n")
    let root = folder.url.appendingPathComponent("baselines").path
    func chosen(_ resource: AdmissionRequest.Resource) -> String? {
      UpstreamBaselines.folder(in: root, for: resource).map { String($0.dropFirst(root.count)) }
    }
    #expect(chosen(Self.resource()) == "/payments/checkout-api")
    #expect(chosen(Self.resource(project: "ledger")) == "/golden-path/.octopus")
    #expect(chosen(Self.resource(project: "not-a-project")) == "/golden-path/.octopus")
    #expect(chosen(Self.resource(project: "ledger", group: "other")) == nil)
    #expect(chosen(Self.resource(project: nil, group: nil)) == nil)
    // Names that could leave the folder are never used, even when what they reach is a project.
    try folder.write("outside/.octopus/schema_version.ocl", "version = 9\n")
    #expect(chosen(Self.resource(space: "..", project: "outside", group: "..")) == nil)
    #expect(chosen(Self.resource(project: "ledger", group: "../outside")) == nil)
    // A project folder given as DIR is every request's baseline.
    let single = folder.url.appendingPathComponent("baselines/golden-path/.octopus").path
    #expect(UpstreamBaselines.folder(in: single, for: Self.resource(group: "other")) == single)
  }

  /// A baseline whose versioning follows another step: the golden-path sample drifts from it
  /// (GP007) whether the service is given that folder or the folder of baselines, and a project
  /// of another group is not compared with it.
  @Test func aRequestIsJudgedAgainstItsGroupsBaseline() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let baselines = folder.url.appendingPathComponent("baselines")
    let golden = baselines.appendingPathComponent("golden-path")
    try FileManager.default.createDirectory(at: baselines, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: TestPaths.samples.appendingPathComponent("upstream/golden-path"), to: golden)
    let settings = golden.appendingPathComponent(".octopus/deployment_settings.ocl")
    let text = try String(contentsOf: settings, encoding: .utf8)
    try Data(text.replacingOccurrences(of: #"step = "deploy-web""#, with: #"step = "deploy-api""#).utf8)
      .write(to: settings)

    var (request, policies) = try Fixtures.request("allowed")
    func drift(_ upstream: String?) -> [String] {
      AdmissionDecider(policies: policies, today: Fixtures.today, upstream: upstream).decide(request).findings
        .filter { $0.ruleID == "GP007" }.map { $0.path ?? "" }
    }
    let expected = ["deployment_settings.versioning_strategy"]
    #expect(drift(baselines.path) == expected)
    #expect(drift(golden.appendingPathComponent(".octopus").path) == expected)
    #expect(drift(nil) == [])
    request.resource.projectGroup = "other"
    request.resource.project = "ledger"
    #expect(drift(baselines.path) == [])
  }
}
