"""Bulk journal import (序时账导入): a .csv or .xlsx journal from another program, all or nothing.

Columns (Chinese or English headers, any order, title rows above the header allowed):
日期/date, 凭证号/voucher, 科目编码/account, 科目名称/account_name, 小区/compound, 房号/unit,
借方/debit, 贷方/credit, 摘要/summary. Lines with the same date and voucher number form one voucher;
they must be contiguous. The book numbers the vouchers afresh, continuously per month, in file
order; the original numbers are not kept.

A code the book lacks beneath an existing account (112202 beneath 1122) becomes a sub-account
named by 科目名称; a parent that is new too must be named in the file, by a line of its own or
by a full name ("应收账款—其他—某某"). The rules are ledger.add_account's.

The file is read twice and never held in memory: pass 1 validates every line with only the
current voucher in hand (voucher keys already seen go to a temporary on-disk SQLite table, so a
voucher whose lines are not contiguous is found without remembering the file); pass 2 posts in
batches through ledger.post_vouchers(source="import"), all in the caller's transaction.
"""

from __future__ import annotations

import codecs
import csv
import re
import sqlite3
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from sqlalchemy import select
from sqlalchemy.orm import Session

from propdesk.core import i18n
from propdesk.core.errors import Problem, UserError, ValidationError
from propdesk.core.i18n import bilingual
from propdesk.core.money import MAX_FEN, format_amount, parse_fen
from propdesk.core.periods import fmt_period, parse_date
from propdesk.core.progress import Progress
from propdesk.db.models import AccountMonth, Compound, Unit
from propdesk.services import audit, ledger
from propdesk.services.ledger import SOURCE_IMPORT, Line, NewVoucher

