"""search_runs (fluent DataFrame and MlflowClient), filter grammar, ordering, paging, metric history paging."""

import math

import mlflow
import pandas as pd
import pytest
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag, ViewType

from support import unique

BASE_MS = 1_700_000_000_000

# name -> (params, metrics, tags); start_time = BASE_MS + index * 1000, so default order (start_time DESC) is
# the reverse of this list.
RUNS = [
    ("r0", {"lr": "0.1", "optimizer": "sgd", "batch_size": "24"}, {"acc": 0.70, "val loss": 0.9},
     {"team": "vision", "data-set": "era5"}),
    ("r1", {"lr": "0.01", "optimizer": "Adam", "batch_size": "24"}, {"acc": 0.90, "val loss": 0.3},
     {"team": "vision", "data-set": "cmip6"}),
    ("r2", {"lr": "0.001", "optimizer": "adamw", "batch_size": "32"}, {"acc": 0.85, "val loss": 0.4},
     {"team": "nlp", "data-set": "era5"}),
    ("r3", {"lr": "0.01", "optimizer": "adamw", "batch_size": "32", "extra": "x"}, {"acc": 0.95},
     {"team": "nlp"}),
    ("r4", {"lr": "0.05", "optimizer": "SGD"}, {"val loss": 0.2}, {"team": "Vision"}),
    ("r5", {}, {}, {}),
]


@pytest.fixture(scope="module")
def corpus(server_uri):
    """One experiment holding RUNS (r2 FAILED, the others FINISHED) plus a deleted run ``r_deleted``."""
    client = MlflowClient(tracking_uri=server_uri)
    name = unique("search-runs")
    exp_id = client.create_experiment(name)
    ids = {}
    for i, (run_name, params, metrics, tags) in enumerate(RUNS):
        start = BASE_MS + i * 1000
        run = client.create_run(exp_id, start_time=start, run_name=run_name)
        client.log_batch(run.info.run_id,
                         metrics=[Metric(k, v, start, 0) for k, v in metrics.items()],
                         params=[Param(k, v) for k, v in params.items()],
                         tags=[RunTag(k, v) for k, v in tags.items()])
        status = "FAILED" if run_name == "r2" else "FINISHED"
        client.set_terminated(run.info.run_id, status=status, end_time=start + 500)
        ids[run_name] = run.info.run_id
    deleted = client.create_run(exp_id, start_time=BASE_MS + 10_000, run_name="r_deleted")
    client.log_batch(deleted.info.run_id, params=[Param("lr", "0.1")], metrics=[Metric("acc", 0.99, BASE_MS, 0)])
    client.delete_run(deleted.info.run_id)
    ids["r_deleted"] = deleted.info.run_id
    return {"name": name, "exp_id": exp_id, "ids": ids, "client": client}


def names(corpus, filter_string="", order_by=None, view=ViewType.ACTIVE_ONLY, max_results=1000):
    by_id = {v: k for k, v in corpus["ids"].items()}
    runs = corpus["client"].search_runs([corpus["exp_id"]], filter_string, view, max_results, order_by)
    return [by_id[r.info.run_id] for r in runs]


def test_default_order_is_start_time_descending(corpus):
    assert names(corpus) == ["r5", "r4", "r3", "r2", "r1", "r0"]


