package dev.cairn.core.webhooks;

import dev.cairn.core.CairnException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets at rest, in the Fernet format MLflow uses (AES-128-CBC + HMAC-SHA256, key from
 * {@code MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY}), so a database shared with MLflow's server keeps
 * readable secrets when both have the same key.
 */
public final class SecretCipher {
  private static final byte VERSION = (byte) 0x80;
  private final byte[] signingKey;
  private final byte[] encryptionKey;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param key a Fernet key: 32 bytes, URL-safe base64
   */
  public SecretCipher(String key) {
    byte[] raw = Base64.getUrlDecoder().decode(key.strip());
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          "MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY must be 32 bytes of url-safe base64");
    }
    this.signingKey = Arrays.copyOfRange(raw, 0, 16);
    this.encryptionKey = Arrays.copyOfRange(raw, 16, 32);
  }

  /** A new random key in Fernet's format. */
  public static String newKey() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getUrlEncoder().encodeToString(raw);
  }

  public String encrypt(String plain) {
    try {
      byte[] iv = new byte[16];
      random.nextBytes(iv);
      Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
      aes.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
      byte[] cipherText = aes.doFinal(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ByteBuffer token = ByteBuffer.allocate(1 + 8 + 16 + cipherText.length + 32);
      token.put(VERSION).putLong(System.currentTimeMillis() / 1000).put(iv).put(cipherText);
      token.put(mac(Arrays.copyOf(token.array(), token.position())));
      return Base64.getUrlEncoder().encodeToString(token.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String decrypt(String token) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(token);
      if (raw.length < 1 + 8 + 16 + 16 + 32 || raw[0] != VERSION) {
        throw unreadable();
      }
      byte[] signed = Arrays.copyOf(raw, raw.length - 32);
      if (!MessageDigest.isEqual(
          mac(signed), Arrays.copyOfRange(raw, raw.length - 32, raw.length))) {
        throw unreadable();
      }
      Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
      aes.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(encryptionKey, "AES"),
          new IvParameterSpec(Arrays.copyOfRange(raw, 9, 25)));
      return new String(
          aes.doFinal(raw, 25, raw.length - 25 - 32), java.nio.charset.StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw unreadable();
    }
  }

  private static CairnException unreadable() {
    return CairnException.invalidState(
        "A webhook secret cannot be decrypted with this server's"
            + " MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY.");
  }

  private byte[] mac(byte[] data) throws GeneralSecurityException {
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
    return hmac.doFinal(data);
  }
}
