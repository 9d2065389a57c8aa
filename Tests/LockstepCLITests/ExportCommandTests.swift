import Foundation
import TestSupport
import Testing

/// `lockstep export`: the edits lint would judge, as plain JSON another engine can read.
@Suite struct ExportCommandTests {
  static func export(_ arguments: [String]) throws -> (edits: [[String: Any]], result: CommandRunner.Outcome) {
    let result = try CommandRunner.run(["export"] + arguments)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(object?["version"] as? Int == 1)
    return (object?["edits"] as? [[String: Any]] ?? [], result)
  }

  static func labels(_ collection: Any?) -> [String?] {
    (collection as? [[String: Any]] ?? []).map { $0["label"] as? String }
  }

  @Test func anUpdateHasBothSidesTheUpstreamAndTheIdentity() throws {
    let (edits, result) = try Self.export([
      "Samples/edits/denied/proposed", "--base", "Samples/edits/denied/base",
    ])
    #expect(result.status == 0)
    let edit = try #require(edits.first)
    #expect(edits.count == 1)
    #expect(edit["kind"] as? String == "Project")
    #expect(edit["operation"] as? String == "update")
    #expect(edit["hasBase"] as? Bool == true)
    let resource = try #require(edit["resource"] as? [String: Any])
    #expect(resource["space"] as? String == "payments")
    #expect(resource["project"] as? String == "checkout-api")
    #expect(resource["projectGroup"] as? String == "golden-path")
    // The denied edit removes the manual intervention: the proposed side no longer starts with it.
    for (side, first) in [
      ("base", "manual-approval"), ("upstream", "manual-approval"), ("proposed", "deploy-database"),
    ] {
      let process = (edit[side] as? [String: Any])?["deployment_process"] as? [String: Any]
      #expect(Self.labels(process?["step"]).first == first, "\(side)")
    }
    let files = try #require(edit["files"] as? [String: String])
    #expect(files["deployment_process"] == "Samples/edits/denied/proposed/.octopus/deployment_process.ocl")
  }

  /// Collections keep labels and order; a variable's values are unlabelled entries with a `value` field.
  @Test func collectionsAreLabelledEntriesInSourceOrder() throws {
    let (edits, _) = try Self.export(["Samples/projects/checkout-api"])
    let proposed = try #require(edits.first?["proposed"] as? [String: Any])
    let process = try #require(proposed["deployment_process"] as? [String: Any])
    #expect(
      Self.labels(process["step"]) == [
        "manual-approval", "deploy-database", "prepare-namespace", "deploy-web", "smoke-test", "notify",
      ])
    let variables = try #require((proposed["variables"] as? [String: Any])?["variable"] as? [[String: Any]])
    let namespace = try #require(variables.first { $0["label"] as? String == "Project.Kubernetes.Namespace" })
    let values = try #require((namespace["value"] as? [String: Any])?["value"] as? [[String: Any]])
    #expect(values.allSatisfy { $0["label"] is NSNull })
    #expect((values.first?["value"] as? [String: Any])?["value"] as? String == "checkout-dev")
    #expect(edits.first?["hasBase"] as? Bool == false)
    #expect(edits.first?["base"] is NSNull)
  }

  @Test func createAndDeleteHaveOneSide() throws {
    let (created, _) = try Self.export(["Samples/edits/created/proposed", "--base", "Samples/edits/created/base"])
    #expect(created.first?["operation"] as? String == "create")
    #expect(created.first?["base"] is NSNull)
    let (deleted, _) = try Self.export(["Samples/edits/deleted/proposed", "--base", "Samples/edits/deleted/base"])
    #expect(deleted.first?["operation"] as? String == "delete")
    #expect(deleted.first?["proposed"] is NSNull)
    #expect((deleted.first?["base"] as? [String: Any])?["deployment_process"] != nil)
  }

  @Test func aMissingPathIsAUsageError() throws {
    let result = try CommandRunner.run(["export", "Samples/no-such-folder"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("Samples/no-such-folder"))
  }
}
