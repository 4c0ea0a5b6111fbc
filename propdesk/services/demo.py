"""The demo book: a realistic community-run property company, filled through the services.

Three old compounds (about 1,200 units) taken over in December 2025, a fourth served free of
charge on trial (先尝后买) for the last three months with its costs as the company's own, a year
of monthly billing, payments at the counter (about nine in ten yuan collected, some households paying a
quarter ahead, some in arrears), the company's own costs, and every past month closed.
Grids, grid workers and service stations share out the surplus of the last closed quarter:
one allocation approved by the secretary and paid by bank.
Deterministic (seeded) so screenshots and tests see the same figures. Each area extends it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from propdesk.core.fees import LateFeeRule, parse_rate
from propdesk.core.periods import add_months, first_day, last_day, next_period, period_of
from propdesk.db.models import Unit
from propdesk.db.store import Book
from propdesk.services import billing, contracts, ledger, payments, registry, trial
from propdesk.services.books import set_meta
from propdesk.services.contracts import NewContract, NewItem
from propdesk.services.ledger import Line, NewVoucher
from propdesk.services.registry import NewUnit

DEMO_COMPANY = "长宁街道红心社区物业服务有限公司"
START = 202512
SUB_ACCOUNTS = [
    ("221101", "工资"),
    ("221102", "网格补贴"),
    ("222101", "应交增值税"),
    ("540101", "人工成本"),
    ("540102", "清洁绿化"),
    ("540103", "维修材料"),
    ("540104", "公共水电"),
    ("560202", "办公费"),
    ("560203", "人工费"),
    ("500102", "垃圾清运费"),
]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红英建华建国志强桂兰淑珍德胜凤英秀珍玉珍海燕国庆振华丽娟"

# name, address, community, buildings, entrances, floors, rooms per floor, area range, rate
COMPOUNDS = [
    ("幸福里小区", "长宁路 128 弄", "红心社区", 8, 2, 6, 5, (56, 98), "0.85"),
    ("和平新村", "和平街 45 号", "红心社区", 7, 2, 6, 5, (48, 90), "0.75"),
    ("纺织厂宿舍", "东风路 9 号", "光明社区", 5, 2, 6, 5, (42, 76), "0.60"),
]


# Late fees are rare in red property (the default is none); the factory dormitory's owners
# agreed to 0.03 % a day after 90 days' grace, so the 违约金 tab has households to show. Listing
# them charges nothing: only the clerk's confirmation does.
LATE_FEES = {"纺织厂宿舍": LateFeeRule("daily", daily_ppm=300, grace_days=90)}


def _name(rng: random.Random) -> str:
    given = rng.choice(
        [GIVEN[i : i + 1] for i in range(len(GIVEN))]
        + [GIVEN[i : i + 2] for i in range(0, len(GIVEN) - 1, 2)]
    )
    return rng.choice(SURNAMES) + given


def fill(book: Book, *, today: date | None = None, seed: int = 20251201) -> None:
    today = today or date.today()
    rng = random.Random(seed)
    end = period_of(today)
    with book.write() as s:
        set_meta(s, "company_name", DEMO_COMPANY)
        set_meta(s, "seal_text", DEMO_COMPANY + "财务专用章")
        for code, name in SUB_ACCOUNTS:
            ledger.ensure_account(s, code, name)
        ledger.post_voucher(
            s,
            NewVoucher(date(2025, 12, 1), "收到社区股份经济合作社投入资本", [
                Line("1002", debit=50_000_000), Line("3001", credit=50_000_000)], attachments=2),
        )  # fmt: skip
    habits = _registry(book, rng)
    # owners' votes behind each contract, and the common resources behind their own votes
    from propdesk.services.resources import demo_resources
    from propdesk.services.votes import demo_votes

    demo_votes(book, rng, today=today)
    demo_resources(book, rng, today=today)
    # after the votes and resources (it has none), with its own random stream so the other
    # compounds' figures stay what they were
    trial_rng = random.Random(seed + 1)
    trial_id = _trial_compound(book, trial_rng, today)
    with book.read() as s:
        first = ledger.first_voucher_period(s)
    p = min(START, first or START)  # resources may have posted costs before the contracts began
    while p <= end and p <= period_of(today):
        with book.write() as s:
            billing.run_billing(s, p)
            _payments(s, p, habits, rng, today)
            _costs(s, p, rng, today)
            _trial_services(s, trial_id, p, trial_rng, today)
        if p < end:
            with book.write() as s:
                ledger.close_period(s, p)
        p = next_period(p)
    _grids_and_allocation(book, today)


def _registry(book: Book, rng: random.Random) -> dict[int, str]:
    """Compounds, units, owners and contracts; returns each unit's payment habit."""
    habits: dict[int, str] = {}
    with book.write() as s:
        repeat_owners: list[tuple[str, str]] = []
        for name, addr, community, blds, ents, floors, rooms, (lo, hi), rate in COMPOUNDS:
            c = registry.add_compound(s, name, addr, community, "长宁街道")
            units: list[tuple[registry.Compound, NewUnit]] = []
            for b in range(1, blds + 1):
                for e in range(1, ents + 1):
                    for f in range(1, floors + 1):
                        for r in range(1, rooms + 1):
                            area = rng.randint(lo * 100, hi * 100)
                            kind = "shop" if f == 1 and b == 1 and r <= 2 else "residential"
                            vacant = rng.random() < 0.04
                            if rng.random() < 0.03:
                                units.append((c, NewUnit(str(b), str(e), f"{f}{r:02d}", area, kind=kind,
                                                         developer_held=True, vacant=vacant)))  # fmt: skip
                                continue
                            if repeat_owners and rng.random() < 0.02:
                                owner, phone = rng.choice(repeat_owners)
                            else:
                                owner, phone = _name(rng), f"13{rng.randint(0, 999_999_999):09d}"
                                if rng.random() < 0.05:
                                    repeat_owners.append((owner, phone))
                            co = (_name(rng),) if rng.random() < 0.25 else ()
                            units.append((c, NewUnit(str(b), str(e), f"{f}{r:02d}", area, kind=kind, owner=owner,
                                                     phone=phone, co_owners=co, delivered_on=date(1998 + b, 6, 1),
                                                     vacant=vacant)))  # fmt: skip
            ids = registry.add_units(s, units, since=date(2001, 7, 1))
            for uid, (_c, u) in zip(ids, units, strict=True):
                x = rng.random()
                habits[uid] = (
                    "never" if u.developer_held or x < 0.06
                    else "late" if x < 0.14
                    else "quarterly" if x < 0.55
                    else "monthly"
                )  # fmt: skip
            contracts.add_contract(s, c, NewContract(
                f"HT-{name}-2025", date(2025, 12, 1), date(2028, 11, 30),
                rates={"residential": parse_rate(rate), "shop": parse_rate("1.50")},
                items=[NewItem("垃圾清运费", "fixed", amount=500, income_account="500102", unit_kinds=("residential",))],
                vacancy_discount_bp=3000, notes="经业主大会表决通过（示例）",
                late_fee=LATE_FEES.get(name, LateFeeRule()),
            ))  # fmt: skip
    return habits


