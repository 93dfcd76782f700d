package dev.cairn.testkit;

/**
 * The shared test PostgreSQL as a process, for the Python compatibility suite ({@code
 * compat/postgres.sh}): prints the URI of its {@code postgres} database on stdout and serves until
 * stdin closes. Clients create their own databases.
 */
public final class PostgresMain {
  private PostgresMain() {}

  public static void main(String[] args) throws Exception {
    System.out.println(TestPostgres.uri("postgres"));
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our stdin (or die)
    }
    System.exit(0);
  }
}
