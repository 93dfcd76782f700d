"""The model registry with the real client: register models (from runs:/ and on log_model), load them back by
models:/name/<version>, /latest, stage and @alias; stages, aliases, tags, search, rename, delete."""

from __future__ import annotations

import mlflow
import numpy as np
import pytest
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

from support import MLFLOW_MAJOR, unique

sklearn = pytest.importorskip("sklearn")
from sklearn.linear_model import LinearRegression  # noqa: E402


@pytest.fixture
def data():
    x = np.arange(20, dtype=float).reshape(10, 2)
    return x, x @ np.array([1.5, -2.0]) + 3.0


def _log(model, name="model", **kwargs):
    key = "name" if MLFLOW_MAJOR >= 3 else "artifact_path"
    return mlflow.sklearn.log_model(model, **{key: name}, **kwargs)


def test_register_from_run_and_load_by_version_latest_and_alias(experiment_id, data):
    x, y = data
    name = unique("reg")
    client = MlflowClient()
    with mlflow.start_run() as run:
        _log(LinearRegression().fit(x, y))
    v1 = mlflow.register_model(f"runs:/{run.info.run_id}/model", name)
    assert v1.version == "1" and v1.status == "READY" and v1.run_id == run.info.run_id
    with mlflow.start_run():
        _log(LinearRegression().fit(x, y * 2), registered_model_name=name)
    assert [v.version for v in client.search_model_versions(f"name = '{name}'")] == ["2", "1"]

    np.testing.assert_allclose(mlflow.pyfunc.load_model(f"models:/{name}/1").predict(x), y, atol=1e-9)
    np.testing.assert_allclose(mlflow.pyfunc.load_model(f"models:/{name}/latest").predict(x), y * 2, atol=1e-9)
    client.set_registered_model_alias(name, "champion", "1")
    np.testing.assert_allclose(mlflow.pyfunc.load_model(f"models:/{name}@champion").predict(x), y, atol=1e-9)
    assert client.get_model_version_by_alias(name, "champion").version == "1"
    assert client.get_registered_model(name).aliases == {"champion": "1"}
    uri = client.get_model_version_download_uri(name, "2")
    assert uri.startswith("mlflow-artifacts:/") or "/models/" in uri or "/artifacts" in uri


def test_stage_transitions_archive_existing_and_load_by_stage(experiment_id, data):
    x, y = data
    name = unique("stages")
    for factor in (1, 2):
        with mlflow.start_run():
            _log(LinearRegression().fit(x, y * factor), registered_model_name=name)
    client = MlflowClient()
    client.transition_model_version_stage(name, "1", "Production")
    v2 = client.transition_model_version_stage(name, "2", "production", archive_existing_versions=True)
    assert v2.current_stage == "Production"
    assert client.get_model_version(name, "1").current_stage == "Archived"
    np.testing.assert_allclose(mlflow.pyfunc.load_model(f"models:/{name}/Production").predict(x), y * 2, atol=1e-9)
    latest = {v.current_stage: v.version for v in client.get_latest_versions(name)}
    assert latest == {"Archived": "1", "Production": "2"}
    with pytest.raises(MlflowException) as e:
        client.transition_model_version_stage(name, "1", "Nowhere")
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"


def test_registered_model_lifecycle_tags_description_rename_delete():
    client = MlflowClient()
    name = unique("life")
    client.create_registered_model(name, tags={"team": "vision"}, description="first")
    with pytest.raises(MlflowException) as e:
        client.create_registered_model(name)
    assert e.value.error_code == "RESOURCE_ALREADY_EXISTS"
    client.update_registered_model(name, description="second")
    client.set_registered_model_tag(name, "owner", "ana")
    client.delete_registered_model_tag(name, "team")
    rm = client.get_registered_model(name)
    assert rm.description == "second" and rm.tags == {"owner": "ana"}
    new = unique("renamed")
    client.rename_registered_model(name, new)
    assert client.get_registered_model(new).name == new
    with pytest.raises(MlflowException) as e:
        client.get_registered_model(name)
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    client.delete_registered_model(new)
    assert client.search_registered_models(f"name = '{new}'") == []


