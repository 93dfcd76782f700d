package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.auth.AccountRoles;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Permission;
import dev.cairn.core.auth.Role;
import dev.cairn.core.auth.RoleGrant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The roles of {@link dev.cairn.core.auth.Accounts}. */
public abstract class AccountRolesContract extends AccountGrantsContract {
  private static final String DEFAULT = AuthStore.DEFAULT_WORKSPACE;

  private AccountRoles roles() {
    return accounts.roles();
  }

  @Test
  void anAdministratorBuildsARoleAndGivesIt() {
    AuthUser ada = user("ada");

    Role role = roles().create(admin, "viewers", DEFAULT, "reads");
    RoleGrant g = roles().addPermission(admin, role.id(), "experiment", "*", "READ");
    roles().assign(admin, "ada", role.id());

    assertThat(roles().get(admin, role.id()).permissions()).containsExactly(g);
    assertThat(roles().userRoles(ada, "ada")).extracting(Role::name).containsExactly("viewers");
    assertThat(roles().roleUsers(admin, role.id())).hasSize(1);
    assertThat(roles().listPermissions(admin, role.id())).containsExactly(g);
    assertThat(roles().updatePermission(admin, g.id(), "EDIT").permission())
        .isEqualTo(Permission.EDIT);
    roles().unassign(admin, "ada", role.id());
    roles().removePermission(admin, g.id());
    assertThat(roles().get(admin, role.id()).permissions()).isEmpty();
    roles().delete(admin, role.id());
    assertError(() -> roles().get(admin, role.id()), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void roleNamesAreCheckedAsMlflowChecksThem() {
    Role role = roles().create(admin, "viewers", DEFAULT, null);

    assertError(
        () -> roles().create(admin, "__user_9__", DEFAULT, null),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> roles().create(admin, "__user_x", DEFAULT, null), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> roles().create(admin, "  ", DEFAULT, null), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(() -> roles().create(admin, "r", " ", null), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(() -> roles().create(admin, "r", null, null), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> roles().update(admin, role.id(), null, null), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> roles().update(admin, role.id(), "__user_1__", null),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(roles().update(admin, role.id(), null, "d").description()).isEqualTo("d");
  }

  @Test
  void roleGrantsAreCheckedForTheirType() {
    Role role = roles().create(admin, "r", DEFAULT, null);

    assertError(
        () -> roles().addPermission(admin, role.id(), "workspace", "*", "READ"),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> roles().addPermission(admin, role.id(), "trace", "tr-1", "READ"),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> roles().addPermission(admin, role.id(), "bogus", "*", "READ"),
        ErrorCode.INVALID_PARAMETER_VALUE);
    RoleGrant ws = roles().addPermission(admin, role.id(), "workspace", "*", "USE");
    assertError(
        () -> roles().updatePermission(admin, ws.id(), "EDIT"), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> roles().addPermission(admin, 999_999L, "experiment", "*", "READ"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void aWorkspacesAdministratorsManageItsRolesOnly() {
    AuthUser ada = user("ada");
    user("bob");
    workspaceAdmin(ada, "ws1");
    Role other = roles().create(admin, "others", "ws2", null);

    Role mine = roles().create(ada, "editors", "ws1", null);
    roles().addPermission(ada, mine.id(), "experiment", "*", "EDIT");
    roles().assign(ada, "bob", mine.id());

    assertDenied(() -> roles().create(ada, "editors", "ws2", null));
    assertDenied(() -> roles().addPermission(ada, other.id(), "experiment", "*", "EDIT"));
    assertDenied(() -> roles().assign(ada, "bob", other.id()));
    assertDenied(() -> roles().delete(ada, 999_999L));
    assertError(() -> roles().delete(admin, 999_999L), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> roles().update(ada, null, "x", null), ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void anyoneHoldingARoleInAWorkspaceViewsItsRoles() {
    AuthUser ada = user("ada");
    AuthUser bob = user("bob");
    Role role = roles().create(admin, "viewers", "ws1", null);
    roles().assign(admin, "ada", role.id());

    assertThat(roles().get(ada, role.id()).name()).isEqualTo("viewers");
    assertThat(roles().listPermissions(ada, role.id())).isEmpty();
    assertThat(roles().list(ada, List.of("ws1"))).containsExactly(role);
    assertDenied(() -> roles().get(bob, role.id()));
    assertDenied(() -> roles().list(ada, List.of("ws1", "ws2")));
    assertDenied(() -> roles().list(ada, List.of()));
    assertDenied(() -> roles().roleUsers(ada, role.id()));
  }

  @Test
  void listingRolesOfNoWorkspaceAnswersEveryRoleForAdministrators() {
    roles().create(admin, "a", "ws1", null);
    roles().create(admin, "b", "ws2", null);

    assertThat(roles().list(admin, List.of())).extracting(Role::name).containsExactly("a", "b");
    assertThat(roles().list(admin, List.of("ws2"))).extracting(Role::name).containsExactly("b");
    assertError(() -> roles().list(admin, List.of("ws1", " ")), ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void anotherUsersRolesAreShownToAWorkspaceAdministratorForTheirWorkspaceOnly() {
    AuthUser ada = user("ada");
    AuthUser bob = user("bob");
    Role r1 = roles().create(admin, "r1", "ws1", null);
    Role r2 = roles().create(admin, "r2", "ws2", null);
    roles().assign(admin, "bob", r1.id());
    roles().assign(admin, "bob", r2.id());

    assertDenied(() -> roles().userRoles(ada, "bob"));
    workspaceAdmin(ada, "ws1");
    assertThat(roles().userRoles(ada, "bob")).extracting(Role::name).containsExactly("r1");
    assertThat(roles().userRoles(bob, "bob")).extracting(Role::name).containsExactly("r1", "r2");
    assertDenied(() -> roles().userRoles(ada, "nobody"));
    assertError(() -> roles().userRoles(admin, "nobody"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }
}
