package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.auth.AuditEntry;
import dev.cairn.core.auth.AuditPage;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Everything {@link dev.cairn.core.auth.Accounts} must do, on a real auth store: its users, grants
 * and roles (the suites this extends) and the audit log of their changes. A store opts in with a
 * one-line subclass that opens it.
 */
public abstract class AccountsContract extends AccountRolesContract {
  private List<AuditEntry> everyEntry() {
    List<AuditEntry> out = new ArrayList<>();
    String token = null;
    do {
      AuditPage page = accounts.audit(admin, 2, token);
      out.addAll(page.entries());
      token = page.nextPageToken();
    } while (token != null);
    return out;
  }

  @Test
  void everyChangeIsAuditedNewestFirstWithItsActorAndNoPassword() {
    AuthUser ada = accounts.users().create(admin, "ada", "first-password-1");
    accounts.users().updatePassword(fresh(ada), "ada", "second-password-2", "first-password-1");
    accounts.users().updateAdmin(admin, "ada", true);
    accounts.grants().grant(admin, "ada", "experiment", "5", "EDIT");
    accounts.grants().revoke(admin, "ada", "experiment", "5");
    Role role = accounts.roles().create(admin, "viewers", AuthStore.DEFAULT_WORKSPACE, null);
    long grant = accounts.roles().addPermission(admin, role.id(), "experiment", "*", "READ").id();
    accounts.roles().updatePermission(admin, grant, "USE");
    accounts.roles().assign(admin, "ada", role.id());
    accounts.roles().unassign(admin, "ada", role.id());
    accounts.roles().removePermission(admin, grant);
    accounts.roles().update(admin, role.id(), "readers", null);
    accounts.roles().delete(admin, role.id());
    accounts.users().delete(admin, "ada");

    List<AuditEntry> entries = everyEntry();

    assertThat(entries)
        .extracting(AuditEntry::action)
        .containsExactly(
            "delete_user",
            "delete_role",
            "update_role",
            "remove_role_permission",
            "unassign_role",
            "assign_role",
            "update_role_permission",
            "add_role_permission",
            "create_role",
            "revoke_permission",
            "grant_permission",
            "update_admin",
            "update_password",
            "create_user");
    assertThat(entries.get(entries.size() - 2).actor()).isEqualTo("ada");
    AuditEntry granted = entries.get(10);
    assertThat(granted.targetUser()).isEqualTo("ada");
    assertThat(granted.resourceType()).isEqualTo("experiment");
    assertThat(granted.resourceId()).isEqualTo("5");
    assertThat(granted.permission()).isEqualTo("EDIT");
    assertThat(entries.get(5).roleId()).isEqualTo(role.id());
    assertThat(entries.toString())
        .doesNotContain("first-password-1")
        .doesNotContain("second-password-2")
        .doesNotContain("scrypt");
  }

  @Test
  void aRefusedChangeLeavesNoAuditEntry() {
    AuthUser bob = user("bob");

    assertDenied(() -> accounts.users().updateAdmin(bob, "bob", true));
    assertError(
        () -> accounts.users().create(admin, "bob", "long-enough-pw"),
        ErrorCode.RESOURCE_ALREADY_EXISTS);

    assertThat(accounts.audit(admin, null, null).entries()).isEmpty();
  }

  @Test
  void theAuditLogIsForAdministratorsWithPagesOfOneToAThousand() {
    AuthUser bob = user("bob");

    assertDenied(() -> accounts.audit(bob, null, null));
    assertError(() -> accounts.audit(admin, 0, null), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(() -> accounts.audit(admin, 1001, null), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(() -> accounts.audit(admin, 10, "not-a-token"), ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(accounts.audit(admin, 1000, null).nextPageToken()).isNull();
  }
}
