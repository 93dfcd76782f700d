package dev.cairn.client.tensorboard;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.List;

/** The repeated number fields of a {@code TensorProto}, read packed or one by one. */
final class Numbers {
  private Numbers() {}

  /** Reads field {@code tag}'s value(s) (float_val, double_val, int_val, int64_val, half_val). */
  static void read(CodedInputStream in, int tag, List<Double> out) throws IOException {
    int field = WireFormat.getTagFieldNumber(tag);
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int limit = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        out.add(one(in, field));
      }
      in.popLimit(limit);
    } else {
      out.add(one(in, field));
    }
  }

  /**
   * A float32 as the decimal it was most likely written from: {@code 0.1f} becomes {@code 0.1}, not
   * {@code 0.10000000149011612}, so that the imported metric shows the value the script logged.
   */
  static double widen(float f) {
    return Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : f;
  }

  private static double one(CodedInputStream in, int field) throws IOException {
    return switch (field) {
      case 5 -> widen(in.readFloat());
      case 6 -> in.readDouble();
      case 7 -> in.readInt32();
      case 10 -> in.readInt64();
      // half_val: IEEE half-precision bits carried in an int32
      case 13 -> widen(Float.float16ToFloat((short) in.readInt32()));
      default -> throw new IllegalArgumentException("not a number field: " + field);
    };
  }
}
