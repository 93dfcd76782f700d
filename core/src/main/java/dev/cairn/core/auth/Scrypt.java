package dev.cairn.core.auth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * The scrypt key derivation function of RFC 7914, which the JDK lacks.
 *
 * <p>One instance is one derivation: it owns the working memory ({@code 128 * r * n} bytes for
 * ROMix's table, 32 MiB for Werkzeug's default n = 32768, r = 8), allocated when the derivation
 * starts and garbage once it returns, so nothing is shared between threads.
 */
final class Scrypt {
  private static final int SALSA_WORDS = 16;

  private final int n;
  private final int r;

  /** ROMix's table V: n blocks of 32 * r words. */
  private final int[] table;

  /** BlockMix's output before it is reordered. */
  private final int[] mixed;

  /** The Salsa20/8 input and working state. */
  private final int[] x = new int[SALSA_WORDS];

  private final int[] salsa = new int[SALSA_WORDS];

  private Scrypt(int n, int r) {
    this.n = n;
    this.r = r;
    this.table = new int[n * blockWords()];
    this.mixed = new int[blockWords()];
  }

  /**
   * scrypt(password, salt, n, r, p, length) as RFC 7914 section 6 defines it.
   *
   * <p>The caller checks the parameters: n a power of two at least 2, r and p at least 1, and
   * {@code 128 * r * n} and {@code 128 * r * p} within an int.
   */
  static byte[] derive(byte[] password, byte[] salt, int n, int r, int p, int length) {
    int blockBytes = 128 * r;
    byte[] b = Pbkdf2.derive("HmacSHA256", password, salt, 1, p * blockBytes);
    Scrypt scrypt = new Scrypt(n, r);
    int[] block = new int[scrypt.blockWords()];
    for (int i = 0; i < p; i++) {
      IntBuffer words = littleEndian(b, i * blockBytes, blockBytes);
      words.get(block);
      scrypt.roMix(block);
      words.clear();
      words.put(block);
    }
    return Pbkdf2.derive("HmacSHA256", password, b, 1, length);
  }

  private static IntBuffer littleEndian(byte[] bytes, int offset, int length) {
    return ByteBuffer.wrap(bytes, offset, length)
        .slice()
        .order(ByteOrder.LITTLE_ENDIAN)
        .asIntBuffer();
  }

  private int blockWords() {
    return 32 * r;
  }

  /** scryptROMix (RFC 7914 section 5), in place on one block of 32 * r words. */
  private void roMix(int[] block) {
    int words = blockWords();
    for (int i = 0; i < n; i++) {
      System.arraycopy(block, 0, table, i * words, words);
      blockMix(block);
    }
    int last = (2 * r - 1) * SALSA_WORDS;
    for (int i = 0; i < n; i++) {
      // Integerify: the first little-endian word of the last 64-byte chunk, modulo n (a power of
      // two, so a mask; the mask also makes the signed word non-negative).
      int j = block[last] & (n - 1);
      int from = j * words;
      for (int k = 0; k < words; k++) {
        block[k] ^= table[from + k];
      }
      blockMix(block);
    }
  }

  /** scryptBlockMix (RFC 7914 section 4), in place on one block of 2 * r chunks of 16 words. */
  private void blockMix(int[] block) {
    System.arraycopy(block, (2 * r - 1) * SALSA_WORDS, x, 0, SALSA_WORDS);
    for (int i = 0; i < 2 * r; i++) {
      for (int k = 0; k < SALSA_WORDS; k++) {
        x[k] ^= block[i * SALSA_WORDS + k];
      }
      salsa20x8(x);
      // The even outputs go to the first half, the odd ones to the second.
      int to = ((i & 1) * r + (i >>> 1)) * SALSA_WORDS;
      System.arraycopy(x, 0, mixed, to, SALSA_WORDS);
    }
    System.arraycopy(mixed, 0, block, 0, blockWords());
  }

  /** The Salsa20/8 core (RFC 7914 section 3), in place on 16 words. */
  private void salsa20x8(int[] b) {
    int[] s = salsa;
    System.arraycopy(b, 0, s, 0, SALSA_WORDS);
    for (int round = 0; round < 8; round += 2) {
      // Columns, then rows.
      quarterRound(s, 0, 4, 8, 12);
      quarterRound(s, 5, 9, 13, 1);
      quarterRound(s, 10, 14, 2, 6);
      quarterRound(s, 15, 3, 7, 11);
      quarterRound(s, 0, 1, 2, 3);
      quarterRound(s, 5, 6, 7, 4);
      quarterRound(s, 10, 11, 8, 9);
      quarterRound(s, 15, 12, 13, 14);
    }
    for (int k = 0; k < SALSA_WORDS; k++) {
      b[k] += s[k];
    }
  }

  private static void quarterRound(int[] s, int a, int b, int c, int d) {
    s[b] ^= Integer.rotateLeft(s[a] + s[d], 7);
    s[c] ^= Integer.rotateLeft(s[b] + s[a], 9);
    s[d] ^= Integer.rotateLeft(s[c] + s[b], 13);
    s[a] ^= Integer.rotateLeft(s[d] + s[c], 18);
  }
}
