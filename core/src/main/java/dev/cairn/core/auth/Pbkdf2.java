package dev.cairn.core.auth;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * PBKDF2 (RFC 8018, section 5.2) over any HMAC the JDK provides.
 *
 * <p>Written out here rather than taken from {@code SecretKeyFactory("PBKDF2WithHmac…")} because
 * Werkzeug accepts what the JDK's factory refuses: an empty salt ({@code PBEKeySpec} throws) and an
 * empty password ({@code SecretKeySpec} throws), and Werkzeug hashes the password's UTF-8 bytes,
 * not a {@code char[]}.
 */
final class Pbkdf2 {
  private Pbkdf2() {}

  /**
   * The first {@code length} bytes of PBKDF2 with the given HMAC.
   *
   * @param macAlgorithm a JDK {@link Mac} name such as {@code HmacSHA256}
   * @param iterations at least 1
   * @param length at least 1
   * @throws IllegalStateException if the JDK has no such HMAC
   */
  static byte[] derive(
      String macAlgorithm, byte[] password, byte[] salt, int iterations, int length) {
    Mac mac = hmac(macAlgorithm, password);
    int blockLength = mac.getMacLength();
    byte[] out = new byte[length];
    byte[] u = new byte[blockLength];
    byte[] t = new byte[blockLength];
    for (int block = 1, offset = 0; offset < length; block++, offset += blockLength) {
      mac.update(salt);
      mac.update(bigEndian(block));
      doFinal(mac, u);
      System.arraycopy(u, 0, t, 0, blockLength);
      for (int i = 1; i < iterations; i++) {
        mac.update(u);
        doFinal(mac, u);
        for (int k = 0; k < blockLength; k++) {
          t[k] ^= u[k];
        }
      }
      System.arraycopy(t, 0, out, offset, Math.min(blockLength, length - offset));
    }
    return out;
  }

  private static Mac hmac(String algorithm, byte[] key) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new RawKey(algorithm, key));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot compute " + algorithm, e);
    }
  }

  private static byte[] bigEndian(int i) {
    return new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
  }

  private static void doFinal(Mac mac, byte[] into) {
    try {
      mac.doFinal(into, 0);
    } catch (GeneralSecurityException e) {
      // The buffer is the MAC's own length, so this cannot happen.
      throw new IllegalStateException(e);
    }
  }

  /**
   * A raw HMAC key that may be empty: {@link javax.crypto.spec.SecretKeySpec} refuses an empty key,
   * but HMAC is defined for one and Werkzeug hashes empty passwords.
   */
  private record RawKey(String algorithm, byte[] bytes) implements SecretKey {
    @Override
    public String getAlgorithm() {
      return algorithm;
    }

    @Override
    public String getFormat() {
      return "RAW";
    }

    @Override
    public byte[] getEncoded() {
      return bytes.clone();
    }

    @Override
    public String toString() {
      // The key is a password: keep it out of logs.
      return "RawKey[" + algorithm + "]";
    }
  }
}
