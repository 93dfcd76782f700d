package dev.cairn.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The test vectors of RFC 7914 (sections 11 and 12). */
class ScryptTest {
  @Test
  void pbkdf2HmacSha256MatchesRfc7914() {
    assertThat(hex(Pbkdf2.derive("HmacSHA256", bytes("passwd"), bytes("salt"), 1, 64)))
        .isEqualTo(
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    assertThat(hex(Pbkdf2.derive("HmacSHA256", bytes("Password"), bytes("NaCl"), 80000, 64)))
        .isEqualTo(
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
  }

  @Test
  void scryptOfEmptyPasswordAndSaltMatchesRfc7914() {
    assertThat(hex(Scrypt.derive(bytes(""), bytes(""), 16, 1, 1, 64)))
        .isEqualTo(
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
  }

  @Test
  void scryptWithSixteenfoldParallelismMatchesRfc7914() {
    assertThat(hex(Scrypt.derive(bytes("password"), bytes("NaCl"), 1024, 8, 16, 64)))
        .isEqualTo(
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
  }

  @Test
  void scryptWithSixteenMegabytesMatchesRfc7914() {
    assertThat(hex(Scrypt.derive(bytes("pleaseletmein"), bytes("SodiumChloride"), 16384, 8, 1, 64)))
        .isEqualTo(
            "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
