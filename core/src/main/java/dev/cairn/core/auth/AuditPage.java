package dev.cairn.core.auth;

import java.util.List;

/**
 * One page of the audit log, newest first.
 *
 * @param nextPageToken the token of the next page, or null on the last one
 */
public record AuditPage(List<AuditEntry> entries, String nextPageToken) {
  public AuditPage {
    entries = List.copyOf(entries);
  }
}
