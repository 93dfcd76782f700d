"""MLflow's own tests run against MLflow's server and against Cairn: the report, the baseline, the check.

    python report.py MLFLOW_XML CAIRN_XML OUT.md "<how it was run>"   the report (compat/results/)
    python report.py baseline MLFLOW_XML                             writes mlflow_passed.txt
    python report.py check CAIRN_XML                                 exit 1 on a regression

The check needs no MLflow run: every test of mlflow_passed.txt (those MLflow 3.17.2's server passed here) must
pass on Cairn, except the endpoint groups excluded below (other issues, or not served) and the deliberate
deviations listed with their reasons in deviations.txt (docs/COMPATIBILITY.md explains each).
"""

from __future__ import annotations

import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

GROUPS = [  # (cause, name pattern): endpoint groups Cairn leaves to other issues or does not serve
    ("GenAI traces and assessments (issue 17)", r"trace|span|assessment|otel"),
    ("AI gateway", r"gateway|secret|endpoint|model_definition|provider|guardrail|binding"),
    ("issues", r"issue"),
    ("evaluation datasets", r"evaluation_dataset|dataset_to_experiment|experiments_from_dataset|"
                            r"dataset_experiment|upsert_records|add_remove_experiments|"
                            r"remove_dataset_from_experiments"),
    ("GraphQL", r"graphql"),
    ("scorers", r"scorer|online_scoring"),
    ("prompt lab", r"promptlab"),
]


def results(path: str) -> dict[str, tuple[str, str]]:
    out = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        name = f"{case.get('classname', '').replace('.', '/')}.py::{case.get('name')}"
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                outcome, message = "failed", (child.get("message") or "").splitlines()[0][:200] if child.get("message") else ""
            elif child.tag == "skipped":
                outcome = "skipped"
        out[name] = (outcome, message)
    return out


def cause(test: str) -> str:
    if "webhook" in test:  # webhook tests name their "test endpoint", not the gateway's
        return "other"
    for label, pattern in GROUPS:
        if re.search(pattern, test.split("::")[-1]):
            return label
    return "other"


HERE = os.path.dirname(os.path.abspath(__file__))


def listed(name: str, with_reasons: bool = True) -> dict[str, str]:
    """A list file of this folder: a test id per line (ids may hold spaces), or with reasons the id, a
    space and the reason; # comments."""
    out = {}
    with open(os.path.join(HERE, name)) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                test, _, reason = line.partition(" ") if with_reasons else (line, "", "")
                out[test] = reason.strip()
    return out


def baseline(mlflow_xml: str) -> int:
    m = results(mlflow_xml)
    with open(os.path.join(HERE, "mlflow_passed.txt"), "w") as f:
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
    if sys.argv[1] == "baseline":
        return baseline(sys.argv[2])
    if sys.argv[1] == "check":
        return check(sys.argv[2])
    mlflow_xml, cairn_xml, out, how = sys.argv[1:5]
    m, c = results(mlflow_xml), results(cairn_xml)
    deviations = listed("deviations.txt")
    files = sorted({t.split("::")[0] for t in m} | {t.split("::")[0] for t in c})
    lines = ["# MLflow's own tests against MLflow's server and against Cairn", "", how, "",
             "| file | tests | pass on MLflow 3.17.2 | pass on Cairn | of those passing on MLflow, fail on Cairn |",
             "|---|---|---|---|---|"]
    failing = defaultdict(list)
    for f in files:
        names = [t for t in m if t.startswith(f + "::")]
        on_m = [t for t in names if m[t][0] == "passed"]
        on_c = [t for t in names if c.get(t, ("missing", ""))[0] == "passed"]
        only_m = [t for t in on_m if c.get(t, ("missing", ""))[0] != "passed"]
        for t in only_m:
            label = "deliberate deviations (deviations.txt)" if t in deviations else cause(t)
            failing[label].append((t, c.get(t, ("missing", "not run"))[1]))
        lines.append(f"| `{f}` | {len(names)} | {len(on_m)} | {len(on_c)} | {len(only_m)} |")
    total_m = sum(1 for t in m if m[t][0] == "passed")
    excluded = sum(len(v) for k, v in failing.items() if k != "other" and not k.startswith("deliberate"))
    classic_m = total_m - excluded
    classic_c = classic_m - len(failing.get("other", []))
    share = 100.0 * classic_c / classic_m if classic_m else 0.0
    classic_c -= len(failing.get("deliberate deviations (deviations.txt)", []))
    share = 100.0 * classic_c / classic_m if classic_m else 0.0
    lines += ["", f"Outside the excluded groups: Cairn passes **{classic_c} of the {classic_m}** tests MLflow's "
                  f"server passes (**{share:.1f} %**); the rest: "
                  f"{len(failing.get('deliberate deviations (deviations.txt)', []))} deliberate deviations and "
                  f"{len(failing.get('other', []))} other failures, listed below.", ""]
    for label in [g for g, _ in GROUPS] + ["deliberate deviations (deviations.txt)", "other"]:
        if not failing.get(label):
            continue
        lines += [f"## Passing on MLflow, failing on Cairn: {label} ({len(failing[label])})", ""]
        lines += [f"- `{t}`: {msg}" for t, msg in sorted(failing[label])] + [""]
    failing_on_mlflow = sorted(t for t in m if m[t][0] == "failed")
    if failing_on_mlflow:
        lines += [f"## Failing on MLflow's own server ({len(failing_on_mlflow)}; not counted)", ""]
        lines += [f"- `{t}`: {m[t][1]}" for t in failing_on_mlflow] + [""]
    open(out, "w").write("\n".join(lines))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
