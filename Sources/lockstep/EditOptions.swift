import ArgumentParser
import Foundation
import LockstepEngine
import LockstepModel

/// The flags that say what an edit is: which policies judge it, where its base and upstream are,
/// and who makes it. Shared by every command that evaluates policies.
struct EditOptions: ParsableArguments {
  @OptionGroup var policySource: PolicySource

  @Option(help: "The edit's base: a git revision (origin/main) or a folder holding a copy of the repository as it was.")
  var base: String?

  @Flag(help: "Pre-commit mode: the proposed side is the git index, the base is HEAD.")
  var staged = false

  @Option(help: "The platform team's baseline: a CaC project folder, or a folder laid out like the repository.")
  var upstream: String?

  @Option(help: "Who makes the edit, for policies that select actors.")
  var actor: String?

  @Option(name: .customLong("team"), help: "A team of the actor (repeatable).")
  var teams: [String] = []

  /// The day exceptions are judged on; tests pin it.
  @Option(help: .hidden)
  var today: String?

  func validate() throws {
    if staged && base != nil { throw ValidationError("--staged compares the index with HEAD; it takes no --base") }
    if let today, CalendarDay(today) == nil { throw ValidationError("--today takes a date such as 2027-01-31") }
  }

  struct Sources {
    var proposed: any SourceTree
    var base: BaseSide?
  }

  func sources(for paths: [String]) throws -> Sources {
    let anchor = paths.first ?? "."
    if staged {
      // One repository for both sides: the index and HEAD are read from the same lookup.
      let repository = try Self.gitRepository(anchor)
      return Sources(
        proposed: try Self.gitTree(repository, .index),
        base: BaseSide(tree: try Self.gitTree(repository, .commit("HEAD"))))
    }
    guard let base else { return Sources(proposed: DiskTree(), base: nil) }
    if DiskTree().isDirectory(base) {
      return Sources(proposed: DiskTree(), base: BaseSide(tree: DiskTree(), copy: (base, anchor)))
    }
    return Sources(proposed: DiskTree(), base: BaseSide(tree: try Self.gitTree(anchor, .commit(base))))
  }

  static func gitTree(_ anchor: String, _ revision: GitRevision) throws -> GitTree {
    try gitTree(try gitRepository(anchor), revision)
  }

  static func gitRepository(_ anchor: String) throws -> GitRepository {
    do {
      return try GitRepository(containing: anchor)
    } catch {
      throw UsageError(message: error.message)
    }
  }

  static func gitTree(_ repository: GitRepository, _ revision: GitRevision) throws -> GitTree {
    do {
      return try GitTree(repository: repository, revision: revision)
    } catch {
      throw UsageError(message: error.message)
    }
  }

  func policyRun(sources: Sources, paths: [String], sizeLimit: Int) throws -> PolicyRun? {
    let config = try PolicySource.config(near: paths.first ?? ".")
    guard let set = try policySource.load(config: config) else { return nil }
    let day = today.flatMap(CalendarDay.init) ?? Self.currentDay()
    return PolicyRun(
      evaluator: PolicyEvaluator(policies: set, today: day), base: sources.base, upstream: upstream, config: config,
      actor: Actor(name: actor ?? "", teams: teams), proposedTree: sources.proposed, sizeLimit: sizeLimit, paths: paths)
  }

  static func currentDay() -> CalendarDay {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return CalendarDay(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
  }
}
