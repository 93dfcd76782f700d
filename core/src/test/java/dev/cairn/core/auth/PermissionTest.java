package dev.cairn.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import org.junit.jupiter.api.Test;

class PermissionTest {
  @Test
  void eachPermissionGrantsMlflowsCapabilities() {
    assertThat(Permission.READ.canRead()).isTrue();
    assertThat(Permission.READ.canUse()).isFalse();
    assertThat(Permission.USE.canUse()).isTrue();
    assertThat(Permission.USE.canUpdate()).isFalse();
    assertThat(Permission.EDIT.canUpdate()).isTrue();
    assertThat(Permission.EDIT.canDelete()).isFalse();
    assertThat(Permission.MANAGE.canDelete()).isTrue();
    assertThat(Permission.MANAGE.canManage()).isTrue();
    for (Permission none : new Permission[] {Permission.NO_PERMISSIONS, Permission.DENY}) {
      assertThat(none.canRead()).isFalse();
      assertThat(none.canManage()).isFalse();
    }
  }

  @Test
  void theStrongestGrantWinsButDenyVetoes() {
    assertThat(Permission.strongest(Permission.READ, Permission.EDIT)).isEqualTo(Permission.EDIT);
    assertThat(Permission.strongest(Permission.MANAGE, Permission.NO_PERMISSIONS))
        .isEqualTo(Permission.MANAGE);
    assertThat(Permission.strongest(Permission.MANAGE, Permission.DENY)).isEqualTo(Permission.DENY);
  }

  @Test
  void theDefaultIsTheFloorOfAPositiveGrantOnly() {
    assertThat(Permission.withDefault(null, Permission.READ)).isEqualTo(Permission.READ);
    assertThat(Permission.withDefault(Permission.READ, Permission.EDIT)).isEqualTo(Permission.EDIT);
    assertThat(Permission.withDefault(Permission.MANAGE, Permission.READ))
        .isEqualTo(Permission.MANAGE);
    assertThat(Permission.withDefault(Permission.DENY, Permission.MANAGE))
        .isEqualTo(Permission.DENY);
    assertThat(Permission.withDefault(Permission.NO_PERMISSIONS, Permission.READ))
        .isEqualTo(Permission.NO_PERMISSIONS);
  }

  @Test
  void anUnknownNameIsAnInvalidParameterListingTheValidOnes() {
    assertThat(Permission.of("EDIT")).isEqualTo(Permission.EDIT);
    assertThatThrownBy(() -> Permission.of("WRITE"))
        .isInstanceOfSatisfying(
            CairnException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Invalid permission 'WRITE'. Valid permissions are: ('READ', 'USE',"
                          + " 'EDIT', 'MANAGE', 'NO_PERMISSIONS', 'DENY')");
            });
  }
}
