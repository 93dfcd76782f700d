package dev.cairn.api.webhooks;

import java.util.List;

/** A registry webhook as MLflow's server writes it; the secret is never returned. */
public record Webhook(
    String webhookId,
    String name,
    String description,
    String url,
    List<Event> events,
    String status,
    Long creationTimestamp,
    Long lastUpdatedTimestamp) {

  /** An event by entity and action, as enum names on the wire ({@code MODEL_VERSION}). */
  public record Event(String entity, String action) {}

  /** The outcome of a test delivery. */
  public record TestResult(
      Boolean success, Integer responseStatus, String responseBody, String errorMessage) {}
}
