package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.auth.AccountGrants;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Permission;
import dev.cairn.core.auth.PermissionCheck;
import dev.cairn.core.auth.Role;
import dev.cairn.core.auth.UserPermissions;
import org.junit.jupiter.api.Test;

/** The per-user grants of {@link dev.cairn.core.auth.Accounts}. */
public abstract class AccountGrantsContract extends AccountUsersContract {
  private AccountGrants grants() {
    return accounts.grants();
  }

  private void own(String username, String type, String id, Permission p) {
    store.createGrant(username, new Grant(type, id, p));
  }

  @Test
  void theManagerOfAnExperimentGrantsAndRevokesPermissionsOnIt() {
    AuthUser ada = user("ada");
    AuthUser bob = user("bob");
    own("ada", "experiment", "7", Permission.MANAGE);

    grants().grant(ada, "bob", "experiment", "7", "EDIT");
    assertThat(store.findGrant("bob", "experiment", "7"))
        .isEqualTo(new Grant("experiment", "7", Permission.EDIT));
    assertDenied(() -> grants().grant(bob, "bob", "experiment", "7", "MANAGE"));
    assertDenied(() -> grants().grant(ada, "bob", "experiment", "8", "READ"));

    grants().revoke(ada, "bob", "experiment", "7");
    assertThat(store.findGrant("bob", "experiment", "7")).isNull();
    assertError(
        () -> grants().revoke(ada, "bob", "experiment", "7"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void aSecondGrantOnTheSameResourceIsRefused() {
    user("bob");
    grants().grant(admin, "bob", "registered_model", "m", "READ");

    assertError(
        () -> grants().grant(admin, "bob", "registered_model", "m", "EDIT"),
        ErrorCode.RESOURCE_ALREADY_EXISTS);
  }

  @Test
  void aGrantOnAWholeTypeNeedsAnAdministratorOfTheDefaultWorkspace() {
    AuthUser ada = user("ada");
    user("bob");
    own("ada", "experiment", "*", Permission.MANAGE);

    assertDenied(() -> grants().grant(ada, "bob", "experiment", "*", "READ"));
    workspaceAdmin(ada, AuthStore.DEFAULT_WORKSPACE);

    grants().grant(ada, "bob", "experiment", "*", "READ");
    assertThat(store.findGrant("bob", "experiment", "*")).isNotNull();
  }

  @Test
  void grantsAreCheckedAsMlflowChecksThem() {
    user("bob");

    for (String[] bad :
        new String[][] {
          {"workspace", "*", "USE"},
          {"bogus", "1", "READ"},
          {"run", "abc", "READ"},
          {"experiment", "1", "NO_PERMISSIONS"},
          {"experiment", "1", "ALL"},
        }) {
      assertError(
          () -> grants().grant(admin, "bob", bad[0], bad[1], bad[2]),
          ErrorCode.INVALID_PARAMETER_VALUE);
    }
    assertError(
        () -> grants().grant(admin, "nobody", "experiment", "1", "READ"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST);
    grants().grant(admin, "bob", "run", "*", "DENY");
    grants().grant(admin, "bob", "prompt", "p", "READ");
    assertThat(store.ownGrants("bob", "prompt")).hasSize(1);
  }

  @Test
  void onlyAdministratorsGrantOnTypesMlflowCannotLocate() {
    AuthUser ada = user("ada");
    user("bob");
    own("ada", "prompt", "p", Permission.MANAGE);

    assertError(
        () -> grants().grant(ada, "bob", "prompt", "p", "READ"), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> grants().grant(ada, "bob", "scorer", "no-slash", "READ"),
        ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void theEffectivePermissionIsJudgedByGrantsAndTheDefault() {
    AuthUser ada = user("ada");
    own("ada", "experiment", "1", Permission.EDIT);
    own("ada", "experiment", "2", Permission.DENY);

    assertThat(grants().get(ada, "ada", "experiment", "1"))
        .isEqualTo(new PermissionCheck(true, Permission.EDIT));
    assertThat(grants().get(ada, "ada", "experiment", "2"))
        .isEqualTo(new PermissionCheck(false, Permission.DENY));
    assertThat(grants().get(admin, "ada", "experiment", "3"))
        .isEqualTo(new PermissionCheck(false, Permission.READ));
    // an administrator's own answer comes from their grants too, as MLflow's does
    assertThat(grants().get(admin, "admin", "experiment", "3").permission())
        .isEqualTo(Permission.READ);
    assertError(
        () -> grants().get(admin, "ada", "workspace", "*"), ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void anotherUsersPermissionIsForAdministratorsOfTheDefaultWorkspace() {
    AuthUser ada = user("ada");
    user("bob");

    assertDenied(() -> grants().get(ada, "bob", "experiment", "1"));
    assertDenied(() -> grants().get(ada, "nobody", "experiment", "1"));
    workspaceAdmin(ada, AuthStore.DEFAULT_WORKSPACE);

    assertThat(grants().get(ada, "bob", "experiment", "1").permission()).isEqualTo(Permission.READ);
    assertDenied(() -> grants().get(ada, "bob", "prompt", "p"));
  }

  @Test
  void listedPermissionsShowEveryRoleGrantWithItsRole() {
    AuthUser ada = user("ada");
    AuthUser bob = user("bob");
    own("bob", "experiment", "1", Permission.EDIT);
    Role team = store.roles().createRole("team", "ws2", null);
    store.roles().addRoleGrant(team.id(), new Grant("experiment", "*", Permission.READ));
    store.roles().assignRole(bob.id(), team.id());

    UserPermissions all = grants().list(admin, "bob");
    assertThat(all.admin()).isFalse();
    assertThat(all.permissions())
        .extracting(UserPermissions.Row::roleName)
        .containsExactly("__user_" + bob.id() + "__", "team");
    assertThat(grants().listOwn(bob)).isEqualTo(all);

    assertDenied(() -> grants().list(ada, "bob"));
    workspaceAdmin(ada, "ws2");
    assertThat(grants().list(ada, "bob").permissions())
        .extracting(UserPermissions.Row::workspace)
        .containsExactly("ws2");
  }
}
