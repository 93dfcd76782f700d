"""Run artifacts with the real client: files, folders, text, dicts, images, figures; listed, downloaded, loaded.

Each test runs against four deployments of the server under test: ``proxy`` (MLflow's default: artifacts go through
``/api/2.0/mlflow-artifacts`` into ``--artifacts-destination``), ``direct`` (``--no-serve-artifacts`` with a local
``--default-artifact-root``: the client writes the files itself and the server only lists them), and the same two on
S3 — a real S3-compatible server (s3proxy, started by ``compat/s3proxy.sh``): ``s3-proxied`` (the server streams to
``--artifacts-destination s3://...``) and ``s3-direct`` (``--default-artifact-root s3://...``: the client writes to
S3 with boto3, the server lists S3).
"""

from __future__ import annotations

import json
from pathlib import Path

import mlflow
import pytest
from mlflow import MlflowClient

import conftest
from support import unique


@pytest.fixture(params=conftest.DEPLOYMENTS)
def uri(request, monkeypatch):
    target = conftest.use_deployment(request, monkeypatch)
    mlflow.set_experiment(unique("artifacts"))
    return target


def test_run_artifact_uri_follows_the_deployment(request, uri):
    with mlflow.start_run() as run:
        artifact_uri = run.info.artifact_uri
    mode = request.node.callspec.params["uri"]
    if mode in ("proxy", "s3-proxied"):
        assert artifact_uri.startswith("mlflow-artifacts:/")
    elif mode == "s3-direct":
        assert artifact_uri.startswith("s3://bucket/direct/")
    else:
        assert Path(artifact_uri.removeprefix("file://")).is_absolute()
    assert artifact_uri.endswith(f"/{run.info.run_id}/artifacts")


def test_log_artifact_into_folders_then_list_and_download(uri, tmp_path):
    ckpt = tmp_path / "epoch_3.ckpt"
    ckpt.write_bytes(bytes(range(256)) * 1000)
    config = tmp_path / "config.yaml"
    config.write_text("lr: 0.001\nbatch_size: 32\n")
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(ckpt), artifact_path="checkpoints")
        mlflow.log_artifact(str(config))
    client = MlflowClient()
    top = {f.path: (f.is_dir, f.file_size) for f in client.list_artifacts(run.info.run_id)}
    assert top == {"checkpoints": (True, None), "config.yaml": (False, 25)}
    inner = client.list_artifacts(run.info.run_id, "checkpoints")
    assert [(f.path, f.file_size) for f in inner] == [("checkpoints/epoch_3.ckpt", 256_000)]
    out = Path(mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="checkpoints",
                                                   dst_path=str(tmp_path / "dl")))
    assert (out / "epoch_3.ckpt").read_bytes() == ckpt.read_bytes()


def test_log_artifacts_uploads_a_whole_tree(uri, tmp_path):
    src = tmp_path / "outputs"
    (src / "plots" / "deep").mkdir(parents=True)
    (src / "summary.txt").write_text("ok")
    (src / "plots" / "loss.csv").write_text("step,loss\n0,1.0\n1,0.5\n")
    (src / "plots" / "deep" / "x.json").write_text("{}")
    with mlflow.start_run() as run:
        mlflow.log_artifacts(str(src), artifact_path="outputs")
    dst = Path(mlflow.artifacts.download_artifacts(run_id=run.info.run_id, dst_path=str(tmp_path / "all")))
    got = sorted(str(p.relative_to(dst)) for p in dst.rglob("*") if p.is_file())
    assert got == ["outputs/plots/deep/x.json", "outputs/plots/loss.csv", "outputs/summary.txt"]


def test_log_text_and_dict_load_back(uri):
    with mlflow.start_run() as run:
        mlflow.log_text("epoch 1 loss 0.5\nepoch 2 loss 0.25\n", "logs/train.log")
        mlflow.log_dict({"layers": [64, 32], "dropout": 0.1}, "config/model.json")
        mlflow.log_dict({"optimizer": "adam"}, "config/opt.yaml")
    base = run.info.artifact_uri
    assert mlflow.artifacts.load_text(f"{base}/logs/train.log").splitlines()[1] == "epoch 2 loss 0.25"
    assert mlflow.artifacts.load_dict(f"{base}/config/model.json") == {"layers": [64, 32], "dropout": 0.1}
    # load_dict reads JSON only; a .yaml name makes log_dict write YAML
    assert mlflow.artifacts.load_text(f"{base}/config/opt.yaml").strip() == "optimizer: adam"


