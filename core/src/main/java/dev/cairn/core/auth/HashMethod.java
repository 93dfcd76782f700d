package dev.cairn.core.auth;

import java.util.HexFormat;
import java.util.Map;

/**
 * The method part of a Werkzeug password hash ({@code scrypt:32768:8:1}, {@code
 * pbkdf2:sha256:600000}): which key derivation, with which parameters.
 */
sealed interface HashMethod {
  /** The method as Werkzeug writes it into a new hash, every parameter spelled out. */
  String text();

  /** The derived key of the password's and salt's UTF-8 bytes, as lowercase hex. */
  String hexDigest(byte[] password, byte[] salt);

  /**
   * The method {@code text} names, or null when Werkzeug's {@code check_password_hash} would raise
   * for it (an unknown method, a wrong number of parameters, parameters its hashlib refuses) or
   * when it names a PBKDF2 digest the JDK lacks.
   */
  static HashMethod parse(String text) {
    String[] parts = text.split(":", -1);
    return switch (parts[0]) {
      case "scrypt" -> ScryptMethod.parse(parts);
      case "pbkdf2" -> Pbkdf2Method.parse(parts);
      default -> null;
    };
  }

  /**
   * A decimal parameter as a positive int, or -1. Werkzeug uses Python's {@code int()}, which also
   * takes signs, spaces and underscores; Werkzeug itself only ever writes plain digits.
   */
  private static int positiveInt(String s) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    long value = Long.parseLong(s);
    return value >= 1 && value <= Integer.MAX_VALUE ? (int) value : -1;
  }

  /** scrypt with Werkzeug's 64-byte key. */
  record ScryptMethod(int n, int r, int p) implements HashMethod {
    /** Werkzeug 3.1's default, and what {@code scrypt} without parameters means. */
    static final ScryptMethod DEFAULT = new ScryptMethod(32768, 8, 1);

    public ScryptMethod {
      if (!computable(n, r, p)) {
        throw new IllegalArgumentException(
            "scrypt:%d:%d:%d is refused by hashlib".formatted(n, r, p));
      }
    }

    private static ScryptMethod parse(String[] parts) {
      if (parts.length == 1) {
        return DEFAULT;
      }
      if (parts.length != 4) {
        return null;
      }
      int n = positiveInt(parts[1]);
      int r = positiveInt(parts[2]);
      int p = positiveInt(parts[3]);
      return computable(n, r, p) ? new ScryptMethod(n, r, p) : null;
    }

    /**
     * Whether Python's {@code hashlib.scrypt} (over OpenSSL 3) computes these parameters with the
     * memory limit Werkzeug passes, {@code maxmem = 132 * n * r * p}: hashlib wants maxmem within
     * an int, and OpenSSL wants n below 2^(16 r) and its buffers ({@code 128 r p} plus {@code 128 r
     * (n + 2)} bytes) within maxmem. That refuses small n with p = 1 (scrypt:16:1:1 fails under
     * Werkzeug) and keeps the table this class allocates under 2 GiB.
     */
    static boolean computable(int n, int r, int p) {
      if (n < 2 || (n & (n - 1)) != 0 || r < 1 || p < 1) {
        return false;
      }
      if (r == 1 && n >= 1 << 16) {
        return false; // OpenSSL wants n < 2^(16 r), which an int n breaks only with r = 1
      }
      long maxmem = 132L * n; // each factor is at least 1, so stop as soon as it passes an int
      maxmem = maxmem > Integer.MAX_VALUE ? maxmem : maxmem * r;
      maxmem = maxmem > Integer.MAX_VALUE ? maxmem : maxmem * p;
      return maxmem <= Integer.MAX_VALUE && 128L * r * p + 128L * r * (n + 2L) <= maxmem;
    }

    @Override
    public String text() {
      return "scrypt:" + n + ":" + r + ":" + p;
    }

    @Override
    public String hexDigest(byte[] password, byte[] salt) {
      return HexFormat.of().formatHex(Scrypt.derive(password, salt, n, r, p, 64));
    }
  }

  /**
   * PBKDF2-HMAC with one of hashlib's digest names; the key is as long as the digest, hashlib's
   * default.
   */
  record Pbkdf2Method(String digest, int iterations) implements HashMethod {
    /** Werkzeug 3.1's iterations when a hash names none (600,000 in 2.3 and 3.0). */
    static final int DEFAULT_ITERATIONS = 1_000_000;

    /**
     * hashlib's names, as Werkzeug writes them back, and the JDK's HMAC for each. hashlib also
     * takes OpenSSL's aliases ({@code SHA256}, {@code sha-256}) and digests the JDK lacks ({@code
     * blake2b}, {@code sm3}, {@code ripemd160}); Werkzeug only writes what it was asked for, and
     * nobody asks for those.
     */
    private static final Map<String, Hmac> HMACS =
        Map.ofEntries(
            Map.entry("md5", new Hmac("HmacMD5", 16)),
            Map.entry("sha1", new Hmac("HmacSHA1", 20)),
            Map.entry("sha224", new Hmac("HmacSHA224", 28)),
            Map.entry("sha256", new Hmac("HmacSHA256", 32)),
            Map.entry("sha384", new Hmac("HmacSHA384", 48)),
            Map.entry("sha512", new Hmac("HmacSHA512", 64)),
            Map.entry("sha512_224", new Hmac("HmacSHA512/224", 28)),
            Map.entry("sha512_256", new Hmac("HmacSHA512/256", 32)),
            Map.entry("sha3_224", new Hmac("HmacSHA3-224", 28)),
            Map.entry("sha3_256", new Hmac("HmacSHA3-256", 32)),
            Map.entry("sha3_384", new Hmac("HmacSHA3-384", 48)),
            Map.entry("sha3_512", new Hmac("HmacSHA3-512", 64)));

    /** A JDK {@link javax.crypto.Mac} name and its output length in bytes. */
    private record Hmac(String algorithm, int length) {}

    public Pbkdf2Method {
      if (!HMACS.containsKey(digest) || iterations < 1) {
        throw new IllegalArgumentException("Unsupported pbkdf2 method");
      }
    }

    private static Pbkdf2Method parse(String[] parts) {
      if (parts.length > 3) {
        return null;
      }
      String digest = parts.length > 1 ? parts[1] : "sha256";
      int iterations = parts.length > 2 ? positiveInt(parts[2]) : DEFAULT_ITERATIONS;
      return HMACS.containsKey(digest) && iterations >= 1
          ? new Pbkdf2Method(digest, iterations)
          : null;
    }

    @Override
    public String text() {
      return "pbkdf2:" + digest + ":" + iterations;
    }

    @Override
    public String hexDigest(byte[] password, byte[] salt) {
      Hmac hmac = HMACS.get(digest);
      return HexFormat.of()
          .formatHex(Pbkdf2.derive(hmac.algorithm(), password, salt, iterations, hmac.length()));
    }
  }
}
