"""Registry webhooks with the real 3.x client: create, list, update, test, delete; a registry event is delivered
to a local receiver with MLflow's signature."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import queue
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from mlflow import MlflowClient

from mlflow.exceptions import MlflowException

from support import FILE_STORE, MLFLOW_MAJOR, unique

pytestmark = pytest.mark.skipif(MLFLOW_MAJOR < 3, reason="webhooks are an MLflow 3 API")


@pytest.fixture
def receiver():
    got: queue.Queue = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            got.put((dict(self.headers), body))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/hook", got
    httpd.shutdown()


@pytest.mark.skipif(os.environ.get("COMPAT_SERVER") != "cairn" or not FILE_STORE,
                    reason="Cairn on an MLflow file store")
def test_file_store_answers_webhook_calls_not_implemented():
    """MLflow's file store has no webhooks; Cairn says so plainly instead of failing with an internal error."""
    client = MlflowClient()
    with pytest.raises(MlflowException) as e:
        client.create_webhook(name=unique("hook"), url="https://example.com/h", events=["model_version.created"])
    assert e.value.error_code == "NOT_IMPLEMENTED"
    with pytest.raises(MlflowException) as e:
        client.list_webhooks()
    assert e.value.error_code == "NOT_IMPLEMENTED"


@pytest.mark.skipif(FILE_STORE, reason="MLflow's file store has no webhooks (checked by the test above)")
def test_webhook_lifecycle_and_signed_delivery(receiver, as_admin):  # webhooks are for administrators (auth)
    url, got = receiver
    client = MlflowClient()
    hook = client.create_webhook(name=unique("hook"), url=url, events=["model_version.created"], secret="shh")
    assert hook.status.value == "ACTIVE" if hasattr(hook.status, "value") else hook.status == "ACTIVE"
    assert hook.webhook_id in [w.webhook_id for w in client.list_webhooks()]
    result = client.test_webhook(hook.webhook_id)
    assert result.success and result.response_status == 200
    got.get(timeout=10)  # the test payload

    name = unique("wh-model")
    client.create_registered_model(name)
    client.create_model_version(name, "s3://bucket/path/model")
    headers, body = got.get(timeout=15)
    payload = json.loads(body)
    assert (payload["entity"], payload["action"]) == ("model_version", "created")
    assert payload["data"]["name"] == name and payload["data"]["version"] == "1"
    h = {k.lower(): v for k, v in headers.items()}
    signed = f"{h['x-mlflow-delivery-id']}.{h['x-mlflow-timestamp']}.{body}".encode()
    expected = base64.b64encode(hmac.new(b"shh", signed, hashlib.sha256).digest()).decode()
    assert h["x-mlflow-signature"] == f"v1,{expected}"

    updated = client.update_webhook(hook.webhook_id, description="updated")
    assert updated.description == "updated"
    client.delete_webhook(hook.webhook_id)
    assert hook.webhook_id not in [w.webhook_id for w in client.list_webhooks()]
