"""`cairn gc` on the four artifact deployments (proxied local, direct local, proxied S3, direct S3): deleted runs,
experiments and logged models are removed with their artifacts; what is not deleted, or too young, stays. MLflow's
own gc cannot delete proxied artifacts without a running tracking server; Cairn's reads the destination directly.

Runs with ``COMPAT_SERVER=cairn`` only: it drives Cairn's command line.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import mlflow
import pytest
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

import conftest
from support import FILE_STORE

pytestmark = [
    pytest.mark.skipif(os.environ.get("COMPAT_SERVER") != "cairn", reason="drives Cairn's gc command"),
    pytest.mark.skipif(mlflow.__version__.startswith("2."), reason="logs MLflow 3 logged models"),
]

ARTIFACTS = {
    "proxy": lambda work: ["--artifacts-destination", str(work / "dest")],
    "direct": lambda work: ["--no-serve-artifacts", "--default-artifact-root", str(work / "mlruns")],
    "s3-proxied": lambda work: ["--artifacts-destination", f"s3://bucket/gc-{work.name}"],
    "s3-direct": lambda work: ["--default-artifact-root", f"s3://bucket/gc-{work.name}"],
}


def _gc(db_uri: str, artifact_args: list[str], env: dict, *flags: str) -> subprocess.CompletedProcess:
    dest = artifact_args[artifact_args.index("--artifacts-destination") + 1] \
        if "--artifacts-destination" in artifact_args else "./mlartifacts"
    cmd = [str(conftest.REPO_ROOT / "bin" / "cairn"), "gc", "--backend-store-uri", db_uri,
           "--artifacts-destination", dest, *flags]
    return subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **env}, timeout=120)


def _files(client: MlflowClient, run_id: str) -> list[str]:
    return sorted(f.path for f in client.list_artifacts(run_id))


def _stored(uri: str, env: dict) -> list[str]:
    """The objects or files under an artifact URI, read from the storage itself (not through the server)."""
    if uri.startswith("s3://"):
        import boto3

        bucket, prefix = uri[len("s3://"):].split("/", 1)
        s3 = boto3.client("s3", endpoint_url=env["MLFLOW_S3_ENDPOINT_URL"],
                          aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                          aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"], region_name="us-east-1")
        page = s3.list_objects_v2(Bucket=bucket, Prefix=prefix.rstrip("/") + "/")
        return [o["Key"] for o in page.get("Contents", [])]
    root = Path(uri.removeprefix("file://"))
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _physical(uri: str, deployment: str, work: Path) -> str:
    """Where a run's artifact URI is actually stored."""
    if uri.startswith("mlflow-artifacts:"):
        rel = uri.split(":", 1)[1].lstrip("/")
        return (f"s3://bucket/gc-{work.name}/{rel}" if deployment == "s3-proxied" else str(work / "dest" / rel))
    return uri


