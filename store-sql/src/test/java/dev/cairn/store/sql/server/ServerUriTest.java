package dev.cairn.store.sql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.store.sql.Dialect;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerUriTest {
  @ParameterizedTest
  @CsvSource({
    "postgresql://u:p@db.example:6543/mlflow, POSTGRESQL, db.example, 6543, mlflow",
    "postgresql+psycopg2://u:p@db/mlflow, POSTGRESQL, db, 5432, mlflow",
    "postgresql+psycopg://u@db:5433/mlflow, POSTGRESQL, db, 5433, mlflow",
    "postgres://db/mlflow, POSTGRESQL, db, 5432, mlflow",
    "postgresql:///mlflow, POSTGRESQL, localhost, 5432, mlflow",
    "mysql://u:p@db/mlflow, MYSQL, db, 3306, mlflow",
    "mysql+pymysql://u:p@db:3307/mlflow, MYSQL, db, 3307, mlflow",
    "postgresql://u:p@[::1]:5432/mlflow, POSTGRESQL, [::1], 5432, mlflow",
  })
  void acceptsTheFormsMlflowUsersWrite(
      String uri, Dialect dialect, String host, int port, String database) {
    ServerUri u = ServerUri.parse(uri);
    assertThat(u.dialect()).isEqualTo(dialect);
    assertThat(u.host()).isEqualTo(host);
    assertThat(u.port()).isEqualTo(port);
    assertThat(u.database()).isEqualTo(database);
  }

  @Test
  void credentialsArePercentDecodedAndPlusIsLiteral() {
    ServerUri u = ServerUri.parse("postgresql://ml%40team:p%3Ass+w%2Fd@db/mlflow");
    assertThat(u.user()).isEqualTo("ml@team");
    assertThat(u.password()).isEqualTo("p:ss+w/d");
    assertThat(u.properties())
        .containsEntry("user", "ml@team")
        .containsEntry("password", "p:ss+w/d");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/mlflow").doesNotContain("p:ss");
  }

  @Test
  void queryOptionsPassToTheDriverWithLibpqNamesTranslated() {
    ServerUri u =
        ServerUri.parse(
            "postgresql://u:p@db/mlflow?sslmode=require&connect_timeout=3&application_name=cairn");
    assertThat(u.options())
        .isEqualTo(Map.of("sslmode", "require", "connectTimeout", "3", "ApplicationName", "cairn"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "postgresql://u:p@db | names no database",
        "postgresql://u:p@db/ | names no database",
        "postgresql://u:p@db:99999/mlflow | invalid port '99999'",
        "postgresql://u:p@db:abc/mlflow | invalid port 'abc'",
        "oracle://u:p@db/x | unsupported backend store URI scheme 'oracle'",
        "postgresql://u:p@db/mlflow?host=/var/run/postgresql | option 'host' is not supported",
        "postgresql:/db/mlflow | invalid backend store URI",
      })
  void malformedUrisFailWithOneLineNamingTheProblem(String uri, String message) {
    assertThatThrownBy(() -> ServerUri.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("\n");
  }

  @Test
  void messagesNeverShowThePassword() {
    assertThatThrownBy(() -> ServerUri.parse("postgresql://u:secret@db:0/mlflow"))
        .hasMessageNotContaining("secret")
        .hasMessageContaining("u:***@db");
    assertThat(ServerUri.parse("postgresql://u:secret@db/m").describe()).doesNotContain("secret");
  }
}
