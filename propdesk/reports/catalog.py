"""The one catalog of documents (PDF and Excel): key, title, group, parameters and how to make it.

The reports page of the app lists it; each entry is also a CLI `print KIND` (PDF) or
`export KIND` (Excel). `make(book, params, fp, progress)` opens its own session (a write one
only where printing is counted, as for receipts), builds the data and renders into `fp`.
Later areas add their documents with `register(entry)`.

Parameter values are plain Python: a month is a YYYYMM int, a month range a (start, end) pair,
a date a `date`, a date range a (start, end) pair or None for the whole book, a compound, unit
or vote its id (None: the whole company / every household), an account its code (None: all),
receipt numbers a tuple of ints, a choice its value, a flag a bool.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from propdesk.core.errors import UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.periods import first_day, fmt_period, last_day
from propdesk.core.progress import Progress, null_progress
from propdesk.db.store import Book

PDF, XLSX = "pdf", "xlsx"

# parameter kinds
MONTH = "month"  # YYYYMM
MONTH_RANGE = "month_range"  # (YYYYMM, YYYYMM)
DATE = "date"
DATE_RANGE = "date_range"  # (date, date) or None for the whole book
YEAR = "year"
COMPOUND = "compound"  # compound id; None = the whole company when optional
UNIT = "unit"  # unit id within the form's compound; None = every household when optional
ACCOUNT = "account"  # account code; None = every account when optional
VOTE = "vote"  # vote id
RECEIPTS = "receipts"  # tuple of receipt numbers
NUMBER = "number"  # a positive whole number (a voucher number)
ALLOCATION = "allocation"  # surplus allocation id
QUARTER = "quarter"  # "2026-Q1"
CHOICE = "choice"
FLAG = "flag"
KINDS = (MONTH, MONTH_RANGE, DATE, DATE_RANGE, YEAR, COMPOUND, UNIT, ACCOUNT, VOTE, RECEIPTS,
         NUMBER, ALLOCATION, QUARTER, CHOICE, FLAG)  # fmt: skip

# groups, in the order the app shows them
G_STATEMENTS = bilingual("财务报表", "Financial statements")
G_BOOKS = bilingual("账簿", "Books of account")
G_FEES = bilingual("收费", "Fees")
G_NOTICES = bilingual("公示与通知", "Disclosures and notices")
G_VOTES = bilingual("表决", "Owner votes")
G_SURPLUS = bilingual("盈余分配", "Surplus allocation")
GROUPS: list[Text] = [G_STATEMENTS, G_BOOKS, G_FEES, G_NOTICES, G_VOTES, G_SURPLUS]

T_REQUIRED_COMPOUND = bilingual("请选择小区", "Choose a compound")
T_REQUIRED_UNIT = bilingual("请选择房屋", "Choose a unit")
T_REQUIRED_VOTE = bilingual("请选择表决", "Choose a vote")
T_REQUIRED_ALLOCATION = bilingual("请选择盈余分配", "Choose an allocation")
T_REQUIRED = bilingual("请填写{label}", "Fill in {label}")
T_RANGE_ORDER = bilingual("开始 {start} 晚于结束 {end}", "the start {start} is after the end {end}")
T_RECEIPT_NUMBER = bilingual("收据号「{text}」无效", 'receipt number "{text}" is invalid')
T_NO_RECEIPTS = bilingual("请给出至少一个收据号", "Give at least one receipt number")
T_MAKING = bilingual("正在生成 {title}…", "Making {title}…")
T_EXPORTING = bilingual("正在导出 {title}…", "Exporting {title}…")
T_UNKNOWN = bilingual("没有这个文档：{key}", "No such document: {key}")


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a document: what kind of value, its label, whether it may be left out
    (`required=False`: None means the whole company / every account / the whole book / today),
    and a default read from the book."""

    key: str
    kind: str
    label: Text
    required: bool = True
    default: Callable[[Session], Any] | None = None
    choices: tuple[tuple[Any, Text], ...] = ()  # CHOICE: (value, label)
    hint: Text | None = None


Maker = Callable[[Book, Mapping[str, Any], BinaryIO, Progress], Any]


