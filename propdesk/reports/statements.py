"""The small-enterprise statements: 利润表 (会小企02表) and 资产负债表 (会小企01表), from account months.

Both read the per-account-month summary (`account_month`), never the postings. Account codes
are mapped by their first-level code (the first four digits), so sub-accounts roll up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from propdesk.core import chart
from propdesk.core.periods import year_start
from propdesk.db.models import AccountMonth
from propdesk.reports.common import Letterhead, letterhead
from propdesk.services import ledger

INCOME_FORM = "会小企02表"
BALANCE_FORM = "会小企01表"

HEADING = "heading"  # 流动资产： — no 行次, no amounts
ITEM = "item"
SUB = "sub"  # 其中： lines
SUBTOTAL = "subtotal"  # 流动资产合计, 营业利润 ...
TOTAL = "total"  # 资产总计, 净利润 ...
BLANK = "blank"  # filler so the two sides of the balance sheet end on the same row


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One line of a statement: `amount` is 本月金额 / 期末余额, `prior` 本年累计金额 / 年初余额."""

    key: str
    label: str
    row: int | None  # 行次 as on the official form
    amount: int
    prior: int
    kind: str = ITEM
    indent: int = 0

    @property
    def has_amounts(self) -> bool:
        return self.kind not in (HEADING, BLANK)


def _find(lines: Iterable[StatementLine], key: str) -> StatementLine:
    for ln in lines:
        if ln.key == key:
            return ln
    raise KeyError(key)


# -- 利润表 ------------------------------------------------------------------------------------
# Which first-level P&L accounts feed which line; +1: credit-natured (revenue), -1: expense.
INCOME_ACCOUNTS: dict[str, tuple[tuple[str, ...], int]] = {
    "revenue": (("5001", "5051"), 1),
    "cost": (("5401", "5402"), -1),
    "taxes": (("5403",), -1),
    "selling": (("5601",), -1),
    "admin": (("5602",), -1),
    "finance": (("5603",), -1),
    "investment": (("5111",), 1),
    "non_op_income": (("5301",), 1),
    "non_op_expense": (("5711",), -1),
    "income_tax": (("5801",), -1),
}
_INCOME_CODES = {code: key for key, (codes, _) in INCOME_ACCOUNTS.items() for code in codes}

# key, 行次, label, kind, indent
_INCOME_LAYOUT: tuple[tuple[str, int, str, str, int], ...] = (
    ("revenue", 1, "一、营业收入", ITEM, 0),
    ("cost", 2, "减：营业成本", ITEM, 1),
    ("taxes", 3, "税金及附加", ITEM, 2),
    ("selling", 11, "销售费用", ITEM, 2),
    ("admin", 14, "管理费用", ITEM, 2),
    ("finance", 18, "财务费用", ITEM, 2),
    ("investment", 20, "加：投资收益（损失以“-”号填列）", ITEM, 1),
    ("operating_profit", 21, "二、营业利润（亏损以“-”号填列）", SUBTOTAL, 0),
    ("non_op_income", 22, "加：营业外收入", ITEM, 1),
    ("non_op_expense", 24, "减：营业外支出", ITEM, 1),
    ("total_profit", 30, "三、利润总额（亏损总额以“-”号填列）", SUBTOTAL, 0),
    ("income_tax", 31, "减：所得税费用", ITEM, 1),
    ("net_profit", 32, "四、净利润（净亏损以“-”号填列）", TOTAL, 0),
)


@dataclass(frozen=True, slots=True)
class IncomeStatement:
    """利润表 for a month: 本月金额 (`amount`) and 本年累计金额 (`prior`)."""

    head: Letterhead
    period: int
    lines: tuple[StatementLine, ...]
    form: str = INCOME_FORM

    def line(self, key: str) -> StatementLine:
        return _find(self.lines, key)

    @property
    def net_profit(self) -> StatementLine:
        return self.line("net_profit")


def _income_line_key(code: str) -> str:
    top = code[:4]
    key = _INCOME_CODES.get(top)
    if key is not None:
        return key
    # a P&L account outside the standard chart: by its nature, below operating profit
    return "non_op_income" if chart.direction_of(top) == chart.CREDIT else "non_op_expense"


def pl_movements(session: Session, start: int, end: int) -> dict[str, int]:
    """Net credit (credit − debit) of each P&L leaf account over start..end, excluding what the
    month-end carry-forward posted — i.e. the revenue and expense as they were earned."""
    net = (
        AccountMonth.credit
        - AccountMonth.debit
        - AccountMonth.carry_credit
        + AccountMonth.carry_debit
    )
    q = (
        select(AccountMonth.account_id, func.sum(net))
        .where(AccountMonth.period.between(start, end))
        .group_by(AccountMonth.account_id)
    )
    by_id = ledger.accounts_by_id(session)
    out: dict[str, int] = {}
    for acc_id, value in session.execute(q):
        info = by_id[acc_id]
        if info.category == chart.Category.PROFIT_LOSS.value and value:
            out[info.code] = int(value)
    return out


