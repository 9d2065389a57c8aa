#!/usr/bin/env python3
"""Generate a large, seeded, synthetic Octopus Deploy Config-as-Code monorepo.

Used to benchmark Lockstep. Python 3.11 standard library only.

Usage:
    python3 Benchmarks/generate_monorepo.py --projects 2000 --seed 42 --out DIR
    python3 Benchmarks/generate_monorepo.py --single --seed 42 --out DIR
    python3 Benchmarks/generate_monorepo.py --projects 200 --defects 0.1 --out DIR

Shape of the output (multi-project layout):

    DIR/.octopus/<project-slug>/            e.g. payments-api-0001
        schema_version.ocl                  version = 10
        deployment_process.ocl              10-30 `step "slug" { ... }` blocks
        deployment_settings.ocl             connectivity, guided failure, versioning
        variables.ocl                       50-200 `variable "Name" { ... }` blocks
        runbooks/<runbook-slug>.ocl         1-3 runbooks, each with 1-5 steps

With --single, exactly one project (30 steps, 200 variables) is written
directly into DIR/.octopus/ (the single-project layout), for a
pre-commit-sized benchmark.

Every file is written in the canonical form Octopus Deploy itself writes:
4-space indents; attributes `name = value`; blocks `kind "label" {`, empty
blocks `kind "label" {}`; a blank line before every block that is not the
first element of its body and after every block; dictionary keys sorted
ordinally (chosen so that ordinal and case-insensitive order agree); multi-line
strings as `<<-EOT` heredocs whose lines and closing tag are indented by the
owning attribute's indent + 8 (for a dictionary entry, the owner is the
`properties = {` line), one heredoc line per "\n"-separated line of the
value (so a value ending in "\n" gets an indent-only line before EOT, as real
scripts often do); no comments; no trailing newline at end of file (except a
few schema_version.ocl files).

Content mirrors real exports: Octopus.Script (bash/PowerShell heredocs),
Octopus.KubernetesDeployRawYaml (YAML heredocs), Octopus.KubernetesRunScript,
Octopus.TentaclePackage and Octopus.Manual actions; environment-scoped,
multi-line and Sensitive variables. Every `#{...}` reference names a variable
of the same project or an `Octopus.*` system variable, labels are unique per
parent and there are no secret-looking literals, so with --defects 0 (the
default) every project should lint clean. With --defects RATE each project,
with probability RATE, gets exactly one planted problem (see DEFECT_KINDS).

Determinism: the same arguments give byte-identical output. Each project has
its own random.Random seeded from (seed, project index), so project N is the
same whatever --projects is, and the defect decision uses a separate stream,
so a planted defect is the only difference from the clean project.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
from collections import Counter

ENVIRONMENTS = ("development", "test", "staging", "production")
WORKER_POOLS = ("hosted-ubuntu", "hosted-ubuntu", "hosted-ubuntu", "hosted-windows", "linux-workers")
WORKER_IMAGES = (
    "octopusdeploy/worker-tools:6.3.0-ubuntu.22.04",
    "octopusdeploy/worker-tools:6.2.1-ubuntu.22.04",
    "octopusdeploy/worker-tools:ubuntu.22.04",
)
VERSION_TEMPLATE = "#{Octopus.Version.LastMajor}.#{Octopus.Version.LastMinor}.#{Octopus.Version.NextPatch}"

DOMAINS = (
    "payments", "orders", "inventory", "billing", "identity", "catalog", "shipping",
    "notifications", "search", "reporting", "customer", "pricing", "checkout", "loyalty",
    "analytics", "ledger", "fraud", "accounts", "onboarding", "support", "invoicing",
    "warehouse", "returns", "promotions", "subscriptions", "media", "partners", "audit",
)
KINDS = ("api", "web", "worker", "service", "gateway", "jobs", "portal", "consumer")
COMPONENTS = (
    "web", "api", "worker", "scheduler", "frontend", "admin", "gateway", "consumer",
    "reports", "backend", "sync", "importer", "exporter", "webhooks",
)

# System variables for references; repeated entries make the common ones likelier.
SYSTEM_DEPLOY = (
    "Octopus.Environment.Name", "Octopus.Release.Number", "Octopus.Project.Name",
    "Octopus.Project.Slug", "Octopus.Deployment.Id", "Octopus.Deployment.CreatedBy.Username",
    "Octopus.Release.Channel.Name", "Octopus.Space.Name", "Octopus.Task.Id",
    "Octopus.Action.Name", "Octopus.Step.Name", "Octopus.Environment.Slug",
    "Octopus.Web.ServerUri", "Octopus.Release.Number", "Octopus.Environment.Name",
)
SYSTEM_RUNBOOK = (
    "Octopus.Environment.Name", "Octopus.Runbook.Name", "Octopus.Project.Name",
    "Octopus.Project.Slug", "Octopus.Space.Name", "Octopus.Task.Id", "Octopus.Action.Name",
    "Octopus.Step.Name", "Octopus.Environment.Slug", "Octopus.Web.ServerUri",
    "Octopus.RunbookRun.Id", "Octopus.Environment.Name",
)

DEFECT_KINDS = (
    "unknown_condition",      # condition = "Sometimes"
    "step_without_action",    # a step with no action block
    "comment_line",           # a `#` comment line
    "duplicate_step_label",   # two steps with the same label
    "plaintext_password",     # plain variable Db.Password = "hunter2-prod"
    "undefined_reference",    # #{Undefined.Var}
)


# --------------------------------------------------------------------------
# OCL model and canonical writer
# --------------------------------------------------------------------------

class Block:
    """An OCL block. `body` holds Blocks and (name, value) attribute tuples."""

    __slots__ = ("kind", "labels", "body", "comment")

    def __init__(self, kind, labels=(), body=None, comment=None):
        self.kind = kind
        self.labels = list(labels)
        self.body = body if body is not None else []
        self.comment = comment  # only used to plant the `#` comment defect


def quote(s: str) -> str:
    """A single-line OCL string literal (escapes only \\ \" \\n \\r \\t)."""
    if any(c in s for c in '\\"\n\r\t'):
        s = (s.replace("\\", "\\\\").replace('"', '\\"')
             .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{s}"'


def sorted_keys(d: dict) -> list:
    """Ordinal key order; the generator only uses keys where it matches OrdinalIgnoreCase."""
    keys = sorted(d)
    assert keys == sorted(d, key=str.upper), f"ambiguous key order: {keys}"
    return keys


def emit_attr(out: list, name: str, value, indent: int, owner_indent: int) -> None:
    pad = " " * indent
    if isinstance(value, str):
        if "\n" in value:
            out.append(f"{pad}{name} = <<-EOT")
            hpad = " " * (owner_indent + 8)
            out.extend(hpad + line for line in value.split("\n"))
            out.append(hpad + "EOT")
        else:
            out.append(f"{pad}{name} = {quote(value)}")
    elif isinstance(value, bool):
        out.append(f"{pad}{name} = {'true' if value else 'false'}")
    elif isinstance(value, int):
        out.append(f"{pad}{name} = {value}")
    elif isinstance(value, list):
        out.append(f"{pad}{name} = [{', '.join(quote(v) for v in value)}]")
    elif isinstance(value, dict):
        out.append(f"{pad}{name} = {{")
        for key in sorted_keys(value):
            emit_attr(out, key, value[key], indent + 4, indent)
        out.append(f"{pad}}}")
    else:
        raise TypeError(f"unsupported OCL value {value!r}")


def emit_body(out: list, body: list, indent: int) -> None:
    previous_was_block = None  # None: nothing written yet in this body
    for element in body:
        is_block = isinstance(element, Block)
        if previous_was_block is not None and (is_block or previous_was_block):
            out.append("")
        if is_block:
            emit_block(out, element, indent)
        else:
            emit_attr(out, element[0], element[1], indent, indent)
        previous_was_block = is_block


def emit_block(out: list, block: Block, indent: int) -> None:
    pad = " " * indent
    if block.comment:
        out.append(f"{pad}# {block.comment}")
    header = pad + block.kind + "".join(" " + quote(label) for label in block.labels)
    if not block.body:
        out.append(header + " {}")
        return
    out.append(header + " {")
    emit_body(out, block.body, indent + 4)
    out.append(pad + "}")


def render(body: list) -> str:
    """Render a file body. Octopus writes no trailing newline."""
    out: list = []
    emit_body(out, body, 0)
    return "\n".join(out)


# --------------------------------------------------------------------------
# Naming helpers and variable references
# --------------------------------------------------------------------------

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    return _NON_SLUG.sub("-", name.lower()).strip("-")


class Names:
    """Hands out names whose slugs are unique within one scope."""

    def __init__(self):
        self.slugs: set = set()

    def claim(self, name: str) -> tuple:
        candidate, n = name, 2
        while slugify(candidate) in self.slugs:
            candidate = f"{name} {n}"
            n += 1
        self.slugs.add(slugify(candidate))
        return candidate, slugify(candidate)


class Refs:
    """Produces `#{...}` references that are guaranteed to resolve."""

    def __init__(self, rng: random.Random, names: list, system: tuple, sensitive: list = ()):
        self.rng = rng
        self.names = names  # plain variables: safe to echo, template or put in manifests
        self.defined = set(names) | set(sensitive)
        self.system = system

    def v(self, name: str) -> str:
        assert name in self.defined, name
        return "#{" + name + "}"

    def has(self, name: str) -> bool:
        return name in self.defined

    def any(self) -> str:
        return "#{" + self.rng.choice(self.names) + "}"

    def sys(self) -> str:
        return "#{" + self.rng.choice(self.system) + "}"

    def env(self) -> str:
        return "#{Octopus.Environment.Name}"

    def release(self) -> str:
        """What identifies this run: the release number, or the runbook run."""
        return "#{Octopus.RunbookRun.Id}" if self.system is SYSTEM_RUNBOOK else "#{Octopus.Release.Number}"

    def user(self) -> str:
        return "#{Octopus.Deployment.CreatedBy.Username}"

    def mixed(self) -> str:
        return self.any() if self.rng.random() < 0.6 else self.sys()


# --------------------------------------------------------------------------
# Variables
# --------------------------------------------------------------------------

# Always defined: scripts and manifests may reference these unconditionally.
CORE_VARIABLES = (
    ("App.Name", "appname"), ("App.Port", "port"), ("App.BaseUrl", "baseurl"),
    ("Kubernetes.Namespace", "namespace"), ("Kubernetes.Replicas", "replicas"),
    ("Database.Server", "dbhost"), ("Database.Name", "dbname"),
    ("HealthCheck.Path", "healthpath"), ("HealthCheck.Retries", "retries"),
    ("Logging.Level", "loglevel"), ("Slack.Channel", "slackchannel"),
    ("Feature.SmokeTests.Enabled", "bool"),
)
# Values of these never contain references, so references never form cycles.
LEAF_VARIABLES = ("App.Name", "App.Port", "Kubernetes.Namespace", "Database.Server", "Database.Name")

OPTIONAL_VARIABLES = {
    "App": (("Culture", "culture"), ("Instances", "replicas"), ("RequestTimeoutSeconds", "seconds"),
            ("MaxUploadMb", "small"), ("Theme", "word"), ("SupportEmail", "email"),
            ("DefaultPageSize", "small"), ("PublicUrl", "baseurl"), ("TimeZone", "timezone"),
            ("AllowedHosts", "hostlist"), ("Settings", "json")),
    "Database": (("User", "dbuser"), ("Port", "dbport"), ("CommandTimeout", "seconds"),
                 ("PoolSize", "small"), ("MigrationsEnabled", "bool"), ("Schema", "word"),
                 ("ReadReplicaServer", "dbhost"), ("ConnectionString", "connstring")),
    "Cache": (("Host", "host"), ("Port", "redisport"), ("TtlSeconds", "seconds"),
              ("Enabled", "bool"), ("Prefix", "word"), ("Database", "tiny")),
    "Queue": (("Host", "host"), ("Port", "amqpport"), ("VirtualHost", "word"),
              ("Exchange", "word"), ("Prefetch", "small"), ("RetryCount", "tiny")),
    "Kubernetes": (("ClusterName", "cluster"), ("CpuRequest", "cpu"), ("MemoryRequest", "memory"),
                   ("CpuLimit", "cpu"), ("MemoryLimit", "memory"), ("ServiceAccount", "word"),
                   ("IngressClass", "ingressclass"), ("ImagePullPolicy", "pullpolicy"),
                   ("NodeSelector", "nodepool"), ("Labels", "yamlmap")),
    "HealthCheck": (("IntervalSeconds", "seconds"), ("TimeoutSeconds", "seconds"),
                    ("ExpectedStatus", "status")),
    "Logging": (("Format", "logformat"), ("RetentionDays", "small"), ("Sink", "logsink")),
    "Monitoring": (("Enabled", "bool"), ("Endpoint", "baseurl"), ("SampleRate", "ratio"),
                   ("ServiceName", "appname"), ("Dashboards", "lines")),
    "Slack": (("Username", "word"), ("NotifyOnSuccess", "bool"), ("Emoji", "emoji")),
    "Storage": (("Account", "word"), ("Container", "word"), ("Region", "region"),
                ("Bucket", "bucket")),
    "Smtp": (("Host", "host"), ("Port", "smtpport"), ("From", "email"), ("UseTls", "bool")),
    "Auth": (("Authority", "baseurl"), ("Audience", "appname"), ("ClientId", "appname"),
             ("Scopes", "scopes")),
    "Http": (("Retries", "tiny"), ("TimeoutSeconds", "seconds"), ("MaxConnections", "small"),
             ("UserAgent", "useragent")),
    "Cdn": (("Host", "host"), ("PurgeEnabled", "bool"), ("Origin", "host")),
    "Search": (("Endpoint", "baseurl"), ("IndexName", "word"), ("Shards", "tiny")),
    "Release": (("Approvers", "team"), ("ChangeTicketPrefix", "ticket"), ("Notes", "lines")),
}
DEPENDENCIES = (
    "Catalog", "Pricing", "Inventory", "Identity", "Payments", "Shipping", "Notifications",
    "Search", "Ledger", "Fraud", "Loyalty", "Tax", "Currency", "Geo", "Recommendations",
    "Documents", "Audit", "Scheduler", "Reporting", "Partners", "Media", "Returns",
)
FEATURES = (
    "NewCheckout", "DarkMode", "GuestCheckout", "BulkImport", "CsvExport", "SavedCarts",
    "OneClickBuy", "MultiCurrency", "ExpressShipping", "GiftCards", "Wishlist", "Reviews",
    "Recommendations", "AuditTrail", "RateLimiting", "ReadReplicas", "AsyncInvoices",
    "PdfReceipts", "SmsAlerts", "WebhooksV2", "SearchV3", "LegacyApi", "BetaDashboard",
    "SsoLogin", "ApprovalFlow", "TenantBranding", "InstantRefunds", "PartialRefunds",
    "Backorders", "PriceAlerts",
)
JOBS = ("Cleanup", "Reindex", "Reconcile", "Digest", "Archive", "Export", "Rollup", "Expire")
SENSITIVE_VARIABLES = (
    "Database.Password", "Smtp.Password", "Auth.ClientSecret", "Storage.AccessKey",
    "Slack.WebhookUrl", "Monitoring.ApiKey", "Queue.Password", "Cache.Password",
    "Registry.Password", "Signing.CertificatePassword",
)


def optional_variable_catalog() -> list:
    """Every optional (name, kind), in a fixed order."""
    catalog = [(f"{prefix}.{suffix}", kind)
               for prefix, entries in OPTIONAL_VARIABLES.items() for suffix, kind in entries]
    for dep in DEPENDENCIES:
        catalog += [(f"Services.{dep}.BaseUrl", "depurl"), (f"Services.{dep}.TimeoutSeconds", "seconds"),
                    (f"Services.{dep}.Retries", "tiny"), (f"Services.{dep}.ApiVersion", "apiversion")]
    catalog += [(f"Feature.{feature}.Enabled", "bool") for feature in FEATURES]
    for job in JOBS:
        catalog += [(f"Jobs.{job}.Schedule", "cron"), (f"Jobs.{job}.Enabled", "bool"),
                    (f"Jobs.{job}.TimeoutMinutes", "seconds")]
    return catalog


OPTIONAL_CATALOG = optional_variable_catalog()
assert len(OPTIONAL_CATALOG) + len(CORE_VARIABLES) >= 230  # room for --single's 200


class ValueMaker:
    """Literal values per kind; `env` lets some kinds vary by environment."""

    ENV_SHORT = {"development": "dev", "test": "test", "staging": "stg", "production": "prod"}

    def __init__(self, rng: random.Random, project_slug: str, refs: Refs):
        self.rng = rng
        self.slug = project_slug
        self.refs = refs

    def make(self, kind: str, name: str, env: str | None = None) -> str:
        rng, short = self.rng, self.ENV_SHORT.get(env or "production")
        base = self.slug.rsplit("-", 1)[0]
        match kind:
            case "appname":
                return self.slug
            case "port":
                return rng.choice(("8080", "5000", "3000", "8000", "80"))
            case "baseurl":
                host = f"{base}.{short}.acme-corp.net" if env else f"{base}.acme-corp.net"
                if rng.random() < 0.3 and name != "App.Name":
                    return f"https://{self.refs.v('App.Name')}.{short}.acme-corp.net"
                return f"https://{host}"
            case "depurl":
                dep = name.split(".")[1].lower()
                return f"http://{dep}.{short if env else 'svc'}.cluster.local"
            case "namespace":
                return f"{base}-{short}" if env else base
            case "replicas":
                return {"development": "1", "test": "1", "staging": "2"}.get(env, str(rng.choice((2, 3, 4, 6))))
            case "dbhost":
                return f"sql-{short}-{rng.randint(1, 4):02d}.db.acme-corp.net"
            case "dbname":
                return base.replace("-", "_")
            case "dbuser":
                return f"svc_{base.replace('-', '_')}"
            case "dbport":
                return rng.choice(("1433", "5432", "3306"))
            case "connstring":
                return (f"Server={self.refs.v('Database.Server')};Database={self.refs.v('Database.Name')};"
                        "Trusted_Connection=True;Encrypt=True")
            case "healthpath":
                return rng.choice(("/health", "/healthz", "/api/health", "/status"))
            case "retries" | "tiny":
                return str(rng.randint(1, 8))
            case "small":
                return str(rng.choice((10, 20, 25, 50, 100, 200)))
            case "seconds":
                return str(rng.choice((5, 10, 15, 30, 60, 120, 300)))
            case "loglevel":
                return {"development": "Debug", "test": "Debug", "staging": "Information"}.get(env, "Warning")
            case "slackchannel":
                return f"deploys-{base}"
            case "bool":
                if env:
                    return "True" if env != "production" or rng.random() < 0.4 else "False"
                return rng.choice(("True", "False"))
            case "culture":
                return rng.choice(("en-US", "en-GB", "de-DE", "fr-FR"))
            case "word":
                return rng.choice(("primary", "default", "events", "orders", "main", "shared", "internal")) \
                    + ("-" + short if env else "")
            case "email":
                return f"{base}-team@acme-corp.net"
            case "timezone":
                return rng.choice(("UTC", "Europe/London", "America/New_York", "Australia/Brisbane"))
            case "hostlist":
                return f"{base}.acme-corp.net;{base}.internal.acme-corp.net"
            case "host":
                return f"{name.split('.')[0].lower()}-{short}.acme-corp.net"
            case "redisport":
                return "6379"
            case "amqpport":
                return "5672"
            case "smtpport":
                return rng.choice(("25", "587"))
            case "cluster":
                return f"aks-{short}-{rng.choice(('eastus', 'westeu', 'aue'))}"
            case "cpu":
                return rng.choice(("100m", "250m", "500m", "1"))
            case "memory":
                return rng.choice(("128Mi", "256Mi", "512Mi", "1Gi"))
            case "ingressclass":
                return rng.choice(("nginx", "traefik", "azure-application-gateway"))
            case "pullpolicy":
                return rng.choice(("IfNotPresent", "Always"))
            case "nodepool":
                return rng.choice(("general", "compute", "memory"))
            case "apiversion":
                return rng.choice(("v1", "v2", "2024-06-01"))
            case "status":
                return "200"
            case "logformat":
                return rng.choice(("json", "text"))
            case "logsink":
                return rng.choice(("stdout", "seq", "elastic", "datadog"))
            case "ratio":
                return rng.choice(("0.1", "0.25", "0.5", "1.0"))
            case "emoji":
                return rng.choice((":rocket:", ":octopus:", ":white_check_mark:"))
            case "region":
                return rng.choice(("us-east-1", "eu-west-1", "ap-southeast-2"))
            case "bucket":
                return f"acme-{base}-{short}-artifacts"
            case "scopes":
                return "openid profile email"
            case "useragent":
                return f"{base}-deployer/1.0"
            case "team":
                return rng.choice(("release-managers", "platform-team", "change-advisory-board"))
            case "ticket":
                return rng.choice(("CHG", "REL", "OPS"))
            case "cron":
                return rng.choice(("0 2 * * *", "*/15 * * * *", "0 */6 * * *", "30 1 * * 0"))
            case "json":
                return self.multiline_json()
            case "yamlmap":
                return "\n".join((f"app.kubernetes.io/name: {self.refs.v('App.Name')}",
                                  f"app.kubernetes.io/part-of: {base}",
                                  f"team: {rng.choice(('platform', 'payments', 'growth', 'core'))}"))
            case "lines":
                count = rng.randint(3, 8)
                return "\n".join(f"{rng.choice(COMPONENTS)} | {rng.choice(DEPENDENCIES).lower()}-{i}"
                                 for i in range(count))
        raise KeyError(kind)

    def multiline_json(self) -> str:
        rng = self.rng
        entries = [f'  "name": "{self.refs.v("App.Name")}"',
                   f'  "port": {self.refs.v("App.Port")}',
                   f'  "logLevel": "{rng.choice(("Information", "Warning"))}"']
        for feature in rng.sample(FEATURES, rng.randint(1, 4)):
            entries.append(f'  "{feature[0].lower()}{feature[1:]}Enabled": {rng.choice(("true", "false"))}')
        return "{\n" + ",\n".join(entries) + "\n}"


ENV_VARYING_KINDS = {"baseurl", "depurl", "namespace", "replicas", "dbhost", "loglevel", "bool",
                     "host", "word", "cluster", "bucket"}


def variable_block(rng: random.Random, name: str, kind: str, values: ValueMaker) -> Block:
    """One `variable "Name" {...}` block: plain, env-scoped, multi-line or typed."""
    if kind in ("json", "yamlmap", "lines"):
        return Block("variable", [name], [Block("value", [], [("value", values.make(kind, name))])])
    roll = rng.random()
    if kind in ENV_VARYING_KINDS and name not in LEAF_VARIABLES and roll < 0.35:
        return Block("variable", [name], scoped_values(rng, name, kind, values))
    body = []
    value_body = []
    if rng.random() < 0.05:
        value_body.append(("description", f"Managed by the {rng.choice(('platform', 'app'))} team"))
    body.append(Block("value", [values.make(kind, name)], value_body))
    return Block("variable", [name], body)


def scoped_values(rng: random.Random, name: str, kind: str, values: ValueMaker) -> list:
    """Value blocks grouped by environment; labels are distinct by construction."""
    per_env = {env: values.make(kind, name, env) for env in ENVIRONMENTS}
    if rng.random() < 0.4:
        # A default value plus a production override.
        default, prod = values.make(kind, name), per_env["production"]
        if default == prod:
            return [Block("value", [default], [])]
        return [Block("value", [default], []),
                Block("value", [prod], [("environment", ["production"])])]
    groups: dict = {}
    for env in ENVIRONMENTS:
        groups.setdefault(per_env[env], []).append(env)
    if len(groups) == 1:
        return [Block("value", [next(iter(groups))], [])]
    blocks = []
    for label, envs in groups.items():
        body = [("environment", envs)]
        if rng.random() < 0.1:
            body.append(("role", [rng.choice(("web", "k8s-cluster", "app-server"))]))
        blocks.append(Block("value", [label], body))
    return blocks


def sensitive_block(rng: random.Random, name: str) -> Block:
    """Sensitive values never live in Git: only the type (and maybe an empty value)."""
    body = [("type", "Sensitive")]
    if rng.random() < 0.3:
        body.append(Block("value", [""], []))
    return Block("variable", [name], body)


def choose_variables(rng: random.Random, count: int) -> tuple:
    """Pick `count` variable names: core + sensitive + optional. Returns (plain, sensitive)."""
    sensitive = sorted(rng.sample(SENSITIVE_VARIABLES, rng.randint(2, 6)))
    remaining = count - len(CORE_VARIABLES) - len(sensitive)
    optional = rng.sample(OPTIONAL_CATALOG, remaining)
    order = {name: i for i, (name, _) in enumerate(OPTIONAL_CATALOG)}
    optional.sort(key=lambda item: order[item[0]])  # grouped by prefix, like a real export
    return list(CORE_VARIABLES) + optional, sensitive


def variables_file(rng: random.Random, plain: list, sensitive: list, values: ValueMaker) -> list:
    blocks = [variable_block(rng, name, kind, values) for name, kind in plain]
    for name in sensitive:
        position = rng.randint(len(CORE_VARIABLES), len(blocks))
        blocks.insert(position, sensitive_block(rng, name))
    return blocks


# --------------------------------------------------------------------------
# Scripts (bash, PowerShell) and Kubernetes manifests
# --------------------------------------------------------------------------

def env_var_name(variable: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", variable.upper()).strip("_")


def bash_snippets(rng: random.Random, r: Refs) -> list:
    """Candidate bash fragments (lists of lines) for one script."""
    app, ns = r.v("App.Name"), r.v("Kubernetes.Namespace")
    base_url, health = r.v("App.BaseUrl"), r.v("HealthCheck.Path")
    picks = rng.sample(r.names, min(4, len(r.names)))
    snippets = [
        [f'echo "Deploying {app} ({r.release()}) to {r.env()}"'],
        [f'{env_var_name(n)}="#{{{n}}}"' for n in picks],
        ["log() {", '  echo "[$(date -u +%H:%M:%S)] $*"', "}"],
        [f'for i in $(seq 1 {r.v("HealthCheck.Retries")}); do',
         f'  if curl -fsS "{base_url}{health}" > /dev/null; then',
         '    echo "Healthy after $i attempt(s)"',
         "    exit 0",
         "  fi",
         "  sleep 10",
         "done",
         'echo "Service did not become healthy"',
         "exit 1"],
        [f"kubectl rollout status deployment/{app} -n {ns} --timeout=300s",
         f"kubectl get pods -n {ns} -l app={app} -o wide"],
        [f'if [ "{r.env()}" == "production" ]; then',
         f'  echo "Production run requested by {r.user()}"',
         f'  export ASPNETCORE_ENVIRONMENT="Production"',
         "else",
         f'  export ASPNETCORE_ENVIRONMENT="{r.env()}"',
         "fi"],
        [f'set_octopusvariable "DeployedVersion" "{r.release()}"',
         f'set_octopusvariable "DeployedTo" "{r.env()}"'],
        [f'case "{r.env()}" in',
         "  production)",
         f'    REPLICAS="{r.v("Kubernetes.Replicas")}"',
         "    ;;",
         "  staging)",
         '    REPLICAS="2"',
         "    ;;",
         "  *)",
         '    REPLICAS="1"',
         "    ;;",
         "esac",
         'echo "Using $REPLICAS replica(s)"'],
        [f'VERSION=$(curl -fsS "{base_url}/version" | jq -r \'.version\')',
         'echo "Currently running version $VERSION"'],
        ["attempt=0",
         "until [ $attempt -ge 5 ]; do",
         f'  curl -fsS -X POST "{base_url}/internal/cache/warm" && break',
         "  attempt=$((attempt+1))",
         "  sleep 5",
         "done"],
        [f"tar -czf release-{r.release()}.tar.gz ./output",
         f"new_octopusartifact release-{r.release()}.tar.gz"],
        [f'aws s3 sync ./static "s3://acme-{r.v("App.Name")}-assets/{r.env()}" --delete',
         f'aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" --paths "/*"'],
        [f'flyway -url="jdbc:sqlserver://{r.v("Database.Server")};databaseName={r.v("Database.Name")}" \\',
         "  -locations=filesystem:./migrations \\",
         "  -connectRetries=3 \\",
         "  migrate"],
        [f'echo "{r.mixed()}"', f'echo "{r.mixed()}"'],
        [f"if [ \"{r.v('Feature.SmokeTests.Enabled')}\" != \"True\" ]; then",
         '  echo "Smoke tests disabled for this environment"',
         "  exit 0",
         "fi"],
        ["cat > appsettings.override.json <<JSON",
         "{",
         f'  "Logging": {{ "LogLevel": {{ "Default": "{r.v("Logging.Level")}" }} }},',
         f'  "BaseUrl": "{base_url}"',
         "}",
         "JSON"],
    ]
    if r.has("Slack.WebhookUrl"):
        snippets.append([f'curl -fsS -X POST -H "Content-Type: application/json" \\',
                         f'  -d "{{\\"channel\\": \\"{r.v("Slack.Channel")}\\", \\"text\\": \\"{app} deployed to {r.env()}\\"}}" \\',
                         f'  "{r.v("Slack.WebhookUrl")}"'])
    return snippets


def powershell_snippets(rng: random.Random, r: Refs) -> list:
    """Candidate PowerShell fragments (lists of lines) for one script."""
    app, ns = r.v("App.Name"), r.v("Kubernetes.Namespace")
    base_url, health = r.v("App.BaseUrl"), r.v("HealthCheck.Path")
    picks = rng.sample(r.names, min(4, len(r.names)))
    snippets = [
        [f'Write-Host "Deploying {app} ({r.release()}) to {r.env()}"'],
        [f'${env_var_name(n).title().replace("_", "")} = $OctopusParameters["{n}"]' for n in picks],
        ["function Write-Step([string]$Message) {",
         '    Write-Host ("[{0:HH:mm:ss}] {1}" -f (Get-Date).ToUniversalTime(), $Message)',
         "}"],
        [f'$retries = [int]"{r.v("HealthCheck.Retries")}"',
         "for ($i = 1; $i -le $retries; $i++) {",
         "    try {",
         f'        $response = Invoke-WebRequest -Uri "{base_url}{health}" -UseBasicParsing',
         "        if ($response.StatusCode -eq 200) {",
         '            Write-Highlight "Healthy after $i attempt(s)"',
         "            exit 0",
         "        }",
         "    } catch {",
         '        Write-Warning "Attempt $i failed: $($_.Exception.Message)"',
         "    }",
         "    Start-Sleep -Seconds 10",
         "}",
         'Fail-Step "Service did not become healthy"'],
        [f'Set-OctopusVariable -name "DeployedVersion" -value "{r.release()}"',
         f'Set-OctopusVariable -name "DeployedTo" -value "{r.env()}"'],
        [f'if ("{r.env()}" -eq "production") {{',
         f'    Write-Highlight "Production run requested by {r.user()}"',
         "} else {",
         f'    Write-Verbose "Non-production environment: {r.env()}"',
         "}"],
        ['$ErrorActionPreference = "Stop"', "$ProgressPreference = \"SilentlyContinue\""],
        [f'$appPool = "{app}"',
         "Import-Module WebAdministration",
         'if ((Get-WebAppPoolState -Name $appPool).Value -ne "Stopped") {',
         "    Stop-WebAppPool -Name $appPool",
         "}",
         'Write-Host "Stopped app pool $appPool"'],
        [f'$settings = Get-Content -Raw -Path "appsettings.json" | ConvertFrom-Json',
         f'$settings.BaseUrl = "{base_url}"',
         f'$settings.Logging.LogLevel.Default = "{r.v("Logging.Level")}"',
         '$settings | ConvertTo-Json -Depth 10 | Set-Content -Path "appsettings.json"'],
        [f'$body = @{{ version = "{r.release()}"; environment = "{r.env()}" }} | ConvertTo-Json',
         f'Invoke-RestMethod -Method Post -Uri "{base_url}/internal/deployments" -Body $body -ContentType "application/json"'],
        [f"kubectl rollout status deployment/{app} -n {ns} --timeout=300s",
         "if ($LASTEXITCODE -ne 0) {",
         f'    Fail-Step "Rollout of {app} did not complete"',
         "}"],
        [f'Compress-Archive -Path .\\output\\* -DestinationPath "release-{r.release()}.zip" -Force',
         f'New-OctopusArtifact -Path "release-{r.release()}.zip"'],
        [f'Write-Host "{r.mixed()}"', f'Write-Host "{r.mixed()}"'],
        [f'Invoke-Sqlcmd -ServerInstance "{r.v("Database.Server")}" -Database "{r.v("Database.Name")}" `',
         '    -InputFile ".\\migrations\\latest.sql" -QueryTimeout 300'],
    ]
    if r.has("Slack.WebhookUrl"):
        snippets.append([f'$payload = @{{ channel = "{r.v("Slack.Channel")}"; text = "{app} deployed to {r.env()}" }}',
                         f'Invoke-RestMethod -Method Post -Uri "{r.v("Slack.WebhookUrl")}" -Body ($payload | ConvertTo-Json)'])
    return snippets


def script_body(rng: random.Random, r: Refs, syntax: str, lo: int = 5, hi: int = 60) -> str:
    """A script of lo..hi lines assembled from fragments, blank lines between some."""
    target = min(hi, max(lo, int(rng.triangular(lo, hi, 18))))
    make = bash_snippets if syntax == "Bash" else powershell_snippets
    lines = ["set -euo pipefail"] if syntax == "Bash" and rng.random() < 0.6 else []
    pool: list = []
    while len(lines) < target:
        if not pool:
            pool = make(rng, r)
            rng.shuffle(pool)
        snippet = pool.pop()
        if len(lines) + len(snippet) > hi:
            continue  # no room for this fragment; one-line fragments always fit
        if lines and len(lines) + 1 + len(snippet) <= hi and rng.random() < 0.6:
            lines.append("")
        lines.extend(snippet)
    if rng.random() < 0.3:
        lines.append("")  # real exports often keep the script's trailing newline
    return "\n".join(lines)


def kubernetes_yaml(rng: random.Random, r: Refs, package: str) -> str:
    """Deployment + Service (+ optional Ingress / ConfigMap) manifest."""
    app, ns = r.v("App.Name"), r.v("Kubernetes.Namespace")
    port = r.v("App.Port")
    env_vars = rng.sample(r.names, min(rng.randint(2, 8), len(r.names)))
    lines = [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        f"  name: {app}",
        f"  namespace: {ns}",
        "  labels:",
        f"    app: {app}",
        f'    release: "{r.release()}"',
        "spec:",
        f"  replicas: {r.v('Kubernetes.Replicas')}",
        "  selector:",
        "    matchLabels:",
        f"      app: {app}",
        "  template:",
        "    metadata:",
        "      labels:",
        f"        app: {app}",
        "    spec:",
        "      containers:",
        f"        - name: {app}",
        f'          image: "#{{Octopus.Action.Package[{package}].PackageId}}:#{{Octopus.Action.Package[{package}].PackageVersion}}"',
        "          ports:",
        f"            - containerPort: {port}",
        "          env:",
    ]
    for name in env_vars:
        lines += [f"            - name: {env_var_name(name)}", f'              value: "#{{{name}}}"']
    lines += [
        "          readinessProbe:",
        "            httpGet:",
        f"              path: {r.v('HealthCheck.Path')}",
        f"              port: {port}",
        "---",
        "apiVersion: v1",
        "kind: Service",
        "metadata:",
        f"  name: {app}",
        f"  namespace: {ns}",
        "spec:",
        "  selector:",
        f"    app: {app}",
        "  ports:",
        "    - port: 80",
        f"      targetPort: {port}",
    ]
    if rng.random() < 0.5:
        lines += [
            "---",
            "apiVersion: networking.k8s.io/v1",
            "kind: Ingress",
            "metadata:",
            f"  name: {app}",
            f"  namespace: {ns}",
            "spec:",
            "  rules:",
            f"    - host: {app}.{r.env()}.acme-corp.net",
            "      http:",
            "        paths:",
            "          - path: /",
            "            pathType: Prefix",
            "            backend:",
            "              service:",
            f"                name: {app}",
            "                port:",
            "                  number: 80",
        ]
    if rng.random() < 0.3:
        lines += ["---", "apiVersion: v1", "kind: ConfigMap", "metadata:",
                  f"  name: {app}-config", f"  namespace: {ns}", "data:"]
        lines += [f'  {env_var_name(name).lower()}: "#{{{name}}}"' for name in env_vars]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Actions and steps
# --------------------------------------------------------------------------

class ProcessContext:
    """Per-process state: unique step/action/package names and donor candidates."""

    def __init__(self, rng: random.Random, refs: Refs, project_slug: str, runbook: bool):
        self.rng = rng
        self.refs = refs
        self.project_slug = project_slug
        self.runbook = runbook
        self.step_names = Names()
        self.action_slugs: set = set()
        self.donors: list = []  # (action slug, package reference name)
        self.manual_steps = 0


def container_block(rng: random.Random) -> Block:
    return Block("container", [], [("feed", "docker-hub"), ("image", rng.choice(WORKER_IMAGES))])


def package_block(rng: random.Random, label: str | None, package_id: str, feed: str) -> Block:
    props = {"SelectionMode": "immediate"}
    if label is not None and rng.random() < 0.3:
        props["Extract"] = "False"
    body = [("acquisition_location", rng.choice(("Server", "Server", "ExecutionTarget"))),
            ("feed", feed), ("package_id", package_id), ("properties", props)]
    return Block("packages", [] if label is None else [label], body)


def scoping_attrs(rng: random.Random, ctx: ProcessContext) -> dict:
    """Optional environments / excluded_environments / channels / tenant_tags."""
    attrs = {}
    roll = rng.random()
    if roll < 0.12 and not ctx.runbook:
        attrs["environments"] = sorted(rng.sample(ENVIRONMENTS[1:], rng.randint(1, 2)),
                                       key=ENVIRONMENTS.index)
    elif roll < 0.2 and not ctx.runbook:
        attrs["excluded_environments"] = ["development"]
    if rng.random() < 0.03 and not ctx.runbook:
        attrs["channels"] = [rng.choice(("hotfix", "release"))]
    if rng.random() < 0.06:
        attrs["tenant_tags"] = sorted(rng.sample(
            ("Region/us-east", "Region/eu-west", "Tier/Gold", "Tier/Silver", "Hosting/Shared"), 2))
    return attrs


def common_action_attrs(rng: random.Random, attrs: dict) -> None:
    if rng.random() < 0.04:
        attrs["is_disabled"] = True
    if rng.random() < 0.08:
        attrs["is_required"] = True
    if rng.random() < 0.1:
        attrs["notes"] = rng.choice((
            "Owned by the platform team.", "Keep in sync with the runbook of the same name.",
            "Retries are handled by the script itself.", "See the service README for details."))


def worker_attrs(rng: random.Random, attrs: dict) -> list:
    """worker_pool (+ maybe worker_pool_variable and an execution container)."""
    attrs["worker_pool"] = rng.choice(WORKER_POOLS)
    if rng.random() < 0.3:
        attrs["worker_pool_variable"] = ""
    return [container_block(rng)] if rng.random() < 0.4 else []


def script_action(rng, ctx: ProcessContext, on_worker: bool) -> tuple:
    """Octopus.Script: returns (attrs, blocks)."""
    syntax = "Bash" if rng.random() < 0.55 else "PowerShell"
    props = {
        "Octopus.Action.RunOnServer": "true" if on_worker else "false",
        "Octopus.Action.Script.ScriptBody": script_body(rng, ctx.refs, syntax),
        "Octopus.Action.Script.ScriptSource": "Inline",
        "Octopus.Action.Script.Syntax": syntax,
    }
    if rng.random() < 0.5:
        props["OctopusUseBundledTooling"] = "False"
    if rng.random() < 0.2:
        props["Octopus.Action.AutoRetry.MaximumCount"] = "3"
    if rng.random() < 0.15:
        props["Octopus.Action.ExecutionTimeout.Minutes"] = str(rng.choice((10, 30, 60)))
    if rng.random() < 0.1:
        props["Octopus.Action.EnabledFeatures"] = "Octopus.Features.SubstituteInFiles"
        props["Octopus.Action.SubstituteInFiles.TargetFiles"] = "appsettings.json"
    attrs = {"action_type": "Octopus.Script", "properties": props}
    blocks = worker_attrs(rng, attrs) if on_worker else []
    if rng.random() < 0.15:
        label = rng.choice(("tools", "migrations", "scripts"))
        blocks.append(package_block(rng, label, f"Acme.{label.title()}", "octopus-server-built-in"))
    return attrs, blocks


def kubernetes_script_action(rng, ctx: ProcessContext) -> tuple:
    syntax = "Bash" if rng.random() < 0.7 else "PowerShell"
    props = {
        "Octopus.Action.Script.ScriptBody": script_body(rng, ctx.refs, syntax, 5, 40),
        "Octopus.Action.Script.ScriptSource": "Inline",
        "Octopus.Action.Script.Syntax": syntax,
        "OctopusUseBundledTooling": "False",
    }
    if rng.random() < 0.4:
        props["Octopus.Action.KubernetesContainers.Namespace"] = ctx.refs.v("Kubernetes.Namespace")
    attrs = {"action_type": "Octopus.KubernetesRunScript", "properties": props}
    return attrs, worker_attrs(rng, attrs)


def kubernetes_yaml_action(rng, ctx: ProcessContext, action_slug: str) -> tuple:
    package = rng.choice(("app", "web", "api", "container", "image"))
    base = ctx.project_slug.rsplit("-", 1)[0]
    props = {
        "Octopus.Action.Kubernetes.DeploymentTimeout": str(rng.choice((180, 300, 600))),
        "Octopus.Action.Kubernetes.ResourceStatusCheck": "True",
        "Octopus.Action.Kubernetes.ServerSideApply.Enabled": "True",
        "Octopus.Action.Kubernetes.ServerSideApply.ForceConflicts": "True",
        "Octopus.Action.KubernetesContainers.CustomResourceYaml": kubernetes_yaml(rng, ctx.refs, package),
        "Octopus.Action.Script.ScriptSource": "Inline",
        "OctopusUseBundledTooling": "False",
    }
    if rng.random() < 0.5:
        props["Octopus.Action.KubernetesContainers.Namespace"] = ctx.refs.v("Kubernetes.Namespace")
    attrs = {"action_type": "Octopus.KubernetesDeployRawYaml", "properties": props}
    blocks = worker_attrs(rng, attrs)
    blocks.append(package_block(rng, package, f"acme/{base}", "docker-hub"))
    ctx.donors.append((action_slug, package))
    return attrs, blocks


def tentacle_package_action(rng, ctx: ProcessContext) -> tuple:
    base = ctx.project_slug.rsplit("-", 1)[0]
    package_id = "Acme." + "".join(part.title() for part in base.split("-"))
    props = {
        "Octopus.Action.EnabledFeatures": "Octopus.Features.ConfigurationTransforms,Octopus.Features.ConfigurationVariables",
        "Octopus.Action.Package.AutomaticallyRunConfigurationTransformationFiles": "True",
        "Octopus.Action.Package.AutomaticallyUpdateAppSettingsAndConnectionStrings": "True",
        "Octopus.Action.Package.DownloadOnTentacle": "False",
        "Octopus.Action.Package.FeedId": "octopus-server-built-in",
        "Octopus.Action.Package.PackageId": package_id,
    }
    if rng.random() < 0.4:
        props["Octopus.Action.Package.CustomInstallationDirectory"] = f"D:\\Apps\\{package_id}"
        props["Octopus.Action.Package.CustomInstallationDirectoryShouldBePurgedBeforeDeployment"] = "True"
    if rng.random() < 0.4:
        props["Octopus.Action.CustomScripts.PostDeploy.ps1"] = script_body(rng, ctx.refs, "PowerShell", 5, 25)
    if rng.random() < 0.3:
        props["Octopus.Action.CustomScripts.PreDeploy.ps1"] = script_body(rng, ctx.refs, "PowerShell", 5, 15)
    attrs = {"action_type": "Octopus.TentaclePackage", "properties": props}
    return attrs, [package_block(rng, None, package_id, "octopus-server-built-in")]


def manual_action(rng, ctx: ProcessContext) -> tuple:
    instructions = rng.choice((
        f"Approve the release of {ctx.refs.v('App.Name')} to {ctx.refs.env()}.",
        "\n".join((f"Confirm the change ticket for {ctx.refs.release()} is approved.",
                   "",
                   "Check the dashboards before approving:",
                   f"- {ctx.refs.v('App.BaseUrl')}{ctx.refs.v('HealthCheck.Path')}",
                   f"- {ctx.refs.v('Slack.Channel')}")),
    ))
    props = {
        "Octopus.Action.Manual.BlockConcurrentDeployments": rng.choice(("True", "False")),
        "Octopus.Action.Manual.Instructions": instructions,
        "Octopus.Action.Manual.ResponsibleTeamIds": rng.choice(("release-managers", "platform-team")),
        "Octopus.Action.RunOnServer": "false",
    }
    attrs = {"action_type": "Octopus.Manual", "properties": props}
    if not ctx.runbook:
        attrs["environments"] = ["production"] if rng.random() < 0.8 else ["staging", "production"]
    return attrs, []


# Step name templates per action kind; `{c}` is a component name.
STEP_TEMPLATES = {
    "script": ("Run database migrations", "Smoke test", "Notify Slack", "Warm up cache",
               "Validate configuration", "Purge CDN cache", "Create monitoring annotation",
               "Health check", "Backup database", "Register {c} in service discovery",
               "Drain load balancer", "Seed reference data", "Verify TLS certificate",
               "Publish release notes", "Rebuild search index", "Tag container image",
               "Check feature flags", "Sync static assets", "Run {c} integration tests",
               "Clean up old releases", "Verify {c} endpoints"),
    "k8s_yaml": ("Deploy {c} manifests", "Apply {c} config map", "Apply {c} ingress",
                 "Apply {c} autoscaler", "Deploy {c} cron job"),
    "k8s_script": ("Restart {c} deployment", "Check {c} rollout status", "Scale {c} replicas",
                   "Collect {c} diagnostics", "Annotate {c} deployment"),
    "tentacle": ("Deploy {c} package", "Install {c} service", "Deploy {c} website"),
    "manual": ("Approve production deployment", "Confirm maintenance window",
               "Change advisory board approval", "Sign off {c} release"),
}
RUNBOOK_STEP_TEMPLATES = {
    "script": ("Backup database", "Flush cache", "Rotate logs", "Restore database snapshot",
               "Recycle {c}", "Reindex search", "Export audit log", "Verify {c} health",
               "Clear {c} queue", "Refresh materialized views"),
    "k8s_script": ("Restart {c} pods", "Scale {c} to zero", "Dump {c} logs", "Describe {c} pods"),
    "k8s_yaml": ("Apply {c} maintenance page",),
    "manual": ("Confirm maintenance window",),
}
ROLES = ("web", "app-server", "worker-host", "api", "iis-server")


def action_block(rng, ctx: ProcessContext, kind: str, slug: str, labelled: bool,
                 on_target: bool) -> Block:
    """One `action {...}` (or `action "slug" {...}`) block of the given kind."""
    if kind == "script":
        attrs, blocks = script_action(rng, ctx, on_worker=not on_target)
    elif kind == "k8s_script":
        attrs, blocks = kubernetes_script_action(rng, ctx)
    elif kind == "k8s_yaml":
        attrs, blocks = kubernetes_yaml_action(rng, ctx, slug)
    elif kind == "tentacle":
        attrs, blocks = tentacle_package_action(rng, ctx)
    else:
        attrs, blocks = manual_action(rng, ctx)
    if kind != "manual":
        attrs.update(scoping_attrs(rng, ctx))
    common_action_attrs(rng, attrs)
    body = [(key, attrs[key]) for key in sorted(attrs)] + blocks
    return Block("action", [slug] if labelled else [], body)


def pick_kind(rng: random.Random, ctx: ProcessContext) -> str:
    if ctx.runbook:
        weights = {"script": 55, "k8s_script": 30, "k8s_yaml": 8, "manual": 7}
    else:
        weights = {"script": 38, "k8s_yaml": 22, "k8s_script": 15, "tentacle": 18, "manual": 7}
    kind = rng.choices(list(weights), list(weights.values()))[0]
    if kind == "manual" and ctx.manual_steps >= (1 if ctx.runbook else 2):
        kind = "script"
    ctx.manual_steps += kind == "manual"
    return kind


def step_block(rng: random.Random, ctx: ProcessContext, index: int) -> Block:
    """One `step "slug" {...}`: attributes, then one action (or two, rolling)."""
    templates = RUNBOOK_STEP_TEMPLATES if ctx.runbook else STEP_TEMPLATES
    rolling = not ctx.runbook and rng.random() < 0.1
    kind = "tentacle" if rolling else pick_kind(rng, ctx)
    for _ in range(4):  # prefer a fresh name; Names.claim numbers it if all attempts collide
        wanted = rng.choice(templates[kind]).format(c=rng.choice(COMPONENTS))
        if slugify(wanted) not in ctx.step_names.slugs:
            break
    name, slug = ctx.step_names.claim(wanted)

    attrs: dict = {"name": name}
    props: dict = {}
    on_target = kind in ("k8s_yaml", "k8s_script", "tentacle") or (kind == "script" and rng.random() < 0.35)
    if on_target:
        props["Octopus.Action.TargetRoles"] = "k8s-cluster" if kind.startswith("k8s") else rng.choice(ROLES)
    if rolling:
        props["Octopus.Action.MaxParallelism"] = str(rng.choice((1, 2, 5)))
    if index > 0:
        roll = rng.random()
        if roll < 0.08:
            attrs["condition"] = "Always"
        elif roll < 0.16 and ctx.refs.has("Feature.SmokeTests.Enabled"):
            attrs["condition"] = "Variable"
            props["Octopus.Step.ConditionVariableExpression"] = ctx.refs.v("Feature.SmokeTests.Enabled")
        elif roll < 0.22:
            attrs["condition"] = "Success"
        if kind != "manual" and rng.random() < 0.12:
            attrs["start_trigger"] = "StartWithPrevious"
        elif rng.random() < 0.05:
            attrs["start_trigger"] = "StartAfterPrevious"
    if rng.random() < 0.03:
        attrs["package_requirement"] = "LetOctopusDecide"
    if props:
        attrs["properties"] = props

    body: list = [(key, attrs[key]) for key in sorted(attrs)]
    if rolling:
        for suffix, action_kind in (("stop-app", "script"), ("deploy-package", "tentacle")):
            action_slug = claim_action_slug(ctx, f"{slug}-{suffix}")
            body.append(action_block(rng, ctx, action_kind, action_slug, True, on_target=True))
    else:
        labelled = rng.random() < 0.15
        action_slug = claim_action_slug(ctx, slug if not labelled else f"{slug}-1")
        body.append(action_block(rng, ctx, kind, action_slug, labelled, on_target))
    return Block("step", [slug], body)


def claim_action_slug(ctx: ProcessContext, wanted: str) -> str:
    slug, n = wanted, 2
    while slug in ctx.action_slugs:
        slug = f"{wanted}-{n}"
        n += 1
    ctx.action_slugs.add(slug)
    return slug


def process_steps(rng: random.Random, ctx: ProcessContext, count: int) -> list:
    return [step_block(rng, ctx, i) for i in range(count)]


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------

def deployment_settings(rng: random.Random, ctx: ProcessContext) -> tuple:
    """Returns (body, donor step slug or None)."""
    body: list = [("default_guided_failure_mode", rng.choice(("EnvironmentDefault", "EnvironmentDefault", "On")))]
    if rng.random() < 0.15:
        body.append(("release_notes_template", "#{Octopus.Release.Notes}"))
    connectivity = [("allow_deployments_to_no_targets", True)] if rng.random() < 0.8 else []
    body.append(Block("connectivity_policy", [], connectivity))
    donor_step = None
    if ctx.donors and rng.random() < 0.3:
        donor_step, package = rng.choice(ctx.donors)
        strategy = [Block("donor_package", [], [("package", package), ("step", donor_step)])]
    else:
        strategy = [("template", VERSION_TEMPLATE)]
    body.append(Block("versioning_strategy", [], strategy))
    return body, donor_step


RUNBOOK_NAMES = ("Restart application", "Backup database", "Flush cache", "Rotate logs",
                 "Restore staging from production", "Scale down for the weekend",
                 "Reindex search", "Collect diagnostics", "Maintenance mode", "Disaster recovery drill")


def runbook_file(rng: random.Random, refs: Refs, project_slug: str, name: str) -> list:
    ctx = ProcessContext(rng, refs, project_slug, runbook=True)
    environments = ["production"] if rng.random() < 0.6 else ["staging", "production"]
    body: list = [
        ("name", name),
        ("default_guided_failure_mode", "EnvironmentDefault"),
        ("description", rng.choice(("", "", f"Operational runbook for {project_slug}."))),
        ("environment_scope", "Specified"),
        ("environments", environments),
        Block("connectivity_policy", [], [("allow_deployments_to_no_targets", True)]),
        Block("run_retention_policy", [], [("quantity_to_keep", rng.choice((10, 50, 100))), ("type", "Count")]),
        Block("process", [], process_steps(rng, ctx, rng.randint(1, 5))),
    ]
    return body


def schema_version(rng: random.Random) -> str:
    return "version = 10" + ("\n" if rng.random() < 0.2 else "")


# --------------------------------------------------------------------------
# Defects
# --------------------------------------------------------------------------

def iter_actions(step: Block):
    return (el for el in step.body if isinstance(el, Block) and el.kind == "action")


def plant_defect(rng: random.Random, kind: str, steps: list, variables: list, donor_step: str | None) -> None:
    """Mutate one project's model so it has exactly one problem of `kind`."""
    candidates = [s for s in steps if s.labels[0] != donor_step and
                  all(a.labels[:1] != [donor_step] for a in iter_actions(s))]
    if kind == "unknown_condition":
        step = rng.choice([s for s in candidates if ("condition", "Variable") not in s.body])
        step.body = [el for el in step.body if not (isinstance(el, tuple) and el[0] == "condition")]
        step.body.insert(0, ("condition", "Sometimes"))
    elif kind == "step_without_action":
        step = rng.choice(candidates)
        step.body = [el for el in step.body if not (isinstance(el, Block) and el.kind == "action")]
    elif kind == "comment_line":
        rng.choice(steps).comment = rng.choice((
            "TODO: remove once the migration has shipped", "Temporarily reordered, see ticket OPS-1234"))
    elif kind == "duplicate_step_label":
        first, second = rng.sample(candidates, 2)
        second.labels = list(first.labels)
    elif kind == "plaintext_password":
        position = rng.randint(0, len(variables))
        variables.insert(position, Block("variable", ["Db.Password"], [Block("value", ["hunter2-prod"], [])]))
    elif kind == "undefined_reference":
        for step in rng.sample(steps, len(steps)):
            for action in iter_actions(step):
                attrs = dict(el for el in action.body if isinstance(el, tuple))
                props = attrs.get("properties", {})
                body = props.get("Octopus.Action.Script.ScriptBody")
                if body and props.get("Octopus.Action.Script.Syntax") == "Bash" and not attrs.get("is_disabled"):
                    props["Octopus.Action.Script.ScriptBody"] = 'echo "Using #{Undefined.Var}"\n' + body
                    return
        variables.append(Block("variable", ["App.LegacyEndpoint"],
                               [Block("value", ["https://#{Undefined.Var}/api"], [])]))
    else:
        raise ValueError(kind)


# --------------------------------------------------------------------------
# Projects
# --------------------------------------------------------------------------

def project_slug_for(seed: int, index: int) -> str:
    rng = random.Random(f"{seed}:slug:{index}")
    return f"{rng.choice(DOMAINS)}-{rng.choice(KINDS)}-{index:04d}"


def generate_project(seed: int, index: int, slug: str, defect_rate: float,
                     step_count: int | None = None, variable_count: int | None = None) -> tuple:
    """Return ({relative path: text}, defect kind or None) for one project."""
    rng = random.Random(f"{seed}:project:{index}")
    variable_count = variable_count or rng.randint(50, 200)
    step_count = step_count or rng.randint(10, 30)

    plain, sensitive = choose_variables(rng, variable_count)
    names = sorted(name for name, _ in plain)
    deploy_refs = Refs(rng, names, SYSTEM_DEPLOY, sensitive)
    variables = variables_file(rng, plain, sensitive, ValueMaker(rng, slug, deploy_refs))

    ctx = ProcessContext(rng, deploy_refs, slug, runbook=False)
    steps = process_steps(rng, ctx, step_count)
    settings, donor_step = deployment_settings(rng, ctx)

    runbook_refs = Refs(rng, names, SYSTEM_RUNBOOK, sensitive)
    runbooks = {}
    for name in sorted(rng.sample(RUNBOOK_NAMES, rng.randint(1, 3))):
        runbooks[f"runbooks/{slugify(name)}.ocl"] = runbook_file(rng, runbook_refs, slug, name)

    defect = None
    defect_rng = random.Random(f"{seed}:defect:{index}")
    if defect_rate > 0 and defect_rng.random() < defect_rate:
        defect = defect_rng.choice(DEFECT_KINDS)
        plant_defect(defect_rng, defect, steps, variables, donor_step)

    files = {
        "schema_version.ocl": schema_version(rng),
        "deployment_process.ocl": render(steps),
        "deployment_settings.ocl": render(settings),
        "variables.ocl": render(variables),
    }
    for path, body in runbooks.items():
        files[path] = render(body)
    return files, defect


def write_files(root: str, files: dict) -> int:
    written = 0
    for rel in sorted(files):
        path = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = files[rel].encode("utf-8")
        with open(path, "wb") as handle:
            handle.write(data)
        written += len(data)
    return written


def prepare_output(out: str, force: bool) -> None:
    """Create DIR; refuse a non-empty DIR unless --force, which clears only DIR/.octopus."""
    if os.path.exists(out) and not os.path.isdir(out):
        sys.exit(f"error: {out} exists and is not a directory")
    os.makedirs(out, exist_ok=True)
    if os.listdir(out):
        if not force:
            sys.exit(f"error: {out} is not empty (use --force to replace {out}/.octopus)")
        octopus = os.path.join(out, ".octopus")
        if os.path.islink(octopus):
            os.unlink(octopus)
        elif os.path.isdir(octopus):
            shutil.rmtree(octopus)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=2000, help="number of projects (default 2000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--single", action="store_true",
                        help="one project (30 steps, 200 variables) directly in DIR/.octopus/")
    parser.add_argument("--defects", type=float, default=0.0, metavar="RATE",
                        help="probability per project of planting exactly one problem (default 0)")
    parser.add_argument("--force", action="store_true", help="allow a non-empty DIR (replaces DIR/.octopus)")
    args = parser.parse_args(argv)
    if args.projects < 1:
        parser.error("--projects must be at least 1")
    if not 0.0 <= args.defects <= 1.0:
        parser.error("--defects must be between 0 and 1")

    prepare_output(args.out, args.force)
    octopus_root = os.path.join(args.out, ".octopus")
    if args.single:  # single-project layout: the project's files live directly in .octopus/
        plan = [(1, octopus_root, dict(step_count=30, variable_count=200))]
    else:
        plan = [(index, os.path.join(octopus_root, project_slug_for(args.seed, index)), {})
                for index in range(1, args.projects + 1)]

    defects: Counter = Counter()
    files_written = total_bytes = 0
    for index, root, sizes in plan:
        slug = project_slug_for(args.seed, index)
        files, defect = generate_project(args.seed, index, slug, args.defects, **sizes)
        total_bytes += write_files(root, files)
        files_written += len(files)
        if defect:
            defects[defect] += 1
    projects = len(plan)

    print(f"generated projects={projects} files={files_written} bytes={total_bytes}", file=sys.stderr)
    if args.defects > 0:
        counts = " ".join(f"{kind}={defects[kind]}" for kind in DEFECT_KINDS)
        print(f"planted defects={sum(defects.values())} {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
