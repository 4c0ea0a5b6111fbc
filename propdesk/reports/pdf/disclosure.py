"""PDF of the public disclosure notice (收支公示) for a compound's bulletin board.

The public subset of the monthly statement (DOMAIN §9): figures only — no owner names, phone
numbers or ID numbers (the internal remarks, the per-compound table and the operator's name
in the footer are left off) — with the posting period of at least 30 days and whom to ask.
"""

from __future__ import annotations

from dataclasses import replace
from typing import BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from propdesk.reports.common import UNIT_YUAN, day_label, month_label
from propdesk.reports.fees import PUBLIC_DAYS, Disclosure
from propdesk.reports.pdf.base import (
    PORTRAIT,
    PageDecor,
    SealBox,
    build,
    content_width,
    layout_table,
    para,
    style,
    title_block,
)
from propdesk.reports.pdf.monthly import statement_story

TITLE = "物业服务收支情况公示"


def render_disclosure(data: Disclosure, fp: BinaryIO) -> None:
    st = data.statement
    head = replace(st.head, user="")  # a public notice does not name the clerk who printed it
    width = content_width(PORTRAIT)
    month = month_label(st.period)
    intro = (
        f"根据《中华人民共和国民法典》及物业服务合同的约定，现将{st.scope}{month}物业服务费收缴、"
        "收入支出及业主共有收益情况公示如下，接受全体业主监督。"
    )
    period_line = (
        f"公示期不少于 {PUBLIC_DAYS} 日：自{day_label(data.posted_from)}起至"
        f"{day_label(data.posted_to)}止。公示期内如有疑问或意见，请向物业服务中心或社区居民委员会反映。"
    )
    text = style(10, leading=15)
    seal = SealBox(head.seal_text)
    sign = layout_table(
        [[[para(head.company, style(10, TA_RIGHT)), para(day_label(data.posted_from), style(10, TA_RIGHT))],
          seal]],
        [width - seal.box_w - 6 * mm, seal.box_w + 6 * mm],
        [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
         ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT")],
    )  # fmt: skip
    story: list[Flowable] = [
        *title_block(f"{st.scope}{TITLE}", center=month, right=UNIT_YUAN, width=width),
        para(intro, text),
        Spacer(1, 2 * mm),
        *statement_story(st, width, public=True),
        Spacer(1, 4 * mm),
        para(period_line, text),
        *(para(x, text) for x in data.contact.lines()),
        Spacer(1, 5 * mm),
        KeepTogether([sign, para("（本公示张贴于小区公告栏，请勿撕毁）", style(8, TA_CENTER))]),
    ]  # fmt: skip
    build(fp, story, PageDecor(head, TITLE, f"{st.scope} {month}"), pagesize=PORTRAIT)


__all__ = ["render_disclosure"]
