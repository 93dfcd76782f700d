"""Experiments: create/reuse, lookup by name, rename, delete/restore, tags, search with filters and paging."""

import mlflow
import pytest
from mlflow.entities import ViewType
from mlflow.exceptions import MlflowException

from support import MLFLOW_MAJOR, unique


def test_set_experiment_creates_then_reuses(client):
    name = unique("set-exp")
    first = mlflow.set_experiment(name)
    second = mlflow.set_experiment(name)
    assert first.experiment_id == second.experiment_id
    assert first.name == name
    assert first.lifecycle_stage == "active"
    assert client.get_experiment(first.experiment_id).name == name


def test_get_experiment_by_name_returns_experiment_or_none(client):
    name = unique("by-name")
    exp_id = client.create_experiment(name)
    found = mlflow.get_experiment_by_name(name)
    assert found.experiment_id == exp_id
    assert client.get_experiment_by_name(name).experiment_id == exp_id
    assert mlflow.get_experiment_by_name(unique("missing")) is None
    assert client.get_experiment_by_name(unique("missing")) is None


def test_set_experiment_by_id_activates_it(client):
    exp_id = client.create_experiment(unique("by-id"))
    assert mlflow.set_experiment(experiment_id=exp_id).experiment_id == exp_id
    with mlflow.start_run() as run:
        pass
    assert run.info.experiment_id == exp_id


def test_experiment_has_timestamps_and_artifact_location(client):
    exp = client.get_experiment(client.create_experiment(unique("fields")))
    assert exp.creation_time > 0
    assert exp.last_update_time >= exp.creation_time
    assert exp.artifact_location


def test_rename_experiment(client):
    old, new = unique("old"), unique("new")
    exp_id = client.create_experiment(old)
    client.rename_experiment(exp_id, new)
    assert client.get_experiment(exp_id).name == new
    assert client.get_experiment_by_name(new).experiment_id == exp_id
    assert client.get_experiment_by_name(old) is None


def test_delete_and_restore_experiment(client):
    name = unique("del")
    exp_id = client.create_experiment(name)
    client.delete_experiment(exp_id)
    assert client.get_experiment(exp_id).lifecycle_stage == "deleted"
    # A deleted experiment is still found by name (the fluent API then refuses to activate it).
    assert client.get_experiment_by_name(name).lifecycle_stage == "deleted"
    with pytest.raises(MlflowException):
        mlflow.set_experiment(name)
    # Names stay reserved by deleted experiments.
    with pytest.raises(MlflowException) as e:
        client.create_experiment(name)
    assert e.value.error_code == "RESOURCE_ALREADY_EXISTS"

    client.restore_experiment(exp_id)
    assert client.get_experiment(exp_id).lifecycle_stage == "active"
    assert mlflow.set_experiment(name).experiment_id == exp_id


def test_experiment_tags_at_creation_and_later(client):
    exp_id = client.create_experiment(unique("tags"), tags={"team": "vision", "project": "hrm"})
    client.set_experiment_tag(exp_id, "stage", "dev")
    client.set_experiment_tag(exp_id, "team", "nlp")  # overwrite is allowed for tags
    mlflow.set_experiment(experiment_id=exp_id)
    mlflow.set_experiment_tags({"owner": "alice"})
    tags = client.get_experiment(exp_id).tags
    assert {k: tags[k] for k in ("team", "project", "stage", "owner")} == {
        "team": "nlp", "project": "hrm", "stage": "dev", "owner": "alice"}


@pytest.mark.skipif(MLFLOW_MAJOR < 3, reason="MlflowClient.delete_experiment_tag is new in mlflow 3")
def test_delete_experiment_tag(client):
    exp_id = client.create_experiment(unique("deltag"), tags={"a": "1", "b": "2"})
    client.delete_experiment_tag(exp_id, "a")
    tags = client.get_experiment(exp_id).tags
    assert "a" not in tags and tags["b"] == "2"


@pytest.fixture
def five_experiments(client):
    """Five experiments sharing a unique prefix; the last two tagged, the middle one deleted."""
    prefix = unique("search")
    ids = []
    for i in range(5):
        tags = {"team": "vision"} if i >= 3 else {"team": "nlp"}
        ids.append(client.create_experiment(f"{prefix}-{i}", tags=tags))
    client.delete_experiment(ids[2])
    return prefix, ids


def _names(experiments):
    return [e.name for e in experiments]


def test_search_experiments_filters_by_name_and_tag(client, five_experiments):
    prefix, ids = five_experiments
    found = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name ASC"])
    assert _names(found) == [f"{prefix}-{i}" for i in (0, 1, 3, 4)]
    found = client.search_experiments(filter_string=f"name = '{prefix}-1'")
    assert [e.experiment_id for e in found] == [ids[1]]
    found = client.search_experiments(
        filter_string=f"name LIKE '{prefix}%' AND tags.team = 'vision'", order_by=["name DESC"])
    assert _names(found) == [f"{prefix}-4", f"{prefix}-3"]
    found = mlflow.search_experiments(filter_string=f"name ILIKE '{prefix.upper()}-%'")
    assert len(found) == 4


def test_search_experiments_view_type(client, five_experiments):
    prefix, ids = five_experiments
    flt = f"name LIKE '{prefix}-%'"
    assert _names(client.search_experiments(view_type=ViewType.DELETED_ONLY, filter_string=flt)) == [
        f"{prefix}-2"]
    assert len(client.search_experiments(view_type=ViewType.ALL, filter_string=flt)) == 5
    assert len(client.search_experiments(view_type=ViewType.ACTIVE_ONLY, filter_string=flt)) == 4


def test_search_experiments_default_order_is_newest_first(client, five_experiments):
    prefix, ids = five_experiments
    found = client.search_experiments(view_type=ViewType.ALL, filter_string=f"name LIKE '{prefix}-%'")
    # creation_time DESC, then experiment_id ASC: creation times may tie, ids are increasing integers.
    times = [e.creation_time for e in found]
    assert times == sorted(times, reverse=True)
    assert sorted(e.experiment_id for e in found) == sorted(ids)


def test_search_experiments_pages_with_token(client, five_experiments):
    prefix, ids = five_experiments
    flt = f"name LIKE '{prefix}-%'"
    seen, token, pages = [], None, 0
    while True:
        page = client.search_experiments(view_type=ViewType.ALL, filter_string=flt, max_results=2,
                                         order_by=["name ASC"], page_token=token)
        assert len(page) <= 2
        seen += _names(page)
        pages += 1
        token = page.token
        if not token:
            break
    assert seen == [f"{prefix}-{i}" for i in range(5)]
    assert pages == 3


def test_search_experiments_by_creation_time(client, five_experiments):
    prefix, ids = five_experiments
    first = client.get_experiment(ids[0])
    found = client.search_experiments(
        filter_string=f"name LIKE '{prefix}-%' AND creation_time >= {first.creation_time}")
    assert len(found) == 4
    found = client.search_experiments(
        filter_string=f"name LIKE '{prefix}-%' AND creation_time < {first.creation_time}")
    assert len(found) == 0
