package dev.cairn.store.sql;

/**
 * Connections to one database. {@link #read} runs on a pooled reader inside a read transaction (a
 * consistent snapshot); {@link #write} runs inside a write transaction that commits when the work
 * returns and rolls back completely when it throws.
 */
public interface Database extends AutoCloseable {
  <T> T read(SqlWork<T> work);

  <T> T write(SqlWork<T> work);

  Dialect dialect();

  /** What the connections are doing now and what the writer did since the start. */
  DatabaseStats stats();

  @Override
  void close();
}
