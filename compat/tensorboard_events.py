"""Writes a small TensorBoard log folder with the real writers, for `cairn import --from tensorboard:DIR`.

Used by test_tensorboard_import.py, and run once by hand to make the Java tests' fixture
(client/src/test/resources/tensorboard/):  python compat/tensorboard_events.py OUT_DIR

The folder has what users' logs have, each written as its writer writes it:

* ``OUT/``: tensorboardX scalars (TF1-style ``simple_value``) and an image (``Summary.Image``);
* ``OUT/eval/``: TensorBoard 2.x scalars (a ``scalars`` plugin tensor, metadata on the first value only, one
  ``float_val`` series and one ``tensor_content`` series) and hparams (TensorBoard's ``hparams_pb``);
* ``OUT/trial-1/``: tensorboardX ``add_hparams`` (the hparams plugin's session info and its metric).
"""

from __future__ import annotations

import glob
import os
import sys

import numpy as np

WALL = 1_700_000_000.0
LOSS = [1.0, 0.5, 0.25, 0.125, 0.0625]
LR = [0.1, 0.05, 0.025, 0.0125, 0.00625]
ACCURACY = [0.5, 0.7, 0.8, 0.85, 0.9]
PRECISION = [0.25, 0.5, 0.75]
HPARAMS = {"lr": 0.001, "layers": 3, "optimizer": "adam", "augment": True, "dropout": 1e-05}
HPARAM_METRICS = {"hparam/accuracy": 0.875}
EVAL_HPARAMS = {"units": 64, "activation": "relu", "batch_norm": False}


def write(out: str) -> None:
    from tensorboardX import SummaryWriter

    with SummaryWriter(logdir=out) as w:
        for step, (loss, lr) in enumerate(zip(LOSS, LR)):
            w.add_scalar("train/loss", loss, step, walltime=WALL + step)
            w.add_scalar("lr", lr, step, walltime=WALL + step)
        image = np.zeros((3, 8, 8), dtype=np.uint8)
        image[0] = 255  # a red square
        w.add_image("samples/red", image, 2, walltime=WALL + 2)
        w.add_hparams(HPARAMS, HPARAM_METRICS, name="trial-1", global_step=4)
    _write_eval(os.path.join(out, "eval"))
    _stable_names(out)


def _write_eval(folder: str) -> None:
    """TensorBoard 2.x scalars without TensorFlow: the scalar plugin's protos through TensorBoard's own writer."""
    from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, types_pb2
    from tensorboard.plugins.hparams import summary_v2 as hparams_v2
    from tensorboard.plugins.scalar import summary_v2
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    writer = EventFileWriter(folder)
    hparams = hparams_v2.hparams_pb(EVAL_HPARAMS, start_time_secs=WALL + 9)
    writer.add_event(event_pb2.Event(wall_time=WALL + 9, step=0, summary=hparams))
    for step, accuracy in enumerate(ACCURACY):
        summary = summary_v2.scalar_pb("accuracy", accuracy)
        if step > 0:  # as TensorFlow's writer: the plugin is named on a tag's first value only
            summary.value[0].ClearField("metadata")
        writer.add_event(event_pb2.Event(wall_time=WALL + 10 + step, step=step, summary=summary))
    for step, precision in enumerate(PRECISION):
        tensor = tensor_pb2.TensorProto(
            dtype=types_pb2.DT_FLOAT, tensor_content=np.array(precision, dtype="<f4").tobytes())
        value = summary_pb2.Summary.Value(tag="precision", tensor=tensor)
        if step == 0:
            value.metadata.plugin_data.plugin_name = "scalars"
        writer.add_event(event_pb2.Event(
            wall_time=WALL + 20 + step, step=step * 10, summary=summary_pb2.Summary(value=[value])))
    writer.close()


def _stable_names(out: str) -> None:
    """Event file names carry the host name; the fixture keeps none."""
    for i, path in enumerate(sorted(glob.glob(os.path.join(out, "**", "*tfevents*"), recursive=True))):
        os.rename(path, os.path.join(os.path.dirname(path), f"events.out.tfevents.{int(WALL) + i}.writer"))


if __name__ == "__main__":
    write(sys.argv[1])
