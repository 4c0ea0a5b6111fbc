"""Bulk journal import: every bad line named and nothing written, sub-accounts, contiguity,
CSV and Excel, English headers, cancel, and a book that checks out and adds up afterwards."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from propdesk.core import i18n
from propdesk.core.errors import UserError, ValidationError
from propdesk.core.progress import Cancelled, Progress
from propdesk.db.models import Posting, Voucher
from propdesk.services import journal_import, ledger, registry
from propdesk.services.check import run_checks
from propdesk.services.journal_import import check_journal, import_journal
from propdesk.services.registry import NewUnit
from tests.helpers import snapshot, v
from tests.perf.journal_file import HEADER_EN, HEADER_ZH, write_journal_csv

Rows = list[tuple[Any, ...]]

GOOD: Rows = [
    ("2024-01-05", "记-1", "1002", "银行存款", "", "", "1,200.00", "", "停车场管理分成"),
    ("2024-01-05", "记-1", "505101", "", "", "", "", "1200", ""),
    ("2024-01-06", "记-2", "560202", "办公费", "", "", "35.5", "", "办公用品"),
    ("2024-01-06", "记-2", "1001", "", "", "", "", "35.50", "办公用品"),
    ("2024-02-01", "记-1", "1002", "", "", "", "80", "", "2月停车分成"),
    ("2024-02-01", "记-1", "505101", "", "", "", "", "80", ""),
]


def write_csv(path: Path, rows: Rows, header: tuple[str, ...] = HEADER_ZH, **kw: Any) -> Path:
    with path.open("w", newline="", encoding=kw.pop("encoding", "utf-8")) as fh:
        w = csv.writer(fh)
        for r in kw.pop("above", []):
            w.writerow(r)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Rows, header: tuple[str, ...] = HEADER_ZH) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2024 年序时账（从旧软件导出）"])
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def file_sums(rows: Rows) -> dict[str, list[int]]:
    """Debits and credits by account, computed from the rows independently of the importer."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def fen(s: Any) -> int:
        if s in ("", None):
            return 0
        whole, _, frac = str(s).replace(",", "").partition(".")
        return int(whole) * 100 + int(frac.ljust(2, "0") or 0)

    for r in rows:
        out[str(r[2])][0] += fen(r[6])
        out[str(r[2])][1] += fen(r[7])
    return out


def leaf_totals(book, start: int, end: int) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    with book.read() as s:
        tb = ledger.trial_balance(s, start, end)
    return {r.code: [r.debit, r.credit] for r in tb.rows if r.is_leaf}


def imported(book, path: Path, **kw: Any):  # type: ignore[no-untyped-def]
    with book.write() as s:
        return import_journal(s, path, **kw)


# -- the happy paths ---------------------------------------------------------------------------
def test_csv_import_posts_vouchers_numbered_per_month(book, tmp_path: Path) -> None:
    res = imported(book, write_csv(tmp_path / "j.csv", GOOD))
    assert (res.lines, res.vouchers, res.debit) == (6, 3, 120000 + 3550 + 8000)
    assert (res.first, res.last) == ("2024-01 记-0001", "2024-02 记-0001")
    with book.read() as s:
        rows = s.execute(
            select(Voucher.period, Voucher.number, Voucher.summary, Voucher.source).order_by(
                Voucher.id
            )
        ).all()
        lines = s.execute(select(Posting.summary).order_by(Posting.id)).scalars().all()
        assert run_checks(s).ok
    assert rows == [
        (202401, 1, "停车场管理分成", "import"),
        (202401, 2, "办公用品", "import"),
        (202402, 1, "2月停车分成", "import"),
    ]
    # a line without a summary takes the voucher's
    assert lines[:2] == ["停车场管理分成", "停车场管理分成"]
    assert leaf_totals(book, 202401, 202402) == file_sums(GOOD)


def test_xlsx_with_title_rows_numbers_and_dates_as_excel_keeps_them(book, tmp_path: Path) -> None:
    rows: Rows = [
        (datetime(2024, 3, 1), 7, 1002, None, None, None, 1200.5, None, "收广告位租金"),
        (datetime(2024, 3, 1), 7, 505102, None, None, None, None, 1200.5, "收广告位租金"),
        ("2024/03/02", "8", "1001", None, None, None, "10", None, "零星收入"),
        ("2024/03/02", "8", "505102", None, None, None, None, 10, "零星收入"),
    ]
    res = imported(book, write_xlsx(tmp_path / "j.xlsx", rows))
    assert (res.lines, res.vouchers, res.debit) == (4, 2, 120050 + 1000)
    assert leaf_totals(book, 202403, 202403) == {
        "1002": [120050, 0], "1001": [1000, 0], "505102": [0, 121050],
    }  # fmt: skip


