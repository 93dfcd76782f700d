package dev.cairn.store.sql;

/**
 * What a database's connections are doing now, and what its writer did since the start (for {@code
 * /metrics}).
 *
 * @param connectionsActive pooled connections in use
 * @param connectionsIdle pooled connections waiting for work
 * @param threadsWaiting requests waiting for a pooled connection
 * @param writerQueue writes waiting for SQLite's single writer (0 elsewhere)
 * @param writerCommits transactions SQLite's writer committed, each carrying one or more writes
 * @param writerWrites writes those transactions carried (their ratio is the group-commit size)
 * @param checkpoints write-ahead-log checkpoints run (SQLite)
 */
public record DatabaseStats(
    int connectionsActive,
    int connectionsIdle,
    int threadsWaiting,
    int writerQueue,
    long writerCommits,
    long writerWrites,
    long checkpoints) {}
