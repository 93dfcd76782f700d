package dev.cairn.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a user name and password against the auth store, with MLflow's optional credential cache
 * ({@code auth_cache_ttl_seconds}): a verified pair is remembered for the TTL so the deliberately
 * slow password hash runs once per pair and window, not once per request.
 *
 * <p>The cache key holds an HMAC of the password under a key made at start, never the password or a
 * digest usable offline. Changing or deleting a user through this server forgets their entries at
 * once ({@link #forget}); changes made elsewhere (another server, SQL) take effect within the TTL.
 *
 * <p>An unknown user costs the same hash as a known one, so the time of an answer does not tell
 * which user names exist. MLflow's server answers those at once.
 */
public final class Credentials {
  /** Older MLflow versions shipped this admin password; an admin may not sign in with it. */
  public static final String LEGACY_DEFAULT_PASSWORD = "password1234";

  private final AuthStore store;
  private final long ttlNanos;
  private final int maxSize;
  private final InstantSource clock;
  private final byte[] hmacKey = new byte[32];
  private final String decoyHash;
  private final Map<Key, Entry> cache = new ConcurrentHashMap<>();

  private record Key(String username, String digest) {}

  private record Entry(AuthUser user, long expiresNanos) {}

  public Credentials(AuthStore store, int ttlSeconds, int maxSize, InstantSource clock) {
    this.store = store;
    this.ttlNanos = ttlSeconds * 1_000_000_000L;
    this.maxSize = maxSize;
    this.clock = clock;
    SecureRandom random = new SecureRandom();
    random.nextBytes(hmacKey);
    this.decoyHash = PasswordHashes.hash(HexFormat.of().formatHex(hmacKey));
  }

  /** Whether verified pairs are remembered. */
  public boolean caching() {
    return ttlNanos > 0 && maxSize > 0;
  }

  /** The user, when the password is theirs; null otherwise. */
  public AuthUser authenticate(String username, String password) {
    if (!caching()) {
      return verify(username, password);
    }
    Key key = new Key(username, hmac(password));
    long now = nanos();
    Entry hit = cache.get(key);
    if (hit != null && hit.expiresNanos - now > 0) {
      return hit.user;
    }
    AuthUser user = verify(username, password);
    if (user != null) {
      if (cache.size() >= maxSize) {
        cache.values().removeIf(e -> e.expiresNanos - now <= 0);
        if (cache.size() >= maxSize) {
          cache.clear();
        }
      }
      cache.put(key, new Entry(user, now + ttlNanos));
    }
    return user;
  }

  /** Drops every remembered password of the user (changed, demoted or deleted). */
  public void forget(String username) {
    cache.keySet().removeIf(k -> k.username.equals(username));
  }

  private AuthUser verify(String username, String password) {
    AuthUser user = store.findUser(username);
    boolean matches =
        PasswordHashes.verify(user == null ? decoyHash : user.passwordHash(), password);
    if (user == null || !matches) {
      return null;
    }
    if (user.admin() && password.equals(LEGACY_DEFAULT_PASSWORD)) {
      // MLflow rejects the publicly known default password on admin accounts (GHSA-gq3w-7jj3-x7gr).
      return null;
    }
    return user;
  }

  private long nanos() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private String hmac(String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
      byte[] digest = mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
      String hex = HexFormat.of().formatHex(digest);
      Arrays.fill(digest, (byte) 0);
      return hex;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
