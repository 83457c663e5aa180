package dev.sociindex.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceAccountRolesTest {
    private static final String ROLE_A = "arn:aws:iam::111111111111:role/soci-reader";
    private static final String ROLE_B = "arn:aws-cn:iam::222222222222:role/path/soci";

    @Test
    void picksTheRoleOfTheEventsAccount() {
        SourceAccountRoles roles = SourceAccountRoles.parse(" 222222222222=" + ROLE_B + " , 111111111111=" + ROLE_A + ",");
        assertEquals(Optional.of(ROLE_A), roles.roleFor("111111111111"));
        assertEquals(Optional.of(ROLE_B), roles.roleFor("222222222222"));
        assertEquals(Optional.empty(), roles.roleFor("333333333333"));
        assertEquals("111111111111=" + ROLE_A + ",222222222222=" + ROLE_B, roles.toString());
        assertEquals(roles, SourceAccountRoles.parse(roles.toString()));
        assertTrue(SourceAccountRoles.parse("").isEmpty());
    }

    @Test
    void rejectsEntriesThatCannotWork() {
        assertEquals("source account role '111111111111' must be ACCOUNT=ROLE_ARN",
                assertThrows(IllegalArgumentException.class, () -> SourceAccountRoles.parse("111111111111")).getMessage());
        assertEquals("source account role '1111=" + ROLE_A + "': '1111' is not a 12-digit account id",
                assertThrows(IllegalArgumentException.class, () -> SourceAccountRoles.parse("1111=" + ROLE_A)).getMessage());
        assertEquals("source account role '111111111111=arn:aws:iam::111111111111:user/x': 'arn:aws:iam::111111111111:user/x' is not an IAM role ARN",
                assertThrows(IllegalArgumentException.class, () -> SourceAccountRoles.parse("111111111111=arn:aws:iam::111111111111:user/x")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SourceAccountRoles.parse("222222222222=" + ROLE_A))
                .getMessage().contains("the role belongs to account 111111111111, not 222222222222"));
        assertEquals("source account 111111111111 is listed twice",
                assertThrows(IllegalArgumentException.class, () -> SourceAccountRoles.parse("111111111111=" + ROLE_A + ",111111111111=" + ROLE_A)).getMessage());
    }
}
