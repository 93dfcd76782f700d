package dev.cairn.core.auth;

import java.util.List;

/**
 * Cairn's audit log of user and permission changes, kept in the auth database in a table of its own
 * ({@code cairn_auth_audit}) beside MLflow's, which MLflow ignores.
 */
public interface AuditStore {
  /** Appends an entry; the database gives it its id. */
  void record(AuditEntry entry);

  /**
   * Entries newest first: at most {@code maxResults}, with ids below {@code beforeId} when it is
   * not null (keyset paging: the last id of one page starts the next).
   */
  List<AuditEntry> list(int maxResults, Long beforeId);
}