# the compound served on trial: name, address, community, buildings, entrances, floors, rooms
TRIAL_COMPOUND = ("建新里小区", "建新路 21 号", "光明社区", 2, 2, 5, 2, (50, 80))
TRIAL_MONTHS = 3
# (day of the month, kind, what was done, cost range in yuan); rubbish removal is monthly
TRIAL_WORK = [
    (3, "rubbish", "清运楼道和院内积存垃圾", (260, 420)),
    (8, "cleaning", "楼道及院落保洁（两名保洁员）", (900, 1100)),
    (15, "repair", "更换楼道灯、修补单元门闭门器", (120, 380)),
    (22, "cleaning", "楼道及院落保洁（两名保洁员）", (900, 1100)),
    (26, "greening", "修剪院内绿篱、清理枯枝", (150, 300)),
]


def _trial_compound(book: Book, rng: random.Random, today: date) -> int:
    """A fourth old compound, registered, served free for the three months up to now's end."""
    name, addr, community, blds, ents, floors, rooms, (lo, hi) = TRIAL_COMPOUND
    end_p = period_of(today)
    start_p = add_months(end_p, 1 - TRIAL_MONTHS)
    with book.write() as s:
        c = registry.add_compound(s, name, addr, community, "长宁街道")
        units = [
            (c, NewUnit(str(b), str(e), f"{f}{r:02d}", rng.randint(lo * 100, hi * 100),
                        owner=_name(rng), phone=f"13{rng.randint(0, 999_999_999):09d}",
                        delivered_on=date(1996, 5, 1)))
            for b in range(1, blds + 1) for e in range(1, ents + 1)
            for f in range(1, floors + 1) for r in range(1, rooms + 1)
        ]  # fmt: skip
        registry.add_units(s, units, since=date(2001, 7, 1))
        t = trial.add_trial(
            s, c, first_day(start_p), last_day(end_p),
            notes="先尝后买：免费保洁、维修、垃圾清运三个月，期满后入户征询业主是否选聘",
        )  # fmt: skip
        return t.id


