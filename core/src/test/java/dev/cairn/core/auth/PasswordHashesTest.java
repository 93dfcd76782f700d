package dev.cairn.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hashes written by the real Werkzeug 3.1.9 (Python 3.11.7, OpenSSL 3.0.19), pasted as literals:
 * {@code werkzeug.security.generate_password_hash(password)} for the default method, {@code
 * generate_password_hash(password, method=...)} for the others, and {@code _hash_internal(method,
 * salt, password)} where the salt is not one Werkzeug would draw. Each was checked with {@code
 * check_password_hash} before it was pasted.
 */
class PasswordHashesTest {
  private static final String STAPLE = "correct horse battery staple";
  private static final String STAPLE_PBKDF2 =
      "pbkdf2:sha256:1000$dS08fKt2qiopr9MJ$"
          + "f43109c273dbed3c534a79414eb2fc061e3ce6ddc4e3338dd4e64923ff64567e";
  private static final String EMPTY_SCRYPT =
      "scrypt:1024:8:1$RA7FCnMJjpzz8vJe$"
          + "c902cb04f798c46db0f86c7d0f7ed502aca40769a992066d1d667704698b68f3"
          + "7a41f637f44988d1a1e3e695c12bbf338845bf0057751a4069a141c272f99bb0";

  /** Werkzeug's default, scrypt:32768:8:1: 32 MiB and about 0.1 s each, so only two. */
  static Stream<Arguments> werkzeugDefaultHashes() {
    return Stream.of(
        Arguments.of(
            STAPLE,
            "scrypt:32768:8:1$b2robP08M4fIqpln$"
                + "e4c4b5f4c94729825de957b7fca35cf37a95f2310f103a2e04d20bdf1ed5df87"
                + "226427979ea5423baa568a45700360ff7a1433422e5d51e2312e513e808b02fc"),
        Arguments.of(
            "pässwörd ✓ 密码 🔑",
            "scrypt:32768:8:1$5Az3oTChSE5qGQ1Q$"
                + "bfe8a1612746380fe9b75ba1c98b27f9324d142424e7f684e0317711c58294cb"
                + "498b0967954d910513a64924763e43ccf5e98ce0e060fdf93e95892cc2d6c616"));
  }

  static Stream<Arguments> werkzeugScryptHashes() {
    return Stream.of(
        Arguments.of("", EMPTY_SCRYPT),
        Arguments.of(
            "a$b:c",
            "scrypt:1024:8:1$VMEeVHjcugWDqUYi$"
                + "d15dff4fd830a6de50d7f872e9372ab6ee8ab0d12b7e80a1e866d88248d134fd"
                + "b2f202b4fb711a52c0fc762e9cecf5e8389086e5d72546abf48ef894ca129350"),
        // Longer than HMAC-SHA256's 64-byte block, so PBKDF2 hashes the key first.
        Arguments.of(
            "x".repeat(100),
            "scrypt:1024:8:1$lB9tpgGbsZiJLvst$"
                + "7beeb8058e3375647b87afd957b7b852f5755d977e52a5a1ec0b1da4aa225127"
                + "428ce3ef880a1fc83211a303b01641ec3558b8e9c414dc412c89b85d00d72797"),
        Arguments.of(
            "  spaces around  ",
            "scrypt:1024:8:1$nGxC33HWS31qr7EN$"
                + "8ca33b7e6ee167be24aa318a7459960d995e89d41e350e087409bc964e69c8c0"
                + "93f95f6fbd94130bb2c9b917c45571632bccaed046e9f71cd5ac3a89b1d82f9c"),
        Arguments.of(
            "Ωmega",
            "scrypt:128:1:3$TQFWP5qVI1byDncv$"
                + "86a353bb601f2e84f6d4542600177fb48bb9620a8720e1a0835ae76c59020881"
                + "092e92dc363a659f6f10e07f1537f539e40c9e8d49d641a260cd554e5f6e8e29"),
        Arguments.of(
            "Ωmega",
            "scrypt:1024:2:4$lInqKR39ZqYPG0y7$"
                + "84b98eb1831ab6f25b7df7e1bfda00bdfc7cb9a9120b69960f5c7452da06e46a"
                + "bbcf1eb46bdf40cc24892d6f2868851d3871ee8745746e425920bfac56e18668"),
        // _hash_internal("scrypt:1024:8:1", "sålt", "password"): the salt's UTF-8 bytes are used.
        Arguments.of(
            "password",
            "scrypt:1024:8:1$sålt$"
                + "70b8cad96c0eb6accf4bd4bb893348327a40c917c6d8b0a92b5c5526d087a41a"
                + "8b74dd24ab3e011a6c356c8a415fba2bce3e1ac5935b87f0a9a249a5358f94da"));
  }

