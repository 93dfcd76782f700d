"""Models with the real client: MLflow 3 logged models (sklearn, pyfunc), loaded back by runs:/ and models:/<id>;
the logged-model API (get, search, tags, finalize, delete). The 2.x client logs models the MLflow 2 way
(run artifacts + runs/log-model), which the same tests cover through the public API.
"""

from __future__ import annotations

import json

import mlflow
import numpy as np
import pytest
from mlflow import MlflowClient

import conftest
from support import AUTH, MLFLOW_MAJOR, unique

sklearn = pytest.importorskip("sklearn")
from sklearn.linear_model import LogisticRegression  # noqa: E402

needs_3x = pytest.mark.skipif(MLFLOW_MAJOR < 3, reason="logged models are an MLflow 3 API")


@pytest.fixture
def trained():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 3))
    y = (x[:, 0] + x[:, 1] > 0).astype(int)
    return LogisticRegression().fit(x, y), x


def _log_sklearn(model, x, name="model", **kwargs):
    signature = mlflow.models.infer_signature(x, model.predict(x))
    if MLFLOW_MAJOR >= 3:
        return mlflow.sklearn.log_model(model, name=name, signature=signature, input_example=x[:2], **kwargs)
    return mlflow.sklearn.log_model(model, artifact_path=name, signature=signature, input_example=x[:2], **kwargs)


def test_sklearn_model_round_trips_through_runs_uri(experiment_id, trained):
    model, x = trained
    with mlflow.start_run() as run:
        mlflow.log_param("C", 1.0)
        mlflow.log_metric("accuracy", 0.9)
        info = _log_sklearn(model, x)
    loaded = mlflow.sklearn.load_model(f"runs:/{run.info.run_id}/model")
    assert (loaded.predict(x) == model.predict(x)).all()
    pyfunc = mlflow.pyfunc.load_model(info.model_uri)
    assert (pyfunc.predict(x) == model.predict(x)).all()
    assert pyfunc.metadata.signature is not None


@needs_3x
def test_logged_model_is_ready_with_run_link_params_and_artifacts(experiment_id, trained):
    model, x = trained
    with mlflow.start_run() as run:
        mlflow.log_params({"C": "1.0", "solver": "lbfgs"})
        info = _log_sklearn(model, x)
    lm = mlflow.get_logged_model(info.model_id)
    assert lm.status == "READY" or str(lm.status).endswith("READY")
    assert lm.source_run_id == run.info.run_id
    assert lm.name == "model"
    assert lm.params.get("C") == "1.0"
    assert lm.artifact_location.endswith(f"/models/{info.model_id}/artifacts")
    files = {f.path for f in MlflowClient().list_logged_model_artifacts(info.model_id)}
    assert {"MLmodel", "requirements.txt", "python_env.yaml"} <= files
    outputs = MlflowClient().get_run(run.info.run_id).outputs
    assert [o.model_id for o in outputs.model_outputs] == [info.model_id]


@needs_3x
def test_model_logged_in_a_run_with_an_empty_param_keeps_it(experiment_id, trained):
    # The client copies the run's params onto the new logged model; an empty value (a config's empty
    # `_name_or_path`, say) must not fail the run at its first checkpoint.
    model, x = trained
    with mlflow.start_run():
        mlflow.log_params({"_name_or_path": "", "lr": "0.1"})
        info = _log_sklearn(model, x)
    lm = mlflow.get_logged_model(info.model_id)
    assert lm.params == {"_name_or_path": "", "lr": "0.1"}
    mlflow.log_model_params({"empty_too": ""}, model_id=info.model_id)
    assert mlflow.get_logged_model(info.model_id).params["empty_too"] == ""
    model_id = MlflowClient().create_logged_model(experiment_id, params={"p": ""}, tags={"t": ""}).model_id
    created = mlflow.get_logged_model(model_id)
    assert created.params == {"p": ""}
    assert created.tags.get("t") == ""


@needs_3x
def test_model_uri_by_id_loads(experiment_id, trained):
    model, x = trained
    info = _log_sklearn(model, x)  # no active run: the model belongs to the experiment only
    loaded = mlflow.pyfunc.load_model(f"models:/{info.model_id}")
    assert (loaded.predict(x) == model.predict(x)).all()


class AddN(mlflow.pyfunc.PythonModel):
    def __init__(self, n):
        self.n = n

    def predict(self, context, model_input, params=None):
        return model_input.apply(lambda column: column + self.n)


