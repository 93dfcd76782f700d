package dev.cairn.server.webhooks;

import dev.cairn.api.webhooks.Webhook;
import dev.cairn.core.webhooks.WebhookSender;
import dev.cairn.core.webhooks.WebhookUrls;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks as MLflow does: {@code POST} of the JSON body with {@code
 * X-MLflow-Delivery-Id}, {@code X-MLflow-Timestamp} and, with a secret, {@code X-MLflow-Signature:
 * v1,<base64 HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>}. Queued deliveries run on virtual
 * threads, retry 429 and 5xx answers and connection failures with exponential backoff, and never
 * touch the API call that caused them.
 */
public final class HttpWebhookSender implements WebhookSender, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpWebhookSender.class);
  private final WebhookUrls urls;
  private final int maxRetries;
  private final Duration timeout;
  private final Duration firstBackoff;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore inFlight = new Semaphore(256);

  public HttpWebhookSender(
      WebhookUrls urls, int maxRetries, Duration timeout, Duration firstBackoff) {
    this.urls = urls;
    this.maxRetries = maxRetries;
    this.timeout = timeout;
    this.firstBackoff = firstBackoff;
  }

  @Override
  public Webhook.TestResult sendNow(Delivery d) {
    try {
      PinnedPost.Answer r = post(d);
      boolean ok = r.status() >= 200 && r.status() < 300;
      return new Webhook.TestResult(ok, r.status(), r.body(), null);
    } catch (Exception e) {
      return new Webhook.TestResult(false, null, null, String.valueOf(e.getMessage()));
    }
  }

  @Override
  public void sendLater(Delivery d) {
    if (!inFlight.tryAcquire()) {
      LOG.warn("webhook delivery to {} dropped: too many deliveries in flight", d.url());
      return;
    }
    executor.execute(
        () -> {
          try {
            deliverWithRetries(d);
          } finally {
            inFlight.release();
          }
        });
  }

  private void deliverWithRetries(Delivery d) {
    Duration backoff = firstBackoff;
    for (int attempt = 0; ; attempt++) {
      String outcome;
      try {
        PinnedPost.Answer r = post(d);
        int s = r.status();
        if (s != 429 && s < 500) {
          return;
        }
        outcome = "status " + s;
      } catch (Exception e) {
        outcome = e.toString();
      }
      if (attempt >= maxRetries) {
        LOG.error(
            "webhook delivery to {} failed after {} retries: {}", d.url(), maxRetries, outcome);
        return;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(Duration.ofSeconds(60)) > 0
              ? Duration.ofSeconds(60)
              : backoff.multipliedBy(2);
    }
  }

  /**
   * Checks the URL again (DNS may have changed since the webhook was saved) and posts to the very
   * addresses checked.
   */
  private PinnedPost.Answer post(Delivery d) throws Exception {
    WebhookUrls.Target target = urls.resolve(d.url());
    String id = UUID.randomUUID().toString();
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-MLflow-Delivery-Id", id);
    headers.put("X-MLflow-Timestamp", timestamp);
    if (d.secret() != null) {
      headers.put("X-MLflow-Signature", signature(d.secret(), id, timestamp, d.body()));
    }
    return PinnedPost.send(target, headers, d.body().getBytes(StandardCharsets.UTF_8), timeout);
  }

  /** MLflow's signature: {@code v1,} + base64(HMAC-SHA256(secret, id.timestamp.body)). */
  public static String signature(String secret, String id, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(sig);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