# -- messages -------------------------------------------------------------------------------
T_REFUSED = bilingual(
    "序时账中发现 {count} 处问题，未导入任何内容：",
    "{count} problem(s) in the journal; nothing was imported:",
)
T_MORE = bilingual("……另有 {n} 处问题未列出", "... and {n} more problem(s) not listed")
T_UNKNOWN_TYPE = bilingual(
    "只支持 .csv 或 .xlsx 文件：{name}", "Only .csv or .xlsx files are supported: {name}"
)
T_CANNOT_READ = bilingual("无法读取文件 {name}：{detail}", "Cannot read {name}: {detail}")
T_NO_HEADER = bilingual(
    "前 {scan} 行中找不到表头（需要列：{columns}）",
    "no header row in the first {scan} rows (columns needed: {columns})",
)
T_MISSING_COLUMN = bilingual("缺少列「{column}」", 'missing column "{column}"')
T_EMPTY = bilingual("文件中没有分录", "the file has no lines")
T_MISSING = bilingual("未填写", "missing")
T_BAD_DATE = bilingual("日期无效：{value}", "invalid date: {value}")
T_DATE_RANGE = bilingual("日期 {value} 超出范围", "date {value} is out of range")
T_BAD_AMOUNT = bilingual("金额无效：{value}", "invalid amount: {value}")
T_AMOUNT_DECIMALS = bilingual(
    "金额的小数超过两位（金额只到分）：{value}",
    "the amount has more than two decimals (amounts go down to the fen): {value}",
)
T_NEGATIVE = bilingual(
    "金额不能为负数（红字冲销请改记相反方向）：{value}",
    "the amount cannot be negative (post a red-ink reversal on the other side): {value}",
)
T_BOTH_SIDES = bilingual("借方和贷方只能填一边", "enter either a debit or a credit, not both")
T_ZERO_LINE = bilingual("借方和贷方都为零", "both debit and credit are zero")
T_NOT_CONTIGUOUS = bilingual(
    "凭证 {date} {voucher} 的分录不连续：它从第 {first} 行开始，中间隔着其他凭证；同一凭证的各行须排在一起",
    "the lines of voucher {date} {voucher} are not together: it starts at line {first} and "
    "other vouchers come in between; keep a voucher's lines together",
)
T_FEW_LINES = bilingual(
    "凭证 {date} {voucher} 只有一行分录，至少需要两行",
    "voucher {date} {voucher} has only one line; a voucher needs at least two",
)
T_UNBALANCED = bilingual(
    "凭证 {date} {voucher}（第 {first}–{last} 行）借贷不平衡：借方 {debit}，贷方 {credit}，差额 {diff}",
    "voucher {date} {voucher} (lines {first}-{last}) does not balance: debit {debit}, "
    "credit {credit}, difference {diff}",
)
T_NO_SUMMARY = bilingual(
    "凭证 {date} {voucher} 没有摘要", "voucher {date} {voucher} has no summary"
)
T_LONG_SUMMARY = bilingual("摘要最长 200 字", "a summary is at most 200 characters")
T_CLOSED = bilingual(
    "凭证 {date} {voucher}：{period} 已结账，不能导入到该期间",
    "voucher {date} {voucher}: {period} is closed; nothing can be imported into it",
)
T_NO_ACCOUNT = bilingual("科目 {code} 不存在", "account {code} does not exist")
T_BAD_CODE = bilingual(
    "科目编码 {code} 应为上级科目编码加两位数字",
    "account code {code} must be its parent's code plus two digits",
)
T_NO_PARENT = bilingual(
    "科目 {code} 的上级科目 {parent} 不存在，文件中也没有给出它的名称",
    "the parent {parent} of account {code} does not exist and the file does not name it",
)
T_PARENT_USED = bilingual(
    "科目 {parent} 已有发生额，不能增加下级科目 {code}",
    "account {parent} already has postings; it cannot get the sub-account {code}",
)
T_PARENT_POSTED = bilingual(
    "科目 {parent} 在本文件中新增了下级科目 {code}，不能再直接记账",
    "account {parent} gets the sub-account {code} in this file, so lines cannot post to it",
)
T_NEW_NO_NAME = bilingual(
    "新科目 {code} 需要填写科目名称", "the new account {code} needs an account name"
)
T_NAME_CLASH = bilingual(
    "新科目 {code} 的名称前后不一致：「{first}」（第 {row} 行）与「{other}」",
    'the new account {code} is named differently: "{first}" (line {row}) and "{other}"',
)
T_NOT_LEAF = bilingual(
    "科目 {code} {name} 有下级科目，只能记到末级科目",
    "account {code} {name} has sub-accounts; post to a leaf account",
)
T_INACTIVE = bilingual("科目 {code} {name} 已停用", "account {code} {name} is disabled")
T_CONTROLLED = bilingual(
    "科目 {code} {name} 由{module}自动记账，不能导入",
    "account {code} {name} is kept by {module}; it cannot be imported",
)
T_CONTROLLED_SUB = bilingual(
    "科目 {code} 位于{module}的控制科目 {parent} 之下，不能导入",
    "account {code} lies beneath {parent}, kept by {module}; it cannot be imported",
)
T_NO_COMPOUND = bilingual("小区「{name}」不存在", 'compound "{name}" does not exist')
T_NO_UNIT = bilingual(
    "小区「{compound}」没有房屋 {code}", 'compound "{compound}" has no unit {code}'
)
T_UNIT_NO_COMPOUND = bilingual(
    "填写了房号就须填写小区", "a unit needs its compound in the same line"
)
T_CHANGED = bilingual(
    "文件 {name} 在导入过程中被改动了，未导入任何内容，请重新导入",
    "{name} changed while it was being imported; nothing was imported, please import again",
)
T_CHECKING = bilingual("正在检查 {name}：第 {row} 行", "Checking {name}: line {row}")
T_POSTING = bilingual("正在记账：{done} / {total} 行", "Posting: {done} / {total} lines")

# -- columns ----------------------------------------------------------------------------------
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "凭证日期", "记账日期", "date"),
    "voucher": ("凭证号", "凭证字号", "凭证编号", "voucher", "voucherno", "voucher_no"),
    "account": ("科目编码", "科目代码", "科目", "account", "accountcode", "account_code"),
    "account_name": ("科目名称", "科目全名", "accountname", "account_name"),
    "compound": ("小区", "小区名称", "compound"),
    "unit": ("房号", "房屋", "房屋编号", "unit"),
    "debit": ("借方", "借方金额", "debit"),
    "credit": ("贷方", "贷方金额", "credit"),
    "summary": ("摘要", "summary"),
}
REQUIRED = ("date", "voucher", "account", "debit", "credit", "summary")
HEADER_SCAN_ROWS = 20
MAX_PROBLEMS = 500  # listed; the rest are counted (a clerk reads the first few hundred at most)
CHECK_EVERY = 10_000  # lines between progress reports and cancel checks in pass 1
BATCH_LINES = 20_000  # postings per post_vouchers call in pass 2
NAME_SEPARATORS = re.compile(r"\s*[—－_/\\]\s*|\s+-\s+|(?<=[^\x00-\x7f])-(?=[^\x00-\x7f])")


