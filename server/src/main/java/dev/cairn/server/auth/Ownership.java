package dev.cairn.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.CairnException;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Permission;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Call;
import java.io.IOException;

/**
 * What a successful request changes in the grants, as MLflow's auth app does after it: the creator
 * of an experiment, registered model or prompt manages it; deleting a registered model removes the
 * grants on its name (names are reused, ids of experiments are not); renaming one moves them.
 */
final class Ownership {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final AuthStore store;
  private final Runnable changed;

  /**
   * @param changed told after grants changed (the authorizer forgets the grants it remembers)
   */
  Ownership(AuthStore store, Runnable changed) {
    this.store = store;
    this.changed = changed;
  }

  /** Applies the change; returns the answer to send (the same answer, its body read once). */
  HttpResponse after(Call call, AuthUser user, HttpResponse answer) throws IOException {
    String kind = kind(call);
    if (kind == null || answer.status() != 200) {
      return answer;
    }
    byte[] body = SearchFilter.bytes(answer);
    JsonNode sent = new RequestParams(call).body();
    switch (kind) {
      case "experiments/create" -> {
        String id = MAPPER.readTree(body).path("experiment_id").asText();
        manage(user, new Grant(Grant.EXPERIMENT, id, Permission.MANAGE));
      }
      case "registered-models/create" -> {
        JsonNode model = MAPPER.readTree(body).path("registered_model");
        String type = Guard.taggedPrompt(model) ? Guard.PROMPT : Grant.REGISTERED_MODEL;
        manage(user, new Grant(type, model.path("name").asText(), Permission.MANAGE));
      }
      case "registered-models/delete" -> {
        String name = sent.path("name").asText();
        store.deleteGrantsFor(Grant.REGISTERED_MODEL, name);
        store.deleteGrantsFor(Guard.PROMPT, name);
      }
      case "registered-models/rename" -> {
        String name = sent.path("name").asText();
        String newName = sent.path("new_name").asText();
        store.renameGrantsFor(Grant.REGISTERED_MODEL, name, newName);
        store.renameGrantsFor(Guard.PROMPT, name, newName);
      }
      default -> throw new IllegalStateException(kind);
    }
    changed.run();
    return new HttpResponse(answer.status(), answer.headers(), out -> out.write(body));
  }

  private void manage(AuthUser user, Grant grant) {
    try {
      store.createGrant(user.username(), grant);
    } catch (CairnException e) {
      // A grant left on a reused name (a prompt re-created): the creator manages it now.
      store.updateGrant(user.username(), grant);
    }
  }

  private static String kind(Call call) {
    String path = call.route().paths().get(0);
    for (String k :
        new String[] {
          "experiments/create",
          "registered-models/create",
          "registered-models/delete",
          "registered-models/rename"
        }) {
      if (path.endsWith("/mlflow/" + k)) {
        return k;
      }
    }
    return null;
  }
}
