#!/usr/bin/env python3
"""Writes the sample admission requests: one AdmissionReview per sample edit in Samples/edits/, with
the edit's base and proposed Config-as-Code files inline and the resource named as the edit's
lockstep.yaml names it. Run it from anywhere; the files it writes are committed, and this script
documents how they were made."""
import json
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
EDITS = HERE.parent / "edits"
OPERATIONS = {"created": "CREATE", "deleted": "DELETE"}


def files(folder):
    octopus = folder / ".octopus"
    if not octopus.is_dir():
        return None
    return {
        str(path.relative_to(octopus)): path.read_text()
        for path in sorted(octopus.rglob("*.ocl"))
    }


def resource(edit):
    config = next((edit / side / "lockstep.yaml" for side in ("proposed", "base") if (edit / side / "lockstep.yaml").exists()))
    fields = dict(re.findall(r"^\s+(space|project|projectGroup): (\S+)$", config.read_text(), re.M))
    return {"kind": "Project", "labels": {}, **fields}


def request(name):
    edit = EDITS / name
    base, proposed = files(edit / "base"), files(edit / "proposed")
    body = {
        "uid": f"sample-{name}-0001",
        "operation": OPERATIONS.get(name, "UPDATE"),
        "resource": resource(edit),
        "actor": {"name": "alice", "teams": ["payments-devs"]},
    }
    if base is not None:
        body["base"] = {"ocl": base}
    if proposed is not None:
        body["proposed"] = {"ocl": proposed}
    return {"apiVersion": "lockstep/v1", "kind": "AdmissionReview", "request": body}


for edit in sorted(path.name for path in EDITS.iterdir() if path.is_dir()):
    (HERE / f"{edit}.json").write_text(json.dumps(request(edit), indent=2, sort_keys=True) + "\n")
