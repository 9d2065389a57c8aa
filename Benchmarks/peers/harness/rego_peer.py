#!/usr/bin/env python3
"""The Rego peer for Benchmarks/run-peers: the Rego port of the policies
(Benchmarks/peers/rego/) in regopy, given the JSON `lockstep export` writes for the same edits.

    rego_peer.py edits --today YYYY-MM-DD --repeats N [--budget SECONDS] NAME=EXPORT.json ...
        Per-decision time in process. The policy is loaded once; then, for every edit, N timed
        calls of `evaluate` on the already-parsed edit, and N timed calls from the edit's JSON text
        (parse + evaluate); fewer (at least 10) when a mode of an edit has spent --budget seconds.
        One JSON line per edit: evaluate_p50_us, evaluate_p99_us, evaluate_samples,
        parse_evaluate_p50_us, parse_evaluate_p99_us, parse_evaluate_samples, findings; then
        {"max_rss_kb": ...}.

    rego_peer.py monorepo --today YYYY-MM-DD EXPORT.json
        A whole run: read and parse the export, load the policy, evaluate every edit. Prints one
        JSON line: edits, findings, denied.

Quantiles are nearest-rank, as lockstep-bench computes them. Each edit gets one untimed call
first (lockstep-bench times every call; with the default 200 repeats one outlier does not move
the p99). Needs regopy (run it with the virtual environment's python).
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import resource
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "Benchmarks" / "peers" / "rego"))
sys.dont_write_bytecode = True  # leave no __pycache__ in the Rego port's folder

from evaluate import RegoPolicy  # noqa: E402  (Benchmarks/peers/rego/evaluate.py)


MINIMUM = 10  # timed calls per edit and mode, whatever the budget


def quantile(q: float, samples: list) -> float:
    ordered = sorted(samples)
    rank = math.ceil(q * len(ordered))
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def edits_of(document: dict) -> list:
    return document["edits"] if "edits" in document else [document]


def per_decision(args) -> None:
    policy = RegoPolicy()
    for spec in args.exports:
        name, _, path = spec.partition("=")
        edits = edits_of(json.loads(pathlib.Path(path).read_text()))
        texts = [json.dumps(edit) for edit in edits]

        def evaluate() -> int:
            return sum(len(policy.evaluate(edit, args.today)["findings"]) for edit in edits)

        def parse_evaluate() -> int:
            return sum(len(policy.evaluate_json(text, args.today)["findings"]) for text in texts)

        findings = evaluate()
        if parse_evaluate() != findings:
            print(f"warning: {name}: evaluate_json and evaluate disagree", file=sys.stderr)
        times = {}
        for label, body in (("evaluate", evaluate), ("parse_evaluate", parse_evaluate)):
            samples = []
            deadline = time.perf_counter_ns() + args.budget * 1e9
            while len(samples) < args.repeats and (len(samples) < MINIMUM or time.perf_counter_ns() < deadline):
                start = time.perf_counter_ns()
                body()
                samples.append((time.perf_counter_ns() - start) / 1000)
            times[f"{label}_p50_us"] = round(quantile(0.5, samples), 2)
            times[f"{label}_p99_us"] = round(quantile(0.99, samples), 2)
            times[f"{label}_samples"] = len(samples)
        print(json.dumps({"edit": name, **times, "findings": findings}), flush=True)
    print(json.dumps({"max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def monorepo(args) -> None:
    with open(args.export, "rb") as f:
        edits = edits_of(json.load(f))
    policy = RegoPolicy()
    findings = denied = 0
    for edit in edits:
        decision = policy.evaluate(edit, args.today)
        findings += len(decision["findings"])
        denied += not decision["allowed"]
    print(json.dumps({"edits": len(edits), "findings": findings, "denied": denied}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("edits")
    one.add_argument("--today", required=True)
    one.add_argument("--repeats", type=int, default=200, help="timed calls per edit and mode, at most")
    one.add_argument("--budget", type=float, default=float("inf"),
                     help=f"seconds per edit and mode: stop early once spent (after at least {MINIMUM} calls)")
    one.add_argument("exports", nargs="+", metavar="NAME=EXPORT.json")
    many = commands.add_parser("monorepo")
    many.add_argument("--today", required=True)
    many.add_argument("export")
    args = parser.parse_args()
    per_decision(args) if args.command == "edits" else monorepo(args)


if __name__ == "__main__":
    main()
