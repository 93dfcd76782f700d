package dev.cairn.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server (zonky's embedded binaries, PostgreSQL 18) shared by the tests of one
 * JVM: started on first use, stopped at exit. Each {@link #newDatabase} is a fresh, empty database
 * on it, named by a MLflow-style backend store URI.
 */
public final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  /** The running shared server, started if needed. */
  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop, "test-postgres-stop"));
    }
    return server;
  }

  /** Starts the server, once more on a fresh directory if the first start fails. */
  private static EmbeddedPostgres start() {
    try {
      return startOnce();
    } catch (UncheckedIOException first) {
      System.err.println(
          "the embedded PostgreSQL did not start (" + first.getCause() + "); trying again");
      return startOnce();
    }
  }

  private static EmbeddedPostgres startOnce() {
    try {
      Path dir = Files.createTempDirectory("cairn-pg-");
      return EmbeddedPostgres.builder()
          // initdb and the first start are slow on a loaded 2-core machine
          .setPGStartupWait(java.time.Duration.ofSeconds(120))
          .setDataDirectory(dir.resolve("data"))
          .setCleanDataDirectory(true)
          .setOverrideWorkingDirectory(dir.toFile())
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "300")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
    }
  }

  private static synchronized void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // the JVM is exiting; the temp directory is the OS's to clean
    }
  }

  /**
   * A server of the caller's own, on {@code port}, keeping its data in {@code dataDir} across
   * restarts (close it to stop it; start again with the same arguments): for tests that take the
   * database away.
   */
  public static EmbeddedPostgres startOwn(Path dataDir, int port) {
    try {
      return EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setServerConfig("fsync", "off")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL on port " + port, e);
    }
  }

  /** {@code postgresql://postgres@127.0.0.1:<port>/<db>} for a database created now. */
  public static String newDatabase() {
    String name = "cairn_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return uri(name);
  }

  /** The URI of an existing database on the shared server. */
  public static String uri(String database) {
    return "postgresql://postgres@127.0.0.1:" + server().getPort() + "/" + database;
  }
}