@dataclass(frozen=True, slots=True)
class Document:
    """A document the app can preview or save and the CLI can print or export."""

    key: str  # the CLI KIND
    format: str  # PDF or XLSX
    title: Text
    group: Text
    params: tuple[Param, ...]
    write: Maker  # (book, params, fp, progress) -> what the renderer returned
    description: Text | None = None
    file_stem: Callable[[Mapping[str, Any]], str] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    writes: bool = False  # making it changes the book (a receipt's print count)

    @property
    def id(self) -> str:
        return f"{self.format}:{self.key}"

    @property
    def command(self) -> str:
        """The CLI command that makes the same document."""
        cli = self.extra.get("cli")
        return str(cli) if cli else f"{'print' if self.format == PDF else 'export'} {self.key}"

    def param(self, key: str) -> Param:
        for p in self.params:
            if p.key == key:
                return p
        raise KeyError(key)

    def defaults(self, session: Session) -> dict[str, Any]:
        return {p.key: (p.default(session) if p.default else None) for p in self.params}

    def problems(self, params: Mapping[str, Any]) -> dict[str, UserError]:
        """Parameter key -> what is wrong with it, for every parameter at once."""
        problems: dict[str, UserError] = {}
        for p in self.params:
            value = params.get(p.key)
            if p.kind == FLAG:
                continue
            if value is None or value == () or value == "":
                if p.required:
                    problems[p.key] = UserError(_required(p), label=p.label.format())
                continue
            if p.kind in (MONTH_RANGE, DATE_RANGE):
                start, end = value
                if start > end:
                    problems[p.key] = UserError(
                        T_RANGE_ORDER, start=_show(p.kind, start), end=_show(p.kind, end)
                    )
        return problems

    def check(self, params: Mapping[str, Any]) -> dict[str, str]:
        """Parameter key -> what is wrong with it, in the current language."""
        return {k: e.message for k, e in self.problems(params).items()}

    def make(
        self,
        book: Book,
        params: Mapping[str, Any],
        fp: BinaryIO,
        progress: Progress | None = None,
    ) -> Any:
        """Check the parameters (a UserError names the first problem), then write the document."""
        problems = self.problems(params)
        if problems:
            raise next(iter(problems.values()))
        full = {p.key: params.get(p.key) for p in self.params}
        return self.write(book, full, fp, progress or null_progress())

    def suggested_name(self, params: Mapping[str, Any]) -> str:
        stem = self.file_stem(params) if self.file_stem else self.title.zh
        return f"{stem}.{self.format}"


def _required(p: Param) -> Text:
    return {
        COMPOUND: T_REQUIRED_COMPOUND, UNIT: T_REQUIRED_UNIT, VOTE: T_REQUIRED_VOTE,
        ALLOCATION: T_REQUIRED_ALLOCATION,
    }.get(p.kind, T_REQUIRED)  # fmt: skip


def _show(kind: str, value: Any) -> str:
    return fmt_period(value) if kind == MONTH_RANGE else str(value)


# -- the registry ---------------------------------------------------------------------------------
_CATALOG: dict[str, Document] = {}


def register(doc: Document) -> Document:
    """Add a document to the catalog (areas that come later call this at import). The same id
    registered again replaces the earlier entry, in its place: an area may take over the entry
    the catalog made for its document."""
    for p in doc.params:
        assert p.kind in KINDS, (doc.id, p.kind)
    _CATALOG[doc.id] = doc
    return doc


def documents() -> list[Document]:
    """Every document, grouped in the order of GROUPS, then as registered."""
    order = {g: i for i, g in enumerate(GROUPS)}
    return sorted(_CATALOG.values(), key=lambda d: order.get(d.group, len(order)))


def document(doc_id: str) -> Document:
    """By id (`pdf:trial-balance`, `xlsx:journal`)."""
    try:
        return _CATALOG[doc_id]
    except KeyError:
        raise UserError(T_UNKNOWN, key=doc_id) from None


def by_command(fmt: str, key: str) -> Document | None:
    return _CATALOG.get(f"{fmt}:{key}")


# -- parameter helpers (serialising for settings, parsing text) -----------------------------------
def parse_receipt_numbers(text: str) -> tuple[int, ...]:
    """'12, 13 No.00000014' -> (12, 13, 14); a UserError names a bad one."""
    out: list[int] = []
    for part in re.split(r"[\s,，;；、]+", text.strip()):
        if not part:
            continue
        t = part[3:] if part[:3].lower() == "no." else part
        if not t.isdigit() or int(t) <= 0:
            raise UserError(T_RECEIPT_NUMBER, text=part)
        out.append(int(t))
    return tuple(out)