def test_english_headers_in_another_order(book, tmp_path: Path) -> None:
    order = [8, 0, 1, 2, 6, 7, 3, 4, 5]  # summary first, then date ...
    header = tuple(HEADER_EN[i] for i in order)
    rows = [tuple(r[i] for i in order) for r in GOOD]
    res = imported(book, write_csv(tmp_path / "j.csv", rows, header))
    assert res.vouchers == 3
    assert leaf_totals(book, 202401, 202402) == file_sums(GOOD)


def test_gb18030_csv_from_excel_on_chinese_windows(book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "j.csv", GOOD, encoding="gb18030")
    assert imported(book, path).lines == 6


def test_compound_and_unit_dimensions(book, tmp_path: Path) -> None:
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        (uid,) = registry.add_units(s, [(c, NewUnit("3", "2", "501", 8950, owner="张三"))])
        cid = c.id
    rows: Rows = [
        ("2024-01-05", "1", "1002", "", "幸福里小区", "3-2-501", "50", "", "装修押金"),
        ("2024-01-05", "1", "224102", "装修押金", "幸福里小区", "", "", "50", "装修押金"),
    ]
    imported(book, write_csv(tmp_path / "j.csv", rows))
    with book.read() as s:
        dims = s.execute(select(Posting.compound_id, Posting.unit_id).order_by(Posting.id)).all()
        ledger_lines = list(
            ledger.detail_ledger(
                s, "1002", date(2024, 1, 1), date(2024, 1, 31), ledger.LedgerFilter(unit_id=uid)
            )
        )
    assert dims == [(cid, uid), (cid, None)]
    assert [ln.debit for ln in ledger_lines if ln.kind == "line"] == [5000]


def test_dry_run_checks_everything_and_writes_nothing(book, tmp_path: Path) -> None:
    before = snapshot(book)
    path = write_csv(tmp_path / "j.csv", GOOD)
    with book.write() as s:
        res = import_journal(s, path, dry_run=True)
    assert res.dry_run and (res.lines, res.vouchers) == (6, 3) and res.first is None
    with book.read() as s:
        assert check_journal(s, path).vouchers == 3
    assert snapshot(book) == before


# -- sub-accounts ---------------------------------------------------------------------------
def test_new_codes_become_sub_accounts_named_by_the_file(book, tmp_path: Path) -> None:
    rows: Rows = [
        ("2024-01-05", "1", "112202", "其他单位", "", "", "300", "", "应收广告费"),
        ("2024-01-05", "1", "505102", "", "", "", "", "300", "应收广告费"),
        # a parent new as well, named through the full name of its child
        ("2024-01-06", "2", "56020401", "管理费用—差旅费—市内交通", "", "", "12", "", "打车"),
        ("2024-01-06", "2", "1001", "", "", "", "", "12", "打车"),
    ]
    res = imported(book, write_csv(tmp_path / "j.csv", rows))
    assert res.accounts_created == (
        ("112202", "其他单位"), ("560204", "差旅费"), ("56020401", "市内交通"),
    )  # fmt: skip
    with book.read() as s:
        accs = ledger.accounts(s)
        assert accs["112202"].parent_code == "1122" and accs["112202"].is_leaf
        assert accs["560204"].parent_code == "5602" and not accs["560204"].is_leaf
        assert accs["56020401"].level == 3 and accs["56020401"].category == "pl"
        assert ledger.full_name(s, "56020401") == "管理费用—差旅费—市内交通"
        assert run_checks(s).ok
    assert leaf_totals(book, 202401, 202401) == file_sums(rows)


def test_a_parent_new_too_may_be_named_by_its_own_line_elsewhere(book, tmp_path: Path) -> None:
    # 560206 is named on a line of its own ... which then may not be posted to: refused
    rows: Rows = [
        ("2024-01-06", "1", "560206", "培训费", "", "", "5", "", "x"),
        ("2024-01-06", "1", "1001", "", "", "", "", "5", "x"),
        ("2024-01-07", "2", "56020601", "外训", "", "", "5", "", "x"),
        ("2024-01-07", "2", "1001", "", "", "", "", "5", "x"),
    ]
    with pytest.raises(ValidationError) as err, book.write() as s:
        import_journal(s, write_csv(tmp_path / "j.csv", rows))
    (p,) = err.value.problems
    assert p.row == 2 and "560206" in p.reason and "下级科目" in p.reason


