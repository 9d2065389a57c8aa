#!/usr/bin/env python3
"""Proves that Lockstep and the Rego port of the default policy pack decide edits alike.

    python equivalence.py --lockstep BIN [--policies DIR] [--generated N] [--seed S] [--jobs J]

For every sample edit in Samples/edits/* and N generated edits (generate_edits.py), it runs
`BIN lint EDIT/proposed --base EDIT/base --format json` and `BIN export EDIT/proposed --base
EDIT/base`, evaluates each exported edit with the Rego policy, and compares, per edit, the verdict
(no unwaived deny among the policy findings) and the sorted findings: (rule, enforcement, waived,
path); --ignore-paths leaves the path out. Lockstep's built-in LS findings are left out: the port is of the
policy pack. Both sides judge exceptions on the same day (today, UTC, passed to lint as --today).
Prints each mismatch with both sides, then one summary line; exit 0 when every edit agrees.
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # leave no __pycache__ in the repository

import generate_edits  # noqa: E402
from evaluate import RegoPolicy  # noqa: E402

REPO = HERE.parents[2]


def run_lockstep(binary, policies, folder, today):
    """(lint report, export) of one edit folder with base/ and proposed/."""
    common = generate_edits.lint_args(folder, describe(folder) or {})
    lint = subprocess.run([binary, "lint", *common, "--format", "json", "--policies", str(policies), "--today", today],
                          capture_output=True, text=True)
    export = subprocess.run([binary, "export", *common, "--policies", str(policies), "--today", today],
                            capture_output=True, text=True)
    if lint.returncode not in (0, 1):
        raise RuntimeError(f"lint {folder} exited {lint.returncode}: {lint.stderr.strip()}")
    if export.returncode != 0:
        raise RuntimeError(f"export {folder} exited {export.returncode}: {export.stderr.strip()}")
    return json.loads(lint.stdout), export.stdout


def lockstep_side(report, with_paths):
    findings = [f for f in report.get("findings", []) if not f["ruleID"].startswith("LS")]
    rows = sorted(row(f["ruleID"], f["enforcement"], "suppression" in f, f.get("path"), with_paths) for f in findings)
    allowed = not any(f["enforcement"] == "deny" and "suppression" not in f for f in findings)
    builtin = sorted({f["ruleID"] for f in report.get("findings", []) if f["ruleID"].startswith("LS")})
    return allowed, rows, builtin


def rego_side(policy, export, today, with_paths):
    edits = json.loads(export)["edits"]
    rows, allowed, operations = [], True, []
    for edit in edits:
        decision = policy.evaluate(edit, today)
        allowed = allowed and decision["allowed"]
        operations.append(edit["operation"])
        rows += [row(f["rule"], f["enforcement"], f["waived"], f["path"], with_paths) for f in decision["findings"]]
    return allowed, sorted(rows), operations


def row(rule, enforcement, waived, path, with_paths):
    return (rule, enforcement, bool(waived), path) if with_paths else (rule, enforcement, bool(waived))


def describe(folder):
    """What generate_edits.py wrote about an edit; None for a sample."""
    meta = folder / "edit.json"
    return json.loads(meta.read_text())["description"] if meta.exists() else None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lockstep", required=True, help="the lockstep binary")
    parser.add_argument("--policies", default=str(REPO / "Policies"), help="the policy pack Lockstep loads")
    parser.add_argument("--generated", type=int, default=300, help="how many generated edits")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=max(2, min(8, (os.cpu_count() or 2) * 2)))
    parser.add_argument("--ignore-paths", action="store_true",
                        help="compare only (rule, enforcement, waived), not the finding paths")
    parser.add_argument("--profile", choices=sorted(generate_edits.PROFILES), default="default",
                        help="generate_edits.py's mix of mutations")
    parser.add_argument("--keep", help="write the generated edits here and keep them")
    parser.add_argument("--verbose", action="store_true", help="print every edit, not only mismatches")
    args = parser.parse_args(argv)
    binary = str(pathlib.Path(args.lockstep).resolve())
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    started = time.time()

    samples = sorted(p for p in (REPO / "Samples" / "edits").iterdir() if (p / "base").is_dir() and (p / "proposed").is_dir())
    scratch = pathlib.Path(args.keep) if args.keep else pathlib.Path(tempfile.mkdtemp(prefix="rego-equivalence-"))
    generated, dropped = [], 0
    if args.generated > 0:
        if scratch.exists() and args.keep:
            shutil.rmtree(scratch)
        generated, dropped = generate_edits.generate(scratch, args.generated, args.seed, binary, log=open(os.devnull, "w"),
                                                     profile=args.profile)
    edits = [("sample", p) for p in samples] + [("generated", p) for p in generated]

    policy = RegoPolicy()
    agree, disagree, rego_seconds = 0, 0, 0.0
    outcomes = {"allowed": 0, "denied": 0}
    operations_seen = {}
    waived_seen = 0
    rules_seen = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_lockstep, binary, args.policies, folder, today) for _, folder in edits]
        for (origin, folder), future in zip(edits, futures):
            name = folder.name if origin == "sample" else f"{folder.name}"
            try:
                report, export = future.result()
            except Exception as error:  # a broken edit is a disagreement, never skipped silently
                disagree += 1
                print(f"ERROR {origin} {name}: {error}")
                continue
            lock_allowed, lock_rows, builtin = lockstep_side(report, not args.ignore_paths)
            clock = time.perf_counter()
            rego_allowed, rego_rows, operations = rego_side(policy, export, today, not args.ignore_paths)
            rego_seconds += time.perf_counter() - clock
            outcomes["allowed" if lock_allowed else "denied"] += 1
            for operation in operations or ["none"]:
                operations_seen[operation] = operations_seen.get(operation, 0) + 1
            for r in lock_rows:
                rules_seen[r[0]] = rules_seen.get(r[0], 0) + 1
                waived_seen += r[2]
            same = lock_allowed == rego_allowed and lock_rows == rego_rows
            if same:
                agree += 1
            else:
                disagree += 1
            if not same or args.verbose:
                description = describe(folder)
                print(f"{'agree' if same else 'MISMATCH'} {origin} {name} ({', '.join(operations) or 'no edit'})"
                      + (f": {json.dumps(description)}" if description else ""))
                if not same:
                    print(f"  lockstep: {'allowed' if lock_allowed else 'denied'} {lock_rows}" + (f" (built-in: {', '.join(builtin)})" if builtin else ""))
                    print(f"  rego:     {'allowed' if rego_allowed else 'denied'} {rego_rows}")
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)

    total = len(edits)
    print(f"findings by rule (Lockstep): {', '.join(f'{k} {v}' for k, v in sorted(rules_seen.items()))} ({waived_seen} waived); "
          f"verdicts: {outcomes['allowed']} allowed, {outcomes['denied']} denied; "
          f"edits by operation: {', '.join(f'{k} {v}' for k, v in sorted(operations_seen.items()))}; "
          f"{dropped} generated edits dropped for LS0xxx errors; "
          f"rego {rego_seconds / max(total, 1) * 1000:.1f} ms per edit; {time.time() - started:.0f} s in all")
    print(f"rego equivalence: {total} edits ({len(samples)} samples, {len(generated)} generated), {agree} agree, {disagree} disagree")
    return 0 if disagree == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