def _trial_services(s: Session, trial_id: int, p: int, rng: random.Random, today: date) -> None:
    """The trial's services dated in period p (up to today), each cost posted as the company's."""
    t = trial.get_trial(s, trial_id)
    for day, kind, what, (low, high) in TRIAL_WORK:
        on = first_day(p) + timedelta(days=day - 1)
        if t.start <= on <= min(t.end, today):
            paid = "cash" if kind == "rubbish" else "bank"
            trial.record_service(s, t, on, kind, what, _yuan(rng, low, high), paid_from=paid)


def _payments(s, p: int, habits: dict[int, str], rng: random.Random, today: date) -> None:  # type: ignore[no-untyped-def]
    """Who pays this month, how much and how, as a batch at the counter."""
    from propdesk.services.arrears import outstanding_as_of

    first, last = first_day(p), min(last_day(p), today)
    owed: dict[int, int] = {}
    for _b, unit_id, _c, _p, _d, out in outstanding_as_of(s, last):
        owed[unit_id] = owed.get(unit_id, 0) + int(out)
    items = []
    month = p % 100
    for unit_id, habit in habits.items():
        due = owed.get(unit_id, 0)
        if due <= 0 or habit == "never":
            continue
        day = first + timedelta(days=rng.randint(2, 25))
        if day > last:
            continue
        method = rng.choices(["cash", "wechat", "alipay", "bank"], [30, 45, 15, 10])[0]
        if habit == "monthly" and rng.random() < 0.92:
            items.append(payments.PaymentIn(unit_id, due, method, day))
        elif habit == "quarterly" and month in (12, 3, 6, 9):
            items.append(
                payments.PaymentIn(unit_id, due * 3, method, day)
            )  # this month and two ahead
        elif (habit == "quarterly" and rng.random() < 0.3) or (
            habit == "late" and month in (2, 6, 10)
        ):
            items.append(payments.PaymentIn(unit_id, due, method, day))
    items.sort(key=lambda it: it.on)
    ok = []
    for it in items:  # a quarter ahead may cross the contract's cap: then pay what is owed
        unit = s.get(Unit, it.unit_id)
        cap = payments.prepayment_cap(s, unit, it.on) if it.amount > owed.get(it.unit_id, 0) else 0
        if it.amount > owed.get(it.unit_id, 0) + cap:
            it = payments.PaymentIn(it.unit_id, owed[it.unit_id], it.method, it.on)
        ok.append(it)
    payments.take_payments(s, ok)
    # the cash and the wallets' takings are moved to the bank at the end of the month
    for method, account, summary in (("cash", "1001", "库存现金存入银行"), ("wechat", "101201", "微信收款提现至银行"),
                                     ("alipay", "101202", "支付宝收款提现至银行")):  # fmt: skip
        amount = sum(it.amount for it in ok if it.method == method)
        if amount:
            ledger.post_voucher(
                s,
                NewVoucher(
                    last, summary, [Line("1002", debit=amount), Line(account, credit=amount)], 1
                ),
            )


def _yuan(rng: random.Random, low: int, high: int) -> int:
    """A random amount in fen between low and high yuan, to the jiao like real bills."""
    return rng.randint(low * 10, high * 10) * 10