def test_sub_account_refused_under_a_parent_with_postings_or_unknown(book, tmp_path: Path) -> None:
    with book.write() as s:  # 5603 财务费用 is a leaf with postings
        ledger.post_voucher(s, v(date(2023, 12, 1), "手续费", ("5603", 500, 0), ("1002", 0, 500)))
    before = snapshot(book)
    rows: Rows = [
        ("2024-01-05", "1", "560301", "手续费", "", "", "5", "", "x"),
        ("2024-01-05", "1", "1002", "", "", "", "", "5", "x"),
        ("2024-01-06", "2", "11229901", "某某", "", "", "5", "", "x"),  # 112299 unnamed
        ("2024-01-06", "2", "1002", "", "", "", "", "5", "x"),
        ("2024-01-07", "3", "999901", "无上级", "", "", "5", "", "x"),
        ("2024-01-07", "3", "1002", "", "", "", "", "5", "x"),
        ("2024-01-08", "4", "112203", "", "", "", "5", "", "x"),  # no name
        ("2024-01-08", "4", "1002", "", "", "", "", "5", "x"),
        ("2024-01-09", "5", "11220101", "物业费子目", "", "", "5", "", "x"),  # under control
        ("2024-01-09", "5", "1002", "", "", "", "", "5", "x"),
    ]
    with pytest.raises(ValidationError) as err, book.write() as s:
        import_journal(s, write_csv(tmp_path / "j.csv", rows))
    by_row = {p.row: p.reason for p in err.value.problems}
    assert set(by_row) == {2, 4, 6, 8, 10}
    assert "5603" in by_row[2] and "已有发生额" in by_row[2]
    assert "112299" in by_row[4] and "不存在" in by_row[4]
    assert "9999" in by_row[6] and "不存在" in by_row[6]
    assert "112203" in by_row[8] and "科目名称" in by_row[8]
    assert "112201" in by_row[10] and "收费模块" in by_row[10]
    assert snapshot(book) == before


# -- refusals -------------------------------------------------------------------------------
def test_every_kind_of_bad_line_is_named_and_nothing_changes(book, tmp_path: Path) -> None:
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        registry.add_units(s, [(c, NewUnit("1", "1", "101", 9000, owner="张三"))])
        ledger.post_voucher(s, v(date(2023, 11, 5), "期初", ("1002", 100, 0), ("3001", 0, 100)))
        ledger.close_period(s, 202311)
    before = snapshot(book)
    rows: Rows = [
        ("2024-01-05", "1", "1001", "", "", "", "100.50", "", "不平"),  # 2 unbalanced
        ("2024-01-05", "1", "505101", "", "", "", "", "100.00", ""),
        ("2024-13-06", "2", "1001", "", "", "", "20", "", "x"),  # 4, 5 bad date
        ("2024-13-06", "2", "1002", "", "", "", "", "20", "x"),
        ("2024-01-07", "3", "112201", "", "", "", "5", "", "x"),  # 6 control account
        ("2024-01-07", "3", "1001", "", "", "", "", "abc", "x"),  # 7 bad amount
        ("2024-01-08", "4", "1001", "", "无此小区", "", "5", "", "x"),  # 8 unknown compound
        ("2024-01-08", "4", "1002", "", "幸福里小区", "9-9-999", "", "5", "x"),  # 9 unknown unit
        ("2024-01-09", "5", "220301", "", "", "", "5", "", "x"),  # 10 control account
        ("2024-01-09", "5", "1002", "", "", "1-1-101", "", "5", "x"),  # 11 unit, no compound
        ("2023-11-20", "6", "1001", "", "", "", "5", "", "x"),  # 12 closed period
        ("2023-11-20", "6", "1002", "", "", "", "", "5", "x"),
        ("2024-01-10", "7", "1001", "", "", "", "-5", "", "x"),  # 14 negative
        ("2024-01-10", "7", "1002", "", "", "", "", "5.001", "x"),  # 15 three decimals
        ("2024-01-11", "8", "1001", "", "", "", "5", "5", "x"),  # 16 both sides
        ("2024-01-11", "8", "1002", "", "", "", "", "", "x"),  # 17 zero
        ("2024-01-12", "9", "1122", "", "", "", "5", "", "x"),  # 18 not a leaf
        ("2024-01-12", "9", "1002", "", "", "", "", "5", ""),  # (voucher 9 has a summary)
        ("2024-01-13", "10", "1001", "", "", "", "5", "", ""),  # 20 no summary at all
        ("2024-01-13", "10", "1002", "", "", "", "", "5", ""),
        ("2024-01-14", "11", "1001", "", "", "", "5", "", "x"),  # 22 a single line
        ("2024-01-15", "", "1001", "", "", "", "5", "", "x"),  # 23 no voucher number
        ("2024-01-15", "", "1002", "", "", "", "", "5", "x"),  # 24
        ("2024-01-16", "12", "", "", "", "", "5", "", "x"),  # 25 no account
        ("2024-01-16", "12", "1002", "", "", "", "", "5", "长" * 201),  # 26 long summary
        ("", "13", "1001", "", "", "", "5", "", "x"),  # 27 no date
        ("", "13", "1002", "", "", "", "", "5", "x"),  # 28
        ("1880-01-01", "14", "1001", "", "", "", "5", "", "x"),  # 29 out of range
        ("1880-01-01", "14", "1002", "", "", "", "", "5", "x"),  # 30
    ]
    with pytest.raises(ValidationError) as err, book.write() as s:
        import_journal(s, write_csv(tmp_path / "j.csv", rows))
    by_row: dict[int, list[str]] = defaultdict(list)
    for p in err.value.problems:
        assert p.row is not None
        by_row[p.row].append(f"{p.field or ''}: {p.reason}")
    text = {row: " | ".join(msgs) for row, msgs in by_row.items()}
    expected = {
        2: "借贷不平衡", 4: "日期无效", 5: "日期无效", 6: "收费模块", 7: "不是数字",
        8: "无此小区", 9: "9-9-999", 10: "收费模块", 11: "须填写小区", 12: "已结账",
        14: "负数", 15: "两位", 16: "只能填一边", 17: "都为零", 18: "末级科目", 20: "没有摘要",
        22: "只有一行", 23: "凭证号", 24: "凭证号", 25: "科目编码", 26: "200", 27: "日期",
        28: "日期", 29: "超出范围", 30: "超出范围",
    }  # fmt: skip
    for row, words in expected.items():
        assert words in text.get(row, ""), (row, text.get(row))
    assert set(text) == set(expected)
    assert err.value.message.startswith("序时账中发现")
    assert snapshot(book) == before


