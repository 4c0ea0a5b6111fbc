"""Users' roles and what each may change in a book.

Four roles (issue: trust): the admin may do everything; the clerk keeps the registry, bills,
takes payments and runs the common resources; the secretary runs votes, approves contracts and
surplus allocations and prints statements; the accountant keeps the vouchers, closes months and
exports ledgers. Reading is open to every role, except personal data: ID and bank account
numbers are shown whole only to the roles whose work needs them (`sees_whole`, `shown`).

Enforcement is below the services: every statement that writes a table is checked against the
role of the book's user (db/store.py), so no path — page, command, script — can write what the
role may not. Actions that write tables shared with other work (a month-end close updates the
period table every voucher touches; a manual voucher writes the tables billing writes) are
checked by name in the service that does them (`ACTIONS`).
"""

from __future__ import annotations

from collections.abc import Callable

from propdesk.core.allocation import mask_account
from propdesk.core.errors import UserError
from propdesk.core.fees import mask_id_number
from propdesk.core.i18n import Text, bilingual

ADMIN, CLERK, SECRETARY, ACCOUNTANT = "admin", "clerk", "secretary", "accountant"
NOBODY = "nobody"  # not a role: a handle whose login was refused
ROLES: dict[str, Text] = {
    ADMIN: bilingual("管理员", "Administrator"),
    CLERK: bilingual("收费员", "Clerk"),
    SECRETARY: bilingual("书记", "Secretary"),
    ACCOUNTANT: bilingual("会计", "Accountant"),
}

# areas of the book, by the tables that hold them
AREA_TABLES: dict[str, frozenset[str]] = {
    "registry": frozenset({"compound", "building", "unit", "person", "ownership"}),
    "billing": frozenset({"bill", "meter_reading", "waiver", "fee_item", "fee_rate", "contract"}),
    "payments": frozenset({"payment", "receipt", "allocation", "prepayment"}),
    "resources": frozenset(
        {
            "resource",
            "resource_agreement",
            "resource_due",
            "resource_income",
            "resource_cost",
            "owners_money_use",
            "owners_money_share",
            "common_income_terms",
        }
    ),
    "votes": frozenset({"vote", "vote_voter", "vote_unit", "ballot"}),
    "contracts": frozenset(
        {"contract", "contract_notice", "trial_period", "trial_service", "fee_item", "fee_rate"}
    ),
    "grids": frozenset({"grid", "grid_compound", "worker", "station", "station_project"}),
    "allocation": frozenset({"allocation_rule", "surplus_allocation", "allocation_line", "payout"}),
    "ledger": frozenset(),  # vouchers: checked as named actions (ACTIONS)
    "admin": frozenset({"app_user", "book_meta"}),
}
# written by every action that posts or records anything
# (services open sub-accounts as they need them: an owners' account per compound, ...)
SHARED_TABLES = frozenset({"voucher", "posting", "account_month", "audit_log", "counter",
                           "period", "account"})  # fmt: skip

ROLE_AREAS: dict[str, frozenset[str]] = {
    ADMIN: frozenset(AREA_TABLES),
    CLERK: frozenset({"registry", "billing", "payments", "resources"}),
    SECRETARY: frozenset({"votes", "contracts", "grids", "allocation"}),
    ACCOUNTANT: frozenset({"ledger", "allocation"}),
}

# named actions checked in their services
ACTIONS: dict[str, frozenset[str]] = {
    "manual_voucher": frozenset({ADMIN, ACCOUNTANT}),  # hand-entered, imported, reversed
    "close_period": frozenset({ADMIN, ACCOUNTANT}),  # close and reopen
    "sign_contract": frozenset({ADMIN, SECRETARY}),
    "approve_allocation": frozenset({ADMIN, SECRETARY}),
    "expense": frozenset({ADMIN, ACCOUNTANT}),
    "manage_users": frozenset({ADMIN}),
    # personal data (issue trust, 7): who sees whole what every other role sees masked
    "see_id_numbers": frozenset({ADMIN, CLERK}),  # register owners, check an ID at a transfer
    "see_bank_accounts": frozenset({ADMIN, ACCOUNTANT}),  # pay grid workers' stipends by bank
}


