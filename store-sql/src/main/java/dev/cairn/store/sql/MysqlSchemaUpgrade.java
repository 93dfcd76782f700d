package dev.cairn.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code cairn db upgrade} on MySQL and MariaDB, whose DDL is not transactional: the head schema is
 * built in a staging database, the rows carried over (the columns both have; columns the head adds
 * take their defaults), and then one atomic {@code RENAME TABLE} swaps the old tables out and the
 * new ones in. Until that rename the database is untouched; after it, it is at the head. Needs the
 * CREATE and DROP DATABASE privileges. Tables that are not MLflow's are left alone.
 */
final class MysqlSchemaUpgrade {
  private static final String TRIGGER = "prevent_secrets_aad_mutation";

  private MysqlSchemaUpgrade() {}

  static SchemaUpgrade.Report apply(Connection c, String from) throws SQLException {
    String home = Jdbc.queryOne(c, "SELECT DATABASE()", rs -> rs.getString(1));
    String staging = home + "__cairn_upgrade";
    String attic = home + "__cairn_old";
    String[] charset =
        Jdbc.queryOne(
            c,
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM"
                + " information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            home);
    String sqlMode = Jdbc.queryOne(c, "SELECT @@SESSION.sql_mode", rs -> rs.getString(1));
    List<String> created = new ArrayList<>();
    List<String> carried = new ArrayList<>();
    try {
      Catalog.execute(c, "DROP DATABASE IF EXISTS `" + staging + "`");
      Catalog.execute(c, "DROP DATABASE IF EXISTS `" + attic + "`");
      String options = " CHARACTER SET " + charset[0] + " COLLATE " + charset[1];
      Catalog.execute(c, "CREATE DATABASE `" + staging + "`" + options);
      Catalog.execute(c, "CREATE DATABASE `" + attic + "`" + options);
      Catalog.execute(c, "USE `" + staging + "`");
      Schema.create(c, Dialect.MYSQL);
      Catalog.execute(c, "DROP TRIGGER IF EXISTS `" + TRIGGER + "`");
      Catalog.execute(c, "SET FOREIGN_KEY_CHECKS=0");
      // experiment 0 (Default) keeps its id
      Catalog.execute(
          c, "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
      Set<String> old = new LinkedHashSet<>(Catalog.tables(c, home));
      List<String> head = Catalog.tables(c, staging);
      for (String table : head) {
        if (!old.contains(table)) {
          created.add(table);
          continue;
        }
        if (table.equals("alembic_version")) {
          continue;
        }
        SchemaUpgrade.carryRows(c, Dialect.MYSQL, home, staging, table);
        carried.add(table);
      }
      Catalog.execute(c, "USE `" + home + "`");
      Catalog.execute(c, "DROP TRIGGER IF EXISTS `" + TRIGGER + "`");
      // One statement, atomic: old tables out, new ones in.
      List<String> renames = new ArrayList<>();
      for (String table : head) {
        if (old.contains(table)) {
          renames.add(String.format("`%s`.`%s` TO `%s`.`%s`", home, table, attic, table));
        }
        renames.add(String.format("`%s`.`%s` TO `%s`.`%s`", staging, table, home, table));
      }
      Catalog.execute(c, "RENAME TABLE " + String.join(", ", renames));
      for (String statement : Schema.statements(Schema.resource("schema/mysql.sql"))) {
        if (statement.strip().startsWith("CREATE TRIGGER")) {
          Catalog.execute(c, statement.strip().replaceAll(";$", ""));
        }
      }
      Catalog.execute(c, "DROP DATABASE `" + attic + "`");
      Catalog.execute(c, "DROP DATABASE `" + staging + "`");
    } finally {
      Catalog.execute(c, "USE `" + home + "`");
      Catalog.execute(c, "SET FOREIGN_KEY_CHECKS=1");
      Jdbc.update(c, "SET SESSION sql_mode = ?", sqlMode);
    }
    return new SchemaUpgrade.Report(from, created, carried, 0, 0);
  }
}