  static Stream<Arguments> werkzeugPbkdf2Hashes() {
    return Stream.of(
        Arguments.of(STAPLE, STAPLE_PBKDF2),
        Arguments.of(
            STAPLE, "pbkdf2:sha1:1000$lV6jqschxtW1oFfX$6e074b7335bbf8ebe40e93a96ea7167abc1bdff5"),
        Arguments.of(
            STAPLE,
            "pbkdf2:sha512:1000$3m3IDa6VJ8TAKRkw$"
                + "9090a03e18e5d6a558d7cde349863b58b63c420cf15229d57c696574892d9777"
                + "d19c9622f0f4478cc2d4de6c088f76604822a7c4273a3c34ce1a081242d4c3d9"),
        Arguments.of(STAPLE, "pbkdf2:md5:1000$Uu5ugHfab1Nb0xen$934656f2353a77478b11e1c8a5bf025f"),
        Arguments.of(
            STAPLE,
            "pbkdf2:sha224:1000$bUHP6ho0i0NIEfbn$"
                + "8b3e20d51d399e7cb3a38e02d8a99af193993b49182da9d8a7d3737c"),
        Arguments.of(
            STAPLE,
            "pbkdf2:sha384:1000$sarm9OE805XsQJHf$"
                + "46b884a4388254e5b0b0ced45c571092fa9ff25e53fdfcfffa6e703ac119c23a"
                + "e36084d424adfffebf05c807140aaff4"),
        Arguments.of(
            STAPLE,
            "pbkdf2:sha512_224:1000$SiknIRIVWCKIwDV9$"
                + "d4b7ff64325ed90a74dff35156acad083925df330850e6185db2c465"),
        Arguments.of(
            STAPLE,
            "pbkdf2:sha512_256:1000$YSMUtb9tLSw93dll$"
                + "585a74b6d5d81ca230673dc7294f3ff074056f5181c09fb64c25bb261db37653"),
        Arguments.of(
            STAPLE,
            "pbkdf2:sha3_256:1000$sPUltWXGIsqJW83v$"
                + "ec194df97bc205e27aaf331e1eaddbb333064c75a86140236161c5ed224829e1"),
        Arguments.of(
            STAPLE,
            "pbkdf2:sha3_512:1000$Lb2ynw96g5vtk37z$"
                + "5ffd41e0ca66cd0a5522a503f173bf69f430d352742237ae30700b949ad60602"
                + "92c0ad7a82684c942d2a666e1c6e1c3899348fa95dc0aa71dd7f246fcc844964"),
        // Longer than HMAC-SHA512's 128-byte block.
        Arguments.of(
            "y".repeat(200),
            "pbkdf2:sha512:1000$HTv2GXYszs1l6Wz6$"
                + "e302015209208354976d16b35199331f87b2ce35fbcbdec15dbd47ed8dae683d"
                + "7ef3a2f05436b27133f26c0c4e16a2cfff871a64a5382e08cb71970c971db034"),
        Arguments.of(
            "",
            "pbkdf2:sha256:1000$3MlLWCoHgT8TGciU$"
                + "320f563795a0c13f535e358a58af23c283546f3d2993272b60359c3551e2c1f8"),
        // Werkzeug 2.3 and 3.0's default iterations.
        Arguments.of(
            STAPLE,
            "pbkdf2:sha256:600000$dXtdKDNrjtIyNG8m$"
                + "af88ff06dec6e435ba45426a262bd618f540936172182fea3fd9d65a89896c2d"));
  }

