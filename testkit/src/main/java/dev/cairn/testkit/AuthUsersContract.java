package dev.cairn.testkit;

import static dev.cairn.core.auth.Grant.EXPERIMENT;
import static dev.cairn.core.auth.Grant.REGISTERED_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Permission;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The users of an {@link AuthStore} and what deleting one removes (see {@link AuthStoreContract}),
 * with the hooks a backend implements to look behind the store.
 */
public abstract class AuthUsersContract {
  protected AuthStore store;

  /** A new store on an empty auth database. */
  protected abstract AuthStore openStore();

  /**
   * Assigns the user a role as an administrator makes them with MLflow's role API: {@code roleName}
   * in {@code workspace}, created with {@code grants} when missing.
   */
  protected abstract void assignRole(
      String username, String workspace, String roleName, List<Grant> grants);

  /** Gives the user a row in each table of grants from before MLflow's roles. */
  protected abstract void addLegacyGrants(long userId);

  /** What the backend holds for a user id, counted behind the store. */
  protected abstract Footprint footprint(long userId);

  /**
   * The rows a backend holds for one user id: their own roles (in any workspace), their role
   * assignments (to any role), the grants of their own roles, and their rows in the pre-role
   * tables.
   */
  public record Footprint(int ownRoles, int roleAssignments, int ownGrants, int legacyGrants) {
    public static final Footprint NONE = new Footprint(0, 0, 0, 0);
  }

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  protected static void assertError(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(code);
  }

  protected AuthUser user(String name) {
    return store.createUser(name, "pbkdf2:sha256:1000$salt$" + name, false);
  }

  protected static Grant experiment(String id, Permission p) {
    return new Grant(EXPERIMENT, id, p);
  }

  protected static Grant model(String name, Permission p) {
    return new Grant(REGISTERED_MODEL, name, p);
  }

  @Test
  void createUserStoresTheUserUnderADatabaseId() {
    AuthUser ada = store.createUser("ada", "scrypt:32768:8:1$s$h", true);

    assertThat(ada.username()).isEqualTo("ada");
    assertThat(ada.passwordHash()).isEqualTo("scrypt:32768:8:1$s$h");
    assertThat(ada.admin()).isTrue();
    assertThat(ada.id()).isPositive();
    assertThat(store.findUser("ada")).isEqualTo(ada);
  }

  @Test
  void findUserAnswersNullForAnUnknownName() {
    user("ada");

    assertThat(store.findUser("bob")).isNull();
  }

  @Test
  void listUsersAnswersEveryUserInIdOrder() {
    AuthUser b = user("bob");
    AuthUser a = user("ada");

    assertThat(store.listUsers()).containsExactly(b, a);
  }

  @Test
  void createUserRefusesATakenName() {
    user("ada");

    assertError(() -> user("ada"), ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertThat(store.listUsers()).hasSize(1);
  }

  @Test
  void updateUserChangesOnlyWhatIsGiven() {
    AuthUser ada = user("ada");

    AuthUser promoted = store.updateUser("ada", null, true);
    AuthUser rehashed = store.updateUser("ada", "pbkdf2:sha256:1$n$new", null);

    assertThat(promoted).isEqualTo(new AuthUser(ada.id(), "ada", ada.passwordHash(), true));
    assertThat(rehashed).isEqualTo(new AuthUser(ada.id(), "ada", "pbkdf2:sha256:1$n$new", true));
    assertThat(store.findUser("ada")).isEqualTo(rehashed);
  }

  @Test
  void operationsByNameOnAnUnknownUserAreNotFound() {
    Grant g = experiment("1", Permission.READ);

    assertError(() -> store.updateUser("nobody", "h", true), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> store.deleteUser("nobody"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> store.createGrant("nobody", g), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(
        () -> store.findGrant("nobody", EXPERIMENT, "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> store.updateGrant("nobody", g), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(
        () -> store.deleteGrant("nobody", EXPERIMENT, "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertError(() -> store.ownGrants("nobody", EXPERIMENT), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void deleteUserRemovesTheirOwnRolesAssignmentsGrantsAndLegacyRows() {
    AuthUser ada = user("ada");
    store.createGrant("ada", experiment("1", Permission.EDIT));
    store.createGrant("ada", model("m", Permission.READ));
    assignRole("ada", AuthStore.DEFAULT_WORKSPACE, "viewers", List.of());
    // an own role MLflow made while it had workspaces on
    assignRole(
        "ada", "team-b", "__user_" + ada.id() + "__", List.of(experiment("9", Permission.READ)));
    addLegacyGrants(ada.id());
    Footprint before = footprint(ada.id());
    assertThat(before.ownRoles()).isEqualTo(2);
    assertThat(before.roleAssignments()).isEqualTo(3);
    assertThat(before.ownGrants()).isEqualTo(3);
    assertThat(before.legacyGrants()).isPositive();

    store.deleteUser("ada");

    assertThat(footprint(ada.id())).isEqualTo(Footprint.NONE);
    assertThat(store.findUser("ada")).isNull();
  }

  @Test
  void deleteUserLeavesOtherUsersGrantsAndAdministratorRoles() {
    user("ada");
    AuthUser bob = user("bob");
    store.createGrant("ada", experiment("1", Permission.READ));
    store.createGrant("bob", experiment("1", Permission.EDIT));
    assignRole(
        "ada", AuthStore.DEFAULT_WORKSPACE, "viewers", List.of(experiment("*", Permission.READ)));
    assignRole("bob", AuthStore.DEFAULT_WORKSPACE, "viewers", List.of());
    addLegacyGrants(bob.id());

    store.deleteUser("ada");

    assertThat(store.findGrant("bob", EXPERIMENT, "1")).isEqualTo(experiment("1", Permission.EDIT));
    assertThat(store.grantsOf(bob.id(), AuthStore.DEFAULT_WORKSPACE, Set.of(EXPERIMENT)))
        .containsExactlyInAnyOrder(
            experiment("1", Permission.EDIT), experiment("*", Permission.READ));
    assertThat(footprint(bob.id()).legacyGrants()).isPositive();
  }

  @Test
  void aNewUserOfADeletedUsersNameStartsWithoutGrants() {
    user("ada");
    store.createGrant("ada", experiment("1", Permission.MANAGE));
    store.deleteUser("ada");

    AuthUser again = user("ada");

    assertThat(store.ownGrants("ada", EXPERIMENT)).isEmpty();
    assertThat(store.grantsOf(again.id(), AuthStore.DEFAULT_WORKSPACE, Set.of(EXPERIMENT)))
        .isEmpty();
  }
}
