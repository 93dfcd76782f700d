"""Runs: lifecycle, naming, nesting, resuming from another process, params/metrics/tags/inputs."""

import math
import time

import mlflow
import numpy as np
import pandas as pd
import pytest
from mlflow.entities import Metric, Param, RunTag
from mlflow.exceptions import MlflowException

from support import flatten, run_python, unique

MAX_DOUBLE = 1.7976931348623157e308


def test_named_tagged_run_carries_system_tags(client, experiment_id):
    with mlflow.start_run(run_name="baseline_v1", tags={"env": "production", "model_version": "v1.0"}) as run:
        assert run.info.run_name == "baseline_v1"
        assert run.info.status == "RUNNING"
    got = client.get_run(run.info.run_id)
    assert got.info.run_name == "baseline_v1"
    assert got.info.experiment_id == experiment_id
    assert got.info.lifecycle_stage == "active"
    assert got.info.start_time > 0 and got.info.end_time >= got.info.start_time
    tags = got.data.tags
    assert tags["env"] == "production" and tags["model_version"] == "v1.0"
    assert tags["mlflow.runName"] == "baseline_v1"
    for system_tag in ("mlflow.user", "mlflow.source.name", "mlflow.source.type"):
        assert system_tag in tags
    assert got.info.user_id == tags["mlflow.user"]


def test_unnamed_run_gets_generated_name(client, experiment_id):
    with mlflow.start_run() as run:
        pass
    got = client.get_run(run.info.run_id)
    assert got.info.run_name
    assert got.data.tags["mlflow.runName"] == got.info.run_name
    assert len(got.info.run_id) == 32


def test_client_create_run_with_name_and_start_time(client, experiment_id):
    run = client.create_run(experiment_id, start_time=1_700_000_000_000, tags={"k": "v"}, run_name="explicit")
    got = client.get_run(run.info.run_id)
    assert got.info.start_time == 1_700_000_000_000
    assert got.info.run_name == "explicit" and got.data.tags["mlflow.runName"] == "explicit"
    assert got.info.status == "RUNNING" and got.info.end_time is None
    client.set_terminated(run.info.run_id, status="KILLED", end_time=1_700_000_001_000)
    got = client.get_run(run.info.run_id)
    assert got.info.status == "KILLED" and got.info.end_time == 1_700_000_001_000


def test_nested_runs_record_parent(client, experiment_id):
    with mlflow.start_run(run_name="hyperparameter_search") as parent:
        children = []
        for lr in (0.001, 0.01, 0.1):
            with mlflow.start_run(run_name=f"lr_{lr}", nested=True) as child:
                mlflow.log_param("lr", lr)
                children.append(child.info.run_id)
            assert mlflow.active_run().info.run_id == parent.info.run_id
    for child_id in children:
        assert client.get_run(child_id).data.tags["mlflow.parentRunId"] == parent.info.run_id
    assert "mlflow.parentRunId" not in client.get_run(parent.info.run_id).data.tags
    found = client.search_runs([experiment_id], f"tags.mlflow.parentRunId = '{parent.info.run_id}'")
    assert sorted(r.info.run_id for r in found) == sorted(children)


def test_run_status_finished_failed_killed(client, experiment_id):
    with mlflow.start_run() as ok:
        pass
    with pytest.raises(ZeroDivisionError):
        with mlflow.start_run() as failing:
            1 / 0
    mlflow.start_run()
    killed = mlflow.active_run()
    mlflow.end_run(status="KILLED")
    assert client.get_run(ok.info.run_id).info.status == "FINISHED"
    assert client.get_run(failing.info.run_id).info.status == "FAILED"
    assert client.get_run(killed.info.run_id).info.status == "KILLED"
    assert client.get_run(failing.info.run_id).info.end_time is not None


def test_rename_run_via_update_run_and_tag(client, experiment_id):
    with mlflow.start_run(run_name="before") as run:
        pass
    run_id = run.info.run_id
    client.update_run(run_id, name="after-update")
    got = client.get_run(run_id)
    assert got.info.run_name == "after-update" and got.data.tags["mlflow.runName"] == "after-update"
    assert got.info.status == "FINISHED"  # renaming keeps the status
    client.set_tag(run_id, "mlflow.runName", "after-tag")
    got = client.get_run(run_id)
    assert got.info.run_name == "after-tag" and got.data.tags["mlflow.runName"] == "after-tag"
    client.update_run(run_id, status="FAILED")
    assert client.get_run(run_id).info.status == "FAILED"
    assert client.get_run(run_id).info.run_name == "after-tag"


def test_description_is_note_content_tag(client, experiment_id):
    with mlflow.start_run(description="first try") as run:
        mlflow.set_tag("mlflow.note.content", "second try")
    assert client.get_run(run.info.run_id).data.tags["mlflow.note.content"] == "second try"