def test_custom_pyfunc_model(experiment_id):
    import pandas as pd

    with mlflow.start_run() as run:
        if MLFLOW_MAJOR >= 3:
            mlflow.pyfunc.log_model(name="add_n", python_model=AddN(5))
        else:
            mlflow.pyfunc.log_model(artifact_path="add_n", python_model=AddN(5))
    loaded = mlflow.pyfunc.load_model(f"runs:/{run.info.run_id}/add_n")
    out = loaded.predict(pd.DataFrame({"a": [1, 2]}))
    assert list(out["a"]) == [6, 7]


@needs_3x
def test_search_logged_models_by_name_metric_and_order(experiment_id, trained):
    model, x = trained
    ids = []
    for acc in (0.7, 0.9, 0.8):
        with mlflow.start_run():
            info = _log_sklearn(model, x, name="clf")
            mlflow.log_metric("acc", acc, model_id=info.model_id)
            ids.append(info.model_id)
    found = mlflow.search_logged_models(experiment_ids=[experiment_id], filter_string="name = 'clf'",
                                        output_format="list")
    assert sorted(m.model_id for m in found) == sorted(ids)
    best = mlflow.search_logged_models(experiment_ids=[experiment_id], filter_string="metrics.acc > 0.75",
                                       order_by=[{"field_name": "metrics.acc", "ascending": False}],
                                       output_format="list")
    assert [m.model_id for m in best] == [ids[1], ids[2]]
    page = MlflowClient().search_logged_models(experiment_ids=[experiment_id], max_results=2)
    assert len(page) == 2 and page.token
    rest = MlflowClient().search_logged_models(experiment_ids=[experiment_id], max_results=2, page_token=page.token)
    assert len(rest) == 1 and not rest.token


@needs_3x
def test_logged_model_tags_and_delete(experiment_id):
    client = MlflowClient()
    lm = client.create_logged_model(experiment_id=experiment_id, name="tagged", tags={"stage": "dev"})
    assert lm.status == "PENDING" or str(lm.status).endswith("PENDING")
    client.set_logged_model_tags(lm.model_id, {"stage": "prod", "owner": "ml"})
    assert client.get_logged_model(lm.model_id).tags == {"stage": "prod", "owner": "ml"}
    client.delete_logged_model_tag(lm.model_id, "owner")
    assert client.get_logged_model(lm.model_id).tags == {"stage": "prod"}
    client.finalize_logged_model(lm.model_id, "READY")
    client.delete_logged_model(lm.model_id)
    # With basic auth (COMPAT_AUTH=1), MLflow's rules refuse a logged model that is gone rather than report it missing.
    with pytest.raises(mlflow.exceptions.MlflowException, match="Permission denied" if AUTH else "not found"):
        client.get_logged_model(lm.model_id)


@needs_3x
def test_bad_logged_model_name_is_rejected(experiment_id):
    with pytest.raises(mlflow.exceptions.MlflowException) as e:
        MlflowClient().create_logged_model(experiment_id=experiment_id, name="a/b")
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"


@pytest.mark.skipif(MLFLOW_MAJOR >= 3, reason="MLflow 3 clients no longer call runs/log-model")
def test_2x_log_model_records_history_tag(experiment_id, trained):
    model, x = trained
    with mlflow.start_run() as run:
        _log_sklearn(model, x)
    tags = MlflowClient().get_run(run.info.run_id).data.tags
    history = json.loads(tags["mlflow.log-model.history"])
    assert history[0]["artifact_path"] == "model"
    assert "sklearn" in history[0]["flavors"]


@pytest.fixture(params=conftest.DEPLOYMENTS)
def deployment(request, monkeypatch):
    uri = conftest.use_deployment(request, monkeypatch)
    mlflow.set_experiment(unique("models"))
    return uri


def test_model_logged_registered_and_loaded_on_every_deployment(deployment, trained):
    model, x = trained
    name = unique("everywhere")
    with mlflow.start_run() as run:
        _log_sklearn(model, x, registered_model_name=name)
    by_run = mlflow.pyfunc.load_model(f"runs:/{run.info.run_id}/model")
    by_name = mlflow.sklearn.load_model(f"models:/{name}/1")
    assert (by_run.predict(x) == model.predict(x)).all()
    assert (by_name.predict(x) == model.predict(x)).all()
