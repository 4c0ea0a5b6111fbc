"""PDFs read back: amounts, amounts in words, voucher numbers, page numbers, the embedded font."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest

from propdesk.core.errors import UserError
from propdesk.core.money import money_in_words
from propdesk.db.store import Book
from propdesk.reports.ledgers import trial_balance_report
from propdesk.reports.pdf.base import font_path, resource_dirs
from propdesk.reports.pdf.statements import (
    render_balance_sheet,
    render_income_statement,
    render_trial_balance,
)
from propdesk.reports.pdf.voucher import render_vouchers
from propdesk.reports.statements import balance_sheet, income_statement
from propdesk.reports.vouchers import VoucherBatch, voucher_batch
from propdesk.services import ledger
from propdesk.services.ledger import Line, NewVoucher
from tests.reports.conftest import LONG_SUMMARY, SEAL, pdf_fonts, pdf_text, squash


def _render(fn, data, **kw) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fn(data, buf, **kw)
    return buf.getvalue()


def assert_only_our_font(pdf: bytes) -> None:
    """Every font on every page is an embedded subset of the bundled WenQuanYi Micro Hei
    (reportlab names the subsets "/AAAAAA+WenQuanYiMicroHei-0", "-1", …)."""
    fonts = pdf_fonts(pdf)
    assert fonts, "no font at all"
    for name, embedded in fonts:
        assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiMicroHei-\d+", name), name
        assert embedded, name


def test_font_comes_from_the_bundled_resources() -> None:
    path = font_path()
    assert path.name == "wqy-microhei.ttc"
    assert path.parent.parent in resource_dirs()


def test_one_voucher(known_book: Book) -> None:
    with known_book.read() as s:
        batch = voucher_batch(s, 202601, 1)
    pdf = _render(render_vouchers, batch, per_page=1)
    (page,) = pdf_text(pdf)
    flat = squash(page)
    assert "记账凭证" in flat
    assert "记字第0001号" in flat
    assert "2026年01月05日" in flat
    assert "附件0张" in flat
    assert "112202应收账款—商铺物业费" in flat and "500101主营业务收入—物业服务费" in flat
    assert flat.count("1,409.50") == 4  # two lines and the two totals
    assert "合计：人民币壹仟肆佰零玖元伍角整" in flat
    assert money_in_words(140_950) == "人民币壹仟肆佰零玖元伍角整"
    for who in ("会计主管", "记账", "审核", "出纳", "制单admin"):
        assert who in flat
    assert "第1页共1页" in flat
    assert_only_our_font(pdf)


def test_month_batch_two_per_page(known_book: Book) -> None:
    with known_book.read() as s:
        batch = voucher_batch(s, 202601)
    n = len(batch.vouchers)
    assert [v.number for v in batch.vouchers] == list(range(1, n + 1))
    pdf = _render(render_vouchers, batch, per_page=2)
    pages = pdf_text(pdf)
    assert len(pages) == (n + 1) // 2
    total = len(pages)
    for i, page in enumerate(pages, start=1):
        assert f"第{i}页共{total}页" in squash(page)
    everything = squash("".join(pages))
    for number in range(1, n + 1):
        assert f"记字第{number:04d}号" in everything
    # the long summary wraps inside its cell: every character is there, nothing clipped
    assert squash(LONG_SUMMARY) in everything
    # text that looks like a formula or markup prints as it is
    assert '=HYPERLINK("http://evil","点我")' in everything
    assert "人民币叁佰贰拾伍元零肆分" in everything  # 325.04
    assert "人民币伍分" in everything  # 0.05
    assert_only_our_font(pdf)


def test_a_long_voucher_continues_on_the_next_form(book: Book) -> None:
    lines = [Line("1001", debit=100 * (i + 1), summary=f"第{i + 1}户物业费") for i in range(40)]
    total = sum(ln.debit for ln in lines)
    lines.append(Line("500101", credit=total))
    with book.write() as s:
        ledger.post_voucher(s, NewVoucher(date(2026, 4, 30), "批量收费", lines, attachments=41))
    with book.read() as s:
        batch = voucher_batch(s, 202604)
    pdf = _render(render_vouchers, batch, per_page=2)
    pages = pdf_text(pdf)
    text = squash("".join(pages))
    parts = text.count("记字第0001号（")  # the running page header names it too, without （n/m）
    assert parts >= 2
    assert f"记字第0001号（1/{parts}）" in text and f"（{parts}/{parts}）" in text
    assert text.count("过次页") == parts - 1 and text.count("承前页") == parts - 1
    for i in range(40):
        assert f"第{i + 1}户物业费" in text
    assert text.count("合计：") == 1 and money_in_words(total) in text


def test_statements_pdf(known_book: Book) -> None:
    with known_book.read() as s:
        inc = income_statement(s, 202601)
        bs = balance_sheet(s, 202602)
        tb = trial_balance_report(s, 202601)
    inc_text = squash(pdf_text(_render(render_income_statement, inc))[0])
    assert "利润表" in inc_text
    assert "会小企02表" in inc_text and "2026年01月" in inc_text
    assert "一、营业收入17,416.647,416.64" in inc_text  # 行次 1, 本月, 本年累计
    assert "四、净利润（净亏损以“-”号填列）325,702.555,702.55" in inc_text
    assert SEAL in inc_text and "单位负责人" in inc_text and "第1页共1页" in inc_text

    pdf = _render(render_balance_sheet, bs)
    bs_text = squash(pdf_text(pdf)[0])
    assert "会小企01表" in bs_text and "2026年02月28日" in bs_text
    assert "固定资产原价1810,000.00" in bs_text
    assert "未分配利润518,579.101,000.00" in bs_text
    total = "500,000.00"
    assert bs_text.count("508,629.10") == 2  # 资产总计 == 负债和所有者权益总计
    assert total in bs_text
    assert_only_our_font(pdf)

    tb_pdf = _render(render_trial_balance, tb)
    tb_text = squash(pdf_text(tb_pdf)[0])
    assert "科目余额表" in tb_text and "试算平衡" in tb_text
    assert "112202商铺物业费1,409.501,409.50" in tb_text
    assert_only_our_font(tb_pdf)


def test_long_trial_balance_repeats_its_header(book: Book, tmp_path: Path) -> None:
    with book.write() as s:
        vouchers = []
        for i in range(1, 70):
            code = f"1221{i:02d}"
            ledger.ensure_account(s, code, f"备用金—第{i}网格站（长名称用于测试换行不被截断）")
            vouchers.append(
                NewVoucher(date(2026, 5, 1), "借出备用金",
                           [Line(code, debit=1_000_00 + i), Line("1001", credit=1_000_00 + i)])
            )  # fmt: skip
        ledger.post_vouchers(s, vouchers)
    with book.read() as s:
        data = trial_balance_report(s, 202605)
    pages = pdf_text(_render(render_trial_balance, data))
    assert len(pages) >= 2
    for i, page in enumerate(pages, start=1):
        flat = squash(page)
        assert "科目编码" in flat and "期初余额" in flat, f"page {i} lost its header"
        assert f"第{i}页共{len(pages)}页" in flat
    assert "第69网格站（长名称用于测试换行不被截断）" in squash("".join(pages))


def test_empty_period_is_refused(book: Book) -> None:
    with book.read() as s, pytest.raises(UserError, match="没有凭证"):
        voucher_batch(s, 202601)
    with pytest.raises(ValueError):
        render_vouchers(VoucherBatch(None, 202601, ()), io.BytesIO(), per_page=3)  # type: ignore[arg-type]
