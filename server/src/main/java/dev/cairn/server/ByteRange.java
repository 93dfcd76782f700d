package dev.cairn.server;

/**
 * A single HTTP byte range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) resolved against
 * a file size. Multi-range requests are answered with the whole file, as the RFC allows.
 */
record ByteRange(long start, long length) {

  /**
   * The range asked for, null when the header is absent or not a single byte range (serve all).
   *
   * @throws IllegalArgumentException when the range cannot be satisfied (416)
   */
  static ByteRange parse(String header, long size) {
    if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
      return null;
    }
    String spec = header.substring("bytes=".length()).strip();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).strip();
      String b = spec.substring(dash + 1).strip();
      if (a.isEmpty()) {
        long suffix = Math.min(Long.parseLong(b), size);
        if (suffix <= 0) {
          throw new IllegalArgumentException("empty suffix range");
        }
        return new ByteRange(size - suffix, suffix);
      }
      long start = Long.parseLong(a);
      long end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      if (start >= size || end < start) {
        throw new IllegalArgumentException("range outside the file");
      }
      return new ByteRange(start, end - start + 1);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  String contentRange(long size) {
    return "bytes " + start + "-" + (start + length - 1) + "/" + size;
  }
}
