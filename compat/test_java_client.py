"""The Java SDK and the client commands: what Java writes (client/examples/TrainingScenario.java, run against the
server under test, then offline and uploaded with ``cairn sync``) is read back by the real Python client with the
expected values; the ``--output json`` of ``cairn runs|experiments|models`` agrees with it.

Runs against any server (MLflow's own too: the Java client speaks MLflow's API), with the 3.x client (logged models).
"""

from __future__ import annotations

import json
import os
import subprocess

import mlflow
import pytest
from mlflow import MlflowClient

import conftest
from support import AUTH, unique

pytestmark = [
    pytest.mark.skipif(mlflow.__version__.startswith("2."), reason="the scenario logs MLflow 3 logged models"),
    pytest.mark.skipif(AUTH, reason="the Java run signs in like any client; checked without auth"),
    # What the Java client sends does not depend on the server's store: checked once, on the SQLite run.
    pytest.mark.skipif(os.environ.get("COMPAT_DATABASE", "sqlite") != "sqlite", reason="checked on the SQLite run"),
]

CAIRN = conftest.REPO_ROOT / "bin" / "cairn"
EXAMPLE = conftest.REPO_ROOT / "client" / "examples" / "TrainingScenario.java"


def _java() -> str:
    home = subprocess.run(["bash", "-c", f"source {conftest.REPO_ROOT}/bin/lib/jdk.sh && echo $JAVA_HOME"],
                          capture_output=True, text=True, check=True).stdout.strip()
    return f"{home}/bin/java"