def test_resume_run_from_second_process(client, experiment_id, server_uri):
    with mlflow.start_run(run_name="resumable") as run:
        mlflow.log_param("stage", "preprocess")
        for step in range(5):
            mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
    run_id = run.info.run_id
    assert client.get_run(run_id).info.status == "FINISHED"
    run_python(f"""
        import mlflow
        with mlflow.start_run(run_id="{run_id}") as run:
            assert run.info.status == "RUNNING", run.info.status
            mlflow.log_param("train_epochs", 5)
            for step in range(5, 10):
                mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
    """, server_uri)
    got = client.get_run(run_id)
    assert got.info.status == "FINISHED"
    assert got.info.run_name == "resumable"
    assert got.data.params == {"stage": "preprocess", "train_epochs": "5"}
    history = client.get_metric_history(run_id, "loss")
    assert sorted(m.step for m in history) == list(range(10))
    assert got.data.metrics["loss"] == pytest.approx(0.1)
    assert len(client.search_runs([experiment_id])) == 1


def test_log_params_of_flattened_nested_config(client, experiment_id):
    config = {"model": {"encoder": {"layers": 12, "name": "resnet50"}, "dropout": 0.1},
              "training": {"lr": 1e-4, "batch_size": 24, "amp": True, "variables": ["t2m", "sp"]},
              "seed": None}
    with mlflow.start_run() as run:
        mlflow.log_params(flatten(config))
    params = client.get_run(run.info.run_id).data.params
    assert params == {"model.encoder.layers": "12", "model.encoder.name": "resnet50", "model.dropout": "0.1",
                      "training.lr": "0.0001", "training.batch_size": "24", "training.amp": "True",
                      "training.variables": "['t2m', 'sp']", "seed": "None"}


def test_many_params_are_split_into_batches(client, experiment_id):
    params = {f"p{i:03d}": i for i in range(250)}  # the client sends at most 100 params per log-batch
    with mlflow.start_run() as run:
        mlflow.log_params(params)
    assert client.get_run(run.info.run_id).data.params == {k: str(v) for k, v in params.items()}


def test_relogging_same_param_is_ok_but_changing_it_fails(client, experiment_id):
    with mlflow.start_run() as run:
        mlflow.log_param("lr", 0.01)
        mlflow.log_param("lr", 0.01)
        mlflow.log_params({"lr": 0.01, "bs": 8})
        with pytest.raises(MlflowException) as e:
            mlflow.log_param("lr", 0.02)
        assert e.value.error_code == "INVALID_PARAMETER_VALUE"
        with pytest.raises(MlflowException) as e:
            mlflow.log_params({"lr": 0.03})
        assert e.value.error_code == "INVALID_PARAMETER_VALUE"
    assert client.get_run(run.info.run_id).data.params == {"lr": "0.01", "bs": "8"}


def test_log_metrics_per_step_history(client, experiment_id):
    with mlflow.start_run() as run:
        for step in range(50):
            mlflow.log_metrics({"train_loss": 1.0 / (step + 1), "lr": 0.1 * 0.9 ** step}, step=step)
    run_id = run.info.run_id
    history = client.get_metric_history(run_id, "train_loss")
    assert [m.step for m in history] == list(range(50))
    assert [m.value for m in history] == pytest.approx([1.0 / (s + 1) for s in range(50)])
    assert all(m.key == "train_loss" and m.timestamp > 0 for m in history)
    metrics = client.get_run(run_id).data.metrics
    assert metrics["train_loss"] == pytest.approx(1.0 / 50)
    assert metrics["lr"] == pytest.approx(0.1 * 0.9 ** 49)
    assert client.get_metric_history(run_id, "never_logged") == []


