"""MLflow's own tests run against MLflow's server and against Cairn: the report, the baseline, the check.

    python report.py [--selection S] MLFLOW_XML CAIRN_XML OUT.md "<how it was run>"   the report (compat/results/)
    python report.py [--selection S] baseline MLFLOW_XML                             writes mlflow_passed.txt
    python report.py [--selection S] check CAIRN_XML                                 exit 1 on a regression

The check needs no MLflow run: every test of mlflow_passed.txt (those MLflow 3.17.2's server passed here) must
pass on Cairn, except the endpoint groups excluded below (other issues, or not served) and the deliberate
deviations listed with their reasons in deviations.txt (docs/COMPATIBILITY.md explains each).

The selection S is run.sh's: `tracking` (the default) reads the lists above and excludes GROUPS; `auth` reads
mlflow_passed_auth.txt and deviations_auth.txt and excludes AUTH_GROUPS. Tests that start a server carry the junit
property `server` (cairn_server_swap.py); the report counts them apart, as the others exercise only MLflow's Python
code.
"""

from __future__ import annotations

import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import NamedTuple

GROUPS = [  # (cause, name pattern): endpoint groups Cairn leaves to other issues or does not serve
    ("AI gateway", r"gateway|secret|endpoint|model_definition|provider|guardrail|binding"),
    ("issues", r"issue"),
    ("evaluation datasets", r"evaluation_dataset|dataset_to_experiment|experiments_from_dataset|"
                            r"dataset_experiment|upsert_records|add_remove_experiments|"
                            r"remove_dataset_from_experiments"),
    ("GraphQL", r"graphql"),
    ("scorers", r"scorer|online_scoring"),
    ("prompt lab", r"promptlab"),
]
AUTH_GROUPS = [  # the same for the auth selection, the pattern on the whole test id (a file may be one group)
    ("GenAI traces and assessments (their permissions not yet compared)", r"trace|span|assessment|otel"),
    ("AI gateway", r"gateway"),
    ("GraphQL", r"graphql"),
    ("scorers", r"scorer|online_scoring"),
    ("workspaces", r"test_client_workspace\.py"),  # (roles name a workspace too: test_client_rbac.py is counted)
    ("jobs, prompt optimization and the assistant", r"job|prompt_optimization|assistant"),
]
SELECTION = {"suffix": "", "groups": GROUPS, "on": "name"}  # the tracking selection's; main() may change it


class Result(NamedTuple):
    outcome: str  # passed, failed, skipped
    message: str  # the first line of the failure's message
    server: bool  # the test started a server


def results(path: str) -> dict[str, Result]:
    out = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        name = f"{case.get('classname', '').replace('.', '/')}.py::{case.get('name')}"
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                # the first line of the message, else of the text (a fixture's error may have no message)
                lines = (child.get("message") or child.text or "").strip().splitlines() or [""]
                # pytest.raises(match=...) says only that on its first line: the regex and the message follow
                first = " ".join(l.strip() for l in lines[:3]) if lines[0].endswith("did not match.") else lines[0]
                outcome, message = "failed", first[:300]
            elif child.tag == "skipped":
                outcome = "skipped"
        server = any(p.get("name") == "server" for p in case.iter("property"))
        # a test run twice (a failing teardown after a pass) is reported twice: the failure wins
        if name not in out or outcome == "failed":
            out[name] = Result(outcome, message, server or (name in out and out[name].server))
    return out


def cause(test: str) -> str:
    if "webhook" in test:  # webhook tests name their "test endpoint", not the gateway's
        return "other"
    for label, pattern in SELECTION["groups"]:
        if re.search(pattern, test.split("::")[-1] if SELECTION["on"] == "name" else test):
            return label
    return "other"


HERE = os.path.dirname(os.path.abspath(__file__))


def listed(name: str, with_reasons: bool = True) -> dict[str, str]:
    """A list file of this folder: a test id per line (ids may hold spaces), or with reasons the id, a
    space and the reason; # comments."""
    out = {}
    with open(os.path.join(HERE, name.replace(".txt", SELECTION["suffix"] + ".txt"))) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                test, _, reason = line.partition(" ") if with_reasons else (line, "", "")
                out[test] = reason.strip()
    return out


def baseline(mlflow_xml: str) -> int:
    m = results(mlflow_xml)
    with open(os.path.join(HERE, f"mlflow_passed{SELECTION['suffix']}.txt"), "w") as f:
        f.write("# The selection's tests that passed against MLflow 3.17.2's own server (report.py baseline).\n")
        f.writelines(t + "\n" for t in sorted(t for t in m if m[t][0] == "passed"))
    return 0


