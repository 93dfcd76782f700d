package dev.cairn.core.auth;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides what a signed-in user may do, as MLflow's basic-auth app does with workspaces off:
 * administrators may do everything; anyone else is judged by the grants of their roles in the
 * default workspace, the configured default permission filling in where no grant speaks.
 */
public final class Authorizer {
  /** Remembered grant lists at most; beyond, the memory starts over. */
  private static final int REMEMBERED = 10_000;

  private final AuthStore store;
  private final Permission defaultPermission;
  private final long ttlNanos;
  private final InstantSource clock;
  private final Map<GrantKey, Remembered> remembered = new ConcurrentHashMap<>();

  private record GrantKey(long userId, Set<String> types) {}

  private record Remembered(List<Grant> grants, long expiresNanos) {}

  /** Reads the user's grants on every decision. */
  public Authorizer(AuthStore store, Permission defaultPermission) {
    this(store, defaultPermission, 0, InstantSource.system());
  }

  /**
   * Remembers a user's grants for {@code ttlSeconds} (the credential cache's window, {@code
   * auth_cache_ttl_seconds}): changes made through this server take effect at once ({@link
   * #forgetGrants}); changes made elsewhere (another server, SQL) within the window.
   */
  public Authorizer(
      AuthStore store, Permission defaultPermission, int ttlSeconds, InstantSource clock) {
    this.store = store;
    this.defaultPermission = defaultPermission;
    this.ttlNanos = ttlSeconds * 1_000_000_000L;
    this.clock = clock;
  }

  /** Forgets every remembered grant (a grant, role or user changed). */
  public void forgetGrants() {
    remembered.clear();
  }

  private List<Grant> grantsOf(long userId, Set<String> types) {
    if (ttlNanos <= 0) {
      return store.grantsOf(userId, AuthStore.DEFAULT_WORKSPACE, types);
    }
    GrantKey key = new GrantKey(userId, Set.copyOf(types));
    long now = nanos();
    Remembered hit = remembered.get(key);
    if (hit != null && hit.expiresNanos - now > 0) {
      return hit.grants;
    }
    List<Grant> grants = List.copyOf(store.grantsOf(userId, AuthStore.DEFAULT_WORKSPACE, types));
    if (remembered.size() >= REMEMBERED) {
      remembered.clear();
    }
    remembered.put(key, new Remembered(grants, now + ttlNanos));
    return grants;
  }

  private long nanos() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  public Permission defaultPermission() {
    return defaultPermission;
  }

  /** Whether the user meets every requirement (one grants query). */
  public boolean authorize(AuthUser user, List<Requirement> requirements) {
    if (user.admin()) {
      return true;
    }
    Gate gate = gate(user, requirements);
    return requirements.stream().allMatch(gate::allows);
  }

  /**
   * The permission the user holds on one resource, as a request on it would be judged: MANAGE for
   * an administrator, else the resource's grants over the default.
   */
  public Permission permission(AuthUser user, String type, String id) {
    if (user.admin()) {
      return Permission.MANAGE;
    }
    return gate(user, List.of(Requirement.on(type, id, Action.READ)))
        .governing(type, id, List.of());
  }

  /**
   * The grants of the user loaded once, to judge many requirements: the rows of a listing, each
   * with its own id.
   */
  public Gate gate(AuthUser user, List<Requirement> templates) {
    if (user.admin()) {
      return new Gate(List.of(), true);
    }
    Set<String> types = new HashSet<>();
    for (Requirement r : templates) {
      r.keys().forEach(k -> types.add(k.type()));
    }
    return new Gate(grantsOf(user.id(), types), false);
  }

  /** One user's grants, folded on demand. */
  public final class Gate {
    private final List<Grant> grants;
    private final boolean admin;
    private final Map<Requirement.Key, Optional<Permission>> folded = new HashMap<>();

    private Gate(List<Grant> grants, boolean admin) {
      this.grants = new ArrayList<>(grants);
      this.admin = admin;
    }

    /** Whether the requirement is met: the first of its keys holding a grant decides. */
    public boolean allows(Requirement r) {
      return admin || r.action().metBy(governing(r.type(), r.id(), r.fallback()));
    }

    private Permission governing(String type, String id, List<Requirement.Key> fallback) {
      List<Requirement.Key> keys = new ArrayList<>();
      keys.add(new Requirement.Key(type, id));
      keys.addAll(fallback);
      for (Requirement.Key key : keys) {
        Optional<Permission> p =
            folded.computeIfAbsent(
                key, k -> Optional.ofNullable(Grant.fold(grants, k.type(), k.id())));
        if (p.isPresent()) {
          return Permission.withDefault(p.get(), defaultPermission);
        }
      }
      return defaultPermission;
    }
  }
}