def _income_amounts(movements: dict[str, int]) -> dict[str, int]:
    amt: dict[str, int] = defaultdict(int)
    for code, net_credit in movements.items():
        key = _income_line_key(code)
        sign = INCOME_ACCOUNTS[key][1]
        amt[key] += sign * net_credit
    amt["operating_profit"] = (
        amt["revenue"]
        - amt["cost"]
        - amt["taxes"]
        - amt["selling"]
        - amt["admin"]
        - amt["finance"]
        + amt["investment"]
    )
    amt["total_profit"] = amt["operating_profit"] + amt["non_op_income"] - amt["non_op_expense"]
    amt["net_profit"] = amt["total_profit"] - amt["income_tax"]
    return amt


def income_statement(session: Session, period: int) -> IncomeStatement:
    """利润表 of `period`: 本月金额 and 本年累计金额 from the movements before the carry-forward."""
    month = _income_amounts(pl_movements(session, period, period))
    ytd = _income_amounts(pl_movements(session, year_start(period), period))
    lines = tuple(
        StatementLine(key, label, row, month[key], ytd[key], kind, indent)
        for key, row, label, kind, indent in _INCOME_LAYOUT
    )
    return IncomeStatement(letterhead(session), period, lines)


# -- 资产负债表 --------------------------------------------------------------------------------
# First-level account → line. Assets add the net debit balance, liabilities and equity the net
# credit balance. Contra accounts (累计折旧 …) are handled in `_balance_amounts`.
_ASSET_LINES = {
    **dict.fromkeys(("1001", "1002", "1012"), "cash"),
    "1101": "short_investments",
    "1121": "notes_receivable",
    "1131": "dividends_receivable",
    "1132": "interest_receivable",
    "1221": "other_receivables",
    # 存货 and its 其中 lines (the standard: 材料采购 … 消耗性生物资产, 生产成本, 工程施工)
    **dict.fromkeys(("1401", "1402", "1403", "1404"), "inv_materials"),
    **dict.fromkeys(("4001", "4101", "4401", "4403"), "inv_wip"),
    **dict.fromkeys(("1405", "1407"), "inv_goods"),
    "1411": "inv_turnover",
    **dict.fromkeys(("1408", "1421"), "inv_other"),
    "1901": "other_current_assets",  # 待处理财产损溢 not yet settled
    "1501": "lt_bonds",
    "1511": "lt_equity",
    "1601": "fa_cost",
    "1604": "construction",
    "1605": "construction_materials",
    "1606": "fa_disposal",
    **dict.fromkeys(("1621", "1622"), "bio_assets"),
    **dict.fromkeys(("1701", "1702"), "intangibles"),
    "4301": "development",
    "1801": "lt_prepaid",
}
_CLAIM_LINES = {
    "2001": "st_loans",
    "2201": "notes_payable",
    "2211": "payroll",
    "2221": "taxes_payable",
    "2231": "interest_payable",
    "2232": "profit_payable",
    "2241": "other_payables",
    "2501": "lt_loans",
    "2701": "lt_payables",
    "2401": "deferred_income",
    "3001": "paid_in_capital",
    "3002": "capital_reserve",
    "3101": "surplus_reserve",
    **dict.fromkeys(("3103", "3104"), "retained"),
}
# Receivable/advance pairs the standard says to analyse by sub-account: a debit balance is an
# asset line, a credit balance the liability line, whichever account it sits in.
_PAIRS = {
    **dict.fromkeys(("1122", "2203"), ("receivables", "advances_received")),
    **dict.fromkeys(("1123", "2202"), ("prepayments", "payables")),
}
_INVENTORY_PARTS = ("inv_materials", "inv_wip", "inv_goods", "inv_turnover", "inv_other")

