"""Error codes the client branches on, validation limits (wire contract section 4), and raw error responses."""

import mlflow
import pytest
import requests
from mlflow.entities import Metric, Param
from mlflow.exceptions import MlflowException

from support import AUTH, unique

API = "/api/2.0/mlflow"


def error_code(call, *args, **kwargs) -> str:
    with pytest.raises(MlflowException) as e:
        call(*args, **kwargs)
    return e.value.error_code


@pytest.fixture
def run_id(client, experiment_id):
    return client.create_run(experiment_id).info.run_id


def test_missing_experiment_by_name_is_none_not_an_error(client):
    assert client.get_experiment_by_name(unique("nope")) is None


def test_duplicate_experiment_is_resource_already_exists(client):
    name = unique("dup")
    client.create_experiment(name)
    assert error_code(client.create_experiment, name) == "RESOURCE_ALREADY_EXISTS"
    assert error_code(mlflow.create_experiment, name) == "RESOURCE_ALREADY_EXISTS"


def test_unknown_ids_are_resource_does_not_exist(client):
    # With basic auth (COMPAT_AUTH=1), MLflow's rules refuse a run that does not exist rather than report it missing
    # (no oracle of which ids exist), and judge an unknown experiment by the default permission (READ: reading is
    # allowed and finds nothing; writing is refused).
    missing_run = "PERMISSION_DENIED" if AUTH else "RESOURCE_DOES_NOT_EXIST"
    write_unknown_experiment = "PERMISSION_DENIED" if AUTH else "RESOURCE_DOES_NOT_EXIST"
    assert error_code(client.get_run, "f" * 32) == missing_run
    assert error_code(client.get_experiment, "987654321") == "RESOURCE_DOES_NOT_EXIST"
    assert error_code(client.delete_run, "f" * 32) == missing_run
    assert error_code(client.update_run, "f" * 32, status="FINISHED") == missing_run
    assert error_code(client.log_metric, "f" * 32, "m", 1.0) == missing_run
    assert error_code(client.delete_experiment, "987654321") == write_unknown_experiment
    assert error_code(client.create_run, "987654321") == write_unknown_experiment


def test_non_integer_experiment_id_is_invalid(client):
    assert error_code(client.get_experiment, "not-a-number") == "INVALID_PARAMETER_VALUE"


@pytest.mark.parametrize("filter_string", [
    "metrics.acc >> 1",             # unknown comparator
    "params.lr = 0.01",             # unquoted string value
    "metrics.acc > '1'",            # quoted number for a metric
    "metrics.acc > 1 OR metrics.acc < 0",  # OR is not supported
    "foo.bar = 'x'",                # unknown entity type
    "attributes.unknown = 'x'",     # unknown attribute
    "params.lr > '0.1'",            # ordering comparator on a string
])
def test_bad_run_filter_is_invalid_parameter_value(client, experiment_id, filter_string):
    assert error_code(client.search_runs, [experiment_id], filter_string) == "INVALID_PARAMETER_VALUE"


# (MLflow answers a duplicated order_by key with 500 INTERNAL_ERROR; not asserted, a reimplementation may say 400.)
@pytest.mark.parametrize("order_by", [["metrics.acc SIDEWAYS"], ["foo.bar"], ["attributes.nope"]])
def test_bad_order_by_is_invalid_parameter_value(client, experiment_id, order_by):
    assert error_code(client.search_runs, [experiment_id], order_by=order_by) == "INVALID_PARAMETER_VALUE"


def test_bad_experiment_filter_is_invalid_parameter_value(client):
    assert error_code(client.search_experiments, filter_string="name >> 'x'") == "INVALID_PARAMETER_VALUE"


def test_logging_to_deleted_run_is_invalid_parameter_value(client, run_id):
    client.delete_run(run_id)
    assert error_code(client.log_metric, run_id, "m", 1.0) == "INVALID_PARAMETER_VALUE"
    assert error_code(client.log_param, run_id, "p", "v") == "INVALID_PARAMETER_VALUE"
    assert error_code(client.set_tag, run_id, "t", "v") == "INVALID_PARAMETER_VALUE"
    assert error_code(client.log_batch, run_id, [Metric("m", 1.0, 0, 0)]) == "INVALID_PARAMETER_VALUE"


def test_creating_run_in_deleted_experiment_is_invalid(client):
    exp_id = client.create_experiment(unique("gone"))
    client.delete_experiment(exp_id)
    assert error_code(client.create_run, exp_id) == "INVALID_PARAMETER_VALUE"


