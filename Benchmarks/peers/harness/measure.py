#!/usr/bin/env python3
"""Whole-process wall time and peak memory of a command, for Benchmarks/run-peers.

    measure.py --runs N [--warmup K] [--cwd DIR] [--stdout FILE] -- COMMAND ...

Runs COMMAND K times untimed, then N times under GNU time (`/usr/bin/time -f %M`, its max RSS),
timing each run's wall clock around it with time.perf_counter_ns (so every figure includes
starting the process and GNU time's own fork, the same for every tool measured). Prints one JSON
line: p50_ms, p90_ms, p99_ms (nearest rank; with few runs p99 is the slowest run), max_rss_kb
(the largest over the runs), runs, exit (the set of exit codes seen). stdout of the command goes
to --stdout (default /dev/null), stderr to /dev/null.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import tempfile
import time


def quantile(q: float, samples: list) -> float:
    ordered = sorted(samples)
    rank = math.ceil(q * len(ordered))
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--cwd")
    parser.add_argument("--stdout", default=os.devnull)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    walls, peaks, exits = [], [], set()
    with tempfile.NamedTemporaryFile("r") as rss:
        for index in range(args.warmup + args.runs):
            with open(args.stdout, "wb") as out:
                start = time.perf_counter_ns()
                status = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name, *command], cwd=args.cwd,
                                        stdout=out, stderr=subprocess.DEVNULL).returncode
                wall = (time.perf_counter_ns() - start) / 1e6
            if index < args.warmup:
                continue
            rss.seek(0)
            lines = rss.read().split()
            walls.append(wall)
            peaks.append(int(lines[-1]))
            # GNU time writes "Command exited with non-zero status N" before %M when N != 0.
            exits.add(status)
    print(json.dumps({
        "p50_ms": round(quantile(0.5, walls), 2), "p90_ms": round(quantile(0.9, walls), 2),
        "p99_ms": round(quantile(0.99, walls), 2), "max_rss_kb": max(peaks), "runs": args.runs,
        "exit": sorted(exits),
    }))


if __name__ == "__main__":
    main()
