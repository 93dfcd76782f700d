package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;

  private record Outcome(int code, String err) {}

  private static Outcome run(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(err, true), args);
    return new Outcome(code, err.toString());
  }

  @Test
  void unknownFlagIsAUsageErrorOnOneLine() {
    Outcome o = run("server", "--no-such-flag");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().lines().findFirst().orElseThrow())
        .startsWith("cairn: ")
        .contains("--no-such-flag");
  }

  @Test
  void anAppOtherThanBasicAuthStopsTheServerWithOneLine() {
    Outcome o = run("server", "--app-name", "oidc-auth", "--port", "0");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err().strip())
        .startsWith("cairn: error:")
        .contains("basic-auth")
        .doesNotContain("\n");
  }

  @Test
  void nonNumericPortIsAUsageError() {
    assertThat(run("server", "--port", "abc").code()).isEqualTo(2);
  }

  @Test
  void missingDatabaseDirectoryFailsWithOneLine() {
    Outcome o =
        run("server", "--backend-store-uri", "sqlite:///" + dir.resolve("no/such/dir/m.db"));
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err().strip()).startsWith("cairn: error:").doesNotContain("\n");
  }

  @Test
  void fileThatIsNotADatabaseFailsWithOneLine() throws Exception {
    Path bogus = dir.resolve("bogus.db");
    Files.writeString(
        bogus, "this is not a sqlite database, just text that is long enough ".repeat(20));
    Outcome o = run("server", "--backend-store-uri", "sqlite:///" + bogus, "--port", "0");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err().strip()).startsWith("cairn: error:").doesNotContain("\n");
  }

  @Test
  void unsupportedBackendFailsWithOneLine() {
    Outcome o = run("server", "--backend-store-uri", "oracle://x");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err()).contains("unsupported backend store URI");
  }

  @Test
  void postgresUriWithoutDatabaseFailsWithOneLine() {
    Outcome o = run("server", "--backend-store-uri", "postgresql://u:secret@127.0.0.1:5432");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err().strip())
        .startsWith("cairn: error:")
        .contains("names no database")
        .doesNotContain("secret")
        .doesNotContain("\n");
  }

  @Test
  void unreachablePostgresFailsAtStartWithOneLine() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    long start = System.nanoTime();
    Outcome o =
        run(
            "server",
            "--backend-store-uri",
            "postgresql://u:secret@127.0.0.1:" + closedPort + "/mlflow",
            "--port",
            "0");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err().strip())
        .startsWith(
            "cairn: error: cannot connect to the postgresql database 'mlflow' at 127.0.0.1:")
        .doesNotContain("secret")
        .doesNotContain("\n");
    assertThat(System.nanoTime() - start).isLessThan(java.time.Duration.ofSeconds(5).toNanos());
  }

  @Test
  void unreachableMysqlFailsAtStartWithOneLine() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Outcome o =
        run(
            "server",
            "--backend-store-uri",
            "mysql+pymysql://u:secret@127.0.0.1:" + closedPort + "/mlflow",
            "--port",
            "0");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err().strip())
        .startsWith("cairn: error: cannot connect to the mysql database 'mlflow' at 127.0.0.1:")
        .doesNotContain("secret")
        .doesNotContain("\n");
  }

  @Test
  void missingPostgresDatabaseFailsAtStartWithOneLine() {
    String uri = dev.cairn.testkit.TestPostgres.uri("no_such_database");
    Outcome o = run("server", "--backend-store-uri", uri, "--port", "0");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err().strip())
        .startsWith("cairn: error: cannot connect to the postgresql database 'no_such_database'")
        .contains("does not exist")
        .doesNotContain("\n");
  }

  @Test
  void portInUseFailsWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Outcome o =
          run(
              "server",
              "--backend-store-uri",
              "sqlite:///" + dir.resolve("m.db"),
              "--port",
              Integer.toString(taken.getLocalPort()));
      assertThat(o.code()).isEqualTo(1);
      assertThat(o.err().strip()).contains("address already in use").doesNotContain("\n");
    }
  }

  @Test
  void badStaticPrefixFailsWithOneLine() {
    Outcome o = run("server", "--static-prefix", "mlflow/");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err()).contains("--static-prefix");
  }
}
