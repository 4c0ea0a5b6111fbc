"""A book with known vouchers for the report tests, built once per module; PDF/XLSX readers."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from propdesk.db.store import Book
from propdesk.services import ledger
from propdesk.services.books import create_book, set_meta
from tests.helpers import v

COMPANY = "测试社区物业服务有限公司"
SEAL = "测试社区物业服务有限公司财务专用章"
INJECTIONS = ('=HYPERLINK("http://evil","点我")', "+1+2", "-3*4", "@SUM(A1:A2)")
LONG_SUMMARY = "代收代付" + "小区公共区域照明、电梯维保、二次供水水箱清洗及消防设施检测费用分摊" * 3


def fill_known(book: Book) -> None:
    """2025-12 (closed, year-end carried), 2026-01 (closed), 2026-02 (open)."""
    with book.write() as s:
        set_meta(s, "seal_text", SEAL)
        # 112201/220301 belong to the fees module, 224101 to the common-resources module;
        # manual vouchers use accounts of their own
        ledger.ensure_account(s, "112202", "商铺物业费")
        ledger.ensure_account(s, "112203", "多收待退")
        ledger.ensure_account(s, "220302", "预收商铺物业费")
        ledger.ensure_account(s, "224102", "代收代付")
        ledger.post_vouchers(s, [
            v(date(2025, 12, 1), "收到投入资本", ("1002", 50_000_000, 0), ("3001", 0, 50_000_000)),
            v(date(2025, 12, 5), "收取12月物业费", ("1001", 100_000, 0), ("500101", 0, 100_000)),
        ])  # fmt: skip
    with book.write() as s:
        ledger.close_period(s, 202512)
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 1, 5), "收取1月物业费", ("112202", 140_950, 0), ("500101", 0, 140_950)),
            v(date(2026, 1, 8), "办公用品", ("560201", 32_504, 0), ("1001", 0, 32_504)),
            v(date(2026, 1, 9), "停车场公共收益分成", ("1002", 600_714, 0), ("505101", 0, 600_714)),
            v(date(2026, 1, 10), "银行手续费", ("5603", 5, 0), ("1002", 0, 5)),
            v(date(2026, 1, 12), "预收2月物业费", ("1002", 30_000, 0), ("220302", 0, 30_000)),
            v(date(2026, 1, 15), "购入水泵", ("1601", 1_000_000, 0), ("1002", 0, 1_000_000)),
            v(date(2026, 1, 31), "计提折旧", ("560201", 50_000, 0), ("1602", 0, 50_000)),
            v(date(2026, 1, 20), INJECTIONS[0], ("1001", 1_000, 0), ("224102", 0, 1_000)),
            v(date(2026, 1, 21), INJECTIONS[1], ("1001", 2_000, 0), ("224102", 0, 2_000)),
            v(date(2026, 1, 22), INJECTIONS[2], ("224102", 3_000, 0), ("1001", 0, 3_000)),
            v(date(2026, 1, 23), INJECTIONS[3], ("5711", 100, 0), ("1001", 0, 100)),
            v(date(2026, 1, 25), LONG_SUMMARY, ("5401", 88_800, 0), ("1002", 0, 88_800)),
        ])  # fmt: skip
    with book.write() as s:
        ledger.close_period(s, 202601)
    with book.write() as s:
        ledger.post_vouchers(s, [
            v(date(2026, 2, 5), "多收物业费待退", ("1002", 5_000, 0), ("112203", 0, 5_000)),
            v(date(2026, 2, 3), "收取2月物业费", ("1002", 200_000, 0), ("500101", 0, 200_000)),
            v(date(2026, 2, 4), "2月预收冲抵", ("220302", 30_000, 0), ("112202", 0, 30_000)),
            v(date(2026, 2, 6), "支付水电费", ("5401", 12_345, 0), ("1002", 0, 12_345)),
        ])  # fmt: skip


@pytest.fixture(scope="module")
def known_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    path = tmp_path_factory.mktemp("known") / "known.db"
    book = create_book(path, company_name=COMPANY)
    fill_known(book)
    yield book
    book.close()


# -- reading outputs back ---------------------------------------------------------------------
def pdf_text(data: bytes) -> list[str]:
    """The text of every page."""
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_fonts(data: bytes) -> list[tuple[str, bool]]:
    """(base font name, has an embedded /FontFile2) of every font any page uses."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            embedded = desc is not None and "/FontFile2" in desc.get_object()
            out.append((str(font["/BaseFont"]), embedded))
    return out


def sheet_xml(data: bytes, index: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(f"xl/worksheets/sheet{index}.xml").decode()


def render_png(pdf: bytes, out: Path) -> Path:
    """Page 1 at 60 dpi, to look at when layout changes (pdftoppm)."""
    import subprocess

    src = out.with_suffix(".pdf")
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(src), str(out.with_suffix(""))], check=True)  # fmt: skip
    return out.with_suffix(".png")
