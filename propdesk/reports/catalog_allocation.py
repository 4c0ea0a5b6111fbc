"""The allocation's PDFs in the document catalog: the stipend payment sheet (签字发放表) and
the station funding list (驿站经费拨付表), each for one allocation (`print stipend-sheet ID`,
`print station-funding ID`). The catalog imports this module with its other entries."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from propdesk.core.i18n import bilingual
from propdesk.core.progress import Progress
from propdesk.db.store import Book
from propdesk.reports.catalog import ALLOCATION, G_SURPLUS, PDF, Document, Maker, Param, register

T_STIPEND_SHEET = bilingual("网格补贴签字发放表", "Stipend payment sheet")
T_STATION_FUNDING = bilingual("网格驿站经费拨付表", "Station funding list")


def _latest_allocation(session: Session) -> int | None:
    """The newest approved allocation (a draft when there is none yet)."""
    from propdesk.services import surplus

    rows = surplus.list_allocations(session)
    approved = [r.id for r in rows if r.status != "draft"]
    return max(approved or [r.id for r in rows], default=None)


def _maker(what: str) -> Maker:
    def write(book: Book, p: Mapping[str, Any], fp: BinaryIO, progress: Progress) -> int:
        from propdesk.reports.common import letterhead
        from propdesk.reports.pdf import allocation as pdf
        from propdesk.services import surplus

        title = T_STIPEND_SHEET if what == "stipend" else T_STATION_FUNDING
        progress.report(0, 0, title.format())
        with book.read() as s:
            company = letterhead(s).company
            if what == "stipend":
                sheet = surplus.stipend_sheet(s, p["allocation"])
            else:
                funding = surplus.station_funding(s, p["allocation"])
        progress.check()
        if what == "stipend":
            return pdf.render_stipend_sheet(sheet, fp, company=company, printed=date.today())
        return pdf.render_station_funding(funding, fp, company=company, printed=date.today())

    return write


def _stem(title: str) -> Any:
    return lambda p: f"{title}-{p['allocation']}" if p.get("allocation") else title


def register_allocation_documents() -> None:
    allocation = Param(
        "allocation", ALLOCATION, bilingual("盈余分配", "Allocation"), default=_latest_allocation
    )
    register(Document(
        "stipend-sheet", PDF, T_STIPEND_SHEET, G_SURPLUS, (allocation,), _maker("stipend"),
        bilingual("每位网格员一行、本人签字领取（银行账号已遮盖），合计与审批",
                  "A row per grid worker to sign on receipt (accounts masked), total, approval"),
        _stem("网格补贴签字发放表"),
    ))  # fmt: skip
    register(Document(
        "station-funding", PDF, T_STATION_FUNDING, G_SURPLUS, (allocation,), _maker("station"),
        bilingual("每个驿站项目的预算、此前已拨、本次拨付与签收",
                  "Each station project's budget, earlier funding, this funding, receipt"),
        _stem("网格驿站经费拨付表"),
    ))  # fmt: skip


register_allocation_documents()

__all__ = ["T_STATION_FUNDING", "T_STIPEND_SHEET", "register_allocation_documents"]
