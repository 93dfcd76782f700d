"""MLflow's file store served read-write: an ``mlruns`` folder written by the mlflow client itself (a ``file:``
tracking URI, no server: what ``mlflow ui --backend-store-uri file:./mlruns`` serves) is served by Cairn with the
answers MLflow's own FileStore gives, and what Cairn then writes into it (runs, metrics, params, tags, datasets, a
model version with an alias, a logged model) is read back by MLflow's FileStore from the folder.

The whole suite also runs against Cairn on a file store (``COMPAT_DATABASE=file``), where test_interop checks the
same in both directions between the two servers. Runs with ``COMPAT_SERVER=cairn`` and the pinned 3.x client.
"""

from __future__ import annotations

import json
import os
import urllib.request

import mlflow
import pytest
from mlflow import MlflowClient
from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag

import conftest
from test_interop import _populate, _snapshot, _start

pytestmark = [
    pytest.mark.skipif(os.environ.get("COMPAT_SERVER") != "cairn", reason="serves a folder with Cairn"),
    pytest.mark.skipif(mlflow.__version__.startswith("2."), reason="the folder is written by the pinned 3.x client"),
]


def _registry(client: MlflowClient) -> tuple:
    models = sorted(
        (m.name, m.description, sorted(m.tags.items()), sorted(m.aliases.items()),
         sorted((str(v.version), v.current_stage) for v in m.latest_versions))
        for m in client.search_registered_models())
    versions = sorted(
        (v.name, str(v.version), v.source, v.run_id, v.current_stage, sorted(v.aliases), sorted(v.tags.items()))
        for v in client.search_model_versions("name = 'fs-model'"))
    return models, versions


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return resp.read()


def _differences(before: dict, after: dict) -> list:
    return [key for key in before if after.get(key) != before[key]]


def test_folder_written_by_the_mlflow_client_is_served_read_write(tmp_path, monkeypatch):
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    folder = f"file:{tmp_path / 'mlruns'}"
    exp = _populate(folder)
    direct = MlflowClient(folder)
    first = direct.search_runs([exp], "", max_results=1)[0].info.run_id
    direct.create_registered_model("fs-model", tags={"team": "vision"}, description="from the client")
    direct.create_model_version("fs-model", f"runs:/{first}/model", run_id=first, tags={"v": "1"})
    direct.set_registered_model_alias("fs-model", "champion", "1")
    (tmp_path / "notes.txt").write_text("written by the client")
    direct.log_artifact(first, str(tmp_path / "notes.txt"), "docs")  # into <folder>/<exp>/<run>/artifacts
    before, before_registry = _snapshot(folder, exp), _registry(direct)

    proc, uri = _start("cairn", folder, str(tmp_path))
    try:
        cairn = MlflowClient(uri)
        served = _snapshot(uri, exp)
        assert not _differences(before, served), _differences(before, served)
        assert _registry(cairn) == before_registry
        # The run's file:// artifacts are listed and read through Cairn (what the web UI does).
        listed = _get(f"{uri}/api/2.0/mlflow/artifacts/list?run_id={first}&path=docs")
        assert [f["path"] for f in json.loads(listed)["files"]] == ["docs/notes.txt"]
        assert _get(f"{uri}/get-artifact?path=docs/notes.txt&run_uuid={first}") == b"written by the client"

        run = cairn.create_run(exp, run_name="through-cairn", tags={"team": "ops"})
        rid = run.info.run_id
        cairn.log_batch(rid, metrics=[Metric("acc", 0.75, 1_800_000_000_000, 3), Metric("acc", 0.5, 1_800_000_000_001, 4)],
                        params=[Param("lr", "0.1"), Param("nested/key", "x")], tags=[RunTag("fold", "9")])
        cairn.log_inputs(rid, [DatasetInput(Dataset("eval-set", "e1", "local", '{"uri": "/e"}'),
                                            [InputTag("mlflow.data.context", "eval")])])
        cairn.set_terminated(rid, "FINISHED", end_time=1_800_000_000_100)
        version = cairn.create_model_version("fs-model", f"runs:/{rid}/model", run_id=rid).version
        cairn.set_registered_model_alias("fs-model", "champion", version)
        cairn.transition_model_version_stage("fs-model", "1", "Archived")
        model = cairn.create_logged_model(exp, name="through-cairn", params={"depth": "3"}, tags={"t": "x"})
        cairn.finalize_logged_model(model.model_id, "READY")
        written, written_registry = _snapshot(uri, exp), _registry(cairn)
    finally:
        conftest._stop(proc)

    # MLflow's own FileStore reads the folder Cairn wrote into and answers as Cairn did.
    read_back = _snapshot(folder, exp)
    assert not _differences(written, read_back), _differences(written, read_back)
    assert _registry(direct) == written_registry
    got = direct.get_run(rid)
    assert got.info.status == "FINISHED" and got.info.run_name == "through-cairn"
    assert got.data.metrics == {"acc": 0.5}
    assert got.data.params == {"lr": "0.1", "nested/key": "x"}
    assert [(m.step, m.value) for m in direct.get_metric_history(rid, "acc")] == [(3, 0.75), (4, 0.5)]
    assert [(d.dataset.name, d.dataset.digest) for d in got.inputs.dataset_inputs] == [("eval-set", "e1")]
    assert str(direct.get_model_version_by_alias("fs-model", "champion").version) == version  # an int there
    assert direct.get_model_version("fs-model", "1").current_stage == "Archived"
    logged = direct.get_logged_model(model.model_id)
    assert (logged.name, str(logged.status), logged.params) == ("through-cairn", "READY", {"depth": "3"})
    assert logged.tags.get("t") == "x"
