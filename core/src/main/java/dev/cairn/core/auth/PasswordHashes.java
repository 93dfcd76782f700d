package dev.cairn.core.auth;

import dev.cairn.core.CairnException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Password hashes in the strings Werkzeug's {@code generate_password_hash} writes and {@code
 * check_password_hash} reads, which is how MLflow's basic-auth app stores passwords ({@code
 * users.password_hash}): users of an existing MLflow auth database log in to Cairn unchanged, and
 * MLflow can read back what Cairn writes.
 *
 * <p>A hash is {@code method$salt$hexdigest}:
 *
 * <ul>
 *   <li>{@code scrypt:N:r:p$salt$hex}: scrypt with a 64-byte key; plain {@code scrypt} means {@code
 *       scrypt:32768:8:1}, Werkzeug 3.1's default.
 *   <li>{@code pbkdf2:DIGEST:ITERATIONS$salt$hex}: PBKDF2-HMAC with a hashlib digest name ({@code
 *       sha256}, {@code sha1}, {@code sha512}, {@code md5}, {@code sha3_256}…) and a key as long as
 *       the digest; {@code pbkdf2:DIGEST} means 1,000,000 iterations and plain {@code pbkdf2} means
 *       {@code pbkdf2:sha256:1000000}, as in Werkzeug 3.1.
 * </ul>
 *
 * The salt is used as its UTF-8 bytes, not decoded; so is the password. The digest is lowercase
 * hex, compared as text as Werkzeug does (an uppercase digest never matches).
 *
 * <p>Cost: scrypt with Werkzeug's default parameters allocates 32 MiB for each call of {@link
 * #verify} or {@link #hash} and takes about a tenth of a second of CPU; the memory is per call and
 * garbage afterwards (nothing is cached or shared, so calls are thread-safe). Parameters come from
 * the stored hash, which is trusted as Werkzeug trusts it; what Werkzeug itself would refuse to
 * compute (more than 2 GiB of scrypt memory, say) is refused here too.
 */
public final class PasswordHashes {
  /** Werkzeug's {@code SALT_CHARS}. */
  private static final String SALT_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  /** Werkzeug's default {@code salt_length}. */
  private static final int SALT_LENGTH = 16;

  private PasswordHashes() {}

  /**
   * Whether {@code password} matches {@code storedHash}, exactly when Werkzeug's {@code
   * check_password_hash(storedHash, password)} is true.
   *
   * <p>Never throws for a bad stored hash: a null, malformed or tampered one, an unknown method
   * (Werkzeug 2's {@code sha256$…} and {@code plain$…} forms, which Werkzeug 3 refuses), parameters
   * Werkzeug's hashlib refuses, or a PBKDF2 digest the JDK lacks ({@code blake2b}) are all false,
   * as is a password that is not valid Unicode (an unpaired surrogate, which Python cannot encode
   * either). Nothing is logged. The digests are compared in constant time.
   *
   * <p>Example: {@code verify("pbkdf2:sha256:1000$dS08fKt2qiopr9MJ$f431…", "correct horse battery
   * staple")}.
   *
   * @param storedHash a Werkzeug hash as stored in MLflow's {@code users} table; null is false
   * @param password the password as typed
   * @throws NullPointerException if {@code password} is null
   */
  public static boolean verify(String storedHash, String password) {
    Objects.requireNonNull(password, "password");
    if (storedHash == null) {
      return false;
    }
    // Werkzeug splits at the first two '$': the salt has none, the digest may (and then fails).
    String[] parts = storedHash.split("\\$", 3);
    if (parts.length != 3) {
      return false;
    }
    HashMethod method = HashMethod.parse(parts[0]);
    byte[] passwordBytes = utf8(password);
    byte[] salt = utf8(parts[1]);
    if (method == null || passwordBytes == null || salt == null) {
      return false;
    }
    byte[] expected = method.hexDigest(passwordBytes, salt).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A new hash of {@code password} in Werkzeug's current default format, {@code
   * scrypt:32768:8:1$<16 salt characters>$<128 hex digits>}, with a fresh salt from {@link
   * SecureRandom}; what {@code generate_password_hash(password)} writes, so MLflow accepts it.
   *
   * @throws CairnException {@code INVALID_PARAMETER_VALUE} if the password is not valid Unicode (an
   *     unpaired surrogate)
   */
  public static String hash(String password) {
    return hash(password, HashMethod.ScryptMethod.DEFAULT, newSalt());
  }

  /** {@code generate_password_hash} with a given method and salt. */
  static String hash(String password, HashMethod method, String salt) {
    byte[] passwordBytes = utf8(password);
    if (passwordBytes == null) {
      throw CairnException.invalid("A password must be valid Unicode text.");
    }
    return method.text() + "$" + salt + "$" + method.hexDigest(passwordBytes, utf8(salt));
  }

  /** Werkzeug's {@code gen_salt(16)}: 16 characters drawn uniformly from its alphabet. */
  static String newSalt() {
    SecureRandom random = new SecureRandom();
    StringBuilder salt = new StringBuilder(SALT_LENGTH);
    for (int i = 0; i < SALT_LENGTH; i++) {
      salt.append(SALT_CHARS.charAt(random.nextInt(SALT_CHARS.length())));
    }
    return salt.toString();
  }

  /**
   * The UTF-8 bytes of {@code s}, or null if it holds an unpaired surrogate: Python's {@code
   * str.encode()} raises there, where {@link String#getBytes} would quietly write '?'.
   */
  private static byte[] utf8(String s) {
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
