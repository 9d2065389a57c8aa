#!/usr/bin/env python3
"""Writes the sample edits: for each outcome, a `base/` and a `proposed/` copy of a golden-path
project, and a `proposed/lockstep.yaml` that names the project and its upstream. Run it from
anywhere; it rewrites Samples/edits/<case>/ from Samples/projects/checkout-api and
Samples/upstream/golden-path. The files it writes are committed; this script documents them."""
import pathlib
import shutil

HERE = pathlib.Path(__file__).resolve().parent
SAMPLES = HERE.parent
CHECKOUT = SAMPLES / "projects" / "checkout-api" / ".octopus"
UPSTREAM = SAMPLES / "upstream" / "golden-path" / ".octopus"


def config(space, project, group):
    return (
        "# Which project this folder is, for the policies in the repository's Policies/ folder.\n"
        "policies: ../../../../Policies\n"
        "projects:\n"
        "  - path: .octopus\n"
        f"    space: {space}\n"
        f"    project: {project}\n"
        f"    projectGroup: {group}\n"
        "    upstream: ../../../upstream/golden-path/.octopus\n"
    )


def edit_file(folder, name, old, new):
    path = folder / ".octopus" / name
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def remove_step(folder, slug):
    path = folder / ".octopus" / "deployment_process.ocl"
    text = path.read_text()
    start = text.index(f'step "{slug}" {{')
    end = text.index("\n}\n", start) + 3
    path.write_text(text[:start] + text[end:].lstrip("\n"))


def allowed_change(proposed):
    """What customers may do: a variable value and a package id."""
    edit_file(proposed, "variables.ocl", 'value "6" {', 'value "8" {')
    edit_file(proposed, "deployment_process.ocl", 'package_id = "example/checkout-api"', 'package_id = "example/checkout-api-v2"')


def owned_change(proposed):
    """What customers may not do: drop the manual intervention and change a step's condition."""
    remove_step(proposed, "manual-approval")
    edit_file(proposed, "deployment_process.ocl", 'condition = "Always"', 'condition = "Success"')


CASES = {
    # case: (space, project, group, has base, has proposed, change)
    "allowed": ("payments", "checkout-api", "golden-path", True, True, allowed_change),
    "denied": ("payments", "checkout-api", "golden-path", True, True, owned_change),
    "warned": ("payments", "checkout-api", "shared-services", True, True, owned_change),
    "informational": ("sandbox-alice", "checkout-api", "golden-path", True, True, owned_change),
    "waived": ("payments", "payments-api", "golden-path", True, True,
               lambda p: edit_file(p, "deployment_process.ocl", "replicas: #{Project.Web.Replicas}", "replicas: 2")),
    "expired": ("finance", "ledger", "golden-path", True, True,
                lambda p: edit_file(p, "deployment_process.ocl", 'worker_pool = "hosted-ubuntu"', 'worker_pool = "hosted-windows"')),
    "created": ("payments", "refunds-api", "golden-path", False, True, None),
    "deleted": ("payments", "checkout-api", "golden-path", True, False, None),
}


def main():
    for case, (space, project, group, has_base, has_proposed, change) in CASES.items():
        root = HERE / case
        shutil.rmtree(root, ignore_errors=True)
        base, proposed = root / "base", root / "proposed"
        base.mkdir(parents=True)
        proposed.mkdir(parents=True)
        source = UPSTREAM if case == "created" else CHECKOUT
        if has_base:
            shutil.copytree(source, base / ".octopus")
        else:
            (base / "README.md").write_text("Empty on purpose: the project does not exist before the edit.\n")
        if has_proposed:
            shutil.copytree(source, proposed / ".octopus")
        (proposed / "lockstep.yaml").write_text(config(space, project, group))
        if change:
            change(proposed)


if __name__ == "__main__":
    main()
