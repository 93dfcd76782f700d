package dev.cairn.testkit;

import static dev.cairn.core.auth.Grant.EXPERIMENT;
import static dev.cairn.core.auth.Grant.REGISTERED_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Everything an {@link AuthStore} must do: the users of {@link AuthUsersContract}, the audit log of
 * {@link AuthAuditContract}, the roles of {@link AuthRolesContract}, plus own grants, the grants of
 * a user's roles, and the bulk changes when a resource goes or is renamed; each test on a fresh,
 * empty auth database. A backend opts in with a subclass that opens the store and implements the
 * hooks that look behind it: roles made by an administrator, rows of the pre-role grant tables, and
 * the rows a user leaves.
 */
public abstract class AuthStoreContract extends AuthRolesContract {
  @Test
  void createGrantThenFindGrantAnswersIt() {
    user("ada");

    store.createGrant("ada", experiment("1", Permission.USE));

    assertThat(store.findGrant("ada", EXPERIMENT, "1")).isEqualTo(experiment("1", Permission.USE));
    assertThat(store.findGrant("ada", EXPERIMENT, "2")).isNull();
    assertThat(store.findGrant("ada", REGISTERED_MODEL, "1")).isNull();
  }

  @Test
  void aUserWithoutGrantsHasNoOwnGrants() {
    AuthUser ada = user("ada");

    assertThat(store.findGrant("ada", EXPERIMENT, "1")).isNull();
    assertThat(store.ownGrants("ada", EXPERIMENT)).isEmpty();
    assertThat(store.updateGrant("ada", experiment("1", Permission.READ))).isFalse();
    assertThat(store.deleteGrant("ada", EXPERIMENT, "1")).isFalse();
    assertThat(footprint(ada.id())).isEqualTo(Footprint.NONE);
  }

