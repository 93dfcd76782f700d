package dev.cairn.client.tensorboard;

import com.google.protobuf.ByteString;
import dev.cairn.client.tensorboard.SummaryValue.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event files of one folder (one TensorBoard run), read in name order (their names start with
 * the time the writer opened them), their values handed to a {@link Listener} as scalars, images
 * and hyperparameters. Histograms, text, graphs and other plugins' data are skipped.
 */
final class EventFolder {

  /** What the folder holds, in file order. */
  interface Listener {
    void scalar(String tag, double value, long step, long timestampMillis);

    /** One encoded image (PNG as TensorBoard writes them); {@code index} within its event. */
    void image(String tag, long step, int index, byte[] encoded);

    void hparams(Map<String, String> hparams);

    /** {@code bytes} more of the folder's files were read. */
    void read(long bytes);
  }

  // TensorFlow's DataType numbers
  private static final int DT_FLOAT = 1;
  private static final int DT_DOUBLE = 2;
  private static final int DT_INT32 = 3;
  private static final int DT_INT64 = 9;
  private static final int DT_HALF = 19;

  private final List<Path> files;

  /** TF2 writers name a tag's plugin only in its first value of a file. */
  private final Map<String, String> pluginOfTag = new HashMap<>();

  EventFolder(List<Path> files) {
    this.files = List.copyOf(files);
  }

  void read(Listener listener) throws IOException {
    for (Path file : files) {
      pluginOfTag.clear();
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
          RecordReader records = new RecordReader(in, file.toString())) {
        long reported = 0;
        for (byte[] record = records.next(); record != null; record = records.next()) {
          Event event = EventDecoder.event(record);
          for (SummaryValue value : event.values()) {
            dispatch(event, value, listener);
          }
          listener.read(records.offset() - reported);
          reported = records.offset();
        }
        listener.read(Files.size(file) - reported);
      }
    }
  }

  private void dispatch(Event event, SummaryValue v, Listener listener) throws IOException {
    String plugin = v.pluginName();
    if (plugin != null) {
      pluginOfTag.put(v.tag(), plugin);
    } else {
      plugin = pluginOfTag.getOrDefault(v.tag(), "");
    }
    if (v.simpleValue() != null) {
      listener.scalar(
          v.tag(), Numbers.widen(v.simpleValue()), event.step(), event.timestampMillis());
    } else if (v.image() != null) {
      listener.image(v.tag(), event.step(), 0, v.image().toByteArray());
    } else if (plugin.equals("hparams")) {
      Map<String, String> hparams = HParams.sessionStart(v.pluginContent());
      if (!hparams.isEmpty()) {
        listener.hparams(hparams);
      }
    } else if (v.tensor() != null && plugin.equals("scalars")) {
      Double scalar = scalar(v.tensor());
      if (scalar != null) {
        listener.scalar(v.tag(), scalar, event.step(), event.timestampMillis());
      }
    } else if (v.tensor() != null && plugin.equals("images")) {
      // the images plugin's tensor: width, height, then the encoded images
      List<ByteString> strings = v.tensor().strings();
      for (int i = 2; i < strings.size(); i++) {
        listener.image(v.tag(), event.step(), i - 2, strings.get(i).toByteArray());
      }
    }
  }

  /** A scalar tensor's value: its first number, or its content decoded by type; else null. */
  static Double scalar(Tensor t) {
    if (!t.numbers().isEmpty()) {
      return t.numbers().get(0);
    }
    ByteBuffer b = t.content().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    return switch (t.dtype()) {
      case DT_FLOAT -> b.remaining() >= 4 ? Numbers.widen(b.getFloat()) : null;
      case DT_DOUBLE -> b.remaining() >= 8 ? b.getDouble() : null;
      case DT_INT32 -> b.remaining() >= 4 ? (double) b.getInt() : null;
      case DT_INT64 -> b.remaining() >= 8 ? (double) b.getLong() : null;
      case DT_HALF -> b.remaining() >= 2 ? Numbers.widen(Float.float16ToFloat(b.getShort())) : null;
      default -> null;
    };
  }
}
