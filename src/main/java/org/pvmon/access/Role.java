package org.pvmon.access;

import static org.pvmon.access.Permission.*;

import java.util.EnumSet;
import java.util.Set;

/**
 * The roles of a county's programme. A role says what a user may do; the user's {@link Scope} says where. Names in
 * Chinese first, as the dashboard shows them.
 */
public enum Role {
    /** 系统管理员: everything, everywhere; the only role that manages users and tokens. */
    ADMIN("系统管理员", "Administrator", EnumSet.allOf(Permission.class)),
    /** 县级项目管理员: a county's stations, money and register; month-end drafts; receipts from the grid. */
    COUNTY_MANAGER("县级项目管理员", "County manager", EnumSet.of(FLEET_READ, ALERT_HANDLE, MONEY_READ, HOUSEHOLD_READ,
            REGISTER_EDIT, STATEMENT_PREPARE, STATEMENT_APPROVE, RECEIPT_RECORD, PLAN_EDIT)),
    /** 乡镇干部: a township's villages, read and prepare; approval stays with each village. */
    TOWNSHIP_OFFICER("乡镇干部", "Township officer", EnumSet.of(FLEET_READ, MONEY_READ, HOUSEHOLD_READ, STATEMENT_PREPARE)),
    /** 村干部: one village: edits its register (full ID numbers), prepares and approves its statement. */
    VILLAGE_OFFICER("村干部", "Village officer", EnumSet.of(FLEET_READ, MONEY_READ, HOUSEHOLD_READ, ID_NUMBERS_READ,
            REGISTER_EDIT, STATEMENT_PREPARE, STATEMENT_APPROVE, PLAN_EDIT)),
    /** 运维人员: stations and alerts, never household data or money. */
    OM("运维人员", "O&M", EnumSet.of(FLEET_READ, ALERT_HANDLE, OPERATE)),
    /** 审计员: reads everything in its scope (ID numbers masked) and the audit log; changes nothing. */
    AUDITOR("审计员", "Auditor", EnumSet.of(FLEET_READ, MONEY_READ, HOUSEHOLD_READ, AUDIT_READ));

    private final String chinese;
    private final String english;
    private final Set<Permission> permissions;

    Role(String chinese, String english, Set<Permission> permissions) {
        this.chinese = chinese;
        this.english = english;
        this.permissions = permissions;
    }

    public boolean may(Permission p) {
        return permissions.contains(p);
    }

    public Set<Permission> permissions() {
        return EnumSet.copyOf(permissions);
    }

    public String chinese() {
        return chinese;
    }

    public String english() {
        return english;
    }
}