def _env(tracking_uri: str, experiment: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env.update({"MLFLOW_TRACKING_URI": tracking_uri, "MLFLOW_EXPERIMENT_NAME": experiment})
    return env


def _run_example(tracking_uri: str, experiment: str) -> dict:
    subprocess.run([str(CAIRN), "--build-only"], check=True, timeout=900)
    proc = subprocess.run([_java(), "-cp", str(conftest.REPO_ROOT / "cli" / "target" / "cairn.jar"), str(EXAMPLE)],
                          env=_env(tracking_uri, experiment), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _cairn(*args: str, uri: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(CAIRN), *args, "--tracking-uri", uri], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc


def _check_parent(client: MlflowClient, run_id: str) -> None:
    run = client.get_run(run_id)
    assert run.info.status == "FINISHED"
    assert run.info.run_name == "java-baseline"
    assert run.data.params == {"model.encoder": "resnet34", "model.depth": "4",
                               "optimizer.name": "adam", "optimizer.lr": "0.001"}
    assert run.data.tags["framework"] == "djl"
    history = sorted(client.get_metric_history(run_id, "train_loss"), key=lambda m: m.step)
    assert [(m.step, m.value) for m in history] == [(s, 1.0 / (s + 1)) for s in range(5)]
    assert run.data.metrics["val_acc"] == pytest.approx(0.9)


def _check_children(client: MlflowClient, experiment_id: str, parent_id: str) -> None:
    children = client.search_runs([experiment_id], f"tags.mlflow.parentRunId = '{parent_id}'",
                                  order_by=["metrics.val_acc DESC"])
    assert [c.data.params["lr"] for c in children] == ["0.01", "0.1"]
    assert all(c.info.status == "FINISHED" for c in children)


def _check_artifacts(run_id: str, tmp_path) -> None:
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="reports", dst_path=str(tmp_path / "r"))
    assert open(os.path.join(local, "summary.txt")).read() == "epochs: 5\n"
    assert json.load(open(os.path.join(local, "final.json"))) == {"val_acc": 0.9}


def test_python_client_reads_what_the_java_sdk_logged(tmp_path, server_uri):
    experiment = unique("java")
    out = _run_example(server_uri, experiment)
    client = MlflowClient()
    exp = client.get_experiment_by_name(experiment)
    _check_parent(client, out["run_id"])
    _check_children(client, exp.experiment_id, out["run_id"])
    _check_artifacts(out["run_id"], tmp_path)

    model = client.get_logged_model(out["model_id"])
    assert model.name == "classifier" and model.source_run_id == out["run_id"]
    assert str(model.status) in ("READY", "LoggedModelStatus.READY")
    version = client.get_model_version_by_alias(f"{experiment}-model", "champion")
    assert version.version == "1"
    files = mlflow.artifacts.download_artifacts(f"models:/{experiment}-model@champion", dst_path=str(tmp_path / "m"))
    assert open(os.path.join(files, "weights.bin")).read() == "0123456789"
    assert "model_id: " + out["model_id"] in open(os.path.join(files, "MLmodel")).read()


def test_cli_json_output_matches_the_python_clients_view(server_uri):
    experiment = unique("java-cli")
    out = _run_example(server_uri, experiment)
    client = MlflowClient()
    exp_id = client.get_experiment_by_name(experiment).experiment_id

    exps = json.loads(_cairn("experiments", "list", "--output", "json", "--filter", f"name = '{experiment}'",
                             uri=server_uri).stdout)
    assert [(e["experiment_id"], e["name"]) for e in exps] == [(exp_id, experiment)]

    runs = json.loads(_cairn("runs", "search", "--experiment-ids", exp_id, "--order-by", "start_time ASC",
                             "--output", "json", uri=server_uri).stdout)
    expected = client.search_runs([exp_id], order_by=["start_time ASC"])
    assert [r["info"]["run_id"] for r in runs] == [r.info.run_id for r in expected]
    parent = next(r for r in runs if r["info"]["run_id"] == out["run_id"])
    assert {p["key"]: p["value"] for p in parent["data"]["params"]} == client.get_run(out["run_id"]).data.params

    got = json.loads(_cairn("runs", "get", out["run_id"], uri=server_uri).stdout)
    assert got["info"]["status"] == "FINISHED"
    versions = json.loads(_cairn("models", "versions", f"{experiment}-model", "--output", "json",
                                 uri=server_uri).stdout)
    # MLflow's server leaves aliases out of search-model-versions answers; the registered model has them.
    assert [v["version"] for v in versions] == ["1"]
    model = json.loads(_cairn("models", "get", f"{experiment}-model", uri=server_uri).stdout)
    assert model["aliases"] == [{"alias": "champion", "version": "1"}]

    csv = _cairn("runs", "search", "--experiment-ids", exp_id, "--output", "csv", uri=server_uri).stdout
    assert csv.splitlines()[0].startswith("run_id,run_name,status")
    assert len(csv.splitlines()) == 1 + len(expected)


def test_offline_java_runs_are_synced_and_read_by_python(tmp_path, server_uri):
    experiment = unique("java-offline")
    folder = tmp_path / "offline"
    out = _run_example(f"file:{folder}", experiment)
    sync = subprocess.run([str(CAIRN), "sync", str(folder), "--to", server_uri], capture_output=True, text=True,
                          timeout=300)
    assert sync.returncode == 0, sync.stderr
    assert sync.stdout.startswith("Synced 3 run(s) (0 already synced)")
    again = subprocess.run([str(CAIRN), "sync", str(folder), "--to", server_uri], capture_output=True, text=True,
                           timeout=300)
    assert again.stdout.startswith("Synced 0 run(s) (3 already synced)")

    client = MlflowClient()
    exp_id = client.get_experiment_by_name(experiment).experiment_id
    parent = client.search_runs([exp_id], f"tags.`cairn.offline_run_id` = '{out['run_id']}'")
    assert len(parent) == 1
    _check_parent(client, parent[0].info.run_id)
    _check_children(client, exp_id, parent[0].info.run_id)
    _check_artifacts(parent[0].info.run_id, tmp_path)
    version = client.get_model_version(f"{experiment}-model", "1")
    assert version.run_id == parent[0].info.run_id
