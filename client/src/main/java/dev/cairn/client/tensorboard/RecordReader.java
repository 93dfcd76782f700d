package dev.cairn.client.tensorboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Reads the records of a TFRecord file, TensorBoard's event-file framing: each record is its length
 * (8 bytes, little-endian), the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C
 * of the data (4 bytes each, little-endian).
 *
 * <p>A record cut short at the end of the file (a writer still running, or killed mid-write) ends
 * the file quietly, as TensorBoard reads it; a checksum that does not match is an error.
 */
final class RecordReader implements AutoCloseable {
  /** Larger records are not TensorBoard events (images are stored as a few MB at most). */
  private static final long MAX_RECORD = 256L * 1024 * 1024;

  private static final int MASK_DELTA = 0xa282ead8;

  private final InputStream in;
  private final String name;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private long offset;

  RecordReader(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /** The bytes read so far. */
  long offset() {
    return offset;
  }

  /**
   * The next record's data, or {@code null} at the end of the file (or of its last complete
   * record).
   *
   * @throws IOException when a checksum does not match or the stream fails
   */
  byte[] next() throws IOException {
    long start = offset;
    if (!readFully(header)) {
      return null;
    }
    ByteBuffer head = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long length = head.getLong(0);
    if (head.getInt(8) != masked(header, 0, 8)) {
      throw corrupt("length", start);
    }
    if (length < 0 || length > MAX_RECORD) {
      throw new IOException(
          String.format("%s: record of %d bytes at offset %d is too large", name, length, start));
    }
    byte[] data = new byte[(int) length];
    if (!readFully(data) || !readFully(footer)) {
      return null;
    }
    if (ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt(0)
        != masked(data, 0, data.length)) {
      throw corrupt("data", start);
    }
    return data;
  }

  private IOException corrupt(String part, long at) {
    return new IOException(
        String.format(
            "%s: the %s checksum of the record at offset %d does not match", name, part, at));
  }

  /** False when the stream ends before {@code buffer} is full (a cut-short record). */
  private boolean readFully(byte[] buffer) throws IOException {
    int n = in.readNBytes(buffer, 0, buffer.length);
    offset += n;
    return n == buffer.length;
  }

  /** TFRecord's masked CRC: rotated right by 15 bits plus a constant. */
  static int masked(byte[] bytes, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
