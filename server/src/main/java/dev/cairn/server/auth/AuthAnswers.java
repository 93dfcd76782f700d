package dev.cairn.server.auth;

import dev.cairn.server.http.HttpResponse;

/**
 * The answers of MLflow's basic-auth app when a request may not go on: plain text, as MLflow's, so
 * its clients map them to UNAUTHENTICATED and PERMISSION_DENIED by status.
 */
public final class AuthAnswers {
  private AuthAnswers() {}

  /**
   * 401 with the challenge that makes a browser ask for a user name and password. MLflow's text
   * goes on to point at its website; Cairn's says what to send instead.
   */
  public static HttpResponse unauthenticated() {
    return HttpResponse.text(
            401,
            "You are not authenticated. Send a user name and password with HTTP Basic"
                + " authentication (for the mlflow client: MLFLOW_TRACKING_USERNAME and"
                + " MLFLOW_TRACKING_PASSWORD).")
        .withHeader("WWW-Authenticate", "Basic realm=\"mlflow\"");
  }

  /** 403: the user is known but may not do this. */
  public static HttpResponse forbidden() {
    return HttpResponse.text(403, "Permission denied");
  }
}
