#!/usr/bin/env python3
"""Evaluates edits exported by `lockstep export` with the Rego port of the default policy pack.

    python evaluate.py EXPORT.json [--today YYYY-MM-DD] [--policy DIR]

prints {"edits": [{"resource": "space/project", "operation": ..., "allowed": ..., "findings": [...]}]}.

As a module:

    policy = RegoPolicy()                      # compiles policy/*.rego once
    policy.evaluate(edit_dict, "2026-11-23")   # one edit of the export's "edits"
    policy.evaluate_json(edit_text, "2026-11-23")

Each evaluation sets the input and runs one query (the compiled `lockstep/decision` entrypoint);
the modules are compiled into a bundle once, when the RegoPolicy is made.

The input always goes to rego-cpp as JSON text (set_input_term). regopy's other way in,
set_input(Input(value)), stores strings unescaped while rego-cpp keeps strings from JSON and from
policy literals in their escaped form, so a label holding a quote or a backslash would then neither
equal the policy's literals nor come back out as valid JSON.
"""
import argparse
import datetime
import json
import pathlib
import sys

import regopy
from regopy.rego_shared import rego_bundle_query_entrypoint, rego_free_output, rego_output_ok, rego_output_string

HERE = pathlib.Path(__file__).resolve().parent
POLICY = HERE / "policy"
ENTRYPOINT = "lockstep/decision"


class RegoError(Exception):
    pass


class RegoPolicy:
    """The Rego policy pack, compiled once into a bundle; one query per edit."""

    def __init__(self, policy_dir=POLICY):
        builder = regopy.Interpreter()
        files = sorted(pathlib.Path(policy_dir).glob("*.rego"))
        if not files:
            raise RegoError(f"no .rego files in {policy_dir}")
        for path in files:
            builder.add_module(path.name, path.read_text())
        self._bundle = builder.build(None, [ENTRYPOINT])
        if not self._bundle.ok():
            raise RegoError("the policy did not compile")
        self._builder = builder  # keeps the bundle's owner alive
        self._rego = regopy.Interpreter()

    def evaluate(self, edit: dict, today: str) -> dict:
        """One exported edit (a dict) → {"allowed", "model", "findings": [{rule, enforcement, path, waived}]}."""
        return self.evaluate_json(json.dumps(edit, ensure_ascii=False), today)

    def evaluate_json(self, edit: str, today: str) -> dict:
        """The same for an edit as JSON text (one element of the export's "edits"), which rego-cpp
        parses itself: what a service receiving the edit would do."""
        text = edit.lstrip()
        if not text.startswith("{"):
            raise RegoError("an edit is a JSON object")
        # `today` goes in as the first member of the same object: no second parse, no copy.
        rest = text[1:]
        separator = "" if rest.lstrip().startswith("}") else ","
        self._rego.set_input_term('{"today":' + json.dumps(today) + separator + rest)
        return self._decide()

    def _decide(self) -> dict:
        output = rego_bundle_query_entrypoint(self._rego._impl, self._bundle._impl, ENTRYPOINT)
        try:
            text = rego_output_string(output)
            if not rego_output_ok(output):
                raise RegoError(text)
        finally:
            rego_free_output(output)
        if text == "undefined":
            raise RegoError("lockstep/decision is undefined for this input")
        decision = json.loads(text)
        if isinstance(decision, list):
            decision = decision[0]
        value = decision["expressions"][0]
        return {"allowed": value["allowed"], "model": value["model"], "findings": value["findings"]}


def resource_name(edit):
    resource = edit.get("resource") or {}
    space, project = resource.get("space") or "", resource.get("project") or ""
    return "/".join(part for part in (space, project) if part)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", help="the output of `lockstep export` (a file, or - for stdin)")
    parser.add_argument("--today", default=datetime.date.today().isoformat(), help="the day exceptions are judged on")
    parser.add_argument("--policy", default=str(POLICY), help="the folder of .rego files")
    args = parser.parse_args(argv)
    text = sys.stdin.read() if args.export == "-" else pathlib.Path(args.export).read_text()
    export = json.loads(text)
    policy = RegoPolicy(args.policy)
    results = []
    for edit in export.get("edits", []):
        decision = policy.evaluate(edit, args.today)
        results.append({"resource": resource_name(edit), "operation": edit.get("operation"), **decision})
    json.dump({"edits": results}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
