"""`print stipend-sheet ID` and `print station-funding ID` write the allocation's PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from propdesk.cli import main
from propdesk.db.store import Book
from tests.reports.conftest import pdf_text, squash
from tests.reports.test_pdf_allocation import approved_q1


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_print_the_stipend_sheet_and_the_station_funding(
    book: Book, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aid = approved_q1(book)
    book.close()
    out = tmp_path / "发放表.pdf"
    code, text, err = run(capsys, "--book", book.url, "print", "stipend-sheet", str(aid),
                          "--out", str(out))  # fmt: skip
    assert (code, err) == (0, "") and str(out) in text
    pdf = squash("".join(pdf_text(out.read_bytes())))
    assert "网格补贴签字发放表" in pdf and "张专职" in pdf and "赵兼职" in pdf
    assert "2,900.00" in pdf and "6222********0123" in pdf
    assert "6222021234567890123" not in pdf
    out2 = tmp_path / "驿站.pdf"
    code, text, err = run(capsys, "--book", book.url, "print", "station-funding", str(aid),
                          "--out", str(out2))  # fmt: skip
    assert code == 0
    pdf = squash("".join(pdf_text(out2.read_bytes())))
    assert "网格驿站经费拨付表" in pdf and "图书角" in pdf and "1,000.00" in pdf


def test_an_unknown_allocation_is_named_and_no_file_left(
    book: Book, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book.close()
    out = tmp_path / "x.pdf"
    code, _, err = run(capsys, "--book", book.url, "print", "stipend-sheet", "99",
                       "--out", str(out))  # fmt: skip
    assert code == 2 and "99" in err and not out.exists()
    assert list(tmp_path.glob("*.part")) == []
