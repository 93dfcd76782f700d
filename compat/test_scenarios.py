"""Condensed tracking parts of the five user guides the project follows (no artifacts, no models)."""

import mlflow
import pytest

from support import flatten, run_python, unique


def test_hrm_vision2text_training_run(client):
    """000: experiment + run name from CLI flags, fixed and `--mlflow_tags k=v` tags, per-epoch loss."""
    experiment = unique("hrm_vision2text_production")
    cli_tags = ["dataset=era5_2024", "gpu=a100", "architecture=large"]
    tags = {"model_type": "HRM_Vision2Text", "framework": "PyTorch", "task": "vision-to-text",
            "architecture": "MAE+HRM+VisionAdapter"}
    tags.update(dict(t.split("=", 1) for t in cli_tags))
    mlflow.set_experiment(experiment)
    with mlflow.start_run(run_name="adapter_large_v1", tags=tags) as run:
        mlflow.log_params({"lr": 1e-4, "batch_size": 4, "epochs": 3, "variables": ["t2m", "sp", "ssrd"],
                           "window_T": 8, "embed_dim": 96, "n_latents": 32, "adapter_layers": 2})
        mlflow.log_params({"num_files": 12, "num_samples": 480, "adapter_params": 1_234_567,
                           "hrm_params": 27_000_000, "mae_params": 86_000_000})
        for epoch in range(3):
            mlflow.log_metric("train_loss", 2.0 / (epoch + 1), step=epoch)
    got = client.get_run(run.info.run_id)
    assert got.info.run_name == "adapter_large_v1" and got.info.status == "FINISHED"
    assert got.data.tags["architecture"] == "large"  # CLI tags override the defaults
    assert got.data.params["variables"] == "['t2m', 'sp', 'ssrd']"
    assert got.data.metrics["train_loss"] == pytest.approx(2.0 / 3)
    found = mlflow.search_runs(experiment_names=[experiment],
                               filter_string="tags.gpu = 'a100' AND tags.model_type = 'HRM_Vision2Text'")
    assert list(found["run_id"]) == [run.info.run_id]


def test_detr_training_then_pick_best_by_val_map(client):
    """001: metrics every N steps, validation + per-class metrics every 10 epochs, search by param, sort."""
    experiment = unique("detr_training")
    mlflow.set_experiment(experiment)
    for batch_size, quality in ((24, 0.6), (24, 0.7), (16, 0.8)):
        with mlflow.start_run():
            mlflow.log_params({"batch_size": batch_size, "learning_rate": 1e-4, "num_epochs": 20,
                               "mixed_precision": True, "model_architecture": "detr", "backbone": "resnet50",
                               "num_classes": 2, "hidden_dim": 256})
            step = 0
            for epoch in range(1, 21):
                for _ in range(2):  # "logged every N steps"
                    step += 1
                    mlflow.log_metrics({"train_loss": 1.0 / step, "train_loss_ce": 0.5 / step,
                                        "train_loss_bbox": 0.3 / step, "train_loss_giou": 0.2 / step,
                                        "learning_rate": 1e-4 * 0.99 ** step}, step=step)
                mlflow.log_metrics({"memory_ram_gb": 3.5, "memory_gpu_gb": 7.25}, step=step)
                if epoch % 10 == 0:
                    val = {"val_map": quality * epoch / 20, "val_precision": quality, "val_recall": quality,
                           "val_f1": quality}
                    for cls in ("player", "ball"):
                        val.update({f"val_{cls}_map": quality, f"val_{cls}_f1": quality})
                    mlflow.log_metrics(val, step=epoch)
    runs = mlflow.search_runs(experiment_names=[experiment])
    assert len(runs) == 3
    runs = mlflow.search_runs(experiment_names=[experiment], filter_string="params.batch_size = '24'")
    assert len(runs) == 2
    best_runs = runs.sort_values("metrics.val_map", ascending=False)
    best_run_id = best_runs.iloc[0]["run_id"]
    run = mlflow.get_run(best_run_id)
    assert run.data.metrics["val_map"] == pytest.approx(0.7)
    assert run.data.params["batch_size"] == "24"
    assert run.data.params["learning_rate"] == "0.0001"
    assert [m.step for m in client.get_metric_history(best_run_id, "val_map")] == [10, 20]
    assert len(client.get_metric_history(best_run_id, "train_loss")) == 40
    overall_best = mlflow.search_runs(experiment_names=[experiment]).sort_values(
        "metrics.val_map", ascending=False).iloc[0]
    assert overall_best["params.batch_size"] == "16"