def test_latest_metric_is_highest_step_not_last_written(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_metric(run_id, "m", 10.0, step=10, timestamp=1000)
    client.log_metric(run_id, "m", 5.0, step=5, timestamp=2000)
    assert client.get_run(run_id).data.metrics["m"] == 10.0
    # Same step: the later timestamp wins.
    client.log_metric(run_id, "m", 11.0, step=10, timestamp=3000)
    assert client.get_run(run_id).data.metrics["m"] == 11.0
    assert len(client.get_metric_history(run_id, "m")) == 3


def test_metric_without_step_defaults_to_zero(client, experiment_id):
    with mlflow.start_run() as run:
        mlflow.log_metric("acc", 0.5)
    (point,) = client.get_metric_history(run.info.run_id, "acc")
    assert point.step == 0 and point.value == 0.5


def test_nan_round_trips_and_infinity_is_clamped(client, experiment_id):
    with mlflow.start_run() as run:
        mlflow.log_metric("nan", float("nan"))
        mlflow.log_metric("pos_inf", float("inf"))
        mlflow.log_metric("neg_inf", float("-inf"))
        mlflow.log_metrics({"batch_nan": float("nan"), "batch_inf": float("inf")})
    run_id = run.info.run_id
    metrics = client.get_run(run_id).data.metrics
    assert math.isnan(metrics["nan"]) and math.isnan(metrics["batch_nan"])
    # SQL store: +/-inf are stored and returned as +/- max double, they do not round-trip.
    assert metrics["pos_inf"] == MAX_DOUBLE and metrics["batch_inf"] == MAX_DOUBLE
    assert metrics["neg_inf"] == -MAX_DOUBLE
    assert math.isnan(client.get_metric_history(run_id, "nan")[0].value)
    assert client.get_metric_history(run_id, "neg_inf")[0].value == -MAX_DOUBLE


def test_tags_set_overwrite_and_delete(client, experiment_id):
    with mlflow.start_run() as run:
        mlflow.set_tags({"model_type": "HRM_Vision2Text", "framework": "PyTorch", "task": "vision-to-text"})
        mlflow.set_tag("framework", "JAX")
        mlflow.set_tag("data-set name", "era5_2024")
    run_id = run.info.run_id
    client.delete_tag(run_id, "task")
    tags = client.get_run(run_id).data.tags
    assert tags["model_type"] == "HRM_Vision2Text" and tags["framework"] == "JAX"
    assert tags["data-set name"] == "era5_2024"
    assert "task" not in tags
    with pytest.raises(MlflowException) as e:
        client.delete_tag(run_id, "task")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_log_batch_via_client(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    now = int(time.time() * 1000)
    client.log_batch(
        run_id,
        metrics=[Metric("loss", 1.0 - s / 10, now + s, s) for s in range(10)] + [Metric("acc", 0.9, now, 3)],
        params=[Param("optimizer", "adamw"), Param("epochs", "10")],
        tags=[RunTag("team", "vision")],
    )
    got = client.get_run(run_id)
    assert got.data.params == {"optimizer": "adamw", "epochs": "10"}
    assert got.data.tags["team"] == "vision"
    assert got.data.metrics == {"loss": pytest.approx(0.1), "acc": 0.9}
    history = client.get_metric_history(run_id, "loss")
    assert [(m.step, m.timestamp) for m in history] == [(s, now + s) for s in range(10)]
    client.log_batch(run_id)  # an empty batch is accepted


def test_log_batch_1000_metrics_in_one_request(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_batch(run_id, metrics=[Metric("m", float(s), 1000 + s, s) for s in range(1000)])
    assert len(client.get_metric_history(run_id, "m")) == 1000


def test_log_input_pandas_dataset(client, experiment_id):
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [0, 1, 0]})
    dataset = mlflow.data.from_pandas(df, name="weather_august_2024", targets="y")
    with mlflow.start_run() as run:
        mlflow.log_input(dataset, context="training")
    inputs = client.get_run(run.info.run_id).inputs.dataset_inputs
    assert len(inputs) == 1
    logged = inputs[0].dataset
    assert logged.name == "weather_august_2024"
    assert logged.digest == dataset.digest
    assert logged.source_type == dataset.source._get_source_type()
    assert "x" in logged.schema and logged.profile
    assert {t.key: t.value for t in inputs[0].tags} == {"mlflow.data.context": "training"}


def test_log_input_numpy_dataset_twice_is_idempotent(client, experiment_id):
    dataset = mlflow.data.from_numpy(np.arange(12.0).reshape(4, 3), name="features")
    with mlflow.start_run() as run:
        mlflow.log_input(dataset, context="eval")
        mlflow.log_input(dataset, context="eval")
    inputs = client.get_run(run.info.run_id).inputs.dataset_inputs
    assert [i.dataset.name for i in inputs] == ["features"]


def test_delete_and_restore_run(client, experiment_id):
    with mlflow.start_run() as run:
        mlflow.log_metric("m", 1)
    run_id = run.info.run_id
    client.delete_run(run_id)
    got = client.get_run(run_id)  # still readable
    assert got.info.lifecycle_stage == "deleted"
    assert client.search_runs([experiment_id]) == []
    client.restore_run(run_id)
    assert client.get_run(run_id).info.lifecycle_stage == "active"
    assert [r.info.run_id for r in client.search_runs([experiment_id])] == [run_id]


def test_mlflow_run_id_env_var_resumes_run(client, experiment_id, monkeypatch):
    with mlflow.start_run() as run:
        mlflow.log_metric("m", 1, step=0)
    monkeypatch.setenv("MLFLOW_RUN_ID", run.info.run_id)
    with mlflow.start_run() as resumed:
        mlflow.log_metric("m", 2, step=1)
    assert resumed.info.run_id == run.info.run_id
    assert [m.value for m in client.get_metric_history(run.info.run_id, "m")] == [1, 2]
    assert len(client.search_runs([experiment_id])) == 1
    assert client.get_run(run.info.run_id).info.status == "FINISHED"