_H = HEADING
# key, 行次, label, kind, indent
_ASSET_LAYOUT: tuple[tuple[str, int | None, str, str, int], ...] = (
    ("h_current", None, "流动资产：", _H, 0),
    ("cash", 1, "货币资金", ITEM, 1),
    ("short_investments", 2, "短期投资", ITEM, 1),
    ("notes_receivable", 3, "应收票据", ITEM, 1),
    ("receivables", 4, "应收账款", ITEM, 1),
    ("prepayments", 5, "预付账款", ITEM, 1),
    ("dividends_receivable", 6, "应收股利", ITEM, 1),
    ("interest_receivable", 7, "应收利息", ITEM, 1),
    ("other_receivables", 8, "其他应收款", ITEM, 1),
    ("inventory", 9, "存货", ITEM, 1),
    ("inv_materials", 10, "其中：原材料", SUB, 2),
    ("inv_wip", 11, "在产品", SUB, 3),
    ("inv_goods", 12, "库存商品", SUB, 3),
    ("inv_turnover", 13, "周转材料", SUB, 3),
    ("other_current_assets", 14, "其他流动资产", ITEM, 1),
    ("current_assets", 15, "流动资产合计", SUBTOTAL, 2),
    ("h_noncurrent", None, "非流动资产：", _H, 0),
    ("lt_bonds", 16, "长期债券投资", ITEM, 1),
    ("lt_equity", 17, "长期股权投资", ITEM, 1),
    ("fa_cost", 18, "固定资产原价", ITEM, 1),
    ("depreciation", 19, "减：累计折旧", ITEM, 1),
    ("fa_net", 20, "固定资产账面价值", ITEM, 1),
    ("construction", 21, "在建工程", ITEM, 1),
    ("construction_materials", 22, "工程物资", ITEM, 1),
    ("fa_disposal", 23, "固定资产清理", ITEM, 1),
    ("bio_assets", 24, "生产性生物资产", ITEM, 1),
    ("intangibles", 25, "无形资产", ITEM, 1),
    ("development", 26, "开发支出", ITEM, 1),
    ("lt_prepaid", 27, "长期待摊费用", ITEM, 1),
    ("other_noncurrent_assets", 28, "其他非流动资产", ITEM, 1),
    ("noncurrent_assets", 29, "非流动资产合计", SUBTOTAL, 2),
    ("total_assets", 30, "资产总计", TOTAL, 2),
)
_CLAIM_LAYOUT: tuple[tuple[str, int | None, str, str, int], ...] = (
    ("h_current_liabilities", None, "流动负债：", _H, 0),
    ("st_loans", 31, "短期借款", ITEM, 1),
    ("notes_payable", 32, "应付票据", ITEM, 1),
    ("payables", 33, "应付账款", ITEM, 1),
    ("advances_received", 34, "预收账款", ITEM, 1),
    ("payroll", 35, "应付职工薪酬", ITEM, 1),
    ("taxes_payable", 36, "应交税费", ITEM, 1),
    ("interest_payable", 37, "应付利息", ITEM, 1),
    ("profit_payable", 38, "应付利润", ITEM, 1),
    ("other_payables", 39, "其他应付款", ITEM, 1),
    ("other_current_liabilities", 40, "其他流动负债", ITEM, 1),
    ("current_liabilities", 41, "流动负债合计", SUBTOTAL, 2),
    ("h_noncurrent_liabilities", None, "非流动负债：", _H, 0),
    ("lt_loans", 42, "长期借款", ITEM, 1),
    ("lt_payables", 43, "长期应付款", ITEM, 1),
    ("deferred_income", 44, "递延收益", ITEM, 1),
    ("other_noncurrent_liabilities", 45, "其他非流动负债", ITEM, 1),
    ("noncurrent_liabilities", 46, "非流动负债合计", SUBTOTAL, 2),
    ("total_liabilities", 47, "负债合计", SUBTOTAL, 2),
    ("h_equity", None, "所有者权益（或股东权益）：", _H, 0),
    ("paid_in_capital", 48, "实收资本（或股本）", ITEM, 1),
    ("capital_reserve", 49, "资本公积", ITEM, 1),
    ("surplus_reserve", 50, "盈余公积", ITEM, 1),
    ("retained", 51, "未分配利润", ITEM, 1),
    ("total_equity", 52, "所有者权益（或股东权益）合计", SUBTOTAL, 2),
    ("total_claims", 53, "负债和所有者权益（或股东权益）总计", TOTAL, 2),
)


@dataclass(frozen=True, slots=True)
class BalanceSheet:
    """资产负债表 at the end of `period`: 期末余额 (`amount`) and 年初余额 (`prior`).

    `assets` is the left side of the form, `claims` (负债和所有者权益) the right side; the two
    have the same length, blank lines padding the shorter, so both totals share the last row.
    """

    head: Letterhead
    period: int
    assets: tuple[StatementLine, ...]
    claims: tuple[StatementLine, ...]
    form: str = BALANCE_FORM

    def line(self, key: str) -> StatementLine:
        return _find((*self.assets, *self.claims), key)

    @property
    def balanced(self) -> bool:
        a, c = self.line("total_assets"), self.line("total_claims")
        return a.amount == c.amount and a.prior == c.prior


def balances(session: Session, through: int) -> dict[str, int]:
    """Net debit balance (debit − credit) of every leaf account at the end of `through`."""
    q = (
        select(AccountMonth.account_id, func.sum(AccountMonth.debit - AccountMonth.credit))
        .where(AccountMonth.period <= through)
        .group_by(AccountMonth.account_id)
    )
    by_id = ledger.accounts_by_id(session)
    return {by_id[a].code: int(n) for a, n in session.execute(q) if n}


