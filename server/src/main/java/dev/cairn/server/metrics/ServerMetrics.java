package dev.cairn.server.metrics;

import dev.cairn.store.sql.DatabaseStats;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Everything {@code /metrics} shows ({@code --expose-prometheus}), in Prometheus's text format:
 * requests ({@link RequestMetrics}), artifact bytes, the database's connections and SQLite's
 * writer, and the JVM's memory, collections and threads.
 */
public final class ServerMetrics {
  private final RequestMetrics requests;
  private final ArtifactTraffic artifacts;
  private final Supplier<DatabaseStats> database;
  private final String version;

  /**
   * @param database the backend database's figures, or a supplier of null for a file store
   */
  public ServerMetrics(
      RequestMetrics requests,
      ArtifactTraffic artifacts,
      Supplier<DatabaseStats> database,
      String version) {
    this.requests = requests;
    this.artifacts = artifacts;
    this.database = database;
    this.version = version;
  }

  /** The exposition's content type. */
  public static String contentType() {
    return PrometheusText.CONTENT_TYPE;
  }

  public String render() {
    PrometheusText out = new PrometheusText();
    out.family("mlflow_exporter_info", "gauge", "Information about the exporter");
    out.sample("mlflow_exporter_info", 1, "version", version);
    requests.write(out);
    artifacts.write(out);
    DatabaseStats db = database.get();
    if (db != null) {
      writeDatabase(out, db);
    }
    writeJvm(out);
    return out.toString();
  }

  private static void writeDatabase(PrometheusText out, DatabaseStats db) {
    out.family("cairn_db_connections", "gauge", "Pooled database connections by state");
    out.sample("cairn_db_connections", db.connectionsActive(), "state", "active");
    out.sample("cairn_db_connections", db.connectionsIdle(), "state", "idle");
    out.family("cairn_db_connection_waiters", "gauge", "Requests waiting for a pooled connection");
    out.sample("cairn_db_connection_waiters", db.threadsWaiting());
    out.family("cairn_sqlite_writer_queue", "gauge", "Writes waiting for SQLite's single writer");
    out.sample("cairn_sqlite_writer_queue", db.writerQueue());
    out.family(
        "cairn_sqlite_commits_total", "counter", "Transactions SQLite's writer committed (groups)");
    out.sample("cairn_sqlite_commits_total", db.writerCommits());
    out.family(
        "cairn_sqlite_grouped_writes_total",
        "counter",
        "Writes those transactions carried; over commits, the group-commit size");
    out.sample("cairn_sqlite_grouped_writes_total", db.writerWrites());
    out.family("cairn_sqlite_checkpoints_total", "counter", "Write-ahead-log checkpoints run");
    out.sample("cairn_sqlite_checkpoints_total", db.checkpoints());
  }

  private static void writeJvm(PrometheusText out) {
    var memory = ManagementFactory.getMemoryMXBean();
    out.family("jvm_memory_bytes_used", "gauge", "Used bytes of a JVM memory area");
    out.family("jvm_memory_bytes_committed", "gauge", "Committed bytes of a JVM memory area");
    for (String area : new String[] {"heap", "nonheap"}) {
      MemoryUsage u =
          area.equals("heap") ? memory.getHeapMemoryUsage() : memory.getNonHeapMemoryUsage();
      out.sample("jvm_memory_bytes_used", u.getUsed(), "area", area);
      out.sample("jvm_memory_bytes_committed", u.getCommitted(), "area", area);
    }
    out.family("jvm_gc_collection_seconds_count", "counter", "Collections by collector");
    out.family("jvm_gc_collection_seconds_sum", "counter", "Time spent collecting, by collector");
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      out.sample("jvm_gc_collection_seconds_count", gc.getCollectionCount(), "gc", gc.getName());
      out.sample(
          "jvm_gc_collection_seconds_sum", gc.getCollectionTime() / 1000.0, "gc", gc.getName());
    }
    out.family("jvm_threads_current", "gauge", "Live threads (platform threads)");
    out.sample("jvm_threads_current", ManagementFactory.getThreadMXBean().getThreadCount());
    out.family("process_resident_memory_bytes", "gauge", "Resident memory of the process");
    out.sample("process_resident_memory_bytes", residentBytes());
    out.family("process_uptime_seconds", "gauge", "Seconds since the process started");
    out.sample("process_uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
  }

  /** VmRSS from {@code /proc/self/status} (Linux); NaN elsewhere. */
  private static double residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return Double.NaN;
  }
}