@pytest.mark.parametrize("filter_string, expected", [
    ("metrics.acc > 0.8", {"r1", "r2", "r3"}),
    ("metrics.acc >= 0.9", {"r1", "r3"}),
    ("metrics.acc = 0.9", {"r1"}),
    ("metrics.acc != 0.9", {"r0", "r2", "r3"}),
    ("metrics.acc < 0.8", {"r0"}),
    ("metric.acc <= 0.7", {"r0"}),
    ('metrics."val loss" < 0.5', {"r1", "r2", "r4"}),
    ("metrics.`val loss` > 0.5", {"r0"}),
    ("params.lr = '0.01'", {"r1", "r3"}),
    ('params.lr = "0.01"', {"r1", "r3"}),
    ("params.lr != '0.01'", {"r0", "r2", "r4"}),
    ("param.batch_size = '24'", {"r0", "r1"}),
    ("params.optimizer LIKE 'adam%'", {"r2", "r3"}),
    ("params.optimizer LIKE '%dam%'", {"r1", "r2", "r3"}),
    ("params.optimizer ILIKE 'ADAM%'", {"r1", "r2", "r3"}),
    ("params.optimizer ILIKE 'sgd'", {"r0", "r4"}),
    ("params.optimizer = 'sgd'", {"r0"}),
    ("params.extra IS NULL", {"r0", "r1", "r2", "r4", "r5"}),
    ("params.extra IS NOT NULL", {"r3"}),
    ("tags.team = 'vision'", {"r0", "r1"}),
    ("tags.team ILIKE 'vision'", {"r0", "r1", "r4"}),
    ("tags.team LIKE 'V%'", {"r4"}),
    ('tags."data-set" = \'era5\'', {"r0", "r2"}),
    ("tags.`data-set` != 'era5'", {"r1"}),
    ("tag.team IS NULL", {"r5"}),
    ("attributes.run_name = 'r3'", {"r3"}),
    ("run_name LIKE 'r%' AND run_name != 'r0'", {"r1", "r2", "r3", "r4", "r5"}),
    ("attributes.status = 'FAILED'", {"r2"}),
    ("status != 'FAILED' AND metrics.acc > 0", {"r0", "r1", "r3"}),
    (f"attributes.start_time >= {BASE_MS + 4000}", {"r4", "r5"}),
    (f"attributes.end_time < {BASE_MS + 1000}", {"r0"}),
    ("metrics.acc > 0.8 AND params.optimizer = 'adamw' and tags.team = 'nlp'", {"r2", "r3"}),
])
def test_filter(corpus, filter_string, expected):
    assert set(names(corpus, filter_string)) == expected


def test_filter_run_id_in_list(corpus):
    ids = corpus["ids"]
    flt = f"attributes.run_id IN ('{ids['r0']}', '{ids['r4']}')"
    assert set(names(corpus, flt)) == {"r0", "r4"}
    flt = f"attributes.run_id NOT IN ('{ids['r0']}', '{ids['r4']}')"
    assert set(names(corpus, flt)) == {"r1", "r2", "r3", "r5"}


def test_order_by_metric_descending_puts_missing_last(corpus):
    assert names(corpus, order_by=["metrics.acc DESC"]) == ["r3", "r1", "r2", "r0", "r5", "r4"]


def test_order_by_metric_ascending_puts_missing_last(corpus):
    # Runs lacking the key sort last in both directions; ties broken by start_time DESC.
    assert names(corpus, order_by=["metrics.acc ASC"]) == ["r0", "r2", "r1", "r3", "r5", "r4"]


def test_order_by_param_ascending_is_string_order(corpus):
    # '0.001' < '0.01' (r3 newer than r1 -> first) < '0.05' < '0.1'; r5 has no lr.
    assert names(corpus, order_by=["params.lr ASC"]) == ["r2", "r3", "r1", "r4", "r0", "r5"]


def test_order_by_attributes_and_multiple_keys(corpus):
    assert names(corpus, order_by=["attributes.start_time ASC"]) == ["r0", "r1", "r2", "r3", "r4", "r5"]
    assert names(corpus, order_by=["run_name DESC"]) == ["r5", "r4", "r3", "r2", "r1", "r0"]
    assert names(corpus, "params.lr != ''", order_by=["params.batch_size DESC", "metrics.acc ASC"]) == [
        "r2", "r3", "r0", "r1", "r4"]