def test_log_image_and_figure(uri, tmp_path):
    np = pytest.importorskip("numpy")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    image = (np.arange(32 * 32 * 3) % 255).astype("uint8").reshape(32, 32, 3)
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [1.0, 0.5, 0.25])
    with mlflow.start_run() as run:
        mlflow.log_image(image, "images/sample.png")
        mlflow.log_figure(fig, "figures/loss.png")
    plt.close(fig)
    loaded = mlflow.artifacts.load_image(f"{run.info.artifact_uri}/images/sample.png")
    assert loaded.size == (32, 32)
    assert np.array_equal(np.asarray(loaded), image)
    names = [f.path for f in MlflowClient().list_artifacts(run.info.run_id, "figures")]
    assert names == ["figures/loss.png"]
    fig_path = Path(mlflow.artifacts.download_artifacts(f"{run.info.artifact_uri}/figures/loss.png",
                                                        dst_path=str(tmp_path)))
    assert fig_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_download_of_a_missing_artifact_fails_cleanly(uri, tmp_path):
    with mlflow.start_run() as run:
        mlflow.log_text("x", "present.txt")
    with pytest.raises(Exception):
        mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="absent.txt",
                                            dst_path=str(tmp_path))
    assert MlflowClient().list_artifacts(run.info.run_id, "absent") == []


def test_resumed_run_keeps_adding_artifacts(uri):
    with mlflow.start_run() as run:
        mlflow.log_text("first", "a.txt")
    with mlflow.start_run(run_id=run.info.run_id):
        mlflow.log_text("second", "b.txt")
    assert [f.path for f in MlflowClient().list_artifacts(run.info.run_id)] == ["a.txt", "b.txt"]


def test_artifact_names_with_spaces_and_unicode(uri, tmp_path):
    f = tmp_path / "résumé final.txt"
    f.write_text("ü")
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(f), artifact_path="dir with space")
    listed = [x.path for x in MlflowClient().list_artifacts(run.info.run_id, "dir with space")]
    assert listed == ["dir with space/résumé final.txt"]
    text = mlflow.artifacts.load_text(f"{run.info.artifact_uri}/dir with space/résumé final.txt")
    assert text == "ü"


@pytest.mark.parametrize("mode", ["proxy", "s3-proxied"])
def test_proxied_multipart_upload(request, mode, monkeypatch, tmp_path):
    """With MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD the client asks the proxy for a multipart upload: on S3 it gets
    presigned part URLs and completes the upload; on local storage the server answers 501 and the client falls
    back to one PUT. Either way the file arrives whole."""
    request.param = mode
    conftest.use_deployment(request, monkeypatch)
    mlflow.set_experiment(unique("mpu"))
    monkeypatch.setenv("MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD", "true")
    monkeypatch.setenv("MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE", str(10 * 1024 * 1024))
    monkeypatch.setenv("MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", str(5 * 1024 * 1024))
    data = bytes(range(256)) * (48 * 1024 + 7)  # ~12 MiB: three parts
    src = tmp_path / "weights.bin"
    src.write_bytes(data)
    import mlflow.store.artifact.http_artifact_repo as repo

    calls = []
    real = repo.http_request

    def recording(host_creds, endpoint, method, *args, **kwargs):
        calls.append((method, endpoint))
        return real(host_creds, endpoint, method, *args, **kwargs)

    monkeypatch.setattr(repo, "http_request", recording)
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(src), artifact_path="ckpt")
    paths = [e for _, e in calls]
    assert any("/mlflow-artifacts/mpu/create/" in e for e in paths), paths
    if mode == "s3-proxied":
        assert any("/mlflow-artifacts/mpu/complete/" in e for e in paths), paths
    else:  # 501 from the server, then the single PUT
        assert any(m == "PUT" for m, _ in calls), calls
    out = Path(mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="ckpt/weights.bin",
                                                   dst_path=str(tmp_path / "dl")))
    assert out.read_bytes() == data