def test_problems_name_the_columns_as_the_file_does_and_speak_english(book, tmp_path) -> None:
    rows = [(*r[:6], "x1", *r[7:]) if i == 0 else r for i, r in enumerate(GOOD)]
    i18n.set_language(i18n.EN)
    with pytest.raises(ValidationError) as err, book.write() as s:
        import_journal(s, write_csv(tmp_path / "j.csv", rows, HEADER_EN))
    p = err.value.problems[0]
    assert p.row == 2 and p.field == "debit" and "not a number" in p.reason
    assert err.value.message.startswith("1 problem(s) in the journal")


def test_a_voucher_whose_lines_are_not_together_is_refused(book, tmp_path: Path) -> None:
    before = snapshot(book)
    rows: Rows = [
        ("2024-01-05", "1", "1001", "", "", "", "10", "", "a"),
        ("2024-01-05", "2", "1001", "", "", "", "10", "", "b"),
        ("2024-01-05", "2", "1002", "", "", "", "", "10", "b"),
        ("2024-01-05", "1", "1002", "", "", "", "", "10", "a"),  # 5: back to voucher 1
        # a file not sorted by date: the same voucher on an earlier date comes back too
        ("2024-02-01", "1", "1001", "", "", "", "10", "", "c"),
        ("2024-02-01", "1", "1002", "", "", "", "", "10", "c"),
        ("2024-01-20", "3", "1001", "", "", "", "10", "", "d"),
        ("2024-01-20", "3", "1002", "", "", "", "", "10", "d"),
        ("2024-02-01", "1", "1001", "", "", "", "1", "", "c"),  # 10: back to 2024-02-01 1
        ("2024-02-01", "1", "1002", "", "", "", "", "1", "c"),
        ("2024-01-20", "4", "1001", "", "", "", "1", "", "e"),  # unsorted but fine
        ("2024-01-20", "4", "1002", "", "", "", "", "1", "e"),
    ]
    with pytest.raises(ValidationError) as err, book.write() as s:
        import_journal(s, write_csv(tmp_path / "j.csv", rows))
    rows_named = {p.row: p.reason for p in err.value.problems}
    assert set(rows_named) == {2, 5, 10}
    assert "不连续" in rows_named[5] and "第 2 行" in rows_named[5]
    assert "不连续" in rows_named[10] and "第 6 行" in rows_named[10]
    assert "只有一行" in rows_named[2]  # voucher 1 without its second line
    assert snapshot(book) == before


