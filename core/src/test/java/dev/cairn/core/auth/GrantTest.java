package dev.cairn.core.auth;

import static dev.cairn.core.auth.Grant.EXPERIMENT;
import static dev.cairn.core.auth.Grant.REGISTERED_MODEL;
import static dev.cairn.core.auth.Grant.WILDCARD;
import static dev.cairn.core.auth.Grant.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantTest {
  @Test
  void noApplyingGrantFoldsToNothingSoTheDefaultDecides() {
    List<Grant> grants =
        List.of(
            new Grant(EXPERIMENT, "2", Permission.MANAGE),
            new Grant(REGISTERED_MODEL, "1", Permission.EDIT));
    assertThat(Grant.fold(grants, EXPERIMENT, "1")).isNull();
    assertThat(Grant.fold(List.of(), EXPERIMENT, "1")).isNull();
  }

  @Test
  void theStrongestOfAnIdGrantAndAWildcardGrantApplies() {
    List<Grant> grants =
        List.of(
            new Grant(EXPERIMENT, "1", Permission.READ),
            new Grant(EXPERIMENT, WILDCARD, Permission.EDIT));
    assertThat(Grant.fold(grants, EXPERIMENT, "1")).isEqualTo(Permission.EDIT);
    assertThat(Grant.fold(grants, EXPERIMENT, "9")).isEqualTo(Permission.EDIT);
  }

  @Test
  void aDenyBesideAPositiveGrantDenies() {
    List<Grant> grants =
        List.of(
            new Grant(EXPERIMENT, WILDCARD, Permission.MANAGE),
            new Grant(EXPERIMENT, "1", Permission.DENY));
    assertThat(Grant.fold(grants, EXPERIMENT, "1")).isEqualTo(Permission.DENY);
    assertThat(Grant.fold(grants, EXPERIMENT, "2")).isEqualTo(Permission.MANAGE);
  }

  @Test
  void aWorkspaceAdministratorManagesEverythingAndCannotBeDenied() {
    List<Grant> grants =
        List.of(
            new Grant(EXPERIMENT, "1", Permission.DENY),
            new Grant(WORKSPACE, WILDCARD, Permission.MANAGE));
    assertThat(Grant.fold(grants, EXPERIMENT, "1")).isEqualTo(Permission.MANAGE);
    List<Grant> member = List.of(new Grant(WORKSPACE, WILDCARD, Permission.USE));
    assertThat(Grant.fold(member, EXPERIMENT, "1")).isNull();
  }

  @Test
  void aUsersTextShowsNoPasswordHash() {
    assertThat(new AuthUser(1, "ann", "scrypt:32768:8:1$salt$abc", false).toString())
        .doesNotContain("scrypt")
        .contains("ann");
  }
}
