package dev.cairn.store.sql;

import dev.cairn.core.auth.AuditEntry;
import dev.cairn.core.auth.AuditStore;
import java.util.List;

/** The {@link AuditStore} in the auth database's {@code cairn_auth_audit}. */
final class SqlAuditStore implements AuditStore {
  private final Database db;

  SqlAuditStore(Database db) {
    this.db = db;
  }

  @Override
  public void record(AuditEntry entry) {
    db.write(
        c -> {
          AuditSql.insert(c, entry);
          return null;
        });
  }

  @Override
  public List<AuditEntry> list(int maxResults, Long beforeId) {
    return db.read(c -> AuditSql.list(c, maxResults, beforeId));
  }
}
