package dev.cairn.client.tensorboard;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hparams plugin's data: the hyperparameters of a session, as MLflow params.
 *
 * <p>{@code HParamsPluginData} holds {@code session_start_info = 3}, whose {@code hparams = 1} is a
 * map of {@code google.protobuf.Value} ({@code number_value = 2}, {@code string_value = 3}, {@code
 * bool_value = 4}). Values are written as Python's {@code str()} writes the value the Python writer
 * was given, as {@code mlflow.log_param} would: {@code True}, {@code 0.001}, {@code 1e-05}. The
 * proto keeps every number as a double, so a whole number is written without a fraction ({@code 3},
 * as an {@code int} was most likely given).
 */
final class HParams {
  private HParams() {}

  /** The session's hyperparameters, or an empty map for the plugin's other records. */
  static Map<String, String> sessionStart(ByteString pluginContent) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    ByteString start = EventDecoder.field(pluginContent, 3);
    if (start == null) {
      return out;
    }
    CodedInputStream in = start.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (EventDecoder.is(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        ByteString entry = in.readBytes();
        ByteString key = EventDecoder.field(entry, 1);
        ByteString value = EventDecoder.field(entry, 2);
        String text = value == null ? null : valueText(value);
        if (key != null && text != null) {
          out.put(key.toStringUtf8(), text);
        }
      } else {
        in.skipField(tag);
      }
    }
    return out;
  }

  /** A {@code google.protobuf.Value} as text; null for null, struct and list values. */
  private static String valueText(ByteString value) throws IOException {
    CodedInputStream in = value.newCodedInput();
    String text = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (EventDecoder.is(tag, 2, WireFormat.WIRETYPE_FIXED64)) {
        text = number(in.readDouble());
      } else if (EventDecoder.is(tag, 3, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        text = in.readStringRequireUtf8();
      } else if (EventDecoder.is(tag, 4, WireFormat.WIRETYPE_VARINT)) {
        text = in.readBool() ? "True" : "False";
      } else {
        in.skipField(tag);
      }
    }
    return text;
  }

  /**
   * A number as Python's {@code str()} writes it: whole numbers as integers; others in the shortest
   * form that reads back the same, in scientific notation below 1e-4 and from 1e16 ({@code 1e-05}).
   */
  static String number(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e16) {
      return Long.toString((long) d);
    }
    // Double.toString is the shortest round-tripping decimal (JDK 19 and later), as Python's repr
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = exact.precision() - exact.scale() - 1;
    if (exponent >= -4 && exponent < 16) {
      return exact.toPlainString();
    }
    String digits = exact.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return String.format(
        "%s%se%s%02d", d < 0 ? "-" : "", mantissa, exponent < 0 ? "-" : "+", Math.abs(exponent));
  }
}
