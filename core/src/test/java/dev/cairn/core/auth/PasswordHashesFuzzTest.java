package dev.cairn.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a stored hash holds, {@link PasswordHashes#verify} answers false without throwing; any
 * password round-trips through a hash of it. Only cheap methods are generated, and seeds are fixed
 * so a run is reproducible.
 */
class PasswordHashesFuzzTest {
  @Property(tries = 2000, seed = "7914")
  void anyStoredHashIsFalseRatherThanAnException(
      @ForAll("storedHashes") String stored, @ForAll("passwords") String password) {
    assertThat(PasswordHashes.verify(stored, password)).isFalse();
  }

  @Property(tries = 300, seed = "8018")
  void anyPasswordMatchesItsOwnHashOnly(
      @ForAll("unicodePasswords") String password,
      @ForAll("unicodePasswords") String other,
      @ForAll("cheapMethods") String method) {
    String stored = PasswordHashes.hash(password, HashMethod.parse(method), "fuzzsalt");

    assertThat(PasswordHashes.verify(stored, password)).isTrue();
    assertThat(PasswordHashes.verify(stored, other)).isEqualTo(other.equals(password));
  }

  /** Anything, lone surrogates included. */
  @Provide
  Arbitrary<String> passwords() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(20),
        Arbitraries.strings().withChars("$:\0 aé✓").ofMaxLength(6),
        Arbitraries.strings().withCharRange('\uD800', '\uDFFF').ofMaxLength(2));
  }

  /**
   * Any code points but lone surrogates (Python cannot encode them, so neither hashes them) and NUL
   * (HMAC pads short keys with zero bytes, so "a" and "a\0" are the same password, in Werkzeug
   * too).
   */
  @Provide
  Arbitrary<String> unicodePasswords() {
    Arbitrary<String> anyCodePoints =
        Arbitraries.integers()
            .between(1, Character.MAX_CODE_POINT)
            .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)
            .list()
            .ofMaxSize(12)
            .map(c -> new String(c.stream().mapToInt(Integer::intValue).toArray(), 0, c.size()));
    return Arbitraries.oneOf(
        anyCodePoints, Arbitraries.strings().withChars("$: aé✓").ofMaxLength(6));
  }

  @Provide
  Arbitrary<String> cheapMethods() {
    return Arbitraries.of(
        "pbkdf2:sha256:1", "pbkdf2:sha1:2", "pbkdf2:sha512:1", "scrypt:128:1:1", "scrypt:2:1:200");
  }

  @Provide
  Arbitrary<String> storedHashes() {
    Arbitrary<String> methods =
        Arbitraries.oneOf(
            Arbitraries.of(
                "pbkdf2:sha256:1",
                "pbkdf2:md5:3",
                "scrypt:128:1:1",
                "scrypt:16:1:1",
                "scrypt:",
                "pbkdf2:",
                "pbkdf2:sha256:",
                "sha256",
                "plain",
                ""),
            Arbitraries.strings().withChars("scryptbkdf2ha56:0123489-+ $").ofMaxLength(16));
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(70);
    Arbitrary<String> shaped =
        Combinators.combine(methods, text, text).as((m, s, d) -> m + "$" + s + "$" + d);
    return Arbitraries.oneOf(shaped, text);
  }
}
