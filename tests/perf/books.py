"""Seeded benchmark books, built through propdesk's own services and cached by generator version.

Sizes:
  XS    a tiny book for the test suite (2 compounds, 40 units, six months);
  S     5 compounds, 5,000 units, ten years of monthly bills 2016-12..2026-11 with payments
        (about 89 % of the billed amount collected, some households paying 12 months ahead),
        parking / advertising / parcel-locker income, expenses, every month but the last closed;
  city  500 compounds, 150,000 units with contracts, for one billing run (XS: 2 x 30 units).

The common-resources module is not built yet, so parking, advertising and locker income are
manual vouchers on 5051 (the company's share) and 2241 (the owners' share), per compound. The
owners' share goes to 224109 公共收益（待转）, not 224101: 224101 becomes the control account of
that module (services.resources) and refuses manual vouchers. Once the module is committed,
this income should go through it.

Everything goes through the services (registry.add_units, contracts.add_contract,
billing.run_billing, payments.take_payments, ledger.post_vouchers, ledger.close_period), so
the books are what a clerk would have after ten years; `check` passes on them. Built books
are cached under $PROPDESK_BENCH_CACHE (default: the temp folder), keyed by GENERATOR_VERSION
and the schema's migration head, so the benchmark runner builds each once. When a migration
lands, a book of the same generator version built for an older schema is copied and upgraded
by the migrations (as a clerk's book is) rather than built again.
"""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from propdesk.core.fees import parse_rate
from propdesk.core.periods import first_day, last_day, next_period, period_of
from propdesk.db.models import Bill, Compound, Unit
from propdesk.db.store import Book
from propdesk.services import billing, contracts, ledger, payments, registry
from propdesk.services.books import create_book
from propdesk.services.contracts import NewContract, NewItem
from propdesk.services.ledger import Line, NewVoucher
from propdesk.services.registry import NewUnit

GENERATOR_VERSION = 1  # bump whenever what the builders make changes


@dataclass(frozen=True, slots=True)
class Size:
    name: str
    compounds: int
    units: int  # in all
    start: int  # first billed month (the first contract starts then)
    end: int  # last billed month; every month before it is closed
    city_compounds: int
    city_units: int  # per compound
    city_period: int  # the month the city is billed for
    journal: tuple[int, int]  # postings in the small and the large journal file
    payments: int  # payments in one batch at the counter
    roster_units: int
    tally_units: int  # units of the compound that votes


SIZES = {
    "XS": Size("XS", 2, 40, 202512, 202605, 2, 30, 202605, (300, 3_000), 50, 40, 40),
    "S": Size(
        "S",
        5,
        5_000,
        201612,
        202611,
        500,
        300,
        202611,
        (160_000, 1_600_000),
        10_000,
        5_000,
        5_000,
    ),
}

COMPANY = "长宁街道红心社区物业服务有限公司"
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国志文辉力永健世广义兴良海山仁波宁贵福生龙元全胜学祥才发成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆民友裕河哲江"
SUB_ACCOUNTS = [
    ("221101", "工资"), ("540101", "人工成本"), ("540102", "清洁绿化"), ("540103", "维修材料"),
    ("540104", "公共水电"), ("560202", "办公费"), ("500102", "垃圾清运费"),
    ("224109", "公共收益（待转）"),
]  # fmt: skip
# Each compound's fee standard rises with each three-year contract (yuan per m² per month).
TERMS = 3  # years per contract
RATE_STEPS = ("0.60", "0.68", "0.76", "0.85", "0.95")
SHOP_RATES = ("1.40", "1.50", "1.60", "1.70", "1.80")
HABITS = (("monthly", 35), ("quarterly", 30), ("yearly", 12), ("late", 8), ("sporadic", 9),
          ("never", 6))  # fmt: skip