def _balance_amounts(net: dict[str, int]) -> dict[str, int]:
    amt: dict[str, int] = defaultdict(int)
    for code, n in net.items():
        top = code[:4]
        if top in _PAIRS:
            debit_line, credit_line = _PAIRS[top]
            if n > 0:
                amt[debit_line] += n
            else:
                amt[credit_line] -= n
        elif top == "1602":
            amt["depreciation"] -= n  # a credit balance, printed positive on the 减 line
        elif top in _ASSET_LINES:
            amt[_ASSET_LINES[top]] += n
        elif top in _CLAIM_LINES:
            amt[_CLAIM_LINES[top]] -= n
        else:
            cat = chart.category_of(top)
            if cat is chart.Category.PROFIT_LOSS:
                # not carried to 本年利润 yet: still this year's profit, so 未分配利润
                amt["retained"] -= n
            elif cat is chart.Category.ASSET:
                amt["other_current_assets"] += n
            elif cat is chart.Category.COST:
                amt["inv_other"] += n
            elif cat is chart.Category.LIABILITY:
                amt["other_current_liabilities"] -= n
            else:
                amt["capital_reserve"] -= n
    amt["inventory"] = sum(amt[k] for k in _INVENTORY_PARTS)
    amt["current_assets"] = sum(
        amt[k]
        for k in (
            "cash", "short_investments", "notes_receivable", "receivables", "prepayments",
            "dividends_receivable", "interest_receivable", "other_receivables", "inventory",
            "other_current_assets",
        )
    )  # fmt: skip
    amt["fa_net"] = amt["fa_cost"] - amt["depreciation"]
    amt["noncurrent_assets"] = sum(
        amt[k]
        for k in (
            "lt_bonds", "lt_equity", "fa_net", "construction", "construction_materials",
            "fa_disposal", "bio_assets", "intangibles", "development", "lt_prepaid",
            "other_noncurrent_assets",
        )
    )  # fmt: skip
    amt["total_assets"] = amt["current_assets"] + amt["noncurrent_assets"]
    amt["current_liabilities"] = sum(
        amt[k]
        for k in (
            "st_loans", "notes_payable", "payables", "advances_received", "payroll",
            "taxes_payable", "interest_payable", "profit_payable", "other_payables",
            "other_current_liabilities",
        )
    )  # fmt: skip
    amt["noncurrent_liabilities"] = sum(
        amt[k]
        for k in ("lt_loans", "lt_payables", "deferred_income", "other_noncurrent_liabilities")
    )
    amt["total_liabilities"] = amt["current_liabilities"] + amt["noncurrent_liabilities"]
    amt["total_equity"] = sum(
        amt[k] for k in ("paid_in_capital", "capital_reserve", "surplus_reserve", "retained")
    )
    amt["total_claims"] = amt["total_liabilities"] + amt["total_equity"]
    return amt


def _side(
    layout: tuple[tuple[str, int | None, str, str, int], ...],
    closing: dict[str, int],
    opening: dict[str, int],
) -> list[StatementLine]:
    return [
        StatementLine(key, label, row, closing[key], opening[key], kind, indent)
        for key, row, label, kind, indent in layout
    ]


def balance_sheet(session: Session, period: int) -> BalanceSheet:
    """资产负债表 at the end of `period`; 年初余额 is the balance at the end of the previous December.

    未分配利润 is 本年利润 + 利润分配 plus whatever profit-and-loss balance has not been carried
    yet, so a month that is not closed balances too.
    """
    closing = _balance_amounts(balances(session, period))
    opening = _balance_amounts(balances(session, (period // 100 - 1) * 100 + 12))
    assets = _side(_ASSET_LAYOUT, closing, opening)
    claims = _side(_CLAIM_LAYOUT, closing, opening)
    pad = len(assets) - len(claims)
    if pad > 0:
        filler = [StatementLine(f"blank{i}", "", None, 0, 0, BLANK) for i in range(pad)]
        claims = claims[:-1] + filler + claims[-1:]
    elif pad < 0:
        filler = [StatementLine(f"blank{i}", "", None, 0, 0, BLANK) for i in range(-pad)]
        assets = assets[:-1] + filler + assets[-1:]
    return BalanceSheet(letterhead(session), period, tuple(assets), tuple(claims))


__all__ = [
    "BALANCE_FORM",
    "INCOME_FORM",
    "BalanceSheet",
    "IncomeStatement",
    "StatementLine",
    "balance_sheet",
    "balances",
    "income_statement",
    "pl_movements",
]