  @Test
  void createGrantRefusesASecondGrantOnTheSameResource() {
    user("ada");
    store.createGrant("ada", experiment("1", Permission.READ));

    assertError(
        () -> store.createGrant("ada", experiment("1", Permission.EDIT)),
        ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertThat(store.findGrant("ada", EXPERIMENT, "1")).isEqualTo(experiment("1", Permission.READ));
  }

  @Test
  void theFirstGrantMakesOneOwnRoleAndOneAssignment() {
    AuthUser ada = user("ada");

    store.createGrant("ada", experiment("1", Permission.READ));
    store.createGrant("ada", model("m", Permission.READ));

    assertThat(footprint(ada.id())).isEqualTo(new Footprint(1, 1, 2, 0));
  }

  @Test
  void theStoreKeepsWhateverPermissionItIsGiven() {
    user("ada");
    Grant odd = new Grant(Grant.WORKSPACE, "*", Permission.NO_PERMISSIONS);

    store.createGrant("ada", odd);

    assertThat(store.ownGrants("ada", Grant.WORKSPACE)).containsExactly(odd);
  }

  @Test
  void updateGrantChangesThePermissionOfAnOwnGrant() {
    user("ada");
    store.createGrant("ada", experiment("1", Permission.READ));

    assertThat(store.updateGrant("ada", experiment("1", Permission.DENY))).isTrue();
    assertThat(store.updateGrant("ada", experiment("2", Permission.DENY))).isFalse();

    assertThat(store.ownGrants("ada", EXPERIMENT))
        .containsExactly(experiment("1", Permission.DENY));
  }

  @Test
  void deleteGrantRemovesOnlyThatGrant() {
    user("ada");
    store.createGrant("ada", experiment("1", Permission.READ));
    store.createGrant("ada", experiment("2", Permission.READ));

    assertThat(store.deleteGrant("ada", EXPERIMENT, "1")).isTrue();
    assertThat(store.deleteGrant("ada", EXPERIMENT, "1")).isFalse();

    assertThat(store.ownGrants("ada", EXPERIMENT))
        .containsExactly(experiment("2", Permission.READ));
  }

  @Test
  void ownGrantsAnswersTheUsersOwnGrantsOfOneType() {
    AuthUser ada = user("ada");
    user("bob");
    store.createGrant("ada", experiment("1", Permission.READ));
    store.createGrant("ada", experiment("2", Permission.EDIT));
    store.createGrant("ada", model("m", Permission.MANAGE));
    store.createGrant("bob", experiment("3", Permission.READ));
    assignRole(
        "ada", AuthStore.DEFAULT_WORKSPACE, "viewers", List.of(experiment("4", Permission.READ)));
    assignRole(
        "ada", "team-b", "__user_" + ada.id() + "__", List.of(experiment("5", Permission.READ)));

    assertThat(store.ownGrants("ada", EXPERIMENT))
        .containsExactlyInAnyOrder(
            experiment("1", Permission.READ), experiment("2", Permission.EDIT));
    assertThat(store.ownGrants("ada", REGISTERED_MODEL))
        .containsExactly(model("m", Permission.MANAGE));
  }

  @Test
  void grantsOfJoinsOwnGrantsWithThoseOfTheUsersRolesInTheWorkspace() {
    AuthUser ada = user("ada");
    user("bob");
    store.createGrant("ada", experiment("1", Permission.READ));
    store.createGrant("ada", model("m", Permission.EDIT));
    store.createGrant("ada", new Grant(Grant.WORKSPACE, "*", Permission.USE));
    List<Grant> editors = List.of(experiment("2", Permission.EDIT), model("*", Permission.READ));
    assignRole("ada", AuthStore.DEFAULT_WORKSPACE, "editors", editors);
    assignRole("ada", "team-b", "others", List.of(experiment("3", Permission.MANAGE)));
    assignRole(
        "bob", AuthStore.DEFAULT_WORKSPACE, "bobs", List.of(experiment("4", Permission.READ)));

    assertThat(store.grantsOf(ada.id(), AuthStore.DEFAULT_WORKSPACE, Set.of(EXPERIMENT)))
        .containsExactlyInAnyOrder(
            experiment("1", Permission.READ),
            experiment("2", Permission.EDIT),
            new Grant(Grant.WORKSPACE, "*", Permission.USE));
    assertThat(
            store.grantsOf(
                ada.id(), AuthStore.DEFAULT_WORKSPACE, Set.of(EXPERIMENT, REGISTERED_MODEL)))
        .hasSize(5)
        .contains(model("m", Permission.EDIT), model("*", Permission.READ));
    assertThat(store.grantsOf(ada.id(), "team-b", Set.of(EXPERIMENT)))
        .containsExactly(experiment("3", Permission.MANAGE));
  }

  @Test
  void grantsOfAUserWithoutRolesIsEmpty() {
    AuthUser ada = user("ada");

    assertThat(store.grantsOf(ada.id(), AuthStore.DEFAULT_WORKSPACE, Set.of(EXPERIMENT))).isEmpty();
    assertThat(store.grantsOf(987_654L, AuthStore.DEFAULT_WORKSPACE, Set.of(EXPERIMENT))).isEmpty();
  }

  @Test
  void deleteGrantsForRemovesOneResourceFromEveryOwnRoleOnly() {
    AuthUser carol = user("carol");
    user("ada");
    user("bob");
    store.createGrant("ada", experiment("1", Permission.READ));
    store.createGrant("ada", experiment("2", Permission.READ));
    store.createGrant("bob", experiment("1", Permission.EDIT));
    store.createGrant("bob", model("1", Permission.READ));
    assignRole(
        "carol",
        AuthStore.DEFAULT_WORKSPACE,
        "auditors",
        List.of(experiment("1", Permission.READ)));

    store.deleteGrantsFor(EXPERIMENT, "1");

    assertThat(store.ownGrants("ada", EXPERIMENT))
        .containsExactly(experiment("2", Permission.READ));
    assertThat(store.ownGrants("bob", EXPERIMENT)).isEmpty();
    assertThat(store.ownGrants("bob", REGISTERED_MODEL))
        .containsExactly(model("1", Permission.READ));
    // MLflow spares roles an administrator made: they are managed through the role API
    assertThat(store.grantsOf(carol.id(), AuthStore.DEFAULT_WORKSPACE, Set.of(EXPERIMENT)))
        .containsExactly(experiment("1", Permission.READ));
  }

  @Test
  void renameGrantsForMovesOwnGrantsToTheNewName() {
    AuthUser carol = user("carol");
    user("ada");
    store.createGrant("ada", model("old", Permission.EDIT));
    store.createGrant("ada", model("other", Permission.READ));
    assignRole(
        "carol", AuthStore.DEFAULT_WORKSPACE, "reviewers", List.of(model("old", Permission.READ)));

    store.renameGrantsFor(REGISTERED_MODEL, "old", "new");

    assertThat(store.ownGrants("ada", REGISTERED_MODEL))
        .containsExactlyInAnyOrder(model("new", Permission.EDIT), model("other", Permission.READ));
    assertThat(store.grantsOf(carol.id(), AuthStore.DEFAULT_WORKSPACE, Set.of(REGISTERED_MODEL)))
        .containsExactly(model("old", Permission.READ));
  }

  @Test
  void renameGrantsForReplacesALeftoverOwnGrantOnTheNewName() {
    user("ada");
    store.createGrant("ada", model("old", Permission.EDIT));
    store.createGrant("ada", model("new", Permission.DENY));

    store.renameGrantsFor(REGISTERED_MODEL, "old", "new");

    assertThat(store.ownGrants("ada", REGISTERED_MODEL))
        .containsExactly(model("new", Permission.EDIT));
  }

  @Test
  void aRoleByTheUsersOwnNameAssignedToAnotherUserIsRefused() {
    AuthUser ada = user("ada");
    user("bob");
    assignRole("bob", AuthStore.DEFAULT_WORKSPACE, "__user_" + ada.id() + "__", List.of());

    assertError(
        () -> store.createGrant("ada", experiment("1", Permission.READ)),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(footprint(ada.id()).ownGrants()).isZero();
  }

  @Test
  void concurrentFirstGrantsOfOneUserMakeOneOwnRoleAndOneAssignment() throws Exception {
    int threads = 8;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      // several users in turn: the first round may meet a cold connection pool and not race
      for (int round = 0; round < 4; round++) {
        AuthUser user = user("user-" + round);
        firstGrantsAtOnce(pool, user.username(), threads);

        assertThat(store.ownGrants(user.username(), EXPERIMENT)).hasSize(threads);
        assertThat(footprint(user.id())).isEqualTo(new Footprint(1, 1, threads, 0));
      }
    }
  }

  private void firstGrantsAtOnce(ExecutorService pool, String username, int grants)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < grants; i++) {
      Grant g = experiment(Integer.toString(i), Permission.READ);
      done.add(
          pool.submit(
              () -> {
                start.await();
                store.createGrant(username, g);
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
  }
}