@pytest.mark.parametrize("deployment", list(ARTIFACTS))
def test_gc_deletes_deleted_runs_experiments_and_models_with_their_artifacts(deployment, tmp_path, request,
                                                                            monkeypatch):
    env = request.getfixturevalue("s3") if deployment.startswith("s3") else {}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    work = tmp_path / deployment
    work.mkdir()
    args = ARTIFACTS[deployment](work)
    proc, uri, _ = conftest.start_server(work, args, env=env)
    try:
        mlflow.set_tracking_uri(uri)
        client = MlflowClient(uri)
        note = tmp_path / "note.txt"
        note.write_text("checkpoint")

        kept_exp = client.create_experiment("gc-kept")
        gone_exp = client.create_experiment("gc-gone")
        runs = {}
        for name, exp in [("kept", kept_exp), ("deleted", kept_exp), ("young", kept_exp), ("in-gone", gone_exp)]:
            run = client.create_run(exp, run_name=name)
            client.log_artifact(run.info.run_id, str(note), "ckpt")
            client.log_metric(run.info.run_id, "loss", 0.5)
            runs[name] = run.info
        with mlflow.start_run(experiment_id=kept_exp) as r:
            model = mlflow.pyfunc.log_model(name="m", python_model=_Identity())
        deleted_model = mlflow.get_logged_model(model.model_id)
        client.delete_logged_model(deleted_model.model_id)

        places = {name: _physical(info.artifact_uri, deployment, work) for name, info in runs.items()}
        model_place = _physical(deleted_model.artifact_location, deployment, work)
        for name in runs:
            assert _stored(places[name], env), f"{name}'s artifacts were not written where expected"
        assert _stored(model_place, env)

        client.delete_run(runs["deleted"].run_id)
        client.delete_experiment(gone_exp)

        # Asking for a run that is not deleted changes nothing.
        refused = _gc(proc.db_uri, args, env, "--run-ids", runs["kept"].run_id)
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert f"cairn: error: Run {runs['kept'].run_id} is not in `deleted` lifecycle stage" in refused.stderr
        assert "Exception" not in refused.stderr and "\tat " not in refused.stderr, refused.stderr
        assert _stored(places["deleted"], env)

        # Too young for --older-than 1d: nothing is deleted.
        young = _gc(proc.db_uri, args, env, "--older-than", "1d")
        assert young.returncode == 0, young.stderr
        assert "Deleted 0 runs, 0 logged models and 0 experiments." in young.stdout
        assert client.get_run(runs["deleted"].run_id).info.lifecycle_stage == "deleted"

        done = _gc(proc.db_uri, args, env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "warning" not in done.stderr, done.stderr
        assert f"Run with ID {runs['deleted'].run_id} has been permanently deleted." in done.stdout
        assert f"Experiment with ID {gone_exp} has been permanently deleted." in done.stdout
        assert f"Logged model with ID {deleted_model.model_id} has been permanently deleted." in done.stdout

        for name in ("deleted", "in-gone"):
            with pytest.raises(MlflowException) as e:
                client.get_run(runs[name].run_id)
            assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
            assert _stored(places[name], env) == [], f"{name}'s artifacts are still stored"
        with pytest.raises(MlflowException) as e:
            client.get_experiment(gone_exp)
        assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
        assert _stored(model_place, env) == []
        # What was not deleted is untouched, metadata and files.
        assert _files(client, runs["kept"].run_id) == ["ckpt"]
        assert client.get_run(runs["young"].run_id).data.metrics == {"loss": 0.5}
        assert _stored(places["kept"], env)
        # The name of the removed experiment is free again.
        assert client.create_experiment("gc-gone")
    finally:
        conftest._stop(proc)


class _Identity(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        return model_input


@pytest.mark.skipif(FILE_STORE, reason="Cairn keeps traces in SQL stores only (docs/COMPATIBILITY.md)")
def test_gc_removes_the_traces_of_a_deleted_experiment_with_their_artifacts(tmp_path, monkeypatch):
    work = tmp_path / "traces"
    work.mkdir()
    args = ARTIFACTS["proxy"](work)
    proc, uri, _ = conftest.start_server(work, args)
    try:
        monkeypatch.setenv("MLFLOW_ENABLE_ASYNC_TRACE_LOGGING", "false")
        mlflow.set_tracking_uri(uri)
        client = MlflowClient(uri)
        gone = client.create_experiment("gc-traces")
        mlflow.set_experiment(experiment_id=gone)

        @mlflow.trace
        def answer(q):
            return q.upper()

        answer("q")
        trace_id = mlflow.get_last_active_trace_id()
        location = client.get_trace(trace_id).info.tags["mlflow.artifactLocation"]
        # A trace's own files (attachments, or traces.json from a 2.x client) live under its location.
        import requests
        put = requests.put(f"{uri}/api/2.0/mlflow-artifacts/artifacts/{location.split(':', 1)[1].lstrip('/')}"
                           "/traces.json", data=b"{}")
        assert put.status_code == 200, put.text
        place = _physical(location, "proxy", work)
        assert _stored(place, {})

        client.delete_experiment(gone)
        done = _gc(proc.db_uri, args, {})
        assert done.returncode == 0, done.stdout + done.stderr
        assert not _stored(place, {})
        with pytest.raises(MlflowException):
            client.get_trace(trace_id)
    finally:
        conftest._stop(proc)
