package dev.cairn.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "100.100.100.200", // cloud metadata (shared address space)
        "100.64.0.1",
        "0.0.0.1",
        "198.18.0.1",
        "192.0.0.170",
        "240.0.0.1",
        "255.255.255.255",
        "169.254.169.254",
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "224.0.0.1",
        "192.0.2.1",
        "203.0.113.9",
        "::127.0.0.1", // IPv4-compatible
        "::ffff:169.254.169.254", // IPv4-mapped
        "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
        "2002:a9fe:a9fe::", // 6to4 of 169.254.169.254
        "2001::1", // Teredo
        "2001:db8::1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1"
      })
  void addressesOutsideThePublicInternetAreNotGlobal(String text) {
    InetAddress a = IpAddresses.literal(text);
    assertThat(a).as(text).isNotNull();
    assertThat(IpAddresses.isGlobal(a)).as(text).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "172.32.0.1",
        "100.128.0.1",
        "2606:4700:4700::1111",
        "64:ff9b::808:808",
        "2002:808:808::1"
      })
  void publicAddressesAreGlobal(String text) {
    assertThat(IpAddresses.isGlobal(IpAddresses.literal(text))).as(text).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.attacker.example",
        "192.168.evil.com",
        "127.1",
        "0177.0.0.1",
        "010.0.0.1",
        "1.2.3.256",
        "1.2.3",
        "localhost",
        "[::1",
        "a:b:c:zz::1"
      })
  void onlyStrictLiteralsAreAddresses(String text) {
    assertThat(IpAddresses.literal(text)).as(text).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.0.8", "172.20.1.1", "192.168.0.5", "[::1]", "fd00::7"})
  void localNetworksAreLoopbackOrPrivate(String text) {
    assertThat(IpAddresses.isLoopbackOrPrivate(IpAddresses.literal(text))).as(text).isTrue();
  }
}
