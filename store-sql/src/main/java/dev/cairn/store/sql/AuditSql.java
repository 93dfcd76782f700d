package dev.cairn.store.sql;

import dev.cairn.core.auth.AuditEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** SQL of Cairn's {@code cairn_auth_audit} (see {@link AuthSchema#AUDIT_TABLE}). */
final class AuditSql {
  private static final String COLUMNS =
      "id, timestamp, actor, action, target_user, role_id, resource_type, resource_id,"
          + " permission, detail";

  private AuditSql() {}

  static void insert(Connection c, AuditEntry e) throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO "
            + AuthSchema.AUDIT_TABLE
            + " (timestamp, actor, action, target_user, role_id, resource_type, resource_id,"
            + " permission, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        e.timestamp(),
        e.actor(),
        e.action(),
        e.targetUser(),
        e.roleId(),
        e.resourceType(),
        e.resourceId(),
        e.permission(),
        e.detail());
  }

  /** Newest first (ids grow with time), below {@code beforeId} when given. */
  static List<AuditEntry> list(Connection c, int max, Long beforeId) throws SQLException {
    String from = "SELECT " + COLUMNS + " FROM " + AuthSchema.AUDIT_TABLE;
    String order = " ORDER BY id DESC LIMIT ?";
    return beforeId == null
        ? Jdbc.query(c, from + order, AuditSql::entry, max)
        : Jdbc.query(c, from + " WHERE id < ?" + order, AuditSql::entry, beforeId, max);
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getLong("id"),
        rs.getLong("timestamp"),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("target_user"),
        Jdbc.nullableLong(rs, "role_id"),
        rs.getString("resource_type"),
        rs.getString("resource_id"),
        rs.getString("permission"),
        rs.getString("detail"));
  }
}