def check(cairn_xml: str) -> int:
    c = results(cairn_xml)
    passed_on_mlflow = listed("mlflow_passed.txt", with_reasons=False)
    deviations = listed("deviations.txt")
    regressions = [t for t in sorted(passed_on_mlflow)
                   if c.get(t, ("not run", ""))[0] != "passed" and cause(t) == "other" and t not in deviations]
    counted = [t for t in passed_on_mlflow if cause(t) == "other" and t not in deviations]
    print(f"mlflow_suite: {len(counted) - len(regressions)} of the {len(counted)} tests MLflow's server passes "
          f"(outside the excluded groups and the {len(deviations)} listed deviations) pass on Cairn")
    for t in regressions:
        print(f"  FAILS ON CAIRN: {t}: {c.get(t, ('not run', 'not run'))[1]}")
    return 1 if regressions else 0


def main() -> int:
    argv = sys.argv[1:]
    if argv[0] == "--selection":
        if argv[1] == "auth":
            SELECTION.update(suffix="_auth", groups=AUTH_GROUPS, on="id")
        elif argv[1] != "tracking":
            raise SystemExit(f"report.py: no selection {argv[1]!r} (tracking or auth)")
        argv = argv[2:]
    if argv[0] == "baseline":
        return baseline(argv[1])
    if argv[0] == "check":
        return check(argv[1])
    return report(*argv[0:4])


def report(mlflow_xml: str, cairn_xml: str, out: str, how: str) -> int:
    m, c = results(mlflow_xml), results(cairn_xml)
    missing = Result("missing", "not run", False)
    deviations = listed("deviations.txt")
    deliberate = f"deliberate deviations (deviations{SELECTION['suffix']}.txt)"
    files = sorted({t.split("::")[0] for t in m} | {t.split("::")[0] for t in c})
    title = "MLflow's own tests" if SELECTION["suffix"] == "" else "MLflow's own auth tests"
    lines = [f"# {title} against MLflow's server and against Cairn", "", how, "",
             "| file | tests | start a server | pass on MLflow 3.17.2 | pass on Cairn "
             "| of those passing on MLflow, fail on Cairn |",
             "|---|---|---|---|---|---|"]
    failing = defaultdict(list)
    for f in files:
        names = [t for t in m if t.startswith(f + "::")]
        on_m = [t for t in names if m[t].outcome == "passed"]
        on_c = [t for t in names if c.get(t, missing).outcome == "passed"]
        only_m = [t for t in on_m if c.get(t, missing).outcome != "passed"]
        for t in only_m:
            label = deliberate if t in deviations else cause(t)
            failing[label].append((t, c.get(t, missing).message))
        servers = sum(1 for t in names if m[t].server or c.get(t, missing).server)
        lines.append(f"| `{f}` | {len(names)} | {servers} | {len(on_m)} | {len(on_c)} | {len(only_m)} |")
    counted = [t for t in m if m[t].outcome == "passed" and cause(t) == "other"]  # deviations included
    counted_c = [t for t in counted if c.get(t, missing).outcome == "passed"]
    with_server = [t for t in counted if m[t].server or c.get(t, missing).server]
    with_server_c = [t for t in with_server if c.get(t, missing).outcome == "passed"]
    share = 100.0 * len(counted_c) / len(counted) if counted else 0.0
    lines += ["", f"Outside the excluded groups: Cairn passes **{len(counted_c)} of the {len(counted)}** tests MLflow's "
                  f"server passes (**{share:.1f} %**); the rest: {len(failing.get(deliberate, []))} deliberate "
                  f"deviations and {len(failing.get('other', []))} other failures, listed below."]
    if len(with_server) != len(counted):
        lines += ["", f"Of those {len(counted)}, {len(with_server)} start a server (the others exercise only MLflow's "
                      f"Python code and pass whatever the server): Cairn passes **{len(with_server_c)} of the "
                      f"{len(with_server)}**."]
    lines.append("")
    for label in [g for g, _ in SELECTION["groups"]] + [deliberate, "other"]:
        if not failing.get(label):
            continue
        lines += [f"## Passing on MLflow, failing on Cairn: {label} ({len(failing[label])})", ""]
        lines += [f"- `{t}`: {msg}" for t, msg in sorted(failing[label])] + [""]
    failing_on_mlflow = sorted(t for t in m if m[t].outcome == "failed")
    known = listed("known_failures.txt")
    if failing_on_mlflow:
        lines += [f"## Failing on MLflow's own server ({len(failing_on_mlflow)}; not counted)", ""]
        lines += [f"- `{t}`: {known.get(t) or m[t].message}" for t in failing_on_mlflow] + [""]
    open(out, "w").write("\n".join(lines))
    print(out)
    return 0

if __name__ == "__main__":
    sys.exit(main())