def test_clip_har_tracker_configured_by_environment(client, server_uri):
    """002: MLFLOW_TRACKING_URI + MLFLOW_EXPERIMENT_NAME exported, tracker logs params and per-epoch metrics."""
    experiment = unique("clip_har_experiment")
    run_python("""
        import mlflow
        mlflow.start_run(run_name="training_run_1")
        mlflow.log_params({"learning_rate": 0.001, "batch_size": 32, "model_name": "clip-vit-base-patch16"})
        for epoch in range(10):
            mlflow.log_metrics({"train_loss": 0.1 - epoch * 0.01, "val_accuracy": 0.8 + epoch * 0.02},
                               step=epoch)
        mlflow.end_run()
    """, server_uri, MLFLOW_EXPERIMENT_NAME=experiment)
    exp = client.get_experiment_by_name(experiment)
    (run,) = client.search_runs([exp.experiment_id])
    assert run.info.run_name == "training_run_1" and run.info.status == "FINISHED"
    assert run.data.params["model_name"] == "clip-vit-base-patch16"
    assert run.data.metrics["val_accuracy"] == pytest.approx(0.98)
    assert len(client.get_metric_history(run.info.run_id, "train_loss")) == 10


def test_ecg_hydra_config_tags_nested_search(client):
    """003: flattened Hydra config, run tags, log_metric/log_metrics per epoch, nested lr sweep, search."""
    experiment = unique("ecg-digitization")
    mlflow.set_experiment(experiment)
    cfg = {"approach": {"method": "signalsavants"}, "model": {"encoder_name": "resnet50", "decoder": "unet"},
           "training": {"learning_rate": 0.001, "batch_size": 16}}
    for approach, encoder, snr in (("signalsavants", "resnet50", 18.5), ("signalsavants", "swin", 21.0),
                                   ("baseline", "resnet50", 12.0)):
        cfg["approach"]["method"], cfg["model"]["encoder_name"] = approach, encoder
        with mlflow.start_run(run_name=f"{approach}_{encoder}_2024_baseline",
                              tags={"approach": approach, "model": encoder, "project": "physionet-ecg-2024"}):
            mlflow.log_params(flatten(cfg))
            best = float("inf")
            for epoch in range(1, 4):
                val_loss = 1.0 / epoch
                best = min(best, val_loss)
                mlflow.log_metric("train_loss", 1.2 / epoch, step=epoch)
                mlflow.log_metrics({"val_loss": val_loss, "val_snr": snr, "best_val_loss": best}, step=epoch)
                mlflow.log_metric("snr_lead_II", snr + 1, step=epoch)
            mlflow.end_run(status="FINISHED")

    with mlflow.start_run(run_name="hyperparameter_search") as parent:
        for lr in (0.001, 0.01, 0.1):
            with mlflow.start_run(run_name=f"lr_{lr}", nested=True):
                mlflow.log_param("learning_rate", lr)
                mlflow.log_metric("val_snr", 10 + lr * 100)

    runs = mlflow.search_runs(experiment_names=[experiment], filter_string="tags.approach = 'signalsavants'",
                              order_by=["metrics.val_snr DESC"])
    table = runs[["run_id", "metrics.val_snr", "params.model.encoder_name"]]
    assert list(table["params.model.encoder_name"]) == ["swin", "resnet50"]
    assert list(table["metrics.val_snr"]) == [21.0, 18.5]
    children = mlflow.search_runs(
        experiment_names=[experiment], filter_string=f"tags.mlflow.parentRunId = '{parent.info.run_id}'",
        order_by=["metrics.val_snr DESC"])
    assert list(children["tags.mlflow.runName"]) == ["lr_0.1", "lr_0.01", "lr_0.001"]
    assert len(mlflow.search_runs(experiment_names=[experiment])) == 7


def test_mlsimkit_pipeline_resumes_one_run_across_processes(client, server_uri):
    """004: preprocess -> train (--resume-run, another process) -> predict (--resume-run), one run in the end."""
    experiment = unique("example-experiment")
    mlflow.set_experiment(experiment)
    with mlflow.start_run() as run:
        mlflow.log_param("preprocess.done", True)
        mlflow.set_tag("last_stage", "preprocess")
    run_id = run.info.run_id
    run_python("""
        import os, mlflow
        mlflow.set_experiment(os.environ["EXP"])
        with mlflow.start_run():  # resumes MLFLOW_RUN_ID
            mlflow.log_param("train.done", True)
            mlflow.set_tag("last_stage", "train")
            for epoch in range(5):
                mlflow.log_metrics({"train_loss": 1 / (epoch + 1), "validation_loss": 2 / (epoch + 1)},
                                   step=epoch)
    """, server_uri, EXP=experiment, MLFLOW_RUN_ID=run_id)
    with mlflow.start_run(run_id=run_id):
        mlflow.log_param("predict.done", True)
        mlflow.set_tag("last_stage", "predict")
        mlflow.log_metric("test_mae", 0.123)
    exp = client.get_experiment_by_name(experiment)
    (run,) = client.search_runs([exp.experiment_id])
    assert run.info.run_id == run_id and run.info.status == "FINISHED"
    assert run.data.params == {"preprocess.done": "True", "train.done": "True", "predict.done": "True"}
    assert run.data.tags["last_stage"] == "predict"
    assert set(run.data.metrics) == {"train_loss", "validation_loss", "test_mae"}
    assert len(client.get_metric_history(run_id, "validation_loss")) == 5