def test_key_length_limit_is_250(client, run_id):
    client.log_param(run_id, "k" * 250, "v")
    client.log_metric(run_id, "m" * 250, 1.0)
    client.set_tag(run_id, "t" * 250, "v")
    assert error_code(client.log_param, run_id, "k" * 251, "v") == "INVALID_PARAMETER_VALUE"
    assert error_code(client.log_metric, run_id, "m" * 251, 1.0) == "INVALID_PARAMETER_VALUE"
    assert error_code(client.set_tag, run_id, "t" * 251, "v") == "INVALID_PARAMETER_VALUE"


@pytest.mark.parametrize("key", ["a//b", "../up", "/abs", "bad\\key", "semi;colon", "a/./b"])
def test_invalid_key_characters_or_paths(client, run_id, key):
    assert error_code(client.log_metric, run_id, key, 1.0) == "INVALID_PARAMETER_VALUE"
    assert error_code(client.log_param, run_id, key, "v") == "INVALID_PARAMETER_VALUE"


def test_keys_may_contain_slashes_dots_dashes_spaces_colons(client, run_id):
    key = "val/loss-per class.top 1:avg"
    client.log_metric(run_id, key, 1.0)
    client.log_param(run_id, key, "v")
    got = client.get_run(run_id).data
    assert got.metrics[key] == 1.0 and got.params[key] == "v"


def test_long_param_and_tag_values_are_truncated_by_default(client, run_id):
    # Server default MLFLOW_TRUNCATE_LONG_VALUES=true: params cut at 6000, tags at 8000 chars.
    client.log_param(run_id, "long", "v" * 7000)
    client.set_tag(run_id, "long", "t" * 9000)
    data = client.get_run(run_id).data
    assert data.params["long"] == "v" * 6000
    assert data.tags["long"] == "t" * 8000


def test_experiment_name_longer_than_500_is_invalid(client):
    assert error_code(client.create_experiment, "x" * 501) == "INVALID_PARAMETER_VALUE"


def test_duplicate_param_keys_in_one_batch_are_invalid(client, run_id):
    params = [Param("lr", "0.1"), Param("lr", "0.2")]
    assert error_code(client.log_batch, run_id, params=params) == "INVALID_PARAMETER_VALUE"


# -- raw HTTP: what the client cannot show (status codes, JSON shape, limits the client enforces itself) --


def _assert_error(resp, status, code):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["error_code"] == code
    assert body["message"]


def test_raw_error_statuses(server_uri, client, run_id):
    _assert_error(requests.get(f"{server_uri}{API}/experiments/get-by-name",
                               params={"experiment_name": unique("none")}), 404, "RESOURCE_DOES_NOT_EXIST")
    unknown_run = requests.get(f"{server_uri}{API}/runs/get", params={"run_id": "f" * 32})
    if AUTH:
        # MLflow's basic-auth rules refuse a run that does not exist (plain text, as MLflow's auth app answers).
        assert (unknown_run.status_code, unknown_run.text) == (403, "Permission denied")
    else:
        _assert_error(unknown_run, 404, "RESOURCE_DOES_NOT_EXIST")
    name = unique("raw-dup")
    client.create_experiment(name)
    # MLflow answers RESOURCE_ALREADY_EXISTS with HTTP 400, not 409.
    _assert_error(requests.post(f"{server_uri}{API}/experiments/create", json={"name": name}),
                  400, "RESOURCE_ALREADY_EXISTS")
    _assert_error(requests.post(f"{server_uri}{API}/runs/search",
                                json={"experiment_ids": ["0"], "filter": "metrics.a >> 1"}),
                  400, "INVALID_PARAMETER_VALUE")
    _assert_error(requests.post(f"{server_uri}{API}/runs/log-metric",
                                json={"run_id": run_id, "key": "m", "timestamp": 1}),
                  400, "INVALID_PARAMETER_VALUE")  # missing required value


def test_raw_missing_required_experiment_name(server_uri):
    _assert_error(requests.post(f"{server_uri}{API}/experiments/create", json={}), 400, "INVALID_PARAMETER_VALUE")
    _assert_error(requests.post(f"{server_uri}{API}/experiments/create", json={"name": ""}),
                  400, "INVALID_PARAMETER_VALUE")


