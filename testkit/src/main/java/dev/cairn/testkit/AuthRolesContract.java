package dev.cairn.testkit;

import static dev.cairn.core.auth.Grant.EXPERIMENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Permission;
import dev.cairn.core.auth.Role;
import dev.cairn.core.auth.RoleAssignment;
import dev.cairn.core.auth.RoleGrant;
import dev.cairn.core.auth.RoleStore;
import dev.cairn.core.auth.UserRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What an auth store's {@link RoleStore} must do (see {@link AuthStoreContract}). */
public abstract class AuthRolesContract extends AuthAuditContract {
  private static final String DEFAULT = AuthStore.DEFAULT_WORKSPACE;

  private RoleStore roles() {
    return store.roles();
  }

  private static Grant workspaceAdmin() {
    return new Grant("workspace", "*", Permission.MANAGE);
  }

  @Test
  void createRoleStoresItWithoutGrants() {
    Role role = roles().createRole("viewers", DEFAULT, "reads everything");

    assertThat(role.id()).isPositive();
    assertThat(role)
        .isEqualTo(new Role(role.id(), "viewers", DEFAULT, "reads everything", List.of()));
    assertThat(roles().role(role.id())).isEqualTo(role);
    assertThat(roles().createRole("editors", DEFAULT, null).description()).isNull();
  }

