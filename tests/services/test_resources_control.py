"""224101 其他应付款—业主共有收益 is the common-resources module's control account: a hand
voucher or an imported journal line on it (or on a compound's sub-account beneath it) is
refused naming the account, the module's own postings pass, and `check` ties the module's
records of the owners' money to each compound's sub-account."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from propdesk.core.errors import ValidationError
from propdesk.db.models import Compound, ResourceIncome
from propdesk.db.store import Book
from propdesk.services import check, ledger, resources
from propdesk.services.journal_import import import_journal
from tests.fees_fixtures import setup_compound
from tests.helpers import snapshot, v

D = date(2026, 2, 10)


def _compound(s, cid: int) -> Compound:  # type: ignore[no-untyped-def]
    c = s.get(Compound, cid)
    assert c is not None
    return c


@pytest.fixture
def voted(book: Book) -> int:
    cid = setup_compound(book)
    with book.write() as s:
        resources._pass_common_use_vote(s, _compound(s, cid), date(2026, 1, 5))
        resources.set_share(s, _compound(s, cid), 2000, date(2026, 1, 1), "管理协议 20%")
    return cid


def _income(book: Book, cid: int, amount: int = 50000) -> resources.IncomeResult:
    with book.write() as s:
        c = _compound(s, cid)
        r = resources.add_resource(s, c, "parking", "P001", location="东侧道路")
        return resources.record_income(s, r, amount, "cash", D)


def test_controller_covers_the_account_and_everything_beneath_it() -> None:
    assert ledger.controller("224101") is ledger.CONTROLLED["224101"]
    assert ledger.controller("22410101") is ledger.CONTROLLED["224101"]
    assert ledger.controller("2241010101") is ledger.CONTROLLED["224101"]
    assert ledger.controller("224102") is None
    assert ledger.controller("2241") is None  # the first-level account stays open to others
    assert ledger.controller("11220101") is ledger.CONTROLLED["112201"]


def test_hand_voucher_to_a_compound_sub_account_is_refused_naming_it(
    book: Book, voted: int
) -> None:
    _income(book, voted)  # the module has opened 22410101 for the compound
    before = snapshot(book)
    with pytest.raises(ValidationError) as err, book.write() as s:
        ledger.post_voucher(s, v(D, "手工调整业主收益", ("1001", 100, 0), ("22410101", 0, 100)))
    text = str(err.value)
    assert "22410101 其他应付款—业主共有收益—" in text
    assert "公共资源模块" in text and "不能手工录入" in text
    assert snapshot(book) == before


def test_hand_voucher_to_224101_is_refused_and_the_book_unchanged(book: Book) -> None:
    before = snapshot(book)
    with pytest.raises(ValidationError) as err, book.write() as s:
        ledger.post_voucher(s, v(D, "停车收入", ("1002", 1_000, 0), ("224101", 0, 1_000)))
    problem = err.value.problems[0]
    assert "224101 其他应付款—业主共有收益" in str(problem) and problem.row == 2
    assert snapshot(book) == before


def test_imported_lines_are_refused_like_the_fee_control_accounts(book: Book) -> None:
    with pytest.raises(ValidationError, match="224101"), book.write() as s:
        ledger.post_voucher(s, ledger.NewVoucher(D, "迁移", [
            ledger.Line("1002", debit=5), ledger.Line("224101", credit=5)],
            source=ledger.SOURCE_IMPORT))  # fmt: skip
    with book.write() as s:  # the rest of 2241 stays open to a migrated journal
        ledger.ensure_account(s, "224102", "装修押金")
        ledger.post_voucher(s, ledger.NewVoucher(D, "迁移", [
            ledger.Line("1002", debit=5), ledger.Line("224102", credit=5)],
            source=ledger.SOURCE_IMPORT))  # fmt: skip


def test_the_modules_own_postings_pass(book: Book, voted: int) -> None:
    res = _income(book, voted, 50000)
    assert (res.company_share, res.owners_share) == (10000, 40000)
    with book.write() as s:
        c = _compound(s, voted)
        resources.record_cost(s, c, 5000, D, "cleaning",
                              resources.votes.evidence_from_bytes("保洁.pdf", b"x"))  # fmt: skip
        resources.use_owners_money(s, c, "other", 1000, D, decision="购置座椅",
                                   decided_on=date(2026, 2, 1))  # fmt: skip
    with book.read() as s:
        c = _compound(s, voted)
        assert resources.ledger_balance(s, c) == 40000 - 5000 - 1000
        assert resources.owners_balance(s, c.id) == 34000
        assert check.run_checks(s).ok


def test_check_ties_the_owners_money_to_each_compound_sub_account(book: Book, voted: int) -> None:
    res = _income(book, voted, 50000)
    with book.write() as s:
        c = _compound(s, voted)
        assert check.run_checks(s).ok
        # reversing the income voucher in the ledger, not through the module, leaves the
        # module's records and 22410101 apart: the check names the compound and the account
        income = s.get(ResourceIncome, res.income_id)
        assert income is not None
        ledger.reverse_voucher(s, income.voucher_id, on=D, reason="测试")
        report = check.run_checks(s)
        messages = [m for name, m in report.violations if "224101" in name]
    assert len(messages) == 1
    assert c.name in messages[0] and "22410101" in messages[0]
    assert "400.00" in messages[0]  # the module's records still hold the owners' 400.00


def test_journal_import_refuses_the_owners_accounts_and_keeps_the_rest_of_2241(
    book: Book, voted: int, tmp_path: Path
) -> None:
    _income(book, voted)  # 22410101 exists now (the compound's sub-account)
    header = ("日期", "凭证号", "科目编码", "科目名称", "小区", "房屋", "借方", "贷方", "摘要")
    rows = [
        ("2024-01-05", "1", "1002", "", "", "", "5", "", "停车收入"),
        ("2024-01-05", "1", "22410101", "", "", "", "", "5", "停车收入"),
        ("2024-01-06", "2", "1002", "", "", "", "5", "", "停车收入"),
        ("2024-01-06", "2", "224101", "", "", "", "", "5", "停车收入"),
        ("2024-01-07", "3", "1002", "", "", "", "5", "", "停车收入"),
        ("2024-01-07", "3", "22410199", "旧小区", "", "", "", "5", "停车收入"),
    ]
    path = tmp_path / "j.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    before = snapshot(book)
    with pytest.raises(ValidationError) as err, book.write() as s:
        import_journal(s, path)
    by_row = {p.row: p.reason for p in err.value.problems}
    assert set(by_row) == {3, 5, 7}
    assert all("公共资源模块" in reason for reason in by_row.values())
    assert "22410101" in by_row[3] and "22410199" in by_row[7]
    assert snapshot(book) == before
    deposits = tmp_path / "k.csv"  # a migrated journal's other payables (224102 …) import
    with deposits.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows([
            ("2024-01-05", "1", "1002", "", "", "", "50", "", "装修押金"),
            ("2024-01-05", "1", "224102", "装修押金", "", "", "", "50", "装修押金"),
        ])  # fmt: skip
    with book.write() as s:
        import_journal(s, deposits)
    with book.read() as s:
        assert "224102" in ledger.accounts(s)