def test_raw_batch_limits(server_uri, run_id):
    url = f"{server_uri}{API}/runs/log-batch"
    metrics = [{"key": "m", "value": 1.0, "timestamp": 1, "step": s} for s in range(1001)]
    _assert_error(requests.post(url, json={"run_id": run_id, "metrics": metrics}), 400, "INVALID_PARAMETER_VALUE")
    params = [{"key": f"p{i}", "value": "v"} for i in range(101)]
    _assert_error(requests.post(url, json={"run_id": run_id, "params": params}), 400, "INVALID_PARAMETER_VALUE")
    tags = [{"key": f"t{i}", "value": "v"} for i in range(101)]
    _assert_error(requests.post(url, json={"run_id": run_id, "tags": tags}), 400, "INVALID_PARAMETER_VALUE")
    ok = requests.post(url, json={"run_id": run_id, "metrics": metrics[:1000]})
    assert ok.status_code == 200 and ok.json() == {}
    # At most 1000 metrics + params + tags in total.
    _assert_error(requests.post(url, json={"run_id": run_id, "metrics": metrics[:901], "params": params[:100]}),
                  400, "INVALID_PARAMETER_VALUE")
    ok = requests.post(url, json={"run_id": run_id, "metrics": metrics[:900], "params": params[:100]})
    assert ok.status_code == 200 and ok.json() == {}


def test_raw_metric_value_json_encodings(server_uri, client, run_id):
    url = f"{server_uri}{API}/runs/log-metric"
    for key, value in (("nan", "NaN"), ("inf", "Infinity"), ("ninf", "-Infinity"), ("int", 3)):
        resp = requests.post(url, json={"run_id": run_id, "key": key, "value": value, "timestamp": 1, "step": 0})
        assert resp.status_code == 200 and resp.json() == {}, resp.text
    body = requests.get(f"{server_uri}{API}/runs/get", params={"run_id": run_id}).json()
    values = {m["key"]: m["value"] for m in body["run"]["data"]["metrics"]}
    assert values == {"nan": "NaN", "inf": 1.7976931348623157e308, "ninf": -1.7976931348623157e308, "int": 3.0}
    _assert_error(requests.post(url, json={"run_id": run_id, "key": "s", "value": "abc", "timestamp": 1}),
                  400, "INVALID_PARAMETER_VALUE")


def test_raw_get_run_shape(server_uri, client, run_id):
    client.log_param(run_id, "p", "v")
    client.set_tag(run_id, "t", "v")
    client.log_metric(run_id, "m", 2.5, timestamp=1234, step=7)
    body = requests.get(f"{server_uri}{API}/runs/get", params={"run_id": run_id}).json()
    info = body["run"]["info"]
    assert info["run_id"] == info["run_uuid"] == run_id
    assert isinstance(info["start_time"], int)  # int64 as a JSON number, not a string
    assert info["status"] == "RUNNING" and info["lifecycle_stage"] == "active"
    data = body["run"]["data"]
    assert data["metrics"] == [{"key": "m", "value": 2.5, "timestamp": 1234, "step": 7}]
    assert {"key": "p", "value": "v"} in data["params"]
    assert {"key": "t", "value": "v"} in data["tags"]


def test_raw_get_routes_read_a_json_body_when_there_is_no_query_string(server_uri, client, experiment_id):
    """Some REST clients send GET parameters as a JSON body: MLflow reads the body when the query is empty."""
    run = client.create_run(experiment_id)
    client.log_metric(run.info.run_id, "m", 1.0, step=3)
    name = unique("getbody")
    client.create_registered_model(name)
    client.create_model_version(name, f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
    client.set_registered_model_alias(name, "champ", "1")
    exp_name = client.get_experiment(experiment_id).name
    calls = {
        "experiments/get": {"experiment_id": experiment_id},
        "experiments/get-by-name": {"experiment_name": exp_name},
        "runs/get": {"run_id": run.info.run_id},
        "metrics/get-history": {"run_id": run.info.run_id, "metric_key": "m"},
        "artifacts/list": {"run_id": run.info.run_id},
        "registered-models/get": {"name": name},
        "registered-models/alias": {"name": name, "alias": "champ"},
        "registered-models/search": {"filter": f"name = '{name}'"},
        "model-versions/get": {"name": name, "version": "1"},
        "model-versions/get-download-uri": {"name": name, "version": "1"},
        "model-versions/search": {"filter": f"name = '{name}'"},
    }
    for route, params in calls.items():
        by_query = requests.get(f"{server_uri}{API}/{route}", params=params)
        by_body = requests.get(f"{server_uri}{API}/{route}", json=params)
        assert by_query.status_code == 200, (route, by_query.text)
        assert by_body.status_code == 200, (route, by_body.text)
        assert by_body.json() == by_query.json(), route
