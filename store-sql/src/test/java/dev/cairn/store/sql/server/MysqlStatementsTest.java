package dev.cairn.store.sql.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MysqlStatementsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT key, value FROM tags | SELECT `key`, value FROM tags",
        "INSERT INTO params (key, value, run_uuid) | INSERT INTO params (`key`, value, run_uuid)",
        "WHERE t.key = ? AND x.key IN (?) | WHERE t.`key` = ? AND x.`key` IN (?)",
        "ORDER BY key | ORDER BY `key`",
        "ON DUPLICATE KEY UPDATE value = VALUES(value) | ON DUPLICATE KEY UPDATE value = VALUES(value)",
        "SELECT tag_key, key_x, monkey FROM t | SELECT tag_key, key_x, monkey FROM t",
        "SELECT `key` FROM t | SELECT `key` FROM t",
        "WHERE value = 'key' | WHERE value = 'key'",
        "WHERE value = 'it''s key' AND key = ? | WHERE value = 'it''s key' AND `key` = ?",
      })
  void quotesTheBareKeyIdentifierOnly(String sql, String expected) {
    assertThat(MysqlStatements.quoteReserved(sql)).isEqualTo(expected);
  }
}
