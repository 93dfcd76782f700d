package dev.cairn.server;

import static dev.cairn.api.webhooks.WebhookEndpoints.*;
import static dev.cairn.server.routing.Resource.WEBHOOK;

import dev.cairn.core.webhooks.WebhookService;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Route;
import java.util.List;

/** The webhook API bound to its service. */
final class WebhookRoutes {
  private WebhookRoutes() {}

  static List<Route> of(JsonRoutes json, WebhookService webhooks) {
    return List.of(
        json.route(CREATE, WEBHOOK, Access.CREATE, webhooks::createWebhook),
        json.route(LIST, WEBHOOK, Access.READ, webhooks::listWebhooks),
        json.route(GET, WEBHOOK, Access.READ, webhooks::getWebhook),
        json.route(UPDATE, WEBHOOK, Access.UPDATE, webhooks::updateWebhook),
        json.route(DELETE, WEBHOOK, Access.DELETE, webhooks::deleteWebhook),
        json.route(TEST, WEBHOOK, Access.UPDATE, webhooks::testWebhook));
  }
}