def title(key: str) -> str:
    """A column's name in the current language (English headers are the keys themselves)."""
    return COLUMNS[key][0] if i18n.language() == i18n.ZH else key


def header_key(text: object) -> str:
    """'借方金额（元）' -> '借方金额', 'Account Name' -> 'accountname'."""
    s = unicodedata.normalize("NFKC", str(text))
    s = re.sub(r"\(.*?\)$", "", s.strip())
    return re.sub(r"[\s*:：]+", "", s).lower()


_LOOKUP = {header_key(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


# -- results ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class JournalImportResult:
    file: str
    lines: int
    vouchers: int
    debit: int  # total of the debits (= the credits), fen
    accounts_created: tuple[tuple[str, str], ...]  # (code, name)
    first: str | None  # label of the first voucher posted, e.g. "2024-01 记-0001"
    last: str | None
    dry_run: bool = False


@dataclass(slots=True)
class _Plan:
    """What pass 1 found: counts to check pass 2 against, and the accounts to create."""

    lines: int = 0
    vouchers: int = 0
    debit: int = 0
    new_accounts: tuple[tuple[str, str], ...] = ()


# -- reading the file -------------------------------------------------------------------------
Row = tuple[int, list[Any] | tuple[Any, ...]]


def _encoding(path: Path) -> str:
    """utf-8 (with or without BOM) when the whole file decodes as such, else GB18030 (Excel's
    'CSV' on a Chinese Windows). Checked in 1 MB chunks: memory stays flat."""
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                dec.decode(chunk)
            dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


_READ_ERRORS: tuple[type[BaseException], ...] = (
    csv.Error, UnicodeDecodeError, zipfile.BadZipFile, zlib.error, ParseError, KeyError,
    ValueError, TypeError, OSError, EOFError,
)  # fmt: skip


def _guard(rows: Iterator[Row], name: str) -> Iterator[Row]:
    """The rows, with a damaged file reported as a plain message instead of a traceback."""
    while True:
        try:
            item = next(rows)
        except StopIteration:
            return
        except _READ_ERRORS as exc:
            raise UserError(T_CANNOT_READ, name=name, detail=exc) from None
        yield item


@contextmanager
def _rows(path: Path) -> Iterator[Iterator[Row]]:
    """(line number as a spreadsheet shows it, cells) for every row of the file, streamed."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise UserError(T_UNKNOWN_TYPE, name=name)
    if suffix == ".csv":
        try:
            fh = path.open(newline="", encoding=_encoding(path))
        except OSError as exc:
            raise UserError(T_CANNOT_READ, name=name, detail=exc.strerror or exc) from None
        with fh:
            try:
                head = fh.readline()
            except _READ_ERRORS as exc:  # e.g. bytes that are neither UTF-8 nor GB18030
                raise UserError(T_CANNOT_READ, name=name, detail=exc) from None
            fh.seek(0)
            dialect = "excel-tab" if "\t" in head and "," not in head else "excel"
            yield _guard(enumerate(csv.reader(fh, dialect), start=1), name)
        return
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        # openpyxl warns about what it drops (extensions, odd styles); none of it is journal data
        warnings.filterwarnings("ignore", module="openpyxl")
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
            ws = wb.worksheets[0]
        except _READ_ERRORS as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise UserError(T_CANNOT_READ, name=name, detail=detail) from None
        try:
            yield _guard(enumerate(ws.iter_rows(values_only=True), start=1), name)
        finally:
            wb.close()


def _find_header(rows: Iterator[Row], name: str) -> tuple[dict[str, int], dict[str, str]]:
    """Consume rows up to and including the header: the column index of each key, and each
    column's header as the file writes it (problems name columns the way the clerk sees them)."""
    for n, cells in rows:
        found: dict[str, int] = {}
        texts: dict[str, str] = {}
        for i, cell in enumerate(cells):
            if cell is None:
                continue
            key = _LOOKUP.get(header_key(cell))
            if key is not None and key not in found:
                found[key] = i
                texts[key] = str(cell).strip()
        if sum(k in found for k in REQUIRED) >= 3:
            missing = [k for k in REQUIRED if k not in found]
            if missing:
                raise ValidationError(
                    [Problem(T_MISSING_COLUMN.format(column=title(k)), row=n) for k in missing],
                    title=T_REFUSED,
                )
            return found, texts
        if n >= HEADER_SCAN_ROWS:
            break
    columns = "、".join(title(k) for k in REQUIRED)
    raise ValidationError(
        [Problem(T_NO_HEADER.format(scan=HEADER_SCAN_ROWS, columns=columns))], title=T_REFUSED
    )


# -- cells ------------------------------------------------------------------------------------
FIELDS = ("date", "voucher", "account", "account_name", "compound", "unit", "debit", "credit",
          "summary")  # fmt: skip


def _records(rows: Iterator[Row], col: dict[str, int]) -> Iterator[tuple[int, list[Any]]]:
    """(line number, the nine FIELDS) of every non-blank row. Text is stripped; dates and amounts
    from .xlsx may stay numbers or datetimes; an absent optional column reads as ""."""
    absent = max(col.values()) + 1
    idx = [col.get(k, absent) for k in FIELDS]
    width = max(idx) + 1
    pick = itemgetter(*idx)
    strip = str.strip
    for n, cells in rows:
        if type(cells) is list:  # csv: every cell is a str
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            vals = list(map(strip, pick(cells)))
        else:
            if len(cells) < width:
                cells = (*cells, *([None] * (width - len(cells))))
            vals = [_cell(v) for v in pick(cells)]
        if any(vals):
            yield n, vals


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if type(v) is str:
        return v.strip()
    if type(v) is float and v.is_integer():
        return int(v)
    return v


def _str(v: Any) -> str:
    """A text field: .xlsx may hand over a number (account code 112202, voucher 12)."""
    return v if type(v) is str else str(v)


_PLAIN_AMOUNT = re.compile(r"(\d{1,15})(?:\.(\d{0,2}))?")
_FEN_EPSILON = 1e-6  # a float cell within a millionth of a fen is that fen (binary doubles)


class _Bad(Exception):
    """A cell that cannot be read; the text says why."""


def _amount(v: Any, field: str | None = None) -> int:
    """Fen from a cell: '1409.5', '1,409.50', '￥1409.50', 1409.5 (a number cell) ..."""
    if v is None or v == "":
        return 0
    if isinstance(v, str):
        m = _PLAIN_AMOUNT.fullmatch(v)
        if m is not None:  # the common case, without Decimal
            frac = m.group(2) or ""
            return int(m.group(1)) * 100 + (int(frac.ljust(2, "0")) if frac else 0)
        s = v.strip()
        if not s:
            return 0
        if s.lstrip().startswith(("-", "－", "−")):
            raise _Bad(T_NEGATIVE.format(value=s))
        try:
            return parse_fen(s, field=field)
        except UserError as exc:
            raise _Bad(exc.message) from None
    if isinstance(v, bool):
        raise _Bad(T_BAD_AMOUNT.format(value=v))
    if isinstance(v, int):
        fen = v * 100
    elif isinstance(v, float | Decimal):
        if v != v or v in (float("inf"), float("-inf")):
            raise _Bad(T_BAD_AMOUNT.format(value=v))
        x = float(v) * 100
        fen = round(x)
        if abs(x - fen) > _FEN_EPSILON * max(1.0, abs(x) / 1e9):
            raise _Bad(T_AMOUNT_DECIMALS.format(value=v))
    else:
        raise _Bad(T_BAD_AMOUNT.format(value=v))
    if fen < 0:
        raise _Bad(T_NEGATIVE.format(value=v))
    if fen > MAX_FEN:
        raise _Bad(T_BAD_AMOUNT.format(value=v))
    return fen


def _date(v: Any, cache: dict[Any, date]) -> date:
    found = cache.get(v)
    if found is not None:
        return found
    if isinstance(v, datetime):
        d = v.date()
    elif isinstance(v, date):
        d = v
    else:
        s = _str(v).strip()
        if not s:
            raise _Bad(T_MISSING.format())
        try:
            d = date.fromisoformat(s) if len(s) == 10 else parse_date(s)
        except (ValueError, UserError):
            try:
                d = parse_date(s)
            except UserError:
                raise _Bad(T_BAD_DATE.format(value=s)) from None
    if not 1900 <= d.year <= 2999:
        raise _Bad(T_DATE_RANGE.format(value=d))
    if len(cache) > 20_000:
        cache.clear()
    cache[v] = d
    return d


# -- pass 1: validate -------------------------------------------------------------------------
class _Seen:
    """Voucher keys already finished, to find a voucher whose lines are not contiguous.

    Keys dated on the latest date so far stay in a dict; every key also goes, in batches, to a
    private temporary on-disk SQLite database, asked only when a date earlier than the latest
    comes up (files sorted by date never ask). Memory stays flat however long the file is.
    """

    FLUSH = 5_000

    def __init__(self) -> None:
        self.db = sqlite3.connect("")  # "": a private temporary database on disk
        self.db.execute("CREATE TABLE seen (d TEXT, v TEXT, line INTEGER, PRIMARY KEY (d, v))")
        self.pending: list[tuple[str, str, int]] = []
        self.latest: str = ""
        self.today: dict[str, int] = {}

    def first_line(self, d: str, v: str) -> int | None:
        """Where a voucher with this key started before, if it did."""
        if d > self.latest:
            return None
        if d == self.latest:
            return self.today.get(v)
        self._flush()
        row = self.db.execute("SELECT line FROM seen WHERE d = ? AND v = ?", (d, v)).fetchone()
        return None if row is None else int(row[0])

    def add(self, d: str, v: str, line: int) -> None:
        if d > self.latest:
            self.latest = d
            self.today = {}
        if d == self.latest:
            self.today.setdefault(v, line)
        self.pending.append((d, v, line))
        if len(self.pending) >= self.FLUSH:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", self.pending)
            self.pending.clear()

    def close(self) -> None:
        self.db.close()


class _Checker:
    """Pass 1: every line read, checked and forgotten; only the current voucher is kept."""

    def __init__(self, session: Session, name: str) -> None:
        self.session = session
        self.name = name
        self.accs = ledger.accounts(session)
        self.locked = ledger.closed_through(session)
        self.compounds = dict(session.execute(select(Compound.name, Compound.id)).all())
        self.units: dict[int, dict[str, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0  # problems found, listed or not
        self.plan = _Plan()
        self.codes: dict[str, str | None] = {}  # code -> reason it cannot be posted, or None
        self.posted: dict[str, int] = {}  # code -> first line posting to it
        self.new_names: dict[str, tuple[str, int]] = {}  # new code -> (name, line naming it)
        self.seen = _Seen()
        self.titles = {k: title(k) for k in COLUMNS}  # then as the file's header writes them
        # the voucher in hand
        self.key: tuple[str, str] | None = None
        self.v_first = self.v_last = 0
        self.v_date: date | None = None
        self.v_voucher = ""
        self.v_lines = 0
        self.v_debit = self.v_credit = 0
        self.v_summary = ""
        self.v_amounts_ok = True
        self.v_skip = False

    def problem(self, row: int | None, reason: str, field: str | None = None) -> None:
        self.count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(reason, row=row, field=field))

    # -- accounts ------------------------------------------------------------------------
    def _code_state(self, code: str) -> str | None:
        """None when lines may post to `code`, else the reason; 'new' for a new account."""
        info = self.accs.get(code)
        if info is not None:
            owner = ledger.controller(code)  # a control account or a sub-account beneath one
            if owner is not None:
                return T_CONTROLLED.format(code=code, name=info.name, module=owner.format())
            if not info.is_leaf:
                return T_NOT_LEAF.format(code=code, name=info.name)
            if not info.active:
                return T_INACTIVE.format(code=code, name=info.name)
            return None
        if not code.isdigit() or len(code) <= 4:
            return T_NO_ACCOUNT.format(code=code)
        if len(code) % 2:
            return T_BAD_CODE.format(code=code)
        for parent, owner in ledger.CONTROLLED.items():
            if code.startswith(parent):
                return T_CONTROLLED_SUB.format(code=code, parent=parent, module=owner.format())
        return "new"

    def _name_new(self, code: str, name: str, row: int) -> None:
        """Remember the names a line gives to new accounts (its own, or its parents' from a
        full name such as 应收账款—其他—某某)."""
        parts = [p for p in NAME_SEPARATORS.split(name) if p]
        level = (len(code) - 2) // 2
        pairs = [(code, name)]
        if len(parts) == level and level > 1:
            pairs = [(code[: 4 + 2 * i], part) for i, part in enumerate(parts)]
        for c, nm in pairs:
            if c in self.accs:
                continue
            known = self.new_names.get(c)
            if known is None:
                self.new_names[c] = (nm, row)
            elif known[0] != nm and c == code:
                self.problem(
                    row,
                    T_NAME_CLASH.format(code=c, first=known[0], row=known[1], other=nm),
                    self.titles["account_name"],
                )

    # -- lines ---------------------------------------------------------------------------
    def line(self, n: int, vals: list[Any], dates: dict[Any, date]) -> None:
        raw_date, voucher, code, name, comp, unit, raw_dr, raw_cr, summary = vals
        voucher = _str(voucher)
        d: date | None
        try:
            d = _date(raw_date, dates)
            dkey = d.isoformat()
        except _Bad as exc:
            d = None
            dkey = "?" + _str(raw_date)
            self.problem(n, str(exc), self.titles["date"])
        if not voucher:
            self.problem(n, T_MISSING.format(), self.titles["voucher"])
        key = (dkey, voucher)
        if key != self.key:
            self.finish()
            self.start(n, key, d, voucher)
        self.v_last = n
        self.v_lines += 1

        code = _str(code)
        if not code:
            self.problem(n, T_MISSING.format(), self.titles["account"])
        else:
            state = self.codes.get(code, "")
            if state == "":
                state = self.codes[code] = self._code_state(code)
            if state == "new":
                name = _str(name)
                if name:
                    self._name_new(code, name, n)
            elif state is not None:
                self.problem(n, state, self.titles["account"])
            if code not in self.posted:
                self.posted[code] = n

        amounts_read = True
        try:
            dr = _amount(raw_dr, self.titles["debit"])
        except _Bad as exc:
            dr = 0
            amounts_read = self.v_amounts_ok = False
            self.problem(n, str(exc), self.titles["debit"])
        try:
            cr = _amount(raw_cr, self.titles["credit"])
        except _Bad as exc:
            cr = 0
            amounts_read = self.v_amounts_ok = False
            self.problem(n, str(exc), self.titles["credit"])
        if dr and cr:
            self.problem(n, T_BOTH_SIDES.format(), self.titles["debit"])
            self.v_amounts_ok = False
        elif not dr and not cr and amounts_read:
            self.problem(n, T_ZERO_LINE.format(), self.titles["debit"])
        self.v_debit += dr
        self.v_credit += cr

        summary = _str(summary)
        if len(summary) > 200:
            self.problem(n, T_LONG_SUMMARY.format(), self.titles["summary"])
        elif summary and not self.v_summary:
            self.v_summary = summary

        if comp or unit:
            self._dims(n, _str(comp), _str(unit))

    def _dims(self, n: int, comp: str, unit: str) -> tuple[int | None, int | None]:
        if not comp:
            self.problem(n, T_UNIT_NO_COMPOUND.format(), self.titles["unit"])
            return None, None
        cid = self.compounds.get(comp)
        if cid is None:
            self.problem(n, T_NO_COMPOUND.format(name=comp), self.titles["compound"])
            return None, None
        if not unit:
            return cid, None
        units = self.units.get(cid)
        if units is None:
            q = select(Unit.code, Unit.id).where(Unit.compound_id == cid)
            units = self.units[cid] = dict(self.session.execute(q).all())
        uid = units.get(unit)
        if uid is None:
            self.problem(n, T_NO_UNIT.format(compound=comp, code=unit), self.titles["unit"])
        return cid, uid

    # -- vouchers ------------------------------------------------------------------------
    def start(self, n: int, key: tuple[str, str], d: date | None, voucher: str) -> None:
        self.key = key
        self.v_first = self.v_last = n
        self.v_date, self.v_voucher = d, voucher
        self.v_lines = self.v_debit = self.v_credit = 0
        self.v_summary = ""
        self.v_amounts_ok = True
        before = self.seen.first_line(*key)
        self.v_skip = before is not None
        if before is not None:
            shown = d.isoformat() if d else key[0][1:]
            self.problem(n, T_NOT_CONTIGUOUS.format(date=shown, voucher=voucher, first=before))
        else:
            self.seen.add(key[0], key[1], n)

    def finish(self) -> None:
        if self.key is None:
            return
        self.key = None
        d, voucher, first = self.v_date, self.v_voucher, self.v_first
        self.plan.lines += self.v_lines
        if self.v_skip:  # the lines of a voucher met before: that voucher carries the problem
            return
        self.plan.vouchers += 1
        self.plan.debit += self.v_debit
        shown = d.isoformat() if d else ""
        if d is not None and self.locked is not None and d.year * 100 + d.month <= self.locked:
            period = fmt_period(d.year * 100 + d.month)
            self.problem(first, T_CLOSED.format(date=shown, voucher=voucher, period=period))
        if self.v_lines < 2:
            self.problem(first, T_FEW_LINES.format(date=shown, voucher=voucher))
        elif self.v_amounts_ok and self.v_debit != self.v_credit:
            self.problem(first, T_UNBALANCED.format(
                date=shown, voucher=voucher, first=first, last=self.v_last,
                debit=format_amount(self.v_debit), credit=format_amount(self.v_credit),
                diff=format_amount(self.v_debit - self.v_credit),
            ))  # fmt: skip
        if not self.v_summary:
            self.problem(first, T_NO_SUMMARY.format(date=shown, voucher=voucher))

    # -- the end ---------------------------------------------------------------------------
    def new_accounts(self) -> tuple[tuple[str, str], ...]:
        """The accounts to create, parents first; problems for those that cannot be."""
        wanted: dict[str, int] = {}  # code -> the line that needs it
        for code, state in self.codes.items():
            if state != "new":
                continue
            row = self.posted[code]
            c = code
            while c not in self.accs and len(c) > 4:
                if c not in self.new_names:
                    if c == code:
                        self.problem(row, T_NEW_NO_NAME.format(code=c), self.titles["account_name"])
                    else:
                        self.problem(
                            row, T_NO_PARENT.format(code=code, parent=c), self.titles["account"]
                        )
                    break
                wanted.setdefault(c, row)
                c = c[:-2]
            else:
                if c not in self.accs:
                    self.problem(
                        row, T_NO_PARENT.format(code=code, parent=c), self.titles["account"]
                    )
        # a parent that gets children cannot be posted to, nor may it have postings already
        parents = {c[:-2]: (c, row) for c, row in sorted(wanted.items(), key=lambda kv: kv[1])}
        for parent, (child, _row) in parents.items():
            if parent in self.posted:
                self.problem(
                    self.posted[parent], T_PARENT_POSTED.format(parent=parent, code=child),
                    self.titles["account"],
                )  # fmt: skip
        old = [self.accs[p].id for p in parents if p in self.accs]
        if old:
            q = select(AccountMonth.account_id).where(AccountMonth.account_id.in_(old)).distinct()
            used = set(self.session.execute(q).scalars())
            for parent, (child, row) in parents.items():
                info = self.accs.get(parent)
                if info is not None and info.id in used:
                    self.problem(
                        row, T_PARENT_USED.format(parent=parent, code=child), self.titles["account"]
                    )
        return tuple((c, self.new_names[c][0]) for c in sorted(wanted, key=lambda c: (len(c), c)))


def check_journal(
    session: Session, path: str | Path, *, progress: Progress | None = None
) -> JournalImportResult:
    """Pass 1 alone: validate the file against the book, write nothing (a dry run)."""
    path = Path(path)
    plan = _check(session, path, progress)
    return JournalImportResult(
        path.name, plan.lines, plan.vouchers, plan.debit, plan.new_accounts, None, None, True
    )


def _check(session: Session, path: Path, progress: Progress | None) -> _Plan:
    name = path.name
    checker = _Checker(session, name)
    dates: dict[Any, date] = {}
    try:
        with _rows(path) as rows:
            col, texts = _find_header(rows, name)
            checker.titles.update(texts)
            for count, (n, vals) in enumerate(_records(rows, col), start=1):
                checker.line(n, vals, dates)
                if count % CHECK_EVERY == 0 and progress is not None:
                    progress.check()
                    progress.report(count, 0, T_CHECKING.format(name=name, row=n))
            checker.finish()
    finally:
        checker.seen.close()
    if checker.plan.lines == 0 and not checker.count:
        raise UserError(T_EMPTY)
    new = checker.new_accounts()
    if checker.count:
        problems = sorted(checker.problems, key=lambda p: p.row or 0)
        if checker.count > len(problems):
            problems.append(Problem(T_MORE.format(n=checker.count - len(problems))))
        raise ValidationError(problems, title=T_REFUSED, count=checker.count)
    checker.plan.new_accounts = new
    return checker.plan


# -- pass 2: post -----------------------------------------------------------------------------
def import_journal(
    session: Session,
    path: str | Path,
    *,
    progress: Progress | None = None,
    dry_run: bool = False,
    batch_lines: int = BATCH_LINES,
) -> JournalImportResult:
    """Import a journal in the caller's transaction: every line or, on any problem, none.

    Raises ValidationError naming every bad line (up to MAX_PROBLEMS, the rest counted), and
    Cancelled when `progress` is cancelled; the caller's rollback then leaves the book as it was.
    """
    path = Path(path)
    name = path.name
    plan = _check(session, path, progress)
    if dry_run:
        return JournalImportResult(
            name, plan.lines, plan.vouchers, plan.debit, plan.new_accounts, None, None, True
        )
    for code, acc_name in plan.new_accounts:
        ledger.add_account(session, code, acc_name, code[:-2])
    accs = ledger.accounts(session)
    compounds = dict(session.execute(select(Compound.name, Compound.id)).all())
    units: dict[int, dict[str, int]] = {}

    def dims(comp: str, unit: str) -> tuple[int | None, int | None]:
        cid = compounds[comp]
        if not unit:
            return cid, None
        found = units.get(cid)
        if found is None:
            q = select(Unit.code, Unit.id).where(Unit.compound_id == cid)
            found = units[cid] = dict(session.execute(q).all())
        return cid, found[unit]

    total = plan.lines
    done = vouchers = debit = 0
    first_ref = last_ref = None
    batch: list[NewVoucher] = []
    in_batch = 0
    dates: dict[Any, date] = {}

    def post() -> None:
        nonlocal batch, in_batch, done, first_ref, last_ref
        if not batch:
            return
        if progress is not None:
            progress.check()
        refs = ledger.post_vouchers(session, batch, audit_action=None)
        first_ref = first_ref or refs[0].label
        last_ref = refs[-1].label
        done += in_batch
        batch, in_batch = [], 0
        if progress is not None:
            progress.report(done, total, T_POSTING.format(done=done, total=total))

    try:
        with _rows(path) as rows:
            col, _texts = _find_header(rows, name)
            key: tuple[Any, str] | None = None
            v_date = date.min
            lines: list[Line] = []
            summary = ""
            for _n, (raw_date, voucher, code, _name, comp, unit, dr, cr, s) in _records(rows, col):
                d = _date(raw_date, dates)
                k = (d, _str(voucher))
                if k != key:
                    if lines:
                        batch.append(NewVoucher(v_date, summary, lines, source=SOURCE_IMPORT))
                        in_batch += len(lines)
                        vouchers += 1
                        if in_batch >= batch_lines:
                            post()
                    key, v_date, lines, summary = k, d, [], ""
                code = _str(code)
                if code not in accs:
                    raise KeyError(code)
                dr, cr = _amount(dr), _amount(cr)
                debit += dr
                s = _str(s)
                if s and not summary:
                    summary = s
                cid = uid = None
                if comp:
                    cid, uid = dims(_str(comp), _str(unit))
                lines.append(Line(code, dr, cr, s or None, cid, uid))
            if lines:
                batch.append(NewVoucher(v_date, summary, lines, source=SOURCE_IMPORT))
                in_batch += len(lines)
                vouchers += 1
            post()
    except (_Bad, KeyError, ValidationError) as exc:
        # pass 1 passed, so the file differs from what was checked
        raise UserError(T_CHANGED, name=name) from exc
    if (done, vouchers, debit) != (plan.lines, plan.vouchers, plan.debit):
        raise UserError(T_CHANGED, name=name)
    audit.record(session, "journal.import", "file", name, after={
        "file": name, "lines": done, "vouchers": vouchers, "debit": debit,
        "first": first_ref, "last": last_ref, "accounts": [c for c, _ in plan.new_accounts],
    })  # fmt: skip
    return JournalImportResult(
        name, done, vouchers, debit, plan.new_accounts, first_ref, last_ref, False
    )