  @ParameterizedTest
  @MethodSource("werkzeugDefaultHashes")
  void verifiesWerkzeugsDefaultScryptHashes(String password, String stored) {
    assertThat(PasswordHashes.verify(stored, password)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("werkzeugScryptHashes")
  void verifiesWerkzeugScryptHashesWithOtherParameters(String password, String stored) {
    assertThat(PasswordHashes.verify(stored, password)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("werkzeugPbkdf2Hashes")
  void verifiesWerkzeugPbkdf2HashesOfEachDigest(String password, String stored) {
    assertThat(PasswordHashes.verify(stored, password)).isTrue();
  }

  @Test
  void aMethodWithoutParametersMeansWerkzeugsDefaults() {
    // generate_password_hash(STAPLE, method="pbkdf2:sha256") wrote "pbkdf2:sha256:1000000$…";
    // check_password_hash accepts the same salt and digest under "pbkdf2:sha256" and "pbkdf2".
    String saltAndDigest =
        "Bhe2dhNIFgICb0eQ$dcfd8f5e41f54757666da50d2819f766a17e4d13625d048076f068490cfe5eba";
    assertThat(PasswordHashes.verify("pbkdf2:sha256$" + saltAndDigest, STAPLE)).isTrue();
    assertThat(HashMethod.parse("pbkdf2")).isEqualTo(HashMethod.parse("pbkdf2:sha256:1000000"));
    assertThat(HashMethod.parse("scrypt")).isEqualTo(HashMethod.parse("scrypt:32768:8:1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "correct horse battery staplE",
        "correct horse battery staple ",
        " correct horse battery staple",
        "correct horse battery stapl",
        ""
      })
  void aWrongPasswordFails(String wrong) {
    assertThat(PasswordHashes.verify(STAPLE_PBKDF2, wrong)).isFalse();
  }

  @Test
  void aWrongPasswordFailsAnEmptyPasswordsHash() {
    assertThat(PasswordHashes.verify(EMPTY_SCRYPT, " ")).isFalse();
    assertThat(PasswordHashes.verify(EMPTY_SCRYPT, "x")).isFalse();
  }

  @Test
  void trailingNulCharactersMatchAsTheyDoInWerkzeug() {
    // HMAC pads a key shorter than its block with zero bytes, so "" and "\0" are the same key;
    // check_password_hash is true for both of these too.
    assertThat(PasswordHashes.verify(EMPTY_SCRYPT, "\0\0")).isTrue();
    assertThat(PasswordHashes.verify(STAPLE_PBKDF2, STAPLE + "\0")).isTrue();
  }

  /** Each is false without an exception; none is costly to reject. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "$$",
        STAPLE, // a plaintext password where a hash belongs
        "pbkdf2:sha256:1000$dS08fKt2qiopr9MJ",
        // Tampered digest: one digit changed, truncated, extended, uppercase (Werkzeug compares
        // the hex as text), a '$' appended, a non-ASCII character appended.
        "pbkdf2:sha256:1000$dS08fKt2qiopr9MJ$"
            + "f43109c273dbed3c534a79414eb2fc061e3ce6ddc4e3338dd4e64923ff64567f",
        "pbkdf2:sha256:1000$dS08fKt2qiopr9MJ$"
            + "f43109c273dbed3c534a79414eb2fc061e3ce6ddc4e3338dd4e64923ff6456",
        "pbkdf2:sha256:1000$dS08fKt2qiopr9MJ$"
            + "f43109c273dbed3c534a79414eb2fc061e3ce6ddc4e3338dd4e64923ff64567e00",
        "pbkdf2:sha256:1000$dS08fKt2qiopr9MJ$"
            + "F43109C273DBED3C534A79414EB2FC061E3CE6DDC4E3338DD4E64923FF64567E",
        "pbkdf2:sha256:1000$dS08fKt2qiopr9MJ$"
            + "f43109c273dbed3c534a79414eb2fc061e3ce6ddc4e3338dd4e64923ff64567e$",
        "pbkdf2:sha256:1000$dS08fKt2qiopr9MJ$"
            + "f43109c273dbed3c534a79414eb2fc061e3ce6ddc4e3338dd4e64923ff64567eé",
        // Tampered salt, iterations, digest name.
        "pbkdf2:sha256:1000$dS08fKt2qiopr9MK$"
            + "f43109c273dbed3c534a79414eb2fc061e3ce6ddc4e3338dd4e64923ff64567e",
        "pbkdf2:sha256:1001$dS08fKt2qiopr9MJ$"
            + "f43109c273dbed3c534a79414eb2fc061e3ce6ddc4e3338dd4e64923ff64567e",
        "pbkdf2:sha512_256:1000$dS08fKt2qiopr9MJ$"
            + "f43109c273dbed3c534a79414eb2fc061e3ce6ddc4e3338dd4e64923ff64567e",
        // Werkzeug 2's salted-HMAC and plain forms, which Werkzeug 3 refuses.
        "sha256$dS08fKt2qiopr9MJ$"
            + "f43109c273dbed3c534a79414eb2fc061e3ce6ddc4e3338dd4e64923ff64567e",
        "md5$dS08fKt2qiopr9MJ$934656f2353a77478b11e1c8a5bf025f",
        "plain$$correct horse battery staple",
        // Parameters Werkzeug (hashlib) refuses.
        "scrypt:$salt$00",
        "scrypt:1024:8$salt$00",
        "scrypt:1024:8:1:1$salt$00",
        "scrypt:1000:8:1$salt$00", // n not a power of two
        "scrypt:0:8:1$salt$00",
        "scrypt:-1024:8:1$salt$00",
        "scrypt:1024:0:1$salt$00",
        "scrypt:1024:8:0$salt$00",
        "scrypt:16:1:1$salt$00", // over maxmem = 132 n r p: "memory limit exceeded"
        "scrypt:65536:1:1$salt$00", // n not below 2^(16 r)
        "scrypt:1048576:8:2$salt$00", // maxmem beyond an int: 2 GiB never allocated
        "scrypt:99999999999999999999:8:1$salt$00",
        "pbkdf2:$salt$00",
        "pbkdf2::1000$salt$00",
        "pbkdf2:sha256:$salt$00",
        "pbkdf2:sha256:0$salt$00",
        "pbkdf2:sha256:2147483648$salt$00", // hashlib: "iteration value is too great"
        "pbkdf2:sha256:1000:1$salt$00",
        "pbkdf2:nosuch:1000$salt$00",
        "pbkdf2:shake_128:1000$salt$00",
        "bcrypt$salt$00",
        "argon2:3:65536:4$salt$00"
      })
  void aMalformedOrTamperedStoredHashIsFalse(String stored) {
    assertThat(PasswordHashes.verify(stored, STAPLE)).isFalse();
  }

  @Test
  void aMissingStoredHashIsFalse() {
    assertThat(PasswordHashes.verify(null, STAPLE)).isFalse();
  }

  @Test
  void aPbkdf2DigestWerkzeugHasButTheJdkLacksIsFalse() {
    // generate_password_hash(STAPLE, method="pbkdf2:blake2b:1000"): valid for Werkzeug, but the
    // JDK has no HMAC-BLAKE2b.
    String blake2b =
        "pbkdf2:blake2b:1000$g6ixd8G2w40TLaUf$"
            + "07194a8b566dca485e79d0c0fc6b4c264d8e5f5119e5b6dba8dcbf67d508614f"
            + "1769da12cc2495b56c90377a60beb51da106cff5aaaa9eca668b3658f53d528c";
    assertThat(PasswordHashes.verify(blake2b, STAPLE)).isFalse();
  }

  @Test
  void aPasswordThatIsNotValidUnicodeNeverMatchesAndIsNeverHashed() {
    // Python cannot encode an unpaired surrogate; Java's getBytes would quietly write '?'.
    assertThat(PasswordHashes.verify(STAPLE_PBKDF2, STAPLE + "\uD800")).isFalse();
    assertThatThrownBy(() -> PasswordHashes.hash("\uDC00"))
        .isInstanceOfSatisfying(
            CairnException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }

  @Test
  void hashWritesWerkzeugsDefaultFormatAndVerifies() {
    String stored = PasswordHashes.hash(STAPLE);

    assertThat(stored).matches("scrypt:32768:8:1\\$[a-zA-Z0-9]{16}\\$[0-9a-f]{128}");
    assertThat(PasswordHashes.verify(stored, STAPLE)).isTrue();
    assertThat(PasswordHashes.verify(stored, STAPLE + "!")).isFalse();
  }

  @Test
  void hashWithAGivenMethodAndSaltWritesWerkzeugsExactString() {
    String werkzeug =
        "scrypt:1024:2:4$lInqKR39ZqYPG0y7$"
            + "84b98eb1831ab6f25b7df7e1bfda00bdfc7cb9a9120b69960f5c7452da06e46a"
            + "bbcf1eb46bdf40cc24892d6f2868851d3871ee8745746e425920bfac56e18668";
    assertThat(
            PasswordHashes.hash("Ωmega", HashMethod.parse("scrypt:1024:2:4"), "lInqKR39ZqYPG0y7"))
        .isEqualTo(werkzeug);
  }

  @Test
  void saltsAreSixteenOfWerkzeugsSaltCharactersAndFresh() {
    Set<String> salts = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String salt = PasswordHashes.newSalt();
      assertThat(salt).matches("[a-zA-Z0-9]{16}");
      salts.add(salt);
    }
    assertThat(salts).hasSize(200);
  }
}