def receipt_numbers_text(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def dump_params(doc: Document, params: Mapping[str, Any]) -> dict[str, Any]:
    """Plain JSON values (for the app's settings)."""
    out: dict[str, Any] = {}
    for p in doc.params:
        v = params.get(p.key)
        if v is None:
            out[p.key] = None
        elif p.kind == DATE:
            out[p.key] = v.isoformat()
        elif p.kind == DATE_RANGE:
            out[p.key] = [v[0].isoformat(), v[1].isoformat()]
        elif p.kind in (MONTH_RANGE, RECEIPTS):
            out[p.key] = list(v)
        else:
            out[p.key] = v
    return out


def load_params(doc: Document, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of `dump_params`; values that no longer parse are left out."""
    out: dict[str, Any] = {}
    for p in doc.params:
        if p.key not in raw:
            continue
        v = raw[p.key]
        try:
            if v is None:
                out[p.key] = None
            elif p.kind == DATE:
                out[p.key] = date.fromisoformat(v)
            elif p.kind == DATE_RANGE:
                out[p.key] = (date.fromisoformat(v[0]), date.fromisoformat(v[1]))
            elif p.kind == MONTH_RANGE:
                out[p.key] = (int(v[0]), int(v[1]))
            elif p.kind == RECEIPTS:
                out[p.key] = tuple(int(n) for n in v)
            elif p.kind in (MONTH, YEAR, COMPOUND, UNIT, VOTE, NUMBER, ALLOCATION):
                out[p.key] = int(v)
            elif p.kind == FLAG:
                out[p.key] = bool(v)
            elif p.kind == CHOICE:
                if any(c == v for c, _ in p.choices):
                    out[p.key] = v
            else:
                out[p.key] = str(v)
        except (TypeError, ValueError, IndexError):
            continue
    return out


# -- defaults read from the book ------------------------------------------------------------------
def latest_closed_month(session: Session) -> int:
    """The last closed month, or the open one when nothing is closed yet."""
    from propdesk.services import ledger

    return ledger.closed_through(session) or ledger.current_period(session)


def _month_default(session: Session) -> int:
    return latest_closed_month(session)


def _month_range_default(session: Session) -> tuple[int, int]:
    p = latest_closed_month(session)
    return p, p


def _date_range_default(session: Session) -> tuple[date, date]:
    p = latest_closed_month(session)
    return first_day(p), last_day(p)


def _today(_session: Session) -> date:
    return date.today()


def _year_default(session: Session) -> int:
    return latest_closed_month(session) // 100


def _first_compound(session: Session) -> int | None:
    from propdesk.services import desk

    rows = desk.compounds(session)
    return rows[0].id if rows else None


def _first_unit(session: Session) -> int | None:
    """The first unit of the first compound (the compound's default)."""
    from propdesk.services.ledger_views import units_of

    cid = _first_compound(session)
    units = units_of(session, cid) if cid is not None else []
    return units[0].id if units else None


def _latest_receipt(session: Session) -> tuple[int, ...]:
    from propdesk.db.models import Receipt

    n = session.execute(select(func.max(Receipt.number))).scalar()
    return (int(n),) if n else ()


def _latest_vote(session: Session) -> int | None:
    from propdesk.services import votes

    rows = votes.list_votes(session)
    return rows[-1].id if rows else None


def _month(key: str = "period", label: Text | None = None) -> Param:
    return Param(key, MONTH, label or bilingual("月份", "Month"), default=_month_default)


def _months() -> Param:
    return Param("months", MONTH_RANGE, bilingual("月份", "Months"), default=_month_range_default)


def _dates(required: bool = False) -> Param:
    return Param(
        "range", DATE_RANGE, bilingual("期间", "Period"), required=required,
        default=_date_range_default,
        hint=bilingual("不选：全部期间", "Unticked: the whole book"),
    )  # fmt: skip


def _compound(required: bool, default: bool = False) -> Param:
    return Param(
        "compound", COMPOUND, bilingual("小区", "Compound"), required=required,
        default=_first_compound if default else None,
    )  # fmt: skip


def _as_of() -> Param:
    return Param("as_of", DATE, bilingual("截至日期", "As of"), default=_today)


def _per_page(default: int) -> Param:
    return Param(
        "per_page", CHOICE, bilingual("每页户数", "Households per page"),
        default=lambda _s: default,
        choices=((1, bilingual("每页一户", "One per page")), (2, bilingual("每页两户", "Two per page"))),
    )  # fmt: skip


def _issued() -> Param:
    return Param("issued", DATE, bilingual("落款日期", "Date printed"), required=False,
                 default=_today)  # fmt: skip


# -- naming helpers ----------------------------------------------------------------------------
def _span(months: tuple[int, int]) -> str:
    a, b = months
    return fmt_period(a) if a == b else f"{fmt_period(a)}至{fmt_period(b)}"


def _dates_span(value: tuple[date, date] | None) -> str:
    return "全部期间" if value is None else f"{value[0]}至{value[1]}"


def _stem(title: str, *parts: str) -> Callable[[Mapping[str, Any]], str]:
    def make(params: Mapping[str, Any]) -> str:
        bits = [str(params[p]) for p in parts if params.get(p) is not None]
        return title + ("-" + "-".join(bits) if bits else "")

    return make


def _stem_month(title: str) -> Callable[[Mapping[str, Any]], str]:
    return lambda p: f"{title}{fmt_period(p['period'])}" if p.get("period") else title


# -- the documents of the ledger ------------------------------------------------------------------
def _starting(progress: Progress, title: Text) -> None:
    progress.report(0, 0, T_MAKING.format(title=title.format()))


def _rows_progress(progress: Progress, title: Text) -> Callable[[int, int], None]:
    text = T_EXPORTING.format(title=title.format())
    return lambda done, total: progress.report(done, total, text)


T_VOUCHER = bilingual("记账凭证", "Vouchers")
T_TB = bilingual("科目余额表", "Trial balance")
T_IS = bilingual("利润表", "Income statement")
T_BS = bilingual("资产负债表", "Balance sheet")
T_JOURNAL = bilingual("序时账", "Journal")
T_GL = bilingual("总账", "General ledger")
T_DL = bilingual("明细账", "Detail ledger")


def _print_vouchers(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> None:
    from propdesk.reports.pdf.voucher import render_vouchers
    from propdesk.reports.vouchers import voucher_batch

    _starting(progress, T_VOUCHER)
    with book.read() as s:
        batch = voucher_batch(s, p["period"], p["number"])
    progress.check()
    render_vouchers(batch, fp, per_page=p["per_page"] or 2)


def _trial_balance(fmt: str) -> Maker:
    def write(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> None:
        from propdesk.reports.ledgers import trial_balance_report

        _starting(progress, T_TB)
        start, end = p["months"]
        with book.read() as s:
            data = trial_balance_report(s, start, end)
        progress.check()
        if fmt == PDF:
            from propdesk.reports.pdf.statements import render_trial_balance

            render_trial_balance(data, fp)
        else:
            from propdesk.reports.xlsx.ledgers import write_trial_balance

            write_trial_balance(data, fp)

    return write


def _income(fmt: str) -> Maker:
    def write(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> None:
        from propdesk.reports.statements import income_statement

        _starting(progress, T_IS)
        with book.read() as s:
            data = income_statement(s, p["period"])
        progress.check()
        if fmt == PDF:
            from propdesk.reports.pdf.statements import render_income_statement

            render_income_statement(data, fp)
        else:
            from propdesk.reports.xlsx.statements import write_income_statement

            write_income_statement(data, fp)

    return write


def _balance(fmt: str) -> Maker:
    def write(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> None:
        from propdesk.reports.statements import balance_sheet

        _starting(progress, T_BS)
        with book.read() as s:
            data = balance_sheet(s, p["period"])
        progress.check()
        if fmt == PDF:
            from propdesk.reports.pdf.statements import render_balance_sheet

            render_balance_sheet(data, fp)
        else:
            from propdesk.reports.xlsx.statements import write_balance_sheet

            write_balance_sheet(data, fp)

    return write


def _journal(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
    from propdesk.reports.ledgers import journal_report
    from propdesk.reports.xlsx.journal import write_journal

    _starting(progress, T_JOURNAL)
    start, end = p["range"] or (None, None)
    with book.read() as s:  # the rows stream while the session is open
        return write_journal(
            journal_report(s, start, end), fp,
            progress=_rows_progress(progress, T_JOURNAL), cancelled=progress.cancelled,
        )  # fmt: skip


def _general_ledger(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> None:
    from propdesk.reports.ledgers import general_ledger_report
    from propdesk.reports.xlsx.ledgers import write_general_ledger

    _starting(progress, T_GL)
    with book.read() as s:
        data = general_ledger_report(s, p["year"], p["account"])
    progress.check()
    write_general_ledger(data, fp)


def _detail_ledger(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
    from propdesk.reports.ledgers import detail_ledger_report
    from propdesk.reports.xlsx.ledgers import write_detail_ledger
    from propdesk.services import ledger

    _starting(progress, T_DL)
    with book.read() as s:
        if p["range"] is None:  # the whole book: first voucher month to the open one
            first = ledger.first_voucher_period(s) or ledger.current_period(s)
            start, end = first_day(first), last_day(max(first, ledger.current_period(s)))
        else:
            start, end = p["range"]
        return write_detail_ledger(
            detail_ledger_report(s, start, end, p["account"]), fp,
            progress=_rows_progress(progress, T_DL), cancelled=progress.cancelled,
        )  # fmt: skip


def _tb_stem(title: str) -> Callable[[Mapping[str, Any]], str]:
    return lambda p: f"{title}{_span(p['months'])}" if p.get("months") else title


def _register_ledger() -> None:
    number = Param("number", NUMBER, bilingual("凭证", "Voucher"), required=False,
                   hint=bilingual("不填：本月全部凭证", "Empty: every voucher of the month"))  # fmt: skip
    register(Document(
        "voucher", PDF, T_VOUCHER, G_BOOKS,
        (_month(), number, Param("per_page", CHOICE, bilingual("每页张数", "Per A4"),
                                 default=lambda _s: 2,
                                 choices=((2, bilingual("每页两张", "Two per A4")),
                                          (1, bilingual("每页一张", "One per A4"))))),
        _print_vouchers, bilingual("一个月的记账凭证（或其中一张），带签字栏",
                                   "A month's vouchers (or one of them) with the signature boxes"),
        _stem_month("记账凭证"),
    ))  # fmt: skip
    for fmt in (PDF, XLSX):
        register(Document("trial-balance", fmt, T_TB, G_STATEMENTS, (_months(),),
                          _trial_balance(fmt), bilingual("期初、本期发生、期末余额",
                                                         "Opening, movements and closing balances"),
                          _tb_stem("科目余额表")))  # fmt: skip
        register(Document("income-statement", fmt, T_IS, G_STATEMENTS, (_month(),), _income(fmt),
                          bilingual("会小企02表：本月金额与本年累计金额",
                                    "Form 02: this month and the year to date"),
                          _stem_month("利润表")))  # fmt: skip
        register(Document("balance-sheet", fmt, T_BS, G_STATEMENTS, (_month(),), _balance(fmt),
                          bilingual("会小企01表：期末余额与年初余额",
                                    "Form 01: closing and start-of-year balances"),
                          _stem_month("资产负债表")))  # fmt: skip
    account = Param("account", ACCOUNT, bilingual("科目", "Account"), required=False,
                    hint=bilingual("不填：全部科目", "Empty: every account"))  # fmt: skip
    register(Document(
        "journal", XLSX, T_JOURNAL, G_BOOKS, (_dates(),), _journal,
        bilingual("按日期列出每张凭证的每一行", "Every voucher line by date"),
        lambda p: f"序时账{_dates_span(p.get('range'))}",
    ))  # fmt: skip
    register(Document(
        "general-ledger", XLSX, T_GL, G_BOOKS,
        (account, Param("year", YEAR, bilingual("年度", "Year"), default=_year_default)),
        _general_ledger, bilingual("一级科目（或一个科目）的总账", "General ledger of the first-level accounts (or one)"),
        lambda p: f"总账{p.get('year') or ''}" + (f"-{p['account']}" if p.get("account") else ""),
    ))  # fmt: skip
    register(Document(
        "detail-ledger", XLSX, T_DL, G_BOOKS, (account, _dates()), _detail_ledger,
        bilingual("末级科目（或一个科目）的明细账，每个科目一张表",
                  "Detail ledger of every leaf account (or one), a sheet each"),
        lambda p: f"明细账{_dates_span(p.get('range'))}" + (f"-{p['account']}" if p.get("account") else ""),
    ))  # fmt: skip


# -- fee documents ----------------------------------------------------------------------------------
T_RECEIPT = bilingual("收据", "Receipts")
T_NOTICE = bilingual("缴费通知单", "Fee notices")
T_REMINDER = bilingual("催缴通知单", "Arrears reminders")
T_ARREARS_LIST = bilingual("欠费清单（内部）", "Arrears list (internal)")
T_HOUSEHOLD = bilingual("住户对账单", "Household statement")
T_MONTHLY = bilingual("月度收支报告", "Monthly statement")
T_DISCLOSURE = bilingual("收支公示", "Public disclosure")
T_COLLECTIONS = bilingual("收费明细", "Collection register")
T_ARREARS = bilingual("欠费账龄", "Arrears aging")
T_ROSTER = bilingual("房屋及业主名册", "Roster of units and owners")


def _receipts(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> None:
    from propdesk.reports.fees import receipt_batch
    from propdesk.reports.pdf.receipt import render_receipts

    _starting(progress, T_RECEIPT)
    with book.write() as s:
        data = receipt_batch(s, list(p["numbers"]), p["layout"])
        # inside the transaction: a PDF that cannot be made leaves the print count as it was
        render_receipts(data, fp)


def _notices(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
    from propdesk.reports.fees import fee_notices
    from propdesk.reports.pdf.notices import render_notices

    _starting(progress, T_NOTICE)
    with book.read() as s:
        data = fee_notices(s, p["period"], p["compound"], unit_id=p["unit"], issued=p["issued"],
                           owing_only=bool(p["owing_only"]))  # fmt: skip
    progress.check()
    render_notices(data, fp, per_page=p["per_page"] or 1)
    return len(data.households)


def _reminders(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
    from propdesk.reports.fees import arrears_reminders
    from propdesk.reports.pdf.notices import render_notices

    _starting(progress, T_REMINDER)
    with book.read() as s:
        data = arrears_reminders(s, p["as_of"], p["compound"], issued=p["issued"])
    progress.check()
    render_notices(data, fp, per_page=p["per_page"] or 1)
    return len(data.households)


def _arrears_list(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
    from propdesk.reports.fees import arrears_list
    from propdesk.reports.pdf.notices import render_arrears_list

    _starting(progress, T_ARREARS_LIST)
    with book.read() as s:
        listing = arrears_list(s, p["as_of"], p["compound"])
    progress.check()
    render_arrears_list(listing, fp)
    return len(listing.report.rows)


def _household(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> None:
    from propdesk.reports.fees import household_statement
    from propdesk.reports.pdf.household import render_household

    _starting(progress, T_HOUSEHOLD)
    with book.read() as s:
        data = household_statement(s, p["unit"])
    progress.check()
    render_household(data, fp)


def _monthly(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> None:
    from propdesk.reports.fees import monthly_statement
    from propdesk.reports.pdf.monthly import render_monthly

    _starting(progress, T_MONTHLY)
    with book.read() as s:
        data = monthly_statement(s, p["period"], p["compound"])
    progress.check()
    render_monthly(data, fp)


def _disclosure(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> None:
    from propdesk.reports.fees import disclosure
    from propdesk.reports.pdf.disclosure import render_disclosure

    _starting(progress, T_DISCLOSURE)
    with book.read() as s:
        data = disclosure(s, p["period"], p["compound"], posted_from=p["posted_from"])
    progress.check()
    render_disclosure(data, fp)


def _collections(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
    from propdesk.reports.fees import collection_register
    from propdesk.reports.xlsx.fees import write_collections

    _starting(progress, T_COLLECTIONS)
    start, end = p["range"] or (None, None)
    with book.read() as s:
        data = collection_register(s, start, end)
    progress.check()
    return write_collections(data, fp)


def _arrears(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
    from propdesk.reports.fees import arrears_export
    from propdesk.reports.xlsx.fees import write_arrears

    _starting(progress, T_ARREARS)
    with book.read() as s:
        data = arrears_export(s, p["as_of"], p["compound"])
    progress.check()
    return write_arrears(data, fp)


def _roster(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
    from propdesk.reports.fees import roster_export
    from propdesk.reports.xlsx.fees import write_roster

    _starting(progress, T_ROSTER)
    with book.read() as s:
        data = roster_export(s, p["compound"])
    progress.check()
    return write_roster(data, fp)


def _register_fees() -> None:
    from propdesk.core.settings import RECEIPT_ONE_PER_PAGE, RECEIPT_THREE_PER_A4

    layout = Param("layout", CHOICE, bilingual("版式", "Layout"), required=False, choices=(
        (RECEIPT_ONE_PER_PAGE, bilingual("每页一张", "One per page")),
        (RECEIPT_THREE_PER_A4, bilingual("A4 纸三联", "Three per A4 sheet")),
    ), hint=bilingual("不选：按账套设置", "Empty: the book's setting"))  # fmt: skip
    numbers = Param("numbers", RECEIPTS, bilingual("收据号", "Receipt numbers"),
                    default=_latest_receipt,
                    hint=bilingual("可填多个，如 12, 13；重印为副本", "Several allowed, e.g. 12, 13; a reprint is a copy"))  # fmt: skip
    register(Document(
        "receipt", PDF, T_RECEIPT, G_FEES, (numbers, layout), _receipts,
        bilingual("按收据号打印（重印标“副本”）", "Print by number (a reprint is marked 副本)"),
        lambda p: "收据-" + "-".join(str(n) for n in (p.get("numbers") or ())[:5]),
        writes=True,
    ))  # fmt: skip
    unit = Param("unit", UNIT, bilingual("房屋", "Unit"), required=False,
                 hint=bilingual("不选：全部住户", "Empty: every household"))  # fmt: skip
    owing = Param("owing_only", FLAG, bilingual("只印有欠费的住户", "Only households that owe"),
                  default=lambda _s: False)  # fmt: skip
    register(Document(
        "notice", PDF, T_NOTICE, G_NOTICES,
        (_compound(True, default=True), unit, _month(label=bilingual("计费月份", "Billing month")),
         owing, _per_page(1), _issued()),
        _notices, bilingual("一个小区每户（或一户）的缴费通知单", "A fee notice for every household of a compound (or one)"),
        _stem_month("缴费通知单"),
    ))  # fmt: skip
    register(Document(
        "reminder", PDF, T_REMINDER, G_NOTICES,
        (_as_of(), _compound(False), _per_page(1), _issued()), _reminders,
        bilingual("截至某日每户欠费的催缴通知单", "A reminder for every household in arrears on a date"),
        lambda p: f"催缴通知单{p.get('as_of') or ''}",
    ))  # fmt: skip
    register(Document(
        "reminder-list", PDF, T_ARREARS_LIST, G_FEES, (_as_of(), _compound(False)), _arrears_list,
        bilingual("秘书用的内部欠费清单（超过三年的标出）",
                  "The secretary's internal list (debts past three years flagged)"),
        lambda p: f"欠费清单{p.get('as_of') or ''}",
        extra={"cli": "print reminder --internal-list"},
    ))  # fmt: skip
    register(Document(
        "household", PDF, T_HOUSEHOLD, G_FEES,
        (_compound(True, default=True), Param("unit", UNIT, bilingual("房屋", "Unit"), default=_first_unit)),
        _household,
        bilingual("一户的应收、实收、减免与余额", "A household's bills, payments, waivers and balance"),
        _stem("住户对账单"),
    ))  # fmt: skip
    register(Document(
        "monthly", PDF, T_MONTHLY, G_STATEMENTS, (_month(), _compound(False)), _monthly,
        bilingual("一个小区或全公司的月度收支，附收入构成图",
                  "A compound's or the company's month, with the income chart"),
        _stem_month("月度收支报告"),
    ))  # fmt: skip
    register(Document(
        "disclosure", PDF, T_DISCLOSURE, G_NOTICES,
        (_month(), _compound(True, default=True),
         Param("posted_from", DATE, bilingual("公示开始日期", "On the board from"),
               required=False, default=_today)),
        _disclosure, bilingual("张贴用的收支公示（不含个人信息）",
                               "For the bulletin board (no personal data)"),
        _stem_month("收支公示"),
    ))  # fmt: skip
    register(Document(
        "collections", XLSX, T_COLLECTIONS, G_FEES, (_dates(),), _collections,
        bilingual("期间内的每张收据", "Every receipt of the period"),
        lambda p: f"收费明细{_dates_span(p.get('range'))}",
    ))  # fmt: skip
    register(Document(
        "arrears", XLSX, T_ARREARS, G_FEES, (_as_of(), _compound(False)), _arrears,
        bilingual("截至某日按户、按小区的欠费账龄", "Arrears by age on a date, per unit and compound"),
        lambda p: f"欠费账龄{p.get('as_of') or ''}",
    ))  # fmt: skip
    register(Document(
        "roster", XLSX, T_ROSTER, G_FEES, (_compound(False),), _roster,
        bilingual("房屋与业主（身份证号已遮盖）", "Units and owners (ID numbers masked)"),
        lambda _p: "房屋及业主名册",
    ))  # fmt: skip


T_COMMON_INCOME = bilingual("公共收益公示", "Common income disclosure")


def quarter_of(period: int) -> str:
    """202605 -> '2026-Q2'."""
    return f"{period // 100}-Q{(period % 100 - 1) // 3 + 1}"


def last_full_quarter(period: int) -> str:
    """The latest quarter that has ended by the end of `period`: 202606 -> '2026-Q2',
    202610 -> '2026-Q3', 202602 -> '2025-Q4'."""
    year, month = divmod(period, 100)
    q = month // 3
    return f"{year}-Q{q}" if q else f"{year - 1}-Q4"


def _quarter_default(session: Session) -> str:
    return last_full_quarter(latest_closed_month(session))


def _common_income(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
    from propdesk.reports.xlsx.common_income import common_income_export, write_common_income

    _starting(progress, T_COMMON_INCOME)
    with book.read() as s:
        data = common_income_export(s, p["compound"], p["quarter"])
    progress.check()
    return write_common_income(data, fp)


def _register_common_income() -> None:
    register(Document(
        "common-income", XLSX, T_COMMON_INCOME, G_NOTICES,
        (_compound(True, default=True),
         Param("quarter", QUARTER, bilingual("季度", "Quarter"), default=_quarter_default)),
        _common_income,
        bilingual("一个小区一个季度的公共收益、业主共有收益及其动用，与总账核对",
                  "A compound's common income of a quarter, the owners' share and its uses, "
                  "agreed with the ledger"),
        lambda p: f"公共收益公示{p.get('quarter') or ''}",
    ))  # fmt: skip


# -- vote documents ---------------------------------------------------------------------------------
T_ANNOUNCEMENT = bilingual("表决结果公告", "Vote result announcement")
T_BALLOTS = bilingual("表决票", "Ballot forms")


def _vote_doc(what: str) -> Maker:
    def write(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> None:
        from propdesk.reports.common import letterhead
        from propdesk.reports.pdf import votes as pdf_votes
        from propdesk.services import votes

        _starting(progress, T_ANNOUNCEMENT if what == "announcement" else T_BALLOTS)
        with book.read() as s:
            vote = votes.get_vote(s, p["vote"])
            company = letterhead(s).company
            if what == "announcement":
                data: Any = votes.announcement(s, vote)
            else:
                data = votes.ballot_forms(s, vote)
        progress.check()
        if what == "announcement":
            pdf_votes.render_announcement(data, fp, company=company)
        else:
            pdf_votes.render_ballot_forms(data, fp, company=company)

    return write


def _register_votes() -> None:
    vote = Param("vote", VOTE, bilingual("表决", "Vote"), default=_latest_vote)
    register(Document(
        "vote-announcement", PDF, T_ANNOUNCEMENT, G_VOTES, (vote,), _vote_doc("announcement"),
        bilingual("票数、门槛与结果（表决未结束时为当前票数）",
                  "Figures, thresholds and result (live figures while open)"),
        _stem("表决结果公告", "vote"),
    ))  # fmt: skip
    register(Document(
        "ballot-forms", PDF, T_BALLOTS, G_VOTES, (vote,), _vote_doc("forms"),
        bilingual("每位业主一张预填的入户表决票", "A pre-filled door-to-door form per owner-person"),
        _stem("表决票", "vote"),
    ))  # fmt: skip


# -- surplus allocation ---------------------------------------------------------------------------
T_ALLOCATION = bilingual("盈余分配表", "Surplus allocation")


def _latest_allocation(session: Session) -> int | None:
    from propdesk.services import surplus

    rows = surplus.list_allocations(session)
    return max(r.id for r in rows) if rows else None


def _allocation(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
    from propdesk.reports.xlsx.allocation import allocation_export, write_allocation

    _starting(progress, T_ALLOCATION)
    with book.read() as s:
        data = allocation_export(s, p["allocation"])
    progress.check()
    return write_allocation(data, fp)


def _register_surplus() -> None:
    register(Document(
        "allocation", XLSX, T_ALLOCATION, G_SURPLUS,
        (Param("allocation", ALLOCATION, bilingual("盈余分配", "Allocation"),
               default=_latest_allocation),),
        _allocation,
        bilingual("汇总、分配明细与凭证、签字发放表（账号已遮盖）、驿站经费拨付表",
                  "Summary, lines with vouchers, the stipend sheet (accounts masked), station funding"),
        _stem("盈余分配表", "allocation"),
    ))  # fmt: skip


_register_ledger()
_register_fees()
_register_common_income()
_register_votes()
_register_surplus()
from propdesk.reports import catalog_allocation  # noqa: E402, F401  (its documents)

__all__ = [
    "GROUPS", "KINDS", "PDF", "XLSX", "Document", "Param", "by_command", "document", "documents",
    "dump_params", "latest_closed_month", "load_params", "parse_receipt_numbers",
    "receipt_numbers_text", "register",
]  # fmt: skip