def test_model_versions_tags_description_delete_and_search_filters(experiment_id, data):
    x, y = data
    name = unique("ver")
    with mlflow.start_run() as run:
        _log(LinearRegression().fit(x, y), registered_model_name=name)
    with mlflow.start_run():
        _log(LinearRegression().fit(x, y), registered_model_name=name)
    client = MlflowClient()
    client.set_model_version_tag(name, "1", "validated", "yes")
    client.update_model_version(name, "1", description="baseline")
    v1 = client.get_model_version(name, "1")
    assert v1.tags == {"validated": "yes"} and v1.description == "baseline"
    assert [v.version for v in client.search_model_versions(f"name = '{name}' AND tag.validated = 'yes'")] == ["1"]
    assert [v.version for v in client.search_model_versions(f"run_id = '{run.info.run_id}'")] == ["1"]
    client.delete_model_version(name, "2")
    assert [v.version for v in client.search_model_versions(f"name = '{name}'")] == ["1"]
    with pytest.raises(MlflowException) as e:
        client.get_model_version(name, "2")
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    with mlflow.start_run():
        _log(LinearRegression().fit(x, y), registered_model_name=name)
    assert client.get_latest_versions(name, stages=["None"])[0].version == "3"  # numbers are never reused


def test_search_registered_models_by_name_pattern_and_order():
    client = MlflowClient()
    prefix = unique("search")
    for suffix in ("b", "a", "c"):
        client.create_registered_model(f"{prefix}-{suffix}")
    found = client.search_registered_models(f"name LIKE '{prefix}-%'", order_by=["name DESC"])
    assert [m.name for m in found] == [f"{prefix}-c", f"{prefix}-b", f"{prefix}-a"]
    page = client.search_registered_models(f"name LIKE '{prefix}-%'", max_results=2)
    assert len(page) == 2 and page.token
    with pytest.raises(MlflowException) as e:
        client.search_registered_models("bogus = 'x'")
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"


def test_alias_rules():
    client = MlflowClient()
    name = unique("alias")
    client.create_registered_model(name)
    with pytest.raises(MlflowException) as e:
        client.set_registered_model_alias(name, "latest", "1")
    assert e.value.error_code == "INVALID_PARAMETER_VALUE"
    with pytest.raises(MlflowException):
        client.set_registered_model_alias(name, "prod", "1")  # no version 1 yet


def test_local_source_outside_the_run_is_refused(experiment_id):
    client = MlflowClient()
    name = unique("unsafe")
    client.create_registered_model(name)
    with mlflow.start_run() as run:
        pass
    for source in ("file:///etc/", "/etc", "//proc/self/root", "mlflow-artifacts:/0/../../etc"):
        with pytest.raises(MlflowException) as e:
            client.create_model_version(name, source, run_id=run.info.run_id)
        assert e.value.error_code == "INVALID_PARAMETER_VALUE", source


@pytest.mark.skipif(MLFLOW_MAJOR < 3, reason="the prompt registry API is MLflow 3's")
def test_prompt_registry_versions_aliases_and_search():
    name = unique("prompt")
    first = mlflow.genai.register_prompt(name=name, template="Hello {{name}}", tags={"team": "a"})
    second = mlflow.genai.register_prompt(name=name, template="Hi {{name}}!")
    assert (first.version, second.version) == (1, 2)
    mlflow.genai.set_prompt_alias(name, alias="prod", version=1)
    assert mlflow.genai.load_prompt(f"prompts:/{name}@prod").format(name="Ann") == "Hello Ann"
    assert mlflow.genai.load_prompt(f"prompts:/{name}/2").template == "Hi {{name}}!"
    assert name in [p.name for p in mlflow.genai.search_prompts(filter_string=f"name = '{name}'")]
    # A prompt is not listed among registered models.
    assert name not in [m.name for m in MlflowClient().search_registered_models()]
