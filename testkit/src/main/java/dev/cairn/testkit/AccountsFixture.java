package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import dev.cairn.core.auth.Accounts;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Authorizer;
import dev.cairn.core.auth.Credentials;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.PasswordHashes;
import dev.cairn.core.auth.Permission;
import dev.cairn.core.auth.Role;
import java.time.InstantSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the {@link Accounts} suites share: a fresh auth store with an administrator, the service on
 * it with MLflow's default permission (READ) and a credential cache, and users made behind it.
 */
public abstract class AccountsFixture {
  protected AuthStore store;
  protected Credentials credentials;
  protected Accounts accounts;
  protected AuthUser admin;

  /** A new store on an empty auth database. */
  protected abstract AuthStore openStore();

  @BeforeEach
  void openAccounts() {
    store = openStore();
    credentials = new Credentials(store, 300, 100, InstantSource.system());
    accounts =
        new Accounts(
            store, new Authorizer(store, Permission.READ), credentials, InstantSource.system());
    admin = store.createUser("admin", PasswordHashes.hash(password("admin")), true);
  }

  @AfterEach
  void closeAccounts() {
    store.close();
  }

  protected static String password(String username) {
    return username + "-password-1";
  }

  /** A user who is not an administrator, with the password {@link #password} gives. */
  protected AuthUser user(String username) {
    return store.createUser(username, PasswordHashes.hash(password(username)), false);
  }

  /** The user as the store has them now (the caller a fresh sign-in would give). */
  protected AuthUser fresh(AuthUser user) {
    return store.findUser(user.username());
  }

  /** Makes the user an administrator of the workspace through a role of it. */
  protected Role workspaceAdmin(AuthUser user, String workspace) {
    Role role = store.roles().createRole("admins-" + user.username(), workspace, null);
    store.roles().addRoleGrant(role.id(), new Grant("workspace", "*", Permission.MANAGE));
    store.roles().assignRole(user.id(), role.id());
    return role;
  }

  protected static void assertError(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(code);
  }

  protected static void assertDenied(ThrowingCallable call) {
    assertError(call, ErrorCode.PERMISSION_DENIED);
  }
}