def test_contiguity_is_checked_past_the_in_memory_batch(book, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(journal_import._Seen, "FLUSH", 3)
    rows: Rows = []
    for day in range(1, 11):
        for n in (1, 2):
            rows.append((f"2024-01-{day:02d}", str(n), "1001", "", "", "", "1", "", "x"))
            rows.append((f"2024-01-{day:02d}", str(n), "1002", "", "", "", "", "1", "x"))
    rows.append(("2024-01-03", "2", "1001", "", "", "", "1", "", "x"))
    rows.append(("2024-01-03", "2", "1002", "", "", "", "", "1", "x"))
    with pytest.raises(ValidationError) as err, book.write() as s:
        import_journal(s, write_csv(tmp_path / "j.csv", rows))
    (p,) = err.value.problems
    assert p.row == len(rows) and "第 12 行" in p.reason


def test_problems_beyond_the_limit_are_counted(book, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(journal_import, "MAX_PROBLEMS", 5)
    rows: Rows = [("2024-01-05", str(n), "9999", "", "", "", "1", "", "x") for n in range(20)]
    with pytest.raises(ValidationError) as err, book.write() as s:
        import_journal(s, write_csv(tmp_path / "j.csv", rows))
    assert len(err.value.problems) == 6 and "另有 35 处问题" in str(err.value.problems[-1])
    assert err.value.message.startswith("序时账中发现 40 处问题")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("j.txt", b"x", "只支持"),
        ("j.xlsx", b"not a zip", "无法读取"),
        ("j.csv", b"", "表头"),
        ("j.csv", "日期,凭证号,科目编码,借方\n".encode(), "缺少列"),
        ("j.csv", ",".join(HEADER_ZH).encode() + b"\n\n,,,\n", "没有分录"),
    ],
)
def test_unreadable_or_empty_files(book, tmp_path: Path, name, content, words) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError) as err, book.write() as s:
        import_journal(s, path)
    assert words in err.value.message


def test_missing_file(book, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="无法读取"), book.write() as s:
        import_journal(s, tmp_path / "nope.csv")


# -- all or nothing ---------------------------------------------------------------------------
def test_cancel_in_either_pass_leaves_the_book_unchanged(book, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(journal_import, "CHECK_EVERY", 50)
    path = tmp_path / "j.csv"
    write_journal_csv(path, 600, start=date(2024, 1, 1), end=date(2024, 6, 30))
    before = snapshot(book)
    for when in ("正在检查", "正在记账"):
        progress = Progress()
        seen: list[str] = []

        def report(done: int, total: int, text: str, p=progress, seen=seen, when=when) -> None:  # type: ignore[no-untyped-def]
            seen.append(text)
            if text.startswith(when):
                p.cancel()

        progress._on_report = report
        with pytest.raises(Cancelled), book.write() as s:
            import_journal(s, path, progress=progress, batch_lines=100)
        assert any(t.startswith(when) for t in seen)
        assert snapshot(book) == before


def test_a_file_changed_between_the_passes_is_refused(book, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(journal_import, "CHECK_EVERY", 1)
    path = write_csv(tmp_path / "j.csv", GOOD)
    before = snapshot(book)

    def report(done: int, total: int, text: str) -> None:
        if text.startswith("正在检查") and done == len(GOOD):  # pass 1 read the last line
            write_csv(path, [*GOOD[:4], *((*r[:6], "999", "", *r[8:]) for r in GOOD[4:])])

    with pytest.raises(UserError, match="被改动"), book.write() as s:
        import_journal(s, path, progress=Progress(report), batch_lines=2)
    assert snapshot(book) == before


def test_a_generated_journal_checks_out_and_adds_up(book, tmp_path: Path) -> None:
    path = tmp_path / "j.csv"
    with book.write() as s:
        c = registry.add_compound(s, "幸福里小区")
        registry.add_units(s, [(c, NewUnit("1", "1", f"{r}01", 9000, owner=f"业主{r}")) for r in range(1, 7)])  # fmt: skip
    tot = write_journal_csv(
        path, 3_000, units={"幸福里小区": [f"1-1-{r}01" for r in range(1, 7)]},
        start=date(2024, 1, 1), end=date(2025, 6, 30),
    )  # fmt: skip
    res = imported(book, path, batch_lines=500)
    assert (res.lines, res.vouchers, res.debit) == (tot.lines, tot.vouchers, tot.debit)
    with book.read() as s:
        assert run_checks(s).ok
    assert leaf_totals(book, 202401, 202506) == {k: v for k, v in tot.by_account.items()}
    # importing the same file again doubles the totals; numbering continues per month
    res2 = imported(book, path)
    assert res2.first is not None and res2.first != res.first
    with book.read() as s:
        assert run_checks(s).ok
