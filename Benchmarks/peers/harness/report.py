#!/usr/bin/env python3
"""The table of Benchmarks/run-peers, from the files it leaves in its results folder.

    report.py RESULTS_DIR [--markdown FILE]

Rows are the comparisons, grouped in sections; columns the medians, the ratio (peer / Lockstep:
how many times faster Lockstep is; below 1, the peer is faster), the p99s and the peak RSS of
each side's process. Warns when the two engines disagree about the number of findings.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics

HEADER = ("comparison", "Lockstep p50", "peer p50", "peer / Lockstep", "Lockstep p99", "peer p99",
          "Lockstep peak RSS", "peer peak RSS")

CAVEATS = [
    "regopy runs a Rego port of the same policy pack (Benchmarks/peers/rego/) on the document model "
    "`lockstep export` writes. It has no OCL parser and none of Lockstep's built-in LS rules, so in the monorepo "
    "rows it does less work than `lockstep lint`, which parses the OCL and runs the built-in rules too; the export "
    "that gives regopy its input is timed on its own row and not counted.",
    "One decision, the edit already loaded: Lockstep's figure starts from its built Edit (both sides loaded and "
    "parsed once, outside the timing; the structural diff is inside it); regopy's starts from the edit as a Python "
    "dict and includes handing it to rego-cpp as the query's input, which a Rego engine needs for every decision "
    "(see Benchmarks/peers/rego/evaluate.py for how).",
    "Without a base every monorepo edit has hasBase false: the lock and editable rules (GP001-GP003) do not apply, "
    "on either side. The `base HEAD~1` rows judge every project against its base, so they do apply.",
    "`lockstep lint` uses every core and the regopy process one; the `one core` rows pin Lockstep to one "
    "(`taskset -c 0`).",
    "cfn-lint checks CloudFormation against the AWS resource schemas: another language and another rule set, "
    "compared only as what a policy linter costs before a commit on an input of the same size.",
    "Whole-process times include starting the process and GNU time (`/usr/bin/time -f %M`, which gives the peak "
    "RSS). In process, lockstep-bench and the Python harness each report one peak RSS for all their edits "
    "(measured the same way, around the whole process).",
]


def load(path: pathlib.Path):
    return json.loads(path.read_text()) if path.exists() else None


def json_lines(path: pathlib.Path) -> list:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


def duration(us: float | None) -> str:
    if us is None:
        return ""
    if us < 1_000:
        return f"{us:.0f} µs" if us >= 100 else f"{us:.1f} µs"
    if us < 1_000_000:
        return f"{us / 1_000:.1f} ms" if us < 100_000 else f"{us / 1_000:.0f} ms"
    seconds = us / 1_000_000
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s" if seconds < 100 else f"{seconds:.0f} s"


def memory(kb: int | None) -> str:
    return "" if kb is None else f"{kb / 1024:.0f} MiB" if kb >= 100 * 1024 else f"{kb / 1024:.1f} MiB"


def kilobytes(text: str) -> str:
    return f"{int(text) / 1000:.0f} KB"


class Report:
    def __init__(self, results: pathlib.Path):
        self.results = results
        self.rows: list = []      # (cells...) or a section title (str)
        self.notes: list = []
        self.warnings: list = []
        self.ratios: dict = {}
        self.runs: list = []

    def read(self, name: str) -> str:
        path = self.results / name
        return path.read_text().strip() if path.exists() else ""

    def section(self, title: str) -> None:
        self.rows.append(title)

    def row(self, label, ours, theirs, ours_p99=None, theirs_p99=None, ours_rss=None, theirs_rss=None, group=None):
        ratio = f"**{theirs / ours:.1f}x**" if ours and theirs else ""
        if group and ours and theirs:
            self.ratios.setdefault(group, []).append(theirs / ours)
        self.rows.append((label, duration(ours), duration(theirs), ratio, duration(ours_p99), duration(theirs_p99),
                          memory(ours_rss), memory(theirs_rss)))

    def process(self, label: str, ours: dict | None, theirs: dict | None, short: str) -> None:
        """A whole-process row from measure.py's results (milliseconds)."""
        if ours is None and theirs is None:
            return
        self.runs.append(f"{short} {ours['runs'] if ours else '-'}/{theirs['runs'] if theirs else '-'}")
        ms = lambda result, key: result[key] * 1000 if result else None  # noqa: E731
        self.row(label, ms(ours, "p50_ms"), ms(theirs, "p50_ms"), ms(ours, "p99_ms"), ms(theirs, "p99_ms"),
                 ours and ours["max_rss_kb"], theirs and theirs["max_rss_kb"])
        for side, result in (("Lockstep", ours), ("the peer", theirs)):
            if result and any(code not in (0, 1) for code in result["exit"]):
                self.notes.append(f"{label}: {side} exited with {result['exit']}.")

    def decisions(self) -> None:
        ours = {entry["edit"]: entry for entry in json_lines(self.results / "bench-lockstep.jsonl") if "edit" in entry}
        theirs = {entry["edit"]: entry for entry in json_lines(self.results / "bench-rego.jsonl") if "edit" in entry}
        if not ours:
            return
        ours_rss = (load(self.results / "bench-lockstep.time") or {}).get("max_rss_kb")
        theirs_rss = (load(self.results / "bench-rego.time") or {}).get("max_rss_kb")
        self.section("One decision in process, the edit already loaded (Lockstep: lockstep-bench evaluate; "
                     "peer: regopy on the edit as `lockstep export` gives it)")
        for name, mine in ours.items():
            peer = theirs.get(name, {})
            self.row(f"`{name}` ({mine['findings']} findings)", mine["evaluate_p50_us"], peer.get("evaluate_p50_us"),
                     mine["evaluate_p99_us"], peer.get("evaluate_p99_us"), ours_rss, theirs_rss, group="evaluate")
            if peer and mine["findings"] != peer["findings"]:
                self.warnings.append(f"edit `{name}`: Lockstep finds {mine['findings']}, regopy {peer['findings']}.")
        self.section("One decision in process, with parsing (Lockstep: both sides' OCL files; "
                     "peer: the edit's JSON text)")
        for name, mine in ours.items():
            peer = theirs.get(name, {})
            self.row(f"`{name}`", mine["load_evaluate_p50_us"], peer.get("parse_evaluate_p50_us"),
                     mine["load_evaluate_p99_us"], peer.get("parse_evaluate_p99_us"), ours_rss, theirs_rss,
                     group="parse")
        counts = sorted({entry[key] for entry in theirs.values() for key in entry if key.endswith("_samples")})
        if counts:
            regopy = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
            self.notes.append(f"One decision: timed calls per edit, Lockstep {self.read('repeats.txt') or '?'}, "
                              f"regopy {regopy} (REPEATS, or fewer once REGO_BUDGET seconds are spent on an edit); "
                              "nearest-rank p50 and p99. `locked-process` is the 30-step project with one step "
                              "property changed; the others are Samples/edits.")
        missing = sorted(set(ours) ^ set(theirs))
        if missing:
            self.warnings.append(f"edits measured by only one engine: {', '.join(missing)}.")

    def precommit(self) -> None:
        ours = load(self.results / "precommit-lockstep.json")
        if ours is None:
            return
        project = json.loads(self.read("precommit-project.json") or "{}")
        template = json.loads(self.read("cfn-template.json") or "{}")
        self.section("Whole process, pre-commit (peer: cfn-lint on a generated CloudFormation template of the same size)")
        self.process(f"`lockstep lint --staged`, {project.get('steps')} steps, {kilobytes(project.get('bytes', 0))} of "
                     f"OCL / `cfn-lint`, {template.get('resources')} resources, {kilobytes(template.get('bytes', 0))} "
                     "of YAML", ours, load(self.results / "precommit-cfn.json"), "pre-commit")
        self.process("`--version` (starting the process)", load(self.results / "lockstep-version.json"),
                     load(self.results / "cfn-version.json"), "--version")
        findings = self.read("cfn-findings.txt")
        if findings:
            self.notes.append(f"cfn-lint reported on the template: {findings[:300]}")

    def monorepo(self, name: str, title: str) -> None:
        ours = load(self.results / f"{name}-lockstep.json")
        if ours is None:
            return
        theirs = load(self.results / f"{name}-rego.json")
        self.process(title, ours, theirs, name)
        self.process(f"{title}, Lockstep on one core", load(self.results / f"{name}-lockstep-1core.json"), theirs,
                     f"{name} one core")
        self.process(f"{title}: `lockstep export`, the peer's input (not counted)",
                     load(self.results / f"{name}-export.json"), None, f"{name} export")
        report = load(self.results / f"{name}-lint-report.json")
        peer = load(self.results / f"{name}-rego-report.json")
        if report and peer:
            policy = sum(1 for finding in report["findings"] if not finding["ruleID"].startswith("LS"))
            builtin = len(report["findings"]) - policy
            self.notes.append(f"{title}: {peer['edits']} edits; findings of the policies: Lockstep {policy}, "
                              f"regopy {peer['findings']} (Lockstep's built-in rules found {builtin} more).")
            if policy != peer["findings"]:
                self.warnings.append(f"{title}: Lockstep {policy} policy findings, regopy {peer['findings']}.")

    def monorepos(self) -> None:
        sizes = {name: self.read(f"{name}-projects.txt") for name in ("mono", "mono-base")}
        if not any(sizes.values()):
            return
        self.section("Whole process, a monorepo (Lockstep: `lockstep lint --format json`; "
                     "peer: a Python process reading `lockstep export`'s JSON and evaluating every edit in regopy)")
        if sizes["mono"]:
            self.monorepo("mono", f"{int(sizes['mono']):,} projects, no base")
        if sizes["mono-base"]:
            self.monorepo("mono-base", f"{int(sizes['mono-base']):,} projects, base HEAD~1 (every 10th edited)")

    def render(self) -> tuple[str, str]:
        header = self.read("versions.txt").splitlines()
        summary = [f"Geometric mean of the per-edit ratios, {label}: {statistics.geometric_mean(values):.1f}x."
                   for label, values in (("one decision", self.ratios.get("evaluate")),
                                         ("one decision with parsing", self.ratios.get("parse"))) if values]
        runs = ["Whole process: the median of N runs, after one untimed run (none for the monorepo and the "
                "export); N Lockstep/peer: " + ", ".join(self.runs) + "."] if self.runs else []
        notes = [*summary, *self.notes, *runs, *CAVEATS]
        warnings = [f"WARNING: {warning}" for warning in self.warnings]

        table = [row for row in self.rows if not isinstance(row, str)]
        widths = [max(len(str(row[i]).replace("**", "")) for row in [HEADER, *table]) for i in range(len(HEADER))]
        text = [*header, ""]
        for row in [HEADER, *self.rows]:
            if isinstance(row, str):
                text += ["", row]
                continue
            cells = [str(cell).replace("**", "") for cell in row]
            text.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                                  for i, cell in enumerate(cells)))
            if row is HEADER:
                text.append("  ".join("-" * width for width in widths))
        text += ["", *notes, *warnings]

        markdown = [line for line in header if not line.startswith("binaries:")]
        markdown = [f"{line}  " for line in markdown[:-1]] + markdown[-1:]
        markdown += ["", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        for row in self.rows:
            cells = [f"*{row}*", *[""] * (len(HEADER) - 1)] if isinstance(row, str) else row
            markdown.append("| " + " | ".join(str(cell) for cell in cells) + " |")
        markdown += ["", *(f"- {note}" for note in notes), *(f"- **{warning}**" for warning in warnings)]
        return "\n".join(text), "\n".join(markdown) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=pathlib.Path)
    parser.add_argument("--markdown", type=pathlib.Path)
    args = parser.parse_args()
    report = Report(args.results)
    report.decisions()
    report.precommit()
    report.monorepos()
    text, markdown = report.render()
    print(text)
    if args.markdown:
        args.markdown.write_text(markdown)
        print(f"\nMarkdown table: {args.markdown}")


if __name__ == "__main__":
    main()
