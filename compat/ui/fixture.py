"""Fills a tracking server with what the UI tests look at, through the real mlflow client.

    python compat/ui/fixture.py http://127.0.0.1:5000

Prints one JSON line: the ids the browser test navigates to.
"""

import json
import math
import os
import sys
import tempfile

import mlflow
from mlflow.tracking import MlflowClient

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f80f0000010101005b0e5f8a0000000049454e44ae426082"
)


class Echo(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        return model_input


def main(uri: str) -> None:
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(uri)
    exp_id = mlflow.create_experiment("ui-demo", tags={"team": "vision"})
    mlflow.create_experiment("ui-other")
    mlflow.set_experiment(experiment_id=exp_id)
    runs = {}
    for i, (lr, model) in enumerate([(0.1, "tree"), (0.01, "tree"), (0.1, "linear"), (0.001, "linear")]):
        with mlflow.start_run(run_name=f"train-{i}") as run:
            mlflow.log_params({"lr": lr, "model": model, "epochs": 20})
            for step in range(200):
                loss = math.exp(-lr * step * 10) + 0.05 * i + 0.01 * math.sin(step)
                mlflow.log_metrics({"loss": loss, "accuracy": 1 - loss / 2}, step=step)
            mlflow.set_tag("dataset", "cifar10")
            runs[f"train-{i}"] = run.info.run_id
    with mlflow.start_run(run_name="sweep") as parent:
        mlflow.log_param("search", "grid")
        for j in range(3):
            with mlflow.start_run(run_name=f"trial-{j}", nested=True):
                mlflow.log_param("lr", 10 ** -(j + 1))
                mlflow.log_metric("loss", 1.0 / (j + 1))
        runs["sweep"] = parent.info.run_id
    with mlflow.start_run(run_name="with-artifacts") as run:
        mlflow.log_param("lr", 0.05)
        mlflow.log_metric("loss", 0.5)
        mlflow.set_tag("mlflow.note.content", "# Baseline\nTrained with **augmentation**.")
        with tempfile.TemporaryDirectory() as d:
            files = {
                "train.log": "".join(f"epoch {e} loss {1 / (e + 1):.4f}\n" for e in range(5000)),
                "metrics.json": json.dumps({"auc": 0.91, "f1": 0.88}),
                "predictions.csv": "id,label,score\n1,cat,0.9\n2,dog,0.7\n",
            }
            for name, text in files.items():
                with open(os.path.join(d, name), "w") as f:
                    f.write(text)
            with open(os.path.join(d, "sample.png"), "wb") as f:
                f.write(PNG_1x1)
            mlflow.log_artifacts(d)
            mlflow.log_artifact(os.path.join(d, "metrics.json"), artifact_path="eval")
        mlflow.pyfunc.log_model(name="model", python_model=Echo())
        runs["with-artifacts"] = run.info.run_id
    version = mlflow.register_model(f"runs:/{runs['with-artifacts']}/model", "ui-model")
    client.set_registered_model_alias("ui-model", "champion", version.version)
    client.set_registered_model_tag("ui-model", "owner", "vision-team")
    print(json.dumps({"experiment_id": exp_id, "runs": runs, "model": "ui-model", "version": version.version}))


if __name__ == "__main__":
    main(sys.argv[1])
