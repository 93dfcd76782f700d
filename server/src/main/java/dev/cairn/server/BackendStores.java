package dev.cairn.server;

import dev.cairn.core.gc.GcStore;
import dev.cairn.core.models.LoggedModelStore;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.tracing.TraceStore;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.webhooks.WebhookStore;
import dev.cairn.store.file.FileGcStore;
import dev.cairn.store.file.FileLoggedModelStore;
import dev.cairn.store.file.FileRegistryStore;
import dev.cairn.store.file.FileStoreRoot;
import dev.cairn.store.file.FileTrackingStore;
import dev.cairn.store.file.FileWebhookStore;
import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.DatabaseStats;
import dev.cairn.store.sql.Databases;
import dev.cairn.store.sql.Schema;
import dev.cairn.store.sql.SqlGcStore;
import dev.cairn.store.sql.SqlLoggedModelStore;
import dev.cairn.store.sql.SqlRegistryStore;
import dev.cairn.store.sql.SqlTraceStore;
import dev.cairn.store.sql.SqlTrackingStore;
import dev.cairn.store.sql.SqlWebhookStore;
import java.util.Map;

/**
 * The stores a backend store URI names, all on one database or one file store folder: the server's
 * and {@code cairn gc}'s. Closing closes the tracking store, which owns the database. A file store
 * keeps no traces ({@code traces} is null: the server then has no trace routes).
 */
public record BackendStores(
    TrackingStore tracking,
    LoggedModelStore loggedModels,
    TraceStore traces,
    RegistryStore registry,
    WebhookStore webhooks,
    GcStore gc,
    Database database)
    implements AutoCloseable {

  /**
   * A database URI ({@code sqlite:///...}, {@code postgresql://...}, {@code mysql://...}) or an
   * MLflow file store ({@code file:./mlruns}, or a plain path as MLflow takes it).
   *
   * @throws IllegalArgumentException with a one-line reason when the store cannot be opened
   */
  public static BackendStores open(
      String uri, Map<String, String> env, String artifactRoot, long now) {
    if (FileStoreRoot.isFileStore(uri)) {
      FileStoreRoot root = FileStoreRoot.open(uri, artifactRoot, now);
      return new BackendStores(
          new FileTrackingStore(root),
          new FileLoggedModelStore(root),
          null,
          new FileRegistryStore(root),
          new FileWebhookStore(),
          new FileGcStore(root),
          null);
    }
    Database db = Databases.open(uri, env);
    try {
      Schema.initialise(db, artifactRoot, now);
      return new BackendStores(
          new SqlTrackingStore(db, artifactRoot),
          new SqlLoggedModelStore(db),
          new SqlTraceStore(db),
          new SqlRegistryStore(db),
          new SqlWebhookStore(db),
          new SqlGcStore(db),
          db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** The database's connection and writer figures; null for a file store. */
  public DatabaseStats stats() {
    return database == null ? null : database.stats();
  }

  /**
   * Whether the store answers now: a query on the database (a file store's folder is always there
   * while the server runs); the reason when it does not.
   */
  public String unreachableBecause() {
    if (database == null) {
      return null;
    }
    try {
      database.read(c -> c.isValid(2));
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  @Override
  public void close() {
    tracking.close();
  }
}
