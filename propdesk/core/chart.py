"""The small-enterprise standard chart of accounts (小企业会计准则), seeded into every new book.

Equity is 3xxx, cost accounts 4xxx and profit-and-loss accounts 5xxx, as in the small-enterprise
standard (not the 4xxx equity of the general standard).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    ASSET = "asset"  # 资产类
    LIABILITY = "liability"  # 负债类
    EQUITY = "equity"  # 所有者权益类
    COST = "cost"  # 成本类
    PROFIT_LOSS = "pl"  # 损益类


CATEGORY_NAMES = {
    Category.ASSET: ("资产类", "Assets"),
    Category.LIABILITY: ("负债类", "Liabilities"),
    Category.EQUITY: ("所有者权益类", "Equity"),
    Category.COST: ("成本类", "Costs"),
    Category.PROFIT_LOSS: ("损益类", "Profit and loss"),
}

DEBIT = "D"
CREDIT = "C"


@dataclass(frozen=True, slots=True)
class StdAccount:
    code: str
    name: str
    category: Category
    direction: str  # normal balance side: "D" or "C"
    parent: str | None = None


def _cat(code: str) -> Category:
    return {
        "1": Category.ASSET,
        "2": Category.LIABILITY,
        "3": Category.EQUITY,
        "4": Category.COST,
        "5": Category.PROFIT_LOSS,
    }[code[0]]


# Contra or credit-natured accounts outside the liability/equity/revenue blocks.
_CREDIT_ASSETS = {"1407", "1602", "1622", "1702"}
_CREDIT_PL = {"5001", "5051", "5111", "5301"}

_FIRST_LEVEL = [
    ("1001", "库存现金"), ("1002", "银行存款"), ("1012", "其他货币资金"), ("1101", "短期投资"),
    ("1121", "应收票据"), ("1122", "应收账款"), ("1123", "预付账款"), ("1131", "应收股利"),
    ("1132", "应收利息"), ("1221", "其他应收款"), ("1401", "材料采购"), ("1402", "在途物资"),
    ("1403", "原材料"), ("1404", "材料成本差异"), ("1405", "库存商品"), ("1407", "商品进销差价"),
    ("1408", "委托加工物资"), ("1411", "周转材料"), ("1421", "消耗性生物资产"),
    ("1501", "长期债券投资"), ("1511", "长期股权投资"), ("1601", "固定资产"), ("1602", "累计折旧"),
    ("1604", "在建工程"), ("1605", "工程物资"), ("1606", "固定资产清理"),
    ("1621", "生产性生物资产"), ("1622", "生产性生物资产累计折旧"), ("1701", "无形资产"),
    ("1702", "累计摊销"), ("1801", "长期待摊费用"), ("1901", "待处理财产损溢"),
    ("2001", "短期借款"), ("2201", "应付票据"), ("2202", "应付账款"), ("2203", "预收账款"),
    ("2211", "应付职工薪酬"), ("2221", "应交税费"), ("2231", "应付利息"), ("2232", "应付利润"),
    ("2241", "其他应付款"), ("2401", "递延收益"), ("2501", "长期借款"), ("2701", "长期应付款"),
    ("3001", "实收资本"), ("3002", "资本公积"), ("3101", "盈余公积"), ("3103", "本年利润"),
    ("3104", "利润分配"),
    ("4001", "生产成本"), ("4101", "制造费用"), ("4301", "研发支出"), ("4401", "工程施工"),
    ("4403", "机械作业"),
    ("5001", "主营业务收入"), ("5051", "其他业务收入"), ("5111", "投资收益"),
    ("5301", "营业外收入"), ("5401", "主营业务成本"), ("5402", "其他业务成本"),
    ("5403", "税金及附加"), ("5601", "销售费用"), ("5602", "管理费用"), ("5603", "财务费用"),
    ("5711", "营业外支出"), ("5801", "所得税费用"),
]  # fmt: skip

# Sub-accounts the domain rules name (DOMAIN.md §4, §5, §7); year-end carries 本年利润 to 未分配利润.
_SEEDED_SUBS = [
    ("112201", "物业费", "1122"),
    ("220301", "预收物业费", "2203"),
    ("224101", "业主共有收益", "2241"),
    ("310401", "提取法定盈余公积", "3104"),
    ("310409", "应付利润", "3104"),
    ("310415", "未分配利润", "3104"),
    ("500101", "物业服务费", "5001"),
    ("505101", "公共资源管理分成", "5051"),
    ("505102", "自有资源经营收入", "5051"),
    ("560201", "网格补贴", "5602"),
]


def _direction(code: str) -> str:
    top = code[:4]
    cat = _cat(top)
    if cat is Category.ASSET:
        return CREDIT if top in _CREDIT_ASSETS else DEBIT
    if cat is Category.COST:
        return DEBIT
    if cat is Category.PROFIT_LOSS:
        return CREDIT if top in _CREDIT_PL else DEBIT
    return CREDIT


STANDARD_CHART: tuple[StdAccount, ...] = tuple(
    [StdAccount(c, n, _cat(c), _direction(c)) for c, n in _FIRST_LEVEL]
    + [StdAccount(c, n, _cat(c), _direction(c), p) for c, n, p in _SEEDED_SUBS]
)

STANDARD_CODES = frozenset(a.code for a in STANDARD_CHART if a.parent is None)

CURRENT_YEAR_PROFIT = "3103"  # 本年利润
UNDISTRIBUTED_PROFIT = "310415"  # 利润分配—未分配利润


def category_of(code: str) -> Category:
    return _cat(code)


def direction_of(code: str) -> str:
    return _direction(code)


def child_code_ok(parent: str, child: str) -> bool:
    """Sub-account codes extend the parent's code by two digits (4-2-2-2)."""
    return child.isdigit() and len(child) == len(parent) + 2 and child.startswith(parent)
