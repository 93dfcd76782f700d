package dev.cairn.core.auth;

import dev.cairn.core.CairnException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow's auth API as a service: {@link #users()}, {@link #grants()} and {@link #roles()}, each
 * operation deciding who may call it as MLflow's basic-auth app does, and Cairn's audit log of
 * every change ({@link #audit}), readable by administrators.
 *
 * <p>Every operation takes the signed-in caller; one who may not call gets PERMISSION_DENIED with
 * the message {@code Permission denied}, which the server answers as MLflow's plain-text 403.
 */
public final class Accounts {
  /** The audit page size when none is asked for, and the largest one. */
  static final int DEFAULT_PAGE = 100;

  static final int MAX_PAGE = 1000;

  private static final Pattern TOKEN = Pattern.compile("^\\{\"before_id\": (\\d{1,18})}$");

  private final AuditStore auditStore;
  private final AccountUsers users;
  private final AccountGrants grants;
  private final AccountRoles roles;

  public Accounts(
      AuthStore store, Authorizer authorizer, Credentials credentials, InstantSource clock) {
    AccountChecks checks = new AccountChecks(store);
    AuditTrail audit = new AuditTrail(store.audit(), clock, authorizer::forgetGrants);
    this.auditStore = store.audit();
    this.users = new AccountUsers(store, checks, credentials, audit);
    this.grants = new AccountGrants(store, authorizer, checks, audit);
    this.roles = new AccountRoles(store, checks, audit);
  }

  public AccountUsers users() {
    return users;
  }

  public AccountGrants grants() {
    return grants;
  }

  public AccountRoles roles() {
    return roles;
  }

  /**
   * A page of the audit log, newest first: administrators only.
   *
   * @param maxResults 1 to 1000; null for 100
   * @param pageToken the previous page's {@link AuditPage#nextPageToken}, or null for the newest
   */
  public AuditPage audit(AuthUser caller, Integer maxResults, String pageToken) {
    AccountChecks.requireAdmin(caller);
    int max = maxResults == null ? DEFAULT_PAGE : maxResults;
    if (max < 1 || max > MAX_PAGE) {
      throw CairnException.invalid(
          "Invalid value %d for parameter 'max_results' supplied: it must be between 1 and %d.",
          max, MAX_PAGE);
    }
    List<AuditEntry> rows = auditStore.list(max + 1, decode(pageToken));
    if (rows.size() <= max) {
      return new AuditPage(rows, null);
    }
    List<AuditEntry> page = rows.subList(0, max);
    return new AuditPage(page, encode(page.get(max - 1).id()));
  }

  private static String encode(long beforeId) {
    String json = "{\"before_id\": " + beforeId + "}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Long decode(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      String json = new String(Base64.getDecoder().decode(token.strip()), StandardCharsets.UTF_8);
      Matcher m = TOKEN.matcher(json);
      if (m.matches()) {
        return Long.parseLong(m.group(1));
      }
    } catch (IllegalArgumentException e) {
      // not base64: refused below
    }
    throw CairnException.invalid("Invalid page token '%s'.", token);
  }
}