# -- the cache --------------------------------------------------------------------------------
def cache_root(base: Path | None = None) -> Path:
    """Where built books are kept: one folder per generator version and schema."""
    from propdesk.db.store import head_revision

    if base is None:
        env = os.environ.get("PROPDESK_BENCH_CACHE")
        base = Path(env) if env else Path(tempfile.gettempdir()) / "propdesk-bench"
    return base / f"v{GENERATOR_VERSION}-{head_revision()}"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One builder at a time per file (other engineers run the benchmarks too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def cached(
    name: str, build: Callable[[Path], object], *, root: Path | None = None, log=print
) -> Path:  # type: ignore[no-untyped-def]
    """The file `name` in the cache (under `root`, else the default), built by `build(path)`
    unless it is there already."""
    path = cache_root(root) / name
    if path.exists():
        return path
    with _locked(path):
        if path.exists():
            return path
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        for f in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            f.unlink(missing_ok=True)
        t0 = time.perf_counter()
        older = _older(path)
        if older is not None:
            log(f"{path.name}: from {older} (books upgraded by the migrations) ...")
            _upgrade_copy(older, tmp)
        else:
            log(f"building {path.name} ...")
            build(tmp)
        for extra in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            extra.unlink(missing_ok=True)  # the book was closed: its WAL was checkpointed
        os.replace(tmp, path)
        log(f"built {path.name} in {time.perf_counter() - t0:.0f} s")
    return path


def _older(path: Path) -> Path | None:
    """The same file built by this generator version for an older schema, if any (newest
    first): a book is then upgraded by the migrations, as a clerk's would be, instead of
    being built again (the S book takes a quarter of an hour)."""
    here = path.parent
    prefix = f"v{GENERATOR_VERSION}-"
    found = [
        d / path.name
        for d in here.parent.glob(prefix + "*")
        if d != here and d.is_dir() and (d / path.name).exists()
    ]
    return max(found, key=lambda f: f.stat().st_mtime, default=None)


def _upgrade_copy(src: Path, dest: Path) -> None:
    """Copy `src` to `dest`; a book (.db) is then migrated to the head."""
    from propdesk.db.store import make_engine, to_url, upgrade

    if src.suffix != ".db":
        shutil.copyfile(src, dest)
        return
    ro = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    out = sqlite3.connect(dest)
    with out:
        ro.backup(out)  # consistent even if the source still has a WAL beside it
    ro.close()
    out.close()
    engine = make_engine(to_url(dest))
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def copy_book(src: Path, dest: Path) -> Path:
    """A private copy of a cached book for an operation that writes."""
    for f in (dest, Path(f"{dest}-wal"), Path(f"{dest}-shm")):
        f.unlink(missing_ok=True)
    shutil.copyfile(src, dest)
    return dest


# -- building blocks ---------------------------------------------------------------------------
def _name(rng: random.Random) -> str:
    given = GIVEN[rng.randrange(len(GIVEN))]
    if rng.random() < 0.6:
        given += GIVEN[rng.randrange(len(GIVEN))]
    return SURNAMES[rng.randrange(len(SURNAMES))] + given


def _layout(n: int) -> Iterator[tuple[str, str, str, int, int]]:
    """Unit codes for n units: buildings of 2 entrances x 6 floors x 4 rooms."""
    made = 0
    b = 0
    while True:
        b += 1
        for e in range(1, 3):
            for f in range(1, 7):
                for r in range(1, 5):
                    if made == n:
                        return
                    made += 1
                    yield str(b), str(e), f"{f}{r:02d}", f, r


def add_compounds(
    session, rng: random.Random, n: int, per: int, *, prefix: str = "", first: int = 0
) -> list[tuple[Compound, list[int]]]:  # type: ignore[no-untyped-def]
    """n compounds of `per` units with owners (some co-owners, 3 % unsold, 4 % vacant)."""
    out = []
    phone = 13_000_000_000 + first * 100_000
    for i in range(n):
        c = registry.add_compound(
            session, f"{prefix}第{first + i + 1}小区", f"幸福路 {i + 1} 号", "红心社区", "长宁街道"
        )
        units = []
        for b, e, room, floor, r in _layout(per):
            area = rng.randint(4500, 13000)
            kind = "shop" if floor == 1 and b == "1" and r <= 2 else "residential"
            vacant = rng.random() < 0.04
            if rng.random() < 0.03:
                units.append(
                    (c, NewUnit(b, e, room, area, kind=kind, developer_held=True, vacant=vacant))
                )
                continue
            phone += 1
            co = (_name(rng),) if rng.random() < 0.2 else ()
            units.append((c, NewUnit(b, e, room, area, kind=kind, owner=_name(rng), phone=str(phone),
                                     co_owners=co, vacant=vacant, delivered_on=date(2001, 6, 1))))  # fmt: skip
        ids = registry.add_units(session, units, since=date(2001, 7, 1))
        out.append((c, ids))
    return out


def add_contracts(session, c: Compound, start: int, end: int, k: int) -> None:  # type: ignore[no-untyped-def]
    """Three-year contracts from `start` until past `end`, each with a higher fee standard."""
    p = start
    term = 0
    while p <= end:
        s = first_day(p)
        e = date(s.year + TERMS, s.month, 1) - timedelta(days=1)
        rate = RATE_STEPS[min(term, len(RATE_STEPS) - 1)]
        shop = SHOP_RATES[min(term, len(SHOP_RATES) - 1)]
        bump = parse_rate(rate) + (k % 5) * 200  # compounds differ by up to 0.08 yuan
        contracts.add_contract(session, c, NewContract(
            f"HT-{c.id:04d}-{s.year}", s, e,
            rates={"residential": bump, "shop": parse_rate(shop)},
            items=[NewItem("垃圾清运费", "fixed", amount=500, income_account="500102", unit_kinds=("residential",))],
            vacancy_discount_bp=3000, notes="经业主大会表决通过",
        ))  # fmt: skip
        p = period_of(e + timedelta(days=1))
        term += 1


# -- the S (and XS) book ------------------------------------------------------------------------
def build_book(path: Path, size: Size, *, seed: int = 20161201, log=print) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The ten-year book (a year for XS). Returns counts for the record."""
    rng = random.Random(seed)
    book = create_book(path, company_name=COMPANY)
    try:
        with book.write() as s:
            for code, name in SUB_ACCOUNTS:
                ledger.ensure_account(s, code, name)
            ledger.post_voucher(s, NewVoucher(first_day(size.start), "收到股东投入资本", [
                Line("1002", debit=80_000_000), Line("3001", credit=80_000_000)], attachments=1))  # fmt: skip
            made = add_compounds(s, rng, size.compounds, size.units // size.compounds)
            for k, (c, _ids) in enumerate(made):
                add_contracts(s, c, size.start, size.end, k)
            habits: dict[int, str] = {}
            names, weights = zip(*HABITS, strict=True)
            dev = {u for (u,) in s.execute(select(Unit.id).where(Unit.developer_held.is_(True)))}
            for _c, ids in made:
                for uid in ids:
                    habits[uid] = "never" if uid in dev else rng.choices(names, weights)[0]
            compounds = [(c.id, len(ids)) for c, ids in made]
        p = size.start
        t0 = time.perf_counter()
        while p <= size.end:
            with book.write() as s:
                billing.run_billing(s, p)
                n = _payments(s, p, habits, rng)
                ledger.post_vouchers(s, _income(p, compounds, rng) + _costs(p, len(compounds), rng))
            if p < size.end:
                with book.write() as s:
                    ledger.close_period(s, p)
            if p % 100 == 12 or p == size.end:
                log(f"  {p}: {n} payments this month, {time.perf_counter() - t0:.0f} s so far")
            p = next_period(p)
        with book.read() as s:
            billed = int(s.execute(select(func.sum(Bill.amount))).scalar_one() or 0)
            paid = int(s.execute(select(func.sum(Bill.paid))).scalar_one() or 0)
        return {"billed": billed, "paid": paid}
    finally:
        book.close()


def _payments(s, p: int, habits: dict[int, str], rng: random.Random) -> int:  # type: ignore[no-untyped-def]
    # NOT INDEXED: read the table straight through; walking ix_bill_unit_due instead is six
    # times slower once every unit has years of bills
    owed = dict(
        s.execute(
            text(
                "SELECT unit_id, sum(amount - waived - paid) FROM bill NOT INDEXED "
                "WHERE amount - waived - paid > 0 GROUP BY unit_id"
            )
        ).all()
    )
    month = p % 100
    first = first_day(p)
    items = []
    yearly = []
    for uid, habit in habits.items():
        due = int(owed.get(uid, 0))
        day = first + timedelta(days=rng.randint(1, 24))
        method = rng.choices(("cash", "wechat", "alipay", "bank"), (25, 45, 20, 10))[0]
        if habit == "yearly" and month == 12:
            yearly.append((uid, due, method, day))
            continue
        if due <= 0:
            continue
        pay = (
            (habit == "monthly" and rng.random() < 0.93)
            or (habit == "quarterly" and month in (3, 6, 9, 12))
            or (habit == "yearly" and rng.random() < 0.05)
            or (habit == "late" and month in (6, 12))
            or (habit == "sporadic" and rng.random() < 0.4)
        )
        if pay:
            items.append(payments.PaymentIn(uid, due, method, day))
    if yearly:  # a year ahead, as far as the contract and the prepayment limit allow
        units = {
            u.id: u
            for u in s.execute(select(Unit).where(Unit.id.in_([y[0] for y in yearly]))).scalars()
        }
        balances = billing.prepaid_balances(s, list(units))
        for uid, due, method, day in yearly:
            room = payments.prepayment_cap(s, units[uid], day) - balances.get(uid, 0)
            if due + max(room, 0) > 0:
                items.append(payments.PaymentIn(uid, due + max(room, 0), method, day))
    items.sort(key=lambda it: (it.on, it.unit_id))
    payments.take_payments(s, items)
    # the cash and the wallets' takings go to the bank at the end of the month
    end = last_day(p)
    sweep = []
    for method, account, summary in (("cash", "1001", "库存现金存入银行"),
                                     ("wechat", "101201", "微信收款提现至银行"),
                                     ("alipay", "101202", "支付宝收款提现至银行")):  # fmt: skip
        amount = sum(it.amount for it in items if it.method == method)
        if amount:
            sweep.append(NewVoucher(end, summary, [Line("1002", debit=amount), Line(account, credit=amount)], 1))  # fmt: skip
    ledger.post_vouchers(s, sweep)
    return len(items)


def _yuan(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low * 10, high * 10) * 10


def _split(total: int, company_bp: int) -> tuple[int, int]:
    company = total * company_bp // 10_000
    return company, total - company


def _income(p: int, compounds: list[tuple[int, int]], rng: random.Random) -> list[NewVoucher]:
    """Common-resource income per compound, as manual vouchers until that module exists:
    the company keeps its management share (505101), the rest is the owners' (224109)."""
    out = []
    first = first_day(p)
    for cid, units in compounds:
        scale = max(units // 100, 1)
        kinds = [("停车场收费", 300 * scale, 600 * scale, 3000, 8)]
        kinds.append(("快递柜场地费", 20 * scale, 40 * scale, 3000, 12))
        if p % 100 in (3, 6, 9, 12):
            kinds.append(("电梯广告位租金", 200 * scale, 400 * scale, 3000, 15))
        for what, lo, hi, bp, day in kinds:
            total = _yuan(rng, lo, hi)
            company, owners = _split(total, bp)
            out.append(NewVoucher(first.replace(day=day), f"第{cid}小区 {what}", [
                Line("1002", debit=total, compound_id=cid),
                Line("505101", credit=company, compound_id=cid),
                Line("224109", credit=owners, compound_id=cid),
            ], 1))  # fmt: skip
    return out


def _costs(p: int, compounds: int, rng: random.Random) -> list[NewVoucher]:
    first = first_day(p)
    m = p % 100
    staff = max(compounds, 1)
    wages = _yuan(rng, 9_000 * staff, 10_000 * staff)
    items = [
        (10, f"计提{m}月工资", "540101", "221101", wages),
        (15, f"发放{m}月工资", "221101", "1002", wages),
        (18, "小区清洁绿化外包费", "540102", "1002", _yuan(rng, 1_500 * staff, 2_000 * staff)),
        (20, "楼道灯、水泵维修材料", "540103", "1002", _yuan(rng, 400 * staff, 1_800 * staff)),
        (22, "公共区域水电费", "540104", "1002", _yuan(rng, 900 * staff, 1_600 * staff)),
        (25, "办公用品", "560202", "1002", _yuan(rng, 200, 900)),
    ]
    if m in (3, 6, 9, 12):
        items.append((26, "银行账户管理费", "5603", "1002", _yuan(rng, 120, 260)))
    return [
        NewVoucher(first.replace(day=d), summary, [Line(dr, debit=amt), Line(cr, credit=amt)], 1)
        for d, summary, dr, cr, amt in items
    ]


# -- the city and the registry-only book --------------------------------------------------------
def build_city(path: Path, size: Size, *, seed: int = 20260101, log=print) -> None:  # type: ignore[no-untyped-def]
    """size.city_compounds compounds of size.city_units units, each with a contract billing
    from 2026-01; nothing billed yet."""
    rng = random.Random(seed)
    book = create_book(path, company_name=COMPANY)
    try:
        for start in range(0, size.city_compounds, 50):
            n = min(50, size.city_compounds - start)
            with book.write() as s:
                ledger.ensure_account(s, "500102", "垃圾清运费")
                for k, (c, _ids) in enumerate(
                    add_compounds(s, rng, n, size.city_units, first=start), start=start
                ):
                    add_contracts(s, c, 202601, 202601, k)
            log(f"  city: {start + n} compounds")
    finally:
        book.close()


def build_registry(path: Path, size: Size, *, seed: int = 20161201) -> None:
    """The S book's compounds and units and nothing else (the journal import's target)."""
    book = create_book(path, company_name=COMPANY)
    try:
        with book.write() as s:
            add_compounds(s, random.Random(seed), size.compounds, size.units // size.compounds)
    finally:
        book.close()


def unit_codes(path: Path, limit_per_compound: int = 200) -> dict[str, list[str]]:
    """Compound name -> some of its unit codes (for journal lines carrying a unit)."""
    book = Book.open(path)
    try:
        with book.read() as s:
            out: dict[str, list[str]] = {}
            for name, code in s.execute(
                select(Compound.name, Unit.code)
                .join(Unit, Unit.compound_id == Compound.id)
                .order_by(Unit.id)
            ):
                codes = out.setdefault(name, [])
                if len(codes) < limit_per_compound:
                    codes.append(code)
            return out
    finally:
        book.close()