def _costs(s: Session, p: int, rng: random.Random, today: date) -> None:
    """The company's monthly costs, recorded as expenses (so the 支出 page lists them)."""
    from propdesk.services import expenses
    from propdesk.services.expenses import NewExpense

    first, last = first_day(p), last_day(p)
    if p == period_of(today):
        last = min(last, today)

    def day(d: int) -> date:
        return min(first.replace(day=min(d, 28)), last)

    m = p % 100
    wages = _yuan(rng, 31_000, 33_000)
    accrued = expenses.record_expense(s, NewExpense(
        day(10), "staff", wages, "物业服务人员", "salary", summary=f"计提{m}月工资"))  # fmt: skip
    expenses.pay_payable(s, accrued.id, day(15), method="bank")
    for d, category, lo, hi, payee, summary in (
        (18, "cleaning", 5_000, 7_000, "洁美保洁公司", "小区清洁绿化外包费"),
        (20, "repairs", 1_500, 6_000, "五金建材店", "楼道灯、水泵维修材料"),
        (22, "utilities", 3_000, 5_500, "供电公司", "公共区域水电费"),
        (25, "office", 600, 1_800, "文具店", "办公用品"),
    ):
        expenses.record_expense(s, NewExpense(
            day(d), category, _yuan(rng, lo, hi), payee, "bank", summary=summary))  # fmt: skip
    if m in (3, 6, 9, 12):
        expenses.record_expense(s, NewExpense(
            day(26), "finance", _yuan(rng, 120, 260), "开户银行", "bank", summary="银行账户管理费"))  # fmt: skip


# grid code, name, leader, compound; workers (name, kind, from, base stipend, bank account)
GRIDS = [
    ("G01", "幸福网格", "周红梅", "幸福里小区", [
        ("刘建华", "full_time", date(2024, 3, 1), 180_000, "6228480012345678901"),
        ("陈秀英", "part_time", date(2025, 12, 1), 60_000, "6217001234567812"),
        ("杨桂兰", "auxiliary", date(2025, 12, 1), 0, ""),
    ]),
    ("G02", "和平网格", "吴志强", "和平新村", [
        ("黄海燕", "full_time", date(2023, 9, 1), 180_000, "6222020200112233445"),
        ("赵德胜", "part_time", date(2026, 2, 1), 60_000, "6217001234567834"),
        ("孙玉珍", "auxiliary", date(2026, 1, 1), 0, ""),
    ]),
    ("G03", "光明网格", "郑国庆", "纺织厂宿舍", [
        ("马振华", "full_time", date(2024, 6, 1), 180_000, "6228480098765432101"),
        ("朱丽娟", "full_time", date(2025, 3, 1), 180_000, "6222020200998877665"),
        ("胡建国", "part_time", date(2025, 12, 1), 60_000, "6217001234567856"),
    ]),
]  # fmt: skip
# station, grid, address; projects (name, budget fen, status)
STATIONS = [
    ("红心网格党群服务驿站", "G01", "长宁路 128 弄 3 号楼底层", [
        ("适老化扶手改造", 1_200_000, "active"), ("驿站图书角", 300_000, "planned"),
    ]),
    ("光明网格党群服务驿站", "G03", "东风路 9 号门卫室旁", [
        ("便民维修服务点", 800_000, "active"),
    ]),
]  # fmt: skip


def _grids_and_allocation(book: Book, today: date) -> None:
    """Grids, workers, stations and projects; the last closed quarter's surplus allocated
    (approved by the secretary today) and paid by bank."""
    from propdesk.services import grids, surplus

    with book.write() as s:
        ids: dict[str, int] = {}
        for code, name, leader, compound, workers in GRIDS:
            g = grids.add_grid(s, code, name, leader, [compound])
            ids[code] = g.id
            for wname, kind, start, stipend, account in workers:
                grids.add_worker(s, g.id, wname, kind, start, base_stipend=stipend,
                                 phone="", bank_name="中国农业银行" if account else "",
                                 bank_account=account)  # fmt: skip
        for sname, code, address, projects in STATIONS:
            st = grids.add_station(s, ids[code], sname, address)
            for pname, budget, status in projects:
                grids.add_project(s, st.id, pname, budget, status)
        surplus.seed_default_rules(s)
        closed = ledger.closed_through(s)
    if closed is None:
        return
    y, m = divmod(closed, 100)
    quarter = (m // 3) if m % 3 == 0 else (m - 1) // 3  # the last quarter closed in full
    if quarter == 0:
        y, quarter = y - 1, 4
    if y * 100 + 3 * quarter < START:
        return
    with book.write() as s:
        figures = surplus.surplus_figures(s, f"{y}-Q{quarter}")
        if figures.distributable <= 0:
            return
        draft = surplus.draft_allocation(s, f"{y}-Q{quarter}")
        surplus.approve_allocation(s, draft.id, "王书记", on=today)
        surplus.pay_lines(s, draft.id, "bank", today)
