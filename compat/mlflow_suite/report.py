"""Writes the report of MLflow's own tests run against MLflow's server and against Cairn (compat/results/).

    python report.py MLFLOW_XML CAIRN_XML OUT.md "<how it was run>"
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

GROUPS = [  # (cause, name pattern): endpoint groups Cairn leaves to other issues or does not serve
    ("GenAI traces and assessments (issue 17)", r"trace|span|assessment|otel"),
    ("AI gateway", r"gateway|secret|endpoint|model_definition|provider|guardrail|binding"),
    ("issues", r"issue"),
    ("evaluation datasets", r"evaluation_dataset|dataset_to_experiment|experiments_from_dataset|"
                            r"dataset_experiment|upsert_records|add_remove_experiments"),
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
    for label, pattern in GROUPS:
        if re.search(pattern, test.split("::")[-1]):
            return label
    return "other"


def main() -> int:
    mlflow_xml, cairn_xml, out, how = sys.argv[1:5]
    m, c = results(mlflow_xml), results(cairn_xml)
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
            failing[cause(t)].append((t, c.get(t, ("missing", "not run"))[1]))
        lines.append(f"| `{f}` | {len(names)} | {len(on_m)} | {len(on_c)} | {len(only_m)} |")
    total_m = sum(1 for t in m if m[t][0] == "passed")
    excluded = sum(len(v) for k, v in failing.items() if k != "other")
    classic_m = total_m - excluded
    classic_c = classic_m - len(failing.get("other", []))
    share = 100.0 * classic_c / classic_m if classic_m else 0.0
    lines += ["", f"Outside the excluded groups: Cairn passes **{classic_c} of the {classic_m}** tests MLflow's "
                  f"server passes (**{share:.1f} %**).", ""]
    for label in [g for g, _ in GROUPS] + ["other"]:
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
