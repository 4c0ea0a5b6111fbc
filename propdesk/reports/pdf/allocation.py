"""PDF of the surplus allocation's paper documents (DOMAIN §5): the stipend payment sheet
(网格补贴签字发放表), signed by each worker on receipt, and the station funding list
(网格驿站经费拨付表), signed by each station.

Both come from an approved allocation; a draft prints with a banner that it must not be paid
out. Bank accounts are printed masked as the service gives them — never the whole number.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from propdesk.core.money import money_in_words
from propdesk.reports.common import UNIT_YUAN, Letterhead, day_label
from propdesk.reports.pdf.base import (
    PORTRAIT,
    SEAL_RED,
    SHADE,
    PageDecor,
    amount_text,
    build,
    content_width,
    grid_table,
    para,
    signature_block,
    style,
    title_block,
)
from propdesk.services.books import DEFAULT_COMPANY
from propdesk.services.grids import KINDS
from propdesk.services.surplus import STATUSES, StationFunding, StipendSheet

STIPEND_TITLE = "网格补贴签字发放表"
FUNDING_TITLE = "网格驿站经费拨付表"
SIGN_HEIGHT = 7 * mm  # a body row is at least this tall, to sign in
DRAFT_BANNER = "草稿：本分配尚未审批，不得据此发放"
STIPEND_NOTE = (
    "说明：本表补贴由{period}盈余分配（第 {id} 号）列支，领取人核对金额无误后本人签字；"
    "银行账号仅显示首尾数字，转账以本人提供的账户为准。"
)
FUNDING_NOTE = (
    "说明：本表经费由{period}盈余分配（第 {id} 号）拨付，专款用于所列驿站项目；"
    "驿站负责人核对后签收，项目支出凭证另行归档备查。"
)


# the sheet is a Chinese document whatever the screen language the service labelled it in
_ZH_KIND = {t.en: t.zh for t in KINDS.values()}


class _DayHead(Letterhead):
    """A letterhead dated by the day it was printed."""

    __slots__ = ()

    @property
    def printed(self) -> str:
        return self.printed_at.strftime("%Y-%m-%d")


def _head(company: str, printed: date | datetime | None) -> Letterhead:
    name = company.strip() or DEFAULT_COMPANY
    if isinstance(printed, datetime):
        return Letterhead(name, name, printed.replace(microsecond=0), "")
    return _DayHead(name, name, datetime.combine(printed or date.today(), time()), "")


def _approval(status: str, approved_by: str | None, approved_on: date | None) -> str:
    label = STATUSES[status].zh if status in STATUSES else status
    if status == "draft":
        return f"状态：{label}　审批人：　　　　　审批日期："
    on = day_label(approved_on) if approved_on else ""
    return f"状态：{label}　审批人：{approved_by or ''}　审批日期：{on}"


def _banner(status: str) -> list[Flowable]:
    if status != "draft":
        return []
    st = style(11, TA_CENTER, leading=15)
    st.textColor = SEAL_RED
    return [para(DRAFT_BANNER, st), Spacer(1, 2 * mm)]


def _total_words(total: int) -> str:
    return f"合计金额（大写）：{money_in_words(total)}"


def _foot(
    head: Letterhead,
    status: str,
    approved_by: str | None,
    approved_on: date | None,
    note: str,
    labels: tuple[str, ...],
    width: float,
) -> Flowable:
    text = style(9.5, leading=14)
    return KeepTogether([
        Spacer(1, 3 * mm),
        para(note, text),
        para(_approval(status, approved_by, approved_on), text),
        Spacer(1, 4 * mm),
        signature_block(labels, head.seal_text, width),
    ])  # fmt: skip


# -- the stipend payment sheet --------------------------------------------------------------------
def render_stipend_sheet(
    sheet: StipendSheet,
    fp: BinaryIO,
    *,
    company: str = "",
    printed: date | datetime | None = None,
) -> int:
    """签字发放表: one row per worker paid by the allocation, an empty 签字 column, the total in
    figures and in words, the approval and the seal. Returns the number of rows."""
    head = _head(company or sheet.company, printed)
    width = content_width(PORTRAIT)
    cell = style(9)
    center = style(9, TA_CENTER)
    right = style(9, TA_RIGHT)
    fractions = (0.06, 0.12, 0.17, 0.12, 0.06, 0.12, 0.20, 0.15)
    widths = [f * width for f in fractions]
    heads = ("序号", "姓名", "网格", "类别", "月数", "金额", "银行账号", "领取人签字")
    rows: list[list[Any]] = [[para(h, center) for h in heads]]
    for r in sheet.rows:
        rows.append([
            para(r.no, center), para(r.worker, cell), para(r.grid, cell),
            para(_ZH_KIND.get(r.kind, r.kind), cell),
            para(r.months, center), para(amount_text(r.amount, blank_zero=False), right),
            para(r.bank_account or "（未登记账号）", cell), Spacer(1, SIGN_HEIGHT),
        ])  # fmt: skip
    rows.append([
        para("合计", center), "", para(f"{len(sheet.rows)} 人", cell), "", "",
        para(amount_text(sheet.total, blank_zero=False), right), "", "",
    ])  # fmt: skip
    last = len(rows) - 1
    table = grid_table(
        rows, widths,
        extra=[("SPAN", (0, last), (1, last)), ("BACKGROUND", (0, last), (-1, last), SHADE),
],
    )  # fmt: skip
    subtitle = f"{sheet.period} 盈余分配第 {sheet.allocation_id} 号"
    story: list[Flowable] = [
        *title_block(STIPEND_TITLE, left=f"编制单位：{head.company}", center=subtitle,
                     right=UNIT_YUAN, width=width),
        *_banner(sheet.status),
        table,
        Spacer(1, 2 * mm),
        para(_total_words(sheet.total), style(9.5)),
        _foot(head, sheet.status, sheet.approved_by, sheet.approved_on,
              STIPEND_NOTE.format(period=sheet.period, id=sheet.allocation_id),
              ("制表人", "复核人", "发放人"), width),
    ]  # fmt: skip
    build(fp, story, PageDecor(head, STIPEND_TITLE, subtitle), pagesize=PORTRAIT)
    return len(sheet.rows)


# -- the station funding list ---------------------------------------------------------------------
def render_station_funding(
    data: StationFunding,
    fp: BinaryIO,
    *,
    company: str = "",
    printed: date | datetime | None = None,
) -> int:
    """驿站经费拨付表: each station project's budget, what earlier allocations gave it, what this
    one gives, the budget still unfunded, and the station's signature. Returns the row count."""
    head = _head(company or data.company, printed)
    width = content_width(PORTRAIT)
    cell = style(9)
    center = style(9, TA_CENTER)
    right = style(9, TA_RIGHT)
    fractions = (0.06, 0.14, 0.14, 0.18, 0.11, 0.11, 0.11, 0.15)
    widths = [f * width for f in fractions]
    heads = ("序号", "驿站", "网格", "项目", "预算", "此前已拨", "本次拨付", "驿站签收")
    rows: list[list[Any]] = [[para(h, center) for h in heads]]
    for r in data.rows:
        rows.append([
            para(r.no, center), para(r.station, cell), para(r.grid, cell), para(r.project, cell),
            para(amount_text(r.budget, blank_zero=False), right),
            para(amount_text(r.funded_before, blank_zero=False), right),
            para(amount_text(r.amount, blank_zero=False), right), Spacer(1, SIGN_HEIGHT),
        ])  # fmt: skip
    rows.append([
        para("合计", center), "", para(f"{len(data.rows)} 项", cell), "",
        para(amount_text(sum(r.budget for r in data.rows), blank_zero=False), right),
        para(amount_text(sum(r.funded_before for r in data.rows), blank_zero=False), right),
        para(amount_text(data.total, blank_zero=False), right), "",
    ])  # fmt: skip
    last = len(rows) - 1
    table = grid_table(
        rows, widths,
        extra=[("SPAN", (0, last), (1, last)), ("BACKGROUND", (0, last), (-1, last), SHADE)],
    )  # fmt: skip
    subtitle = f"{data.period} 盈余分配第 {data.allocation_id} 号"
    remaining = sum(r.remaining for r in data.rows)
    story: list[Flowable] = [
        *title_block(FUNDING_TITLE, left=f"编制单位：{head.company}", center=subtitle,
                     right=UNIT_YUAN, width=width),
        *_banner(data.status),
        table,
        Spacer(1, 2 * mm),
        para(_total_words(data.total), style(9.5)),
        para(f"拨付后各项目尚余预算合计：{amount_text(remaining, blank_zero=False)} 元",
             style(9.5)),
        _foot(head, data.status, data.approved_by, data.approved_on,
              FUNDING_NOTE.format(period=data.period, id=data.allocation_id),
              ("制表人", "复核人", "经办人"), width),
    ]  # fmt: skip
    build(fp, story, PageDecor(head, FUNDING_TITLE, subtitle), pagesize=PORTRAIT)
    return len(data.rows)


__all__ = ["render_station_funding", "render_stipend_sheet"]
