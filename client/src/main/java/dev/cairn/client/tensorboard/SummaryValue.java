package dev.cairn.client.tensorboard;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * One {@code Summary.Value}: its tag and whichever of its payloads were set.
 *
 * @param simpleValue the TF1-style scalar ({@code simple_value}), or null
 * @param tensor the TF2-style payload ({@code tensor}), or null
 * @param image the encoded image of a TF1-style {@code Summary.Image}, or null
 * @param pluginName the plugin of the value's metadata; TF2 writers set it only on a tag's first
 *     value in a file, so it is null on the others
 * @param pluginContent the plugin's own data (the hparams plugin's session info), or empty
 */
record SummaryValue(
    String tag,
    Float simpleValue,
    Tensor tensor,
    ByteString image,
    String pluginName,
    ByteString pluginContent) {

  /**
   * A {@code TensorProto} reduced to what scalars and images need.
   *
   * @param dtype TensorFlow's {@code DataType} number (1 float, 2 double, 3 int32, 9 int64, 19
   *     half)
   * @param numbers the values of {@code float_val}, {@code double_val}, {@code int_val}, {@code
   *     int64_val} or {@code half_val} (whichever was set), as doubles
   * @param content {@code tensor_content}: the values packed little-endian, or empty
   * @param strings {@code string_val}: for images, width, height and the encoded images
   */
  record Tensor(int dtype, List<Double> numbers, ByteString content, List<ByteString> strings) {}
}
