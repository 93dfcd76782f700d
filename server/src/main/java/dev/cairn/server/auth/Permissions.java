package dev.cairn.server.auth;

import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Authorizer;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Filter;
import dev.cairn.server.routing.Resource;

/**
 * The second half of MLflow's basic-auth app, once the body is read: an administrator may do
 * anything; anyone else needs what the route's {@link Resource} and {@link Access} ask of the
 * resource the request names (else 403), searches answer only what they may read, and whoever
 * creates an experiment, registered model or prompt manages it.
 */
public final class Permissions implements Filter {
  private final Authorizer authorizer;
  private final Guard guard;
  private final SearchFilter search;
  private final Ownership ownership;

  public Permissions(Authorizer authorizer, ResourceLookup lookup, AuthStore store) {
    this.authorizer = authorizer;
    this.guard = new Guard(lookup);
    this.search = new SearchFilter(authorizer);
    this.ownership = new Ownership(store, authorizer::forgetGrants);
  }

  @Override
  public HttpResponse apply(Call call, Chain next) throws Exception {
    AuthUser user = call.user();
    if (user == null || !call.matched()) {
      // An open route, or the server's answer for an unknown path.
      return next.proceed(call);
    }
    if (!user.admin() && !allowed(guard.decide(call), user)) {
      return AuthAnswers.forbidden();
    }
    HttpResponse answer =
        call.route().access() == Access.SEARCH && !user.admin()
            ? search.answer(call, next, user)
            : next.proceed(call);
    return ownership.after(call, user, answer);
  }

  private boolean allowed(Decision decision, AuthUser user) {
    return switch (decision) {
      case Decision.Allow a -> true;
      case Decision.AdminOnly a -> user.admin();
      case Decision.Deny d -> false;
      case Decision.Default d -> d.action().metBy(authorizer.defaultPermission());
      case Decision.Check c -> authorizer.authorize(user, c.requirements());
    };
  }
}