def test_run_view_type(corpus):
    assert "r_deleted" not in names(corpus, view=ViewType.ACTIVE_ONLY)
    assert names(corpus, view=ViewType.DELETED_ONLY) == ["r_deleted"]
    assert len(names(corpus, view=ViewType.ALL)) == 7
    assert names(corpus, "metrics.acc > 0.98", view=ViewType.ALL) == ["r_deleted"]


def test_max_results(corpus):
    assert names(corpus, max_results=2) == ["r5", "r4"]


def test_client_search_runs_pages_without_gaps_or_duplicates(corpus):
    client = corpus["client"]
    expected = [r.info.run_id for r in client.search_runs([corpus["exp_id"]], run_view_type=ViewType.ALL)]
    for order_by in (None, ["metrics.acc DESC"], ["params.lr ASC"]):
        expected = [r.info.run_id for r in client.search_runs(
            [corpus["exp_id"]], run_view_type=ViewType.ALL, order_by=order_by)]
        seen, token = [], None
        while True:
            page = client.search_runs([corpus["exp_id"]], run_view_type=ViewType.ALL, max_results=3,
                                      order_by=order_by, page_token=token)
            assert 0 < len(page) <= 3
            seen += [r.info.run_id for r in page]
            token = page.token
            if not token:
                break
        assert seen == expected
        assert len(set(seen)) == 7


def test_fluent_search_runs_returns_dataframe(corpus):
    df = mlflow.search_runs(experiment_names=[corpus["name"]], filter_string="params.batch_size = '24'")
    assert isinstance(df, pd.DataFrame)
    assert len(df) == 2
    for column in ("run_id", "experiment_id", "status", "start_time", "end_time", "artifact_uri",
                   "metrics.acc", "metrics.val loss", "params.lr", "tags.team", "tags.mlflow.runName"):
        assert column in df.columns
    best = df.sort_values("metrics.acc", ascending=False).iloc[0]
    assert best["run_id"] == corpus["ids"]["r1"]
    assert best["params.optimizer"] == "Adam"
    assert set(df["status"]) == {"FINISHED"}
    assert df["experiment_id"].iloc[0] == corpus["exp_id"]


def test_fluent_search_runs_order_and_missing_values(corpus):
    df = mlflow.search_runs([corpus["exp_id"]], order_by=["metrics.acc DESC"], max_results=10)
    by_id = {v: k for k, v in corpus["ids"].items()}
    assert [by_id[i] for i in df["run_id"]] == ["r3", "r1", "r2", "r0", "r5", "r4"]
    assert math.isnan(df["metrics.acc"].iloc[-1])


def test_fluent_search_runs_view_type_and_list_output(corpus):
    runs = mlflow.search_runs([corpus["exp_id"]], run_view_type=ViewType.DELETED_ONLY, output_format="list")
    assert [r.info.run_id for r in runs] == [corpus["ids"]["r_deleted"]]
    df = mlflow.search_runs([corpus["exp_id"]], filter_string="metrics.acc > 100")
    assert df.empty


def test_search_across_experiments(client):
    exp_a = client.create_experiment(unique("multi-a"))
    exp_b = client.create_experiment(unique("multi-b"))
    run_a = client.create_run(exp_a).info.run_id
    run_b = client.create_run(exp_b).info.run_id
    found = {r.info.run_id for r in client.search_runs([exp_a, exp_b])}
    assert found == {run_a, run_b}


def test_metric_history_larger_than_one_page(client):
    """The client asks for 25 000 points per page and follows page_token."""
    exp_id = client.create_experiment(unique("history"))
    run_id = client.create_run(exp_id).info.run_id
    total = 25_500
    for start in range(0, total, 1000):
        client.log_batch(run_id, metrics=[Metric("loss", s * 0.5, BASE_MS + s, s)
                                          for s in range(start, min(start + 1000, total))])
    history = client.get_metric_history(run_id, "loss")
    assert len(history) == total
    assert [m.step for m in history] == list(range(total))
    assert history[-1].value == (total - 1) * 0.5
