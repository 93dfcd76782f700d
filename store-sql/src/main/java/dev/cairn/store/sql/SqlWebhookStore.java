package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;

import dev.cairn.api.webhooks.Webhook;
import dev.cairn.core.CairnException;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.webhooks.WebhookStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Webhooks in MLflow's tables: events are stored lower-case ({@code model_version}, {@code
 * created}) and shown as enum names; deletion sets {@code deleted_timestamp}.
 */
public final class SqlWebhookStore implements WebhookStore {
  private static final String COLUMNS =
      "webhook_id, name, description, url, status, secret, creation_timestamp,"
          + " last_updated_timestamp";
  private final Database db;

  /** Uses {@code db} without owning it. */
  public SqlWebhookStore(Database db) {
    this.db = db;
  }

  @Override
  public void create(Stored s) {
    db.write(
        c -> {
          Webhook w = s.webhook();
          Jdbc.update(
              c,
              "INSERT INTO webhooks (webhook_id, name, description, url, status, secret,"
                  + " creation_timestamp, last_updated_timestamp, deleted_timestamp)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
              w.webhookId(),
              w.name(),
              w.description(),
              w.url(),
              w.status(),
              s.encryptedSecret(),
              w.creationTimestamp(),
              w.lastUpdatedTimestamp());
          insertEvents(c, w);
          return null;
        });
  }

  private static void insertEvents(Connection c, Webhook w) throws SQLException {
    for (Webhook.Event e : w.events()) {
      Jdbc.update(
          c,
          "INSERT INTO webhook_events (webhook_id, entity, action) VALUES (?, ?, ?)",
          w.webhookId(),
          e.entity().toLowerCase(Locale.ROOT),
          e.action().toLowerCase(Locale.ROOT));
    }
  }

  @Override
  public Stored get(String webhookId) {
    return db.read(
        c -> {
          List<Stored> rows =
              load(
                  c,
                  "SELECT "
                      + COLUMNS
                      + " FROM webhooks WHERE webhook_id = ? AND deleted_timestamp IS NULL",
                  webhookId);
          if (rows.isEmpty()) {
            throw CairnException.notFound("Webhook with ID %s not found.", webhookId);
          }
          return rows.get(0);
        });
  }

  @Override
  public Page<Webhook> list(int offset, int maxResults) {
    return db.read(
        c -> {
          List<Stored> rows =
              load(
                  c,
                  "SELECT "
                      + COLUMNS
                      + " FROM webhooks WHERE deleted_timestamp IS NULL"
                      + " ORDER BY creation_timestamp DESC, webhook_id LIMIT ? OFFSET ?",
                  maxResults + 1,
                  offset);
          boolean more = rows.size() > maxResults;
          List<Webhook> out = new ArrayList<>();
          for (Stored s : more ? rows.subList(0, maxResults) : rows) {
            out.add(s.webhook());
          }
          return new Page<>(out, more);
        });
  }

  @Override
  public void update(Stored s) {
    db.write(
        c -> {
          Webhook w = s.webhook();
          int n =
              Jdbc.update(
                  c,
                  "UPDATE webhooks SET name = ?, description = ?, url = ?, status = ?, secret = ?,"
                      + " last_updated_timestamp = ? WHERE webhook_id = ? AND deleted_timestamp IS"
                      + " NULL",
                  w.name(),
                  w.description(),
                  w.url(),
                  w.status(),
                  s.encryptedSecret(),
                  w.lastUpdatedTimestamp(),
                  w.webhookId());
          if (n == 0) {
            throw CairnException.notFound("Webhook with ID %s not found.", w.webhookId());
          }
          Jdbc.update(c, "DELETE FROM webhook_events WHERE webhook_id = ?", w.webhookId());
          insertEvents(c, w);
          return null;
        });
  }

  @Override
  public void delete(String webhookId, long now) {
    db.write(
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "UPDATE webhooks SET deleted_timestamp = ? WHERE webhook_id = ? AND"
                      + " deleted_timestamp IS NULL",
                  now,
                  webhookId);
          if (n == 0) {
            throw CairnException.notFound("Webhook with ID %s not found.", webhookId);
          }
          return null;
        });
  }

  @Override
  public List<Stored> subscribers(String entity, String action) {
    return db.read(
        c ->
            load(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM webhooks WHERE deleted_timestamp IS NULL AND status ="
                    + " 'ACTIVE' AND webhook_id IN (SELECT webhook_id FROM webhook_events WHERE"
                    + " entity = ? AND action = ?)",
                entity,
                action));
  }

  private static List<Stored> load(Connection c, String sql, Object... args) throws SQLException {
    List<Object[]> rows = query(c, sql, SqlWebhookStore::row, args);
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> ids = rows.stream().map(r -> (String) r[0]).toList();
    Map<String, List<Webhook.Event>> events = new HashMap<>();
    for (String[] e :
        query(
            c,
            "SELECT webhook_id, entity, action FROM webhook_events WHERE webhook_id IN ("
                + Jdbc.placeholders(ids.size())
                + ") ORDER BY entity, action",
            rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
            ids.toArray())) {
      events
          .computeIfAbsent(e[0], k -> new ArrayList<>())
          .add(new Webhook.Event(e[1].toUpperCase(Locale.ROOT), e[2].toUpperCase(Locale.ROOT)));
    }
    List<Stored> out = new ArrayList<>();
    for (Object[] r : rows) {
      String id = (String) r[0];
      out.add(
          new Stored(
              new Webhook(
                  id,
                  (String) r[1],
                  (String) r[2],
                  (String) r[3],
                  events.getOrDefault(id, List.of()),
                  (String) r[4],
                  (Long) r[6],
                  (Long) r[7]),
              (String) r[5]));
    }
    return out;
  }

  private static Object[] row(ResultSet rs) throws SQLException {
    return new Object[] {
      rs.getString(1),
      rs.getString(2),
      rs.getString(3),
      rs.getString(4),
      rs.getString(5),
      rs.getString(6),
      Jdbc.nullableLong(rs, "creation_timestamp"),
      Jdbc.nullableLong(rs, "last_updated_timestamp")
    };
  }
}