class PermissionDenied(UserError):
    """The user's role may not do this; nothing was written."""


T_NOT_ALLOWED = bilingual(
    "用户「{user}」（{role}）无权{what}", 'User "{user}" ({role}) may not {what}'
)
T_WRITE_AREA = bilingual("修改{area}", "change {area}")
AREA_NAMES: dict[str, Text] = {
    "registry": bilingual("小区与房屋", "compounds and units"),
    "billing": bilingual("收费", "billing"),
    "payments": bilingual("收款与收据", "payments and receipts"),
    "resources": bilingual("公共资源", "common resources"),
    "votes": bilingual("业主表决", "owner votes"),
    "contracts": bilingual("合同", "contracts"),
    "grids": bilingual("网格与驿站", "grids and stations"),
    "allocation": bilingual("盈余分配", "surplus allocation"),
    "ledger": bilingual("凭证与账簿", "vouchers and ledgers"),
    "admin": bilingual("用户与账套设置", "users and book settings"),
}
ACTION_NAMES: dict[str, Text] = {
    "manual_voucher": bilingual("录入、导入或冲销凭证", "enter, import or reverse vouchers"),
    "close_period": bilingual("结账或反结账", "close or reopen a month"),
    "sign_contract": bilingual("签订或生效合同", "sign or activate a contract"),
    "approve_allocation": bilingual("批准盈余分配", "approve a surplus allocation"),
    "expense": bilingual("登记支出", "record expenses"),
    "manage_users": bilingual("管理用户", "manage users"),
    "see_id_numbers": bilingual("查看完整证件号码", "see whole ID numbers"),
    "see_bank_accounts": bilingual("查看完整银行账号", "see whole bank account numbers"),
}


def role_name(role: str | None) -> str:
    return ROLES[role].format() if role in ROLES else T_NO_ROLE.format()


T_NO_ROLE = bilingual("未登录", "not logged in")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    return role


def tables_for(role: str) -> frozenset[str]:
    """Every table `role` may write."""
    out = set(SHARED_TABLES)
    for area in ROLE_AREAS[check_role(role)]:
        out |= AREA_TABLES[area]
    return frozenset(out)


def area_of(table: str) -> str | None:
    """The area a table belongs to (the first, for a table two areas share), or None."""
    for area, tables in AREA_TABLES.items():
        if table in tables:
            return area
    return None


def may(role: str, action: str) -> bool:
    return check_role(role) in ACTIONS[action]


# -- personal data ----------------------------------------------------------------------------------
# ID numbers and bank account numbers are stored whole and shown whole only to the roles whose
# work needs them (ACTIONS "see_*"); every other role gets them masked from the services' read
# paths, so the pages, the forms and the command line show what the role may see. A book without
# users (role None) is a one-person book whose only user is its administrator. Documents that
# leave the book (the roster export, the stipend signature sheet) mask them whatever the role,
# and the public ones (disclosures, the vote announcement) hold no personal data at all.
ID_NUMBER, BANK_ACCOUNT = "id_number", "bank_account"
PERSONAL: dict[str, tuple[str, Callable[[str], str]]] = {
    ID_NUMBER: ("see_id_numbers", mask_id_number),
    BANK_ACCOUNT: ("see_bank_accounts", mask_account),
}


def sees_whole(role: str | None, kind: str) -> bool:
    """Whether `role` (None: a book without users) sees `kind` of personal data whole."""
    action, _mask = PERSONAL[kind]
    return (ADMIN if role is None else role) in ACTIONS[action]


def shown(role: str | None, kind: str, value: str | None) -> str:
    """`value` as `role` may see it: whole, or masked."""
    if not value:
        return ""
    _action, mask = PERSONAL[kind]
    return value if sees_whole(role, kind) else mask(value)
