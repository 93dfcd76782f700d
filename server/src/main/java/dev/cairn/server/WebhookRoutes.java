package dev.cairn.server;

import static dev.cairn.api.webhooks.WebhookEndpoints.*;
import static dev.cairn.server.Route.bind;

import dev.cairn.core.webhooks.WebhookService;
import java.util.List;

/** The webhook API bound to its service. */
public final class WebhookRoutes {
  private WebhookRoutes() {}

  public static List<Route<?, ?>> of(WebhookService webhooks) {
    return List.of(
        bind(CREATE, webhooks::createWebhook),
        bind(LIST, webhooks::listWebhooks),
        bind(GET, webhooks::getWebhook),
        bind(UPDATE, webhooks::updateWebhook),
        bind(DELETE, webhooks::deleteWebhook),
        bind(TEST, webhooks::testWebhook));
  }
}
