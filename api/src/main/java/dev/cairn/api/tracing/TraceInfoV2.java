package dev.cairn.api.tracing;

import dev.cairn.api.model.Tag;
import java.util.List;

/**
 * MLflow 2's {@code TraceInfo}: the trace id is {@code request_id}, times in milliseconds, {@code
 * status} one of {@code OK ERROR IN_PROGRESS TRACE_STATUS_UNSPECIFIED}, metadata and tags as
 * key/value lists.
 */
public record TraceInfoV2(
    String requestId,
    String experimentId,
    Long timestampMs,
    Long executionTimeMs,
    String status,
    List<Tag> requestMetadata,
    List<Tag> tags) {}
