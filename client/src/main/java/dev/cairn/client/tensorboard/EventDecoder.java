package dev.cairn.client.tensorboard;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.cairn.client.tensorboard.SummaryValue.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes TensorBoard's {@code Event} protos (tensorflow/core/util/event.proto and
 * framework/summary.proto) with protobuf-java's {@link CodedInputStream}, by field number: the few
 * messages read here do not justify generated classes, and fields the import does not need are
 * skipped as protobuf skips unknown fields.
 */
final class EventDecoder {
  private EventDecoder() {}

  static Event event(byte[] record) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(record);
    double wallTime = 0;
    long step = 0;
    List<SummaryValue> values = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (is(tag, 1, WireFormat.WIRETYPE_FIXED64)) {
        wallTime = in.readDouble();
      } else if (is(tag, 2, WireFormat.WIRETYPE_VARINT)) {
        step = in.readInt64();
      } else if (is(tag, 5, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        summary(in.readBytes(), values);
      } else {
        in.skipField(tag);
      }
    }
    return new Event(wallTime, step, values);
  }

  /** {@code Summary}: repeated {@code Value value = 1}. */
  private static void summary(ByteString bytes, List<SummaryValue> out) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (is(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        out.add(value(in.readBytes()));
      } else {
        in.skipField(tag);
      }
    }
  }

  /**
   * {@code Summary.Value}: tag = 1, simple_value = 2, image = 4, tensor = 8, metadata = 9
   * (plugin_data = 1: plugin_name = 1, content = 2).
   */
  private static SummaryValue value(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    String name = "";
    Float simple = null;
    Tensor tensor = null;
    ByteString image = null;
    String plugin = null;
    ByteString content = ByteString.EMPTY;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (is(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        name = in.readStringRequireUtf8();
      } else if (is(tag, 2, WireFormat.WIRETYPE_FIXED32)) {
        simple = in.readFloat();
      } else if (is(tag, 4, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        image = field(in.readBytes(), 4); // Summary.Image.encoded_image_string
      } else if (is(tag, 8, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        tensor = tensor(in.readBytes());
      } else if (is(tag, 9, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        ByteString pluginData = field(in.readBytes(), 1);
        if (pluginData != null) {
          ByteString pluginName = field(pluginData, 1);
          plugin = pluginName == null ? "" : pluginName.toStringUtf8();
          ByteString c = field(pluginData, 2);
          content = c == null ? ByteString.EMPTY : c;
        }
      } else {
        in.skipField(tag);
      }
    }
    return new SummaryValue(name, simple, tensor, image, plugin, content);
  }

  /**
   * {@code TensorProto}: dtype = 1, tensor_content = 4, float_val = 5, double_val = 6, int_val = 7,
   * string_val = 8, int64_val = 10, half_val = 13 (the repeated numbers packed or not).
   */
  private static Tensor tensor(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    int dtype = 0;
    ByteString content = ByteString.EMPTY;
    List<Double> numbers = new ArrayList<>();
    List<ByteString> strings = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (is(tag, 1, WireFormat.WIRETYPE_VARINT)) {
        dtype = in.readEnum();
      } else if (is(tag, 4, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        content = in.readBytes();
      } else if (is(tag, 8, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        strings.add(in.readBytes());
      } else if (field == 5 || field == 6 || field == 7 || field == 10 || field == 13) {
        Numbers.read(in, tag, numbers);
      } else {
        in.skipField(tag);
      }
    }
    return new Tensor(dtype, numbers, content, strings);
  }

  /** The last occurrence of length-delimited field {@code number} in a message, or null. */
  static ByteString field(ByteString message, int number) throws IOException {
    CodedInputStream in = message.newCodedInput();
    ByteString found = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (is(tag, number, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        found = in.readBytes();
      } else {
        in.skipField(tag);
      }
    }
    return found;
  }

  static boolean is(int tag, int field, int wireType) {
    return WireFormat.getTagFieldNumber(tag) == field && WireFormat.getTagWireType(tag) == wireType;
  }
}
