package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.auth.AccountUsers;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.PasswordHashes;
import dev.cairn.core.auth.Role;
import dev.cairn.core.auth.UserRoles;
import org.junit.jupiter.api.Test;

/** The users of {@link dev.cairn.core.auth.Accounts}: who may call what, and what it changes. */
public abstract class AccountUsersContract extends AccountsFixture {
  private AccountUsers users() {
    return accounts.users();
  }

  @Test
  void createUserStoresAWerkzeugHashOfThePassword() {
    AuthUser ada = users().create(admin, "ada", "correct horse battery");

    assertThat(ada.admin()).isFalse();
    assertThat(store.findUser("ada").passwordHash()).startsWith("scrypt:32768:8:1$");
    assertThat(PasswordHashes.verify(store.findUser("ada").passwordHash(), "correct horse battery"))
        .isTrue();
  }

  @Test
  void createUserRefusesMissingEmptyAndShortValuesAndTakenNames() {
    user("ada");

    assertError(
        () -> users().create(admin, null, "long-enough-pw"), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(() -> users().create(admin, "bob", null), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> users().create(admin, "", "long-enough-pw"), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> users().create(admin, "bob", "elevenchars"), ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> users().create(admin, "ada", "long-enough-pw"), ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertThat(store.findUser("bob")).isNull();
  }

  @Test
  void onlyAdministratorsOfTheServerOrOfAWorkspaceCreateUsers() {
    AuthUser ada = user("ada");

    assertDenied(() -> users().create(ada, "bob", "long-enough-pw"));
    workspaceAdmin(ada, "ws1");

    assertThat(users().create(ada, "bob", "long-enough-pw").username()).isEqualTo("bob");
  }

  @Test
  void aUserIsReadByAdministratorsAndThemselves() {
    AuthUser ada = user("ada");
    user("bob");

    assertThat(users().get(ada, "ada")).isEqualTo(ada);
    assertThat(users().get(admin, "bob").username()).isEqualTo("bob");
    assertDenied(() -> users().get(ada, "bob"));
    assertError(() -> users().get(admin, "nobody"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(users().current(ada)).isEqualTo(ada);
  }

  @Test
  void everyoneListsUsersButSeesOthersRolesOnlyInWorkspacesTheyAdminister() {
    AuthUser ada = user("ada");
    AuthUser bob = user("bob");
    Role ws1 = store.roles().createRole("r1", "ws1", null);
    Role ws2 = store.roles().createRole("r2", "ws2", null);
    store.roles().assignRole(bob.id(), ws1.id());
    store.roles().assignRole(bob.id(), ws2.id());
    workspaceAdmin(ada, "ws1");

    UserRoles bobSeenByAda =
        users().list(ada).stream().filter(u -> u.user().equals(bob)).findFirst().orElseThrow();
    UserRoles bobSeenByAdmin =
        users().list(admin).stream().filter(u -> u.user().equals(bob)).findFirst().orElseThrow();
    UserRoles adaSeenByAda =
        users().list(ada).stream().filter(u -> u.user().equals(ada)).findFirst().orElseThrow();

    assertThat(bobSeenByAda.roles()).extracting(Role::name).containsExactly("r1");
    assertThat(bobSeenByAdmin.roles()).extracting(Role::name).containsExactly("r1", "r2");
    assertThat(adaSeenByAda.roles()).hasSize(1);
    assertThat(users().list(bob)).hasSize(3);
  }

  @Test
  void changingOnesOwnPasswordNeedsTheCurrentOneAndADifferentNewOne() {
    AuthUser ada = user("ada");

    assertError(
        () -> users().updatePassword(ada, "ada", "new-password-12", null),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> users().updatePassword(ada, "ada", "new-password-12", "wrong-password"),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> users().updatePassword(ada, "ada", password("ada"), password("ada")),
        ErrorCode.INVALID_PARAMETER_VALUE);
    users().updatePassword(ada, "ada", "new-password-12", password("ada"));

    assertThat(credentials.authenticate("ada", "new-password-12")).isNotNull();
  }

  @Test
  void administratorsSetOthersPasswordsWhichOthersMayNot() {
    user("ada");
    AuthUser bob = user("bob");

    assertDenied(() -> users().updatePassword(bob, "ada", "new-password-12", null));
    assertError(
        () -> users().updatePassword(admin, "ada", "short", null),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertError(
        () -> users().updatePassword(admin, "nobody", "new-password-12", null),
        ErrorCode.RESOURCE_DOES_NOT_EXIST);
    users().updatePassword(admin, "ada", "new-password-12", null);

    assertThat(credentials.authenticate("ada", "new-password-12")).isNotNull();
  }

  @Test
  void aChangedPasswordEndsTheCachedSignInAtOnce() {
    user("ada");
    assertThat(credentials.authenticate("ada", password("ada"))).isNotNull();

    users().updatePassword(admin, "ada", "new-password-12", null);

    assertThat(credentials.authenticate("ada", password("ada"))).isNull();
  }

  @Test
  void onlyAdministratorsChangeTheAdministratorFlagAndTheCacheForgetsTheOldOne() {
    AuthUser ada = user("ada");
    assertThat(credentials.authenticate("ada", password("ada")).admin()).isFalse();

    assertDenied(() -> users().updateAdmin(ada, "ada", true));
    assertError(() -> users().updateAdmin(admin, "ada", null), ErrorCode.INVALID_PARAMETER_VALUE);
    users().updateAdmin(admin, "ada", true);

    assertThat(credentials.authenticate("ada", password("ada")).admin()).isTrue();
  }

  @Test
  void onlyAdministratorsDeleteUsersAndNeverThemselves() {
    AuthUser ada = user("ada");
    user("bob");
    assertThat(credentials.authenticate("bob", password("bob"))).isNotNull();

    assertDenied(() -> users().delete(ada, "bob"));
    assertError(() -> users().delete(admin, "admin"), ErrorCode.BAD_REQUEST);
    assertError(() -> users().delete(admin, "nobody"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    users().delete(admin, "bob");

    assertThat(store.findUser("bob")).isNull();
    assertThat(credentials.authenticate("bob", password("bob"))).isNull();
  }
}
