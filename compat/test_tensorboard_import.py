"""`cairn import --from tensorboard:DIR`: a log folder written by tensorboardX and TensorBoard's own writer
(tensorboard_events.py) is imported into the server under test, then read back with the real mlflow client: one run
per folder nested under the log folder's run, the same scalars with their steps and wall times, the hparams as
params written as `mlflow.log_param` writes the same values, the image as a PNG artifact.

Runs with ``COMPAT_SERVER=cairn`` (the command is Cairn's; it writes through Cairn's Java client over the REST API)
and the 3.x client, whose venv has the TensorBoard writers.
"""

from __future__ import annotations

import io
import os
import subprocess

import pytest
from mlflow import MlflowClient

import conftest
import tensorboard_events as tb
from support import unique

pytest.importorskip("tensorboardX")
pytest.importorskip("tensorboard")
pytestmark = pytest.mark.skipif(os.environ.get("COMPAT_SERVER") != "cairn", reason="drives Cairn's import command")


@pytest.fixture(scope="module")
def imported(tmp_path_factory, server_uri):
    logs = tmp_path_factory.mktemp("tb") / "logs"
    tb.write(str(logs))
    experiment = unique("tensorboard")
    cmd = [str(conftest.REPO_ROOT / "bin" / "cairn"), "import", "--from", f"tensorboard:{logs}", "--to", server_uri,
           "--experiment-name", experiment]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    client = MlflowClient(tracking_uri=server_uri)
    exp = client.get_experiment_by_name(experiment)
    runs = {r.info.run_name: r for r in client.search_runs([exp.experiment_id])}
    return client, runs, proc


def _history(client, run, key):
    return sorted(((m.step, m.value, m.timestamp) for m in client.get_metric_history(run.info.run_id, key)))


def test_each_event_folder_is_a_run_nested_under_the_log_folder(imported):
    _, runs, proc = imported
    assert set(runs) == {"logs", "eval", "trial-1"}
    root = runs["logs"].info.run_id
    assert runs["eval"].data.tags["mlflow.parentRunId"] == root
    assert runs["trial-1"].data.tags["mlflow.parentRunId"] == root
    assert "mlflow.parentRunId" not in runs["logs"].data.tags
    assert {r.info.status for r in runs.values()} == {"FINISHED"}
    assert "3 runs" in proc.stdout


def test_scalars_keep_their_values_steps_and_wall_times(imported):
    client, runs, _ = imported
    wall = int(tb.WALL * 1000)
    assert _history(client, runs["logs"], "train/loss") == [
        (step, value, wall + 1000 * step) for step, value in enumerate(tb.LOSS)]
    # float32 on disk, imported as the decimal the script logged
    assert [v for _, v, _ in _history(client, runs["logs"], "lr")] == tb.LR
    assert _history(client, runs["eval"], "accuracy") == [
        (step, value, wall + 10_000 + 1000 * step) for step, value in enumerate(tb.ACCURACY)]
    assert _history(client, runs["eval"], "precision") == [
        (10 * step, value, wall + 20_000 + 1000 * step) for step, value in enumerate(tb.PRECISION)]
    assert runs["trial-1"].data.metrics == tb.HPARAM_METRICS


def test_hparams_are_params_as_log_param_writes_them(imported):
    _, runs, _ = imported
    assert runs["trial-1"].data.params == {k: str(v) for k, v in tb.HPARAMS.items()}
    assert runs["eval"].data.params == {k: str(v) for k, v in tb.EVAL_HPARAMS.items()}
    assert runs["logs"].data.params == {}


def test_images_are_png_artifacts_under_their_tag(imported, tmp_path):
    from PIL import Image

    client, runs, _ = imported
    run_id = runs["logs"].info.run_id
    assert [f.path for f in client.list_artifacts(run_id, "images/samples/red")] == ["images/samples/red/step_2.png"]
    path = client.download_artifacts(run_id, "images/samples/red/step_2.png", str(tmp_path))
    with open(path, "rb") as f:
        image = Image.open(io.BytesIO(f.read())).convert("RGB")
    assert image.size == (8, 8)
    assert image.getpixel((3, 3)) == (255, 0, 0)
