package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.auth.AuditEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an auth store's {@link dev.cairn.core.auth.AuditStore} must do (see {@link
 * AuthStoreContract}).
 */
public abstract class AuthAuditContract extends AuthUsersContract {
  private static AuditEntry entry(long at, String action) {
    return new AuditEntry(0, at, "admin", action, "ada", null, null, null, null, null);
  }

  @Test
  void anEmptyAuditLogListsNothing() {
    assertThat(store.audit().list(10, null)).isEmpty();
  }

  @Test
  void auditEntriesComeBackNewestFirstWithTheirFields() {
    store.audit().record(entry(1_000L, "create_user"));
    store
        .audit()
        .record(
            new AuditEntry(
                0,
                2_000L,
                "admin",
                "grant_permission",
                "ada",
                7L,
                "experiment",
                "12",
                "EDIT",
                "d"));

    List<AuditEntry> listed = store.audit().list(10, null);

    assertThat(listed)
        .extracting(AuditEntry::action)
        .containsExactly("grant_permission", "create_user");
    AuditEntry newest = listed.get(0);
    assertThat(newest.id()).isGreaterThan(listed.get(1).id());
    assertThat(newest)
        .isEqualTo(
            new AuditEntry(
                newest.id(),
                2_000L,
                "admin",
                "grant_permission",
                "ada",
                7L,
                "experiment",
                "12",
                "EDIT",
                "d"));
    assertThat(listed.get(1).roleId()).isNull();
    assertThat(listed.get(1).detail()).isNull();
  }

  @Test
  void auditListingPagesBelowAnId() {
    for (int i = 0; i < 5; i++) {
      store.audit().record(entry(i, "action-" + i));
    }

    List<AuditEntry> first = store.audit().list(2, null);
    List<AuditEntry> second = store.audit().list(2, first.get(1).id());
    List<AuditEntry> last = store.audit().list(2, second.get(1).id());

    assertThat(first).extracting(AuditEntry::action).containsExactly("action-4", "action-3");
    assertThat(second).extracting(AuditEntry::action).containsExactly("action-2", "action-1");
    assertThat(last).extracting(AuditEntry::action).containsExactly("action-0");
  }

  @Test
  void aLongAuditDetailIsCutToItsLimit() {
    String detail = "x".repeat(AuditEntry.MAX_DETAIL + 50);

    store
        .audit()
        .record(new AuditEntry(0, 1L, "admin", "update_role", null, 1L, null, null, null, detail));

    assertThat(store.audit().list(1, null).get(0).detail()).hasSize(AuditEntry.MAX_DETAIL);
  }
}
