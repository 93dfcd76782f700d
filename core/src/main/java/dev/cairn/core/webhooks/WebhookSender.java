package dev.cairn.core.webhooks;

import dev.cairn.api.webhooks.Webhook;

/** Sends webhook deliveries over HTTP (implemented outside core). */
public interface WebhookSender {

  /** One delivery: where, how it is signed, and the JSON body. */
  record Delivery(String url, String secret, String body) {}

  /** Sends now and reports the outcome, without retries (the test endpoint). */
  Webhook.TestResult sendNow(Delivery delivery);

  /**
   * Queues a delivery with retries and backoff; returns at once, never throws, never blocks the
   * caller on the receiver.
   */
  void sendLater(Delivery delivery);
}
