package dev.cairn.testkit;

/**
 * A shared test database server as a process, for the Python compatibility suite ({@code
 * compat/database.sh}): {@code postgresql} (default) or {@code mysql} (MariaDB) as first argument;
 * prints the URI of a database clients can connect to for creating their own, and serves until
 * stdin closes.
 */
public final class DatabaseMain {
  private DatabaseMain() {}

  public static void main(String[] args) throws Exception {
    String kind = args.length > 0 ? args[0] : "postgresql";
    String uri =
        switch (kind) {
          case "postgresql" -> TestPostgres.uri("postgres");
          case "mysql" -> TestMariaDb.uri("mysql");
          default -> throw new IllegalArgumentException("unknown database kind " + kind);
        };
    System.out.println(uri);
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our stdin (or die)
    }
    System.exit(0);
  }
}
