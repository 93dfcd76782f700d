package dev.cairn.api.webhooks;

import java.util.List;

/** Requests and responses of MLflow 3's webhook RPCs. */
public final class WebhookMessages {
  private WebhookMessages() {}

  public record CreateWebhook(
      String name,
      String description,
      String url,
      List<Webhook.Event> events,
      String secret,
      String status) {}

  public record WebhookResponse(Webhook webhook) {}

  public record ListWebhooks(Integer maxResults, String pageToken) {}

  public record ListWebhooksResponse(List<Webhook> webhooks, String nextPageToken) {}

  public record GetWebhook(String webhookId) {}

  public record UpdateWebhook(
      String webhookId,
      String name,
      String description,
      String url,
      List<Webhook.Event> events,
      String secret,
      String status) {}

  public record DeleteWebhook(String webhookId) {}

  public record TestWebhook(String webhookId, Webhook.Event event) {}

  public record TestWebhookResponse(Webhook.TestResult result) {}
}
