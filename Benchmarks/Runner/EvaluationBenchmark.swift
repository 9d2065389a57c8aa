import Foundation
import LockstepEngine
import LockstepModel

/// `lockstep-bench evaluate EDITS [REPEATS] [POLICIES]`: the per-decision cost of policy evaluation
/// in process, for every edit folder under EDITS (each with `base/` and `proposed/`, as
/// Samples/edits): `evaluate` is the policies judging an edit already loaded, the work the Rego
/// peer does on its exported JSON; `load+evaluate` adds reading and parsing both sides' OCL.
/// With `--json`, one object per edit on stdout for Benchmarks/run-peers.
struct EvaluationBenchmark {
  struct Subject {
    var name: String
    var run: PolicyRun
    var project: LoadedProject
    var folder: String
  }

  let subjects: [Subject]
  let repeats: Int
  let json: Bool

  static func subjects(under folder: String, policies: PolicySet) -> [Subject] {
    let names = (DiskTree().entries(of: folder) ?? []).filter(\.isDirectory).map(\.name).sorted()
    return names.compactMap { name in
      let proposed = join(join(folder, name), "proposed")
      let project = join(proposed, ".octopus")
      guard DiskTree().isDirectory(project) else { return nil }
      let config = try? RepositoryConfig.find(from: proposed)
      let run = PolicyRun(
        evaluator: PolicyEvaluator(policies: policies, today: CalendarDay.today()),
        base: BaseSide(tree: DiskTree(), copy: (join(join(folder, name), "base"), proposed)), config: config,
        paths: [proposed])
      let identity = config?.entry(forProjectFolder: project)?.identity
      let loaded = ProjectLoader().load(folder: project, identity: identity)
      return Subject(name: name, run: run, project: loaded, folder: project)
    }
  }

  func run() {
    if !json { print("edits: \(subjects.count), repeats: \(repeats); times in µs") }
    if !json { print("edit                  evaluate p50    p99   load+evaluate p50    p99   findings") }
    for subject in subjects {
      let edit = subject.run.edit(proposed: subject.project, folder: subject.folder)
      var findings = 0
      let evaluate = (0..<repeats).map { _ in
        Stopwatch.time { findings = subject.run.evaluator.evaluate(edit).findings.count }
      }
      let whole = (0..<repeats).map { _ in
        Stopwatch.time {
          let project = ProjectLoader().load(folder: subject.folder, identity: edit.identity)
          _ = subject.run.evaluator.evaluate(subject.run.edit(proposed: project, folder: subject.folder))
        }
      }
      report(subject.name, evaluate, whole, findings)
    }
  }

  func report(_ name: String, _ evaluate: [Double], _ whole: [Double], _ findings: Int) {
    let figures =
      [0.5, 0.99].map { Stopwatch.quantile($0, of: evaluate) * 1e6 }
      + [0.5, 0.99].map { Stopwatch.quantile($0, of: whole) * 1e6 }
    if json {
      print(
        String(
          format: #"{"edit":"%@","evaluate_p50_us":%.2f,"evaluate_p99_us":%.2f,"load_evaluate_p50_us":%.2f,"#
            + #""load_evaluate_p99_us":%.2f,"findings":%d}"#, name, figures[0], figures[1], figures[2], figures[3],
          findings))
    } else {
      print(
        name.padding(toLength: 20, withPad: " ", startingAt: 0)
          + String(format: "%14.1f%8.1f%20.1f%8.1f%11d", figures[0], figures[1], figures[2], figures[3], findings))
    }
  }
}
