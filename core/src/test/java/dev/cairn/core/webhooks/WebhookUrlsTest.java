package dev.cairn.core.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Receiver URLs to addresses that are not globally routable are refused (SSRF). */
class WebhookUrlsTest {
  private final WebhookUrls urls = new WebhookUrls(Set.of("https", "http"), false);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://100.100.100.200/",
        "https://100.64.0.1/",
        "https://0.0.0.1/",
        "https://198.18.0.1/",
        "https://192.0.0.170/",
        "https://240.0.0.1/",
        "https://255.255.255.255/",
        "https://[::127.0.0.1]/",
        "https://[64:ff9b::a9fe:a9fe]/",
        "https://[2002:a9fe:a9fe::]/",
        "https://[::ffff:a9fe:a9fe]/",
        "https://169.254.169.254/latest/meta-data/",
        "https://127.0.0.1:8443/hook",
        "https://localhost/hook",
        "https://127.1/",
        "https://0177.0.0.1/",
        "https://user:pw@8.8.8.8/",
        "ftp://8.8.8.8/",
        "https:///nohost"
      })
  void nonPublicOrMalformedReceiversAreRefused(String url) {
    assertThatThrownBy(() -> urls.check(url))
        .as(url)
        .isInstanceOfSatisfying(
            CairnException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }

  @Test
  void aPublicAddressIsResolvedOnceAndKept() {
    WebhookUrls.Target t = urls.resolve("https://8.8.4.4:8443/hook?x=1");
    assertThat(t.addresses()).extracting(a -> a.getHostAddress()).containsExactly("8.8.4.4");
    assertThat(t.uri().getPort()).isEqualTo(8443);
  }

  @Test
  void aUrlIsStoredWithoutALookupWhenPrivateAddressesAreAllowed() {
    WebhookUrls open = new WebhookUrls(Set.of("https"), true);
    assertThat(open.check("https://no-such-host.invalid/h"))
        .isEqualTo("https://no-such-host.invalid/h");
    assertThatThrownBy(() -> open.resolve("https://no-such-host.invalid/h"))
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("Cannot resolve");
  }

  @Test
  void privateAddressesPassWhenAllowed() {
    WebhookUrls open = new WebhookUrls(Set.of("http"), true);
    assertThat(open.resolve("http://127.0.0.1:9/").addresses()).hasSize(1);
  }
}
