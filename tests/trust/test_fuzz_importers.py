"""Bad input campaign: every importer and parser fed with whatever hypothesis can think of —
shuffled and missing headers, garbage cells, formulas, huge and negative numbers, random bytes.
Never a crash (only UserError / ValidationError, with a message in the user's language that
names the row where there is one), and a refused import leaves the book exactly as it was."""

from __future__ import annotations

import io
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from propdesk.core import money, periods
from propdesk.core.errors import UserError, ValidationError
from propdesk.db.store import Book
from propdesk.services import journal_import, registry, roster, votes, voucher_files
from propdesk.services.books import create_book
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot
from tests.trust.figures import FUZZED, count

# PROPDESK_FUZZ_EXAMPLES=500 for a longer campaign; CI runs a fixed (derandomized) sample
FUZZ = settings(
    max_examples=int(os.environ.get("PROPDESK_FUZZ_EXAMPLES", "25")),
    derandomize=bool(os.environ.get("CI")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# what lands in a clerk's cells
CELL = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["", " ", "=1+1", "=HYPERLINK(\"x\")", "+86", "-5", "@a", "#N/A", "合计",
                     "１２３．５", "1,2,3", "1e309", "NaN", "-0", "0.001", "幸福里小区", "1-1-101",
                     "同意", "反对", "弃权", "未售", "2026-02-30", "2026/13/01", "１０１"]),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    st.booleans(),
)  # fmt: skip


def xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append([_storable(c) for c in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _storable(c: Any) -> Any:
    if isinstance(c, float) and (c != c or c in (float("inf"), float("-inf"))):
        return str(c)  # openpyxl cannot write NaN/inf as numbers; a clerk's sheet has text
    if isinstance(c, str):
        return ILLEGAL_CHARACTERS_RE.sub("", c)  # Excel cannot hold control characters
    return c


def refused_cleanly(exc: UserError) -> None:
    """A message a clerk can read: not empty, no Python repr or traceback text."""
    text = exc.message if isinstance(exc, ValidationError) else str(exc)
    assert text.strip()
    assert "Traceback" not in text and "object at 0x" not in text


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A compound with five units and a vote open on hiring the manager."""
    path = tmp_path_factory.mktemp("fuzz") / "base.db"
    book = create_book(path, company_name="测试物业")
    setup_compound(book)
    with book.write() as s:
        c = registry.compound_by_name(s, "幸福里小区")
        votes.create_vote(
            s, c, "hire-manager", "续聘", opens=date(2026, 1, 1), closes=date(2026, 12, 31)
        )
    book.close()
    return path


@pytest.fixture(scope="module")
def book(base: Path) -> Any:
    b = Book.open(base)
    yield b
    b.close()


class _Undo(Exception):
    pass


def attempt(book: Book, action: Any) -> bool:
    """Run `action(session)` in one write; True if it went in. A refusal must change nothing."""
    before = snapshot(book)
    try:
        with book.write() as s:
            action(s)
            raise _Undo  # what went in is rolled back: the base book stays as it is
    except _Undo:
        return True
    except UserError as exc:
        refused_cleanly(exc)
        assert snapshot(book) == before
        return False


ROSTER_HEADERS = [c.title for c in roster.COLUMNS]
BALLOT_HEADERS = ["小区", "楼栋", "单元", "房号", "业主", "意见", "日期"]


@FUZZ
@given(
    headers=st.lists(
        st.sampled_from([*ROSTER_HEADERS, "备注", "", "面积(㎡)"]), min_size=0, max_size=14
    ),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=14), max_size=6),
)
def test_roster_sheets_of_anything(book: Book, headers: list[str], rows: list[list[Any]]) -> None:
    count(FUZZED)
    data = xlsx([headers, *rows])
    attempt(book, lambda s: roster.import_roster(s, data, today=date(2026, 6, 1)))


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=7, max_size=7), min_size=1, max_size=6),
       shuffle=st.permutations(BALLOT_HEADERS))  # fmt: skip
def test_ballot_sheets_of_anything(book: Book, rows: list[list[Any]], shuffle: list[str]) -> None:
    count(FUZZED)
    data = xlsx([shuffle, *rows])

    def go(s: Any) -> None:
        vote = votes.list_votes(s)[0]
        votes.import_ballots(s, votes.get_vote(s, vote.id), data)

    attempt(book, go)


JOURNAL_HEADER = "日期,凭证号,科目编码,科目名称,小区,房号,借方,贷方,摘要"
JOURNAL_CELL = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(["2026-01-05", "2026-1-5", "记-0001", "1", "1001", "112201", "5001", "999999",
                     "100.00", "-100", "1e3", "=SUM(A1)", "幸福里小区", "1-1-101", ""]),
)  # fmt: skip


@FUZZ
@given(lines=st.lists(st.lists(JOURNAL_CELL, min_size=0, max_size=10), max_size=8))
def test_journal_files_of_anything(book: Book, tmp_path_factory: pytest.TempPathFactory,
                                   lines: list[list[str]]) -> None:  # fmt: skip
    count(FUZZED)
    path = tmp_path_factory.mktemp("j") / "journal.csv"
    body = "\n".join(
        ",".join(f'"{c}"' if "," in c or '"' in c else c for c in line) for line in lines
    )
    path.write_text(f"{JOURNAL_HEADER}\n{body}\n", encoding="utf-8")
    attempt(book, lambda s: journal_import.import_journal(s, path))


@FUZZ
@given(text=st.text(max_size=300))
def test_voucher_files_of_anything(text: str) -> None:
    count(FUZZED)
    for parse in (voucher_files.parse_csv, voucher_files.parse_json):
        try:
            parse(text)
        except UserError as exc:
            refused_cleanly(exc)


@FUZZ
@given(blob=st.binary(max_size=2048), prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xef\xbb\xbf"]))
def test_random_bytes_are_refused_by_every_file_importer(
    book: Book, tmp_path_factory: pytest.TempPathFactory, blob: bytes, prefix: bytes
) -> None:
    count(FUZZED)
    data = prefix + blob
    folder = tmp_path_factory.mktemp("b")
    attempt(book, lambda s: roster.import_roster(s, data))

    def ballots(s: Any) -> None:
        vote = votes.list_votes(s)[0]
        votes.import_ballots(s, votes.get_vote(s, vote.id), data)

    attempt(book, ballots)
    for suffix in (".csv", ".xlsx"):
        path = folder / f"journal{suffix}"
        path.write_bytes(data)
        attempt(book, lambda s, path=path: journal_import.import_journal(s, path))


@given(text=st.text(max_size=40))
def test_money_and_dates_parse_or_say_why(text: str) -> None:
    count(FUZZED)
    for parse in (money.parse_amount, periods.parse_date, periods.parse_period):
        try:
            parse(text)
        except UserError as exc:
            refused_cleanly(exc)