  @Test
  void createRoleRefusesANameTakenInTheWorkspaceOnly() {
    roles().createRole("viewers", DEFAULT, null);

    assertError(
        () -> roles().createRole("viewers", DEFAULT, "again"), ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertThat(roles().createRole("viewers", "ws1", null).workspace()).isEqualTo("ws1");
  }

  @Test
  void operationsOnAnUnknownRoleAreNotFound() {
    Grant g = experiment("1", Permission.READ);
    AuthUser ada = user("ada");

    assertError(() -> roles().role(999), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> roles().updateRole(999, "x", null), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> roles().deleteRole(999), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> roles().addRoleGrant(999, g), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> roles().roleGrants(999), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> roles().roleUsers(999), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> roles().assignRole(ada.id(), 999), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> roles().roleGrant(999), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(
        () -> roles().updateRoleGrant(999, Permission.READ), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> roles().removeRoleGrant(999), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void listRolesAnswersEveryRoleOrThoseOfTheWorkspacesNamed() {
    Role a = roles().createRole("a", "ws1", null);
    Role b = roles().createRole("b", "ws2", null);
    Role c = roles().createRole("c", DEFAULT, null);
    roles().addRoleGrant(c.id(), experiment("1", Permission.READ));

    assertThat(roles().listRoles(null)).extracting(Role::name).containsExactly("a", "b", "c");
    assertThat(roles().listRoles(List.of("ws2", DEFAULT, "ws2")))
        .containsExactly(b, roles().role(c.id()));
    assertThat(roles().listRoles(List.of("ws1"))).containsExactly(a);
    assertThat(roles().listRoles(List.of())).isEmpty();
    assertThat(roles().listRoles(List.of("nowhere"))).isEmpty();
  }

  @Test
  void usersOwnRolesAreRolesToTheStore() {
    AuthUser ada = user("ada");
    store.createGrant("ada", experiment("1", Permission.EDIT));

    // MLflow's role listings show them too; its UI tells them apart by the name
    assertThat(roles().listRoles(null))
        .singleElement()
        .satisfies(r -> assertThat(r.name()).isEqualTo("__user_" + ada.id() + "__"));
    assertThat(roles().userRoles(ada.id()).get(0).permissions())
        .extracting(RoleGrant::grant)
        .containsExactly(experiment("1", Permission.EDIT));
  }

  @Test
  void updateRoleRenamesAndDescribesIt() {
    Role role = roles().createRole("old", DEFAULT, "first");

    Role renamed = roles().updateRole(role.id(), "new", null);
    Role described = roles().updateRole(role.id(), null, "second");
    Role same = roles().updateRole(role.id(), "new", null);

    assertThat(renamed).isEqualTo(new Role(role.id(), "new", DEFAULT, "first", List.of()));
    assertThat(described.description()).isEqualTo("second");
    assertThat(same.name()).isEqualTo("new");
  }

  @Test
  void updateRoleRefusesANameTakenInItsWorkspace() {
    roles().createRole("taken", DEFAULT, null);
    roles().createRole("free", "ws1", null);
    Role role = roles().createRole("mine", DEFAULT, null);

    assertError(
        () -> roles().updateRole(role.id(), "taken", null), ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertThat(roles().updateRole(role.id(), "free", null).name()).isEqualTo("free");
  }

  @Test
  void deleteRoleTakesItsGrantsFromItsUsers() {
    AuthUser ada = user("ada");
    Role role = roles().createRole("viewers", DEFAULT, null);
    roles().addRoleGrant(role.id(), experiment("*", Permission.READ));
    roles().assignRole(ada.id(), role.id());

    roles().deleteRole(role.id());

    assertError(() -> roles().role(role.id()), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(store.grantsOf(ada.id(), DEFAULT, Set.of(EXPERIMENT))).isEmpty();
    assertThat(roles().userRoles(ada.id())).isEmpty();
  }

  @Test
  void roleGrantsAreAddedChangedAndRemovedById() {
    Role role = roles().createRole("editors", DEFAULT, null);

    RoleGrant added = roles().addRoleGrant(role.id(), experiment("42", Permission.READ));
    assertThat(added)
        .isEqualTo(new RoleGrant(added.id(), role.id(), EXPERIMENT, "42", Permission.READ));
    assertThat(roles().roleGrant(added.id())).isEqualTo(added);

    RoleGrant changed = roles().updateRoleGrant(added.id(), Permission.EDIT);
    assertThat(changed.permission()).isEqualTo(Permission.EDIT);
    assertThat(roles().roleGrants(role.id())).containsExactly(changed);

    roles().removeRoleGrant(added.id());
    assertThat(roles().roleGrants(role.id())).isEmpty();
  }

  @Test
  void addRoleGrantRefusesASecondGrantOnTheSameResource() {
    Role role = roles().createRole("editors", DEFAULT, null);
    roles().addRoleGrant(role.id(), experiment("42", Permission.READ));

    assertError(
        () -> roles().addRoleGrant(role.id(), experiment("42", Permission.EDIT)),
        ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertThat(roles().roleGrants(role.id())).hasSize(1);
  }

  @Test
  void anAssignedRolesGrantsCountForTheUser() {
    AuthUser ada = user("ada");
    Role role = roles().createRole("editors", DEFAULT, null);
    roles().addRoleGrant(role.id(), experiment("7", Permission.EDIT));

    RoleAssignment assignment = roles().assignRole(ada.id(), role.id());

    assertThat(assignment.userId()).isEqualTo(ada.id());
    assertThat(assignment.roleId()).isEqualTo(role.id());
    assertThat(roles().roleUsers(role.id())).containsExactly(assignment);
    assertThat(store.grantsOf(ada.id(), DEFAULT, Set.of(EXPERIMENT)))
        .containsExactly(experiment("7", Permission.EDIT));
  }

  @Test
  void assignRoleRefusesATwinAndAnUnknownUser() {
    AuthUser ada = user("ada");
    Role role = roles().createRole("editors", DEFAULT, null);
    roles().assignRole(ada.id(), role.id());

    assertError(() -> roles().assignRole(ada.id(), role.id()), ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertError(() -> roles().assignRole(987_654, role.id()), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void unassignRoleTakesTheRoleAwayOnce() {
    AuthUser ada = user("ada");
    Role role = roles().createRole("editors", DEFAULT, null);
    roles().assignRole(ada.id(), role.id());

    roles().unassignRole(ada.id(), role.id());

    assertThat(roles().roleUsers(role.id())).isEmpty();
    assertError(() -> roles().unassignRole(ada.id(), role.id()), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void userRolesAndUsersWithRolesShowWhoHoldsWhat() {
    AuthUser ada = user("ada");
    AuthUser bob = user("bob");
    Role viewers = roles().createRole("viewers", DEFAULT, null);
    Role editors = roles().createRole("editors", "ws1", null);
    roles().addRoleGrant(editors.id(), experiment("*", Permission.EDIT));
    roles().assignRole(ada.id(), editors.id());
    roles().assignRole(ada.id(), viewers.id());
    Role editorsNow = roles().role(editors.id());

    assertThat(roles().userRoles(ada.id())).containsExactly(viewers, editorsNow);
    assertThat(roles().userRoles(bob.id())).isEmpty();
    assertThat(roles().usersWithRoles())
        .containsExactly(
            new UserRoles(ada, List.of(viewers, editorsNow)), new UserRoles(bob, List.of()));
  }

  @Test
  void adminWorkspacesAreThoseWhereTheUserHoldsTheWorkspaceManageGrant() {
    AuthUser ada = user("ada");
    Role admins = roles().createRole("admins", "ws1", null);
    roles().addRoleGrant(admins.id(), workspaceAdmin());
    Role members = roles().createRole("members", "ws2", null);
    roles().addRoleGrant(members.id(), new Grant("workspace", "*", Permission.USE));
    Role unheld = roles().createRole("admins", "ws3", null);
    roles().addRoleGrant(unheld.id(), workspaceAdmin());
    roles().assignRole(ada.id(), admins.id());
    roles().assignRole(ada.id(), members.id());

    assertThat(roles().adminWorkspaces(ada.id())).containsExactly("ws1");
    assertThat(roles().presentWorkspaces(ada.id())).containsExactlyInAnyOrder("ws1", "ws2");
    assertThat(roles().presentWorkspaces(user("bob").id())).isEmpty();
  }

  @Test
  void concurrentCreationsOfOneRoleMakeOneRole() throws Exception {
    int threads = 8;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    roles().createRole("viewers", DEFAULT, null);
                    return true;
                  } catch (dev.cairn.core.CairnException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS);
                    return false;
                  }
                }));
      }
      start.countDown();
      int created = 0;
      for (Future<Boolean> f : done) {
        created += f.get() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
    }
    assertThat(roles().listRoles(null)).hasSize(1);
  }
}
