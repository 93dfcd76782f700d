package dev.cairn.server.auth;

import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Credentials;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Filter;
import dev.cairn.server.routing.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The first half of MLflow's basic-auth app: every request but the open ones ({@link
 * Resource#PUBLIC}) must carry the user name and password of a user (HTTP Basic), else it gets 401
 * with the challenge, before its body is read. Unknown paths too, as MLflow's: a stranger learns
 * nothing of the routes beyond which methods a path takes ({@code OPTIONS}, a browser's preflight).
 */
public final class SignIn implements Filter {
  private final Credentials credentials;

  public SignIn(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public HttpResponse apply(Call call, Chain next) throws Exception {
    if (call.matched() && call.route().resource() == Resource.PUBLIC
        || call.method().equals("OPTIONS")) {
      // OPTIONS answers only which methods a path takes: a browser's preflight carries no
      // credentials, and refusing it would stop the signed-in request that follows.
      return next.proceed(call);
    }
    AuthUser user = signIn(call.header("Authorization"));
    if (user == null) {
      return AuthAnswers.unauthenticated();
    }
    call.user(user);
    return next.proceed(call);
  }

  /** The user of a {@code Basic} Authorization header whose password is right, else null. */
  private AuthUser signIn(String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    return credentials.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
  }
}
