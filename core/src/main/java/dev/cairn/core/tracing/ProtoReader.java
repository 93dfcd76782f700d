package dev.cairn.core.tracing;

import dev.cairn.core.CairnException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads protobuf's wire format (varint, 64-bit, length-delimited and 32-bit fields) from a byte
 * range: enough to decode OTLP messages without generated code. A malformed message is
 * INVALID_PARAMETER_VALUE.
 */
final class ProtoReader {
  private final byte[] buf;
  private int pos;
  private final int end;
  private int tag;

  ProtoReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  private ProtoReader(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  /** Advances to the next field; false at the end. */
  boolean next() {
    if (pos >= end) {
      return false;
    }
    tag = (int) varint();
    return true;
  }

  int field() {
    return tag >>> 3;
  }

  private int wireType() {
    return tag & 7;
  }

  long varint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = read();
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw malformed();
  }

  long fixed64() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (long) (read() & 0xff) << (8 * i);
    }
    return v;
  }

  /** A 64-bit field read as fixed64, or a varint field (a lenient writer's choice). */
  long uint64() {
    return wireType() == 1 ? fixed64() : varint();
  }

  double float64() {
    return Double.longBitsToDouble(fixed64());
  }

  byte[] bytes() {
    int n = length();
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  String string() {
    int n = length();
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  ProtoReader message() {
    int n = length();
    ProtoReader r = new ProtoReader(buf, pos, pos + n);
    pos += n;
    return r;
  }

  void skip() {
    switch (wireType()) {
      case 0 -> varint();
      case 1 -> advance(8);
      case 2 -> advance(length());
      case 5 -> advance(4);
      default -> throw malformed();
    }
  }

  private int length() {
    long n = varint();
    if (n < 0 || n > end - pos) {
      throw malformed();
    }
    return (int) n;
  }

  private void advance(int n) {
    if (n > end - pos) {
      throw malformed();
    }
    pos += n;
  }

  private byte read() {
    if (pos >= end) {
      throw malformed();
    }
    return buf[pos++];
  }

  private static CairnException malformed() {
    return CairnException.invalid("Invalid OpenTelemetry format");
  }
}
