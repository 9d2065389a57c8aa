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
      // The copy stands for one folder; with several paths, or a file, the layout is ambiguous.
      guard paths.count == 1, DiskTree().isDirectory(anchor) else {
        throw UsageError(message: "--base \(base) is a folder: give exactly one PATH, the folder it is a copy of")
      }
      return Sources(proposed: DiskTree(), base: BaseSide(tree: DiskTree(), copy: (base, anchor)))
    }
    guard let repository = try? GitRepository(containing: anchor) else {
      throw UsageError(
        message: "--base \(base): no such folder, and \(anchor) is not in a git repository to read a revision from")
    }
    return Sources(proposed: DiskTree(), base: BaseSide(tree: try Self.gitTree(repository, .commit(base))))
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

  /// `anchor` is where lockstep.yaml is looked for: the first path the user gave, even when
  /// `--changed` narrowed `paths` to the changed projects. Without a policies folder there is no
  /// run, unless `evenWithoutPolicies` (export needs the edit's sides, not its policies).
  func policyRun(
    sources: Sources, paths: [String], anchor: String? = nil, sizeLimit: Int, evenWithoutPolicies: Bool = false
  ) throws -> PolicyRun? {
    let anchor = anchor ?? paths.first ?? "."
    let proposedConfig = try PolicySource.config(near: anchor, tree: sources.proposed)
    // Which project is which, and whose policies judge it, come from the base when it has a
    // lockstep.yaml: an edit must not rename its own project group to escape its policies.
    var config = proposedConfig
    var changedConfig: String?
    if let base = sources.base, var baseConfig = try PolicySource.config(near: base.path(for: anchor), tree: base.tree)
    {
      baseConfig.folder = base.proposedPath(for: baseConfig.folder)
      baseConfig.policies = baseConfig.policies.map(base.proposedPath(for:))
      if let proposedConfig, proposedConfig != baseConfig {
        changedConfig = join(proposedConfig.folder, RepositoryConfig.fileName)
      }
      config = baseConfig
    }
    guard let set = try policySource.load(config: config) ?? (evenWithoutPolicies ? PolicySet.empty : nil) else {
      return nil
    }
    if sources.base == nil { Terminal.note("no --base: lock and editable rules are not applicable; state rules ran") }
    let day = today.flatMap(CalendarDay.init) ?? CalendarDay.today()
    var run = PolicyRun(
      evaluator: PolicyEvaluator(policies: set, today: day), base: sources.base, upstream: upstream, config: config,
      actor: Actor(name: actor ?? "", teams: teams), proposedTree: sources.proposed, sizeLimit: sizeLimit, paths: paths)
    run.configChange = changedConfig
    return run
  }
}
