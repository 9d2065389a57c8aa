import Foundation
import LockstepEngine
import LockstepModel
import TestSupport
import Testing

/// The rules and the policy engine on damaged input: seeded mutations of a real project and of
/// the default policy pack never crash; broken policies are refused with positioned errors.
@Suite struct EngineRobustnessTests {
  static let noise: [UInt8] = Array("{}[]\"'=:-*#|&!()\n \t.0123456789abcXYZ".utf8)

  static func mutate(_ text: String, _ random: inout SeededRandom) -> String {
    var bytes = Array(text.utf8)
    for _ in 0..<(1 + random.below(3)) where !bytes.isEmpty {
      let position = random.below(bytes.count)
      switch random.below(3) {
      case 0: bytes[position] = noise[random.below(noise.count)]
      case 1: bytes.remove(at: position)
      default: bytes.insert(noise[random.below(noise.count)], at: position)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func texts(in folder: URL, suffix: String) -> [String: String] {
    Dictionary(
      uniqueKeysWithValues: TestPaths.files(under: folder, suffix: suffix).compactMap { url in
        (try? String(contentsOf: url, encoding: .utf8)).map { (String(url.path.dropFirst(folder.path.count + 1)), $0) }
      })
  }

  @Test func mutatedProjectsAreLintedAndEvaluatedWithoutCrashing() throws {
    let project = Self.texts(in: TestPaths.samples.appendingPathComponent("edits/denied/base/.octopus"), suffix: ".ocl")
    let policies = try PolicyLoader().load(folder: TestPaths.packageRoot.appendingPathComponent("Policies").path).get()
    var random = SeededRandom(seed: 42)
    for round in 0..<150 {
      var files = project
      let name = files.keys.sorted()[round % files.count]
      files[name] = Self.mutate(files[name] ?? "", &random)
      let tree = InMemoryTree(texts: Dictionary(uniqueKeysWithValues: files.map { ("p/.octopus/" + $0.key, $0.value) }))
      let loaded = ProjectLoader(files: OCLFileLoader(tree: tree)).load(folder: "p/.octopus")
      _ = Linter(tree: tree).lint(LintSubject(project: loaded, tree: tree))
      let edit = Edit(
        kind: .project, identity: ResourceIdentity(space: "payments", project: "p", projectGroup: "golden-path"),
        base: loaded.resource.root, proposed: loaded.resource.root, upstream: loaded.resource.root)
      _ = PolicyEvaluator(policies: policies, today: CalendarDay(year: 2026, month: 11, day: 23)).evaluate(edit)
    }
  }

  @Test func mutatedPoliciesLoadOrAreRefusedWithAPosition() {
    let pack = Self.texts(in: TestPaths.packageRoot.appendingPathComponent("Policies"), suffix: ".yaml")
    var random = SeededRandom(seed: 7)
    var refused = 0
    for round in 0..<200 {
      var files = pack
      let name = files.keys.sorted()[round % files.count]
      files[name] = Self.mutate(files[name] ?? "", &random)
      let tree = InMemoryTree(texts: Dictionary(uniqueKeysWithValues: files.map { ("pol/" + $0.key, $0.value) }))
      if case .failure(let errors) = PolicyLoader(tree: tree).load(folder: "pol") {
        refused += 1
        #expect(errors.errors.allSatisfy { $0.line >= 1 && $0.column >= 1 && !$0.message.isEmpty })
      }
    }
    #expect(refused > 25, "most mutations should break a document; \(refused) did")
  }
}
