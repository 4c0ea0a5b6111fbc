"""PDF of the monthly statement (物业服务收支月报, DOMAIN §9) for a compound or the company:
fees billed and collected, the collection rate, arrears with aging, income by source with a
bar chart, expenses by category, the surplus, the owners' common-income account, stipends,
and the signatures 制表 / 审核 / 社区书记 with the date."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, BinaryIO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from propdesk.core.money import format_amount
from propdesk.core.periods import last_day
from propdesk.reports.common import UNIT_YUAN, day_label, month_label
from propdesk.reports.fees import AmountLine, FeeFigures, MonthlyStatement
from propdesk.reports.pdf.base import (
    CELL_PAD,
    FONT,
    PORTRAIT,
    SHADE,
    PageDecor,
    build,
    content_width,
    fit_size,
    grid_table,
    para,
    signature_block,
    style,
    title_block,
)

TITLE = "物业服务收支月报"
SIGNERS = ("制表", "审核", "社区书记")
BAR = colors.Color(0.75, 0.15, 0.15)


def money(fen: int) -> str:
    return format_amount(fen, symbol=False)


class _Kit:
    def __init__(self, width: float, texts: Sequence[str]) -> None:
        self.width = width
        self.text = style(9)
        self.head = style(9, TA_CENTER)
        self.section = style(10.5, leading=15)
        self.note = style(7.5)
        amount_w = width * 0.2
        self.amount_w = amount_w
        self.amt = style(fit_size(list(texts), amount_w - 2 * CELL_PAD - 1, 9), TA_RIGHT)

    def heading(self, text: str) -> Flowable:
        return para(text, self.section)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
              *, total_rows: Sequence[int] = (), text_cols: int = 1) -> Flowable:  # fmt: skip
        """A ruled table: text in the first `text_cols` columns, figures right-aligned."""
        body: list[list[Any]] = [[para(h, self.head) for h in header]]
        for r in rows:
            body.append(
                [para(c, self.text if i < text_cols else self.amt) for i, c in enumerate(r)]
            )
        extra = [("BACKGROUND", (0, i + 1), (-1, i + 1), SHADE) for i in total_rows]
        return grid_table(body, widths, extra=extra)


def _amount_rows(lines: Sequence[AmountLine], total_label: str) -> list[list[str]]:
    rows = [[ln.label, money(ln.month), money(ln.ytd)] for ln in lines]
    if not lines:
        rows.append(["（无）", money(0), money(0)])
    rows.append([total_label, money(sum(x.month for x in lines)), money(sum(x.ytd for x in lines))])
    return rows


def income_chart(lines: Sequence[AmountLine], width: float, height: float = 55 * mm) -> Drawing:
    """本月收入按来源: one bar per income account, labelled with its name and amount."""
    d = Drawing(width, height)
    # the renderer starts every drawing in its default font (Helvetica) unless told otherwise
    d.initialFontName = FONT
    d.initialFontSize = 9
    d.add(String(0, height - 10, "本月收入按来源（元）", fontName=FONT, fontSize=9))
    shown = [ln for ln in lines if ln.month > 0]
    if not shown:
        d.add(String(width / 2, height / 2, "本月无收入", fontName=FONT, fontSize=9,
                     textAnchor="middle"))  # fmt: skip
        return d
    chart = VerticalBarChart()
    chart.x, chart.y = 45, 28
    chart.width, chart.height = width - 60, height - 50
    # bar heights are a drawing, not bookkeeping: yuan as floats only here
    chart.data = [[float(Decimal(ln.month) / 100) for ln in shown]]
    chart.categoryAxis.categoryNames = [ln.short for ln in shown]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    chart.barLabelFormat = lambda v: f"{v:,.2f}"
    chart.barWidth = 12
    d.add(chart)
    return d


def _fee_section(kit: _Kit, f: FeeFigures, widths: Sequence[float]) -> list[Flowable]:
    rows = [
        ["应收费用（本月账单）", money(f.billed), money(f.billed_ytd)],
        ["实收费用（有效收据，含补缴欠费与预收）", money(f.collected), money(f.collected_ytd)],
        ["账单已收（截至月末，含预收抵扣）", money(f.settled), money(f.settled_ytd)],
        ["收缴率（账单已收 ÷ 应收）", f.rate, f.rate_ytd],
        ["减免", money(f.waived), money(f.waived_ytd)],
    ]
    return [kit.table(["项目", "本月", "本年累计"], rows, widths)]


def _arrears_section(kit: _Kit, f: FeeFigures, as_of: str, internal: bool) -> list[Flowable]:
    w = kit.width
    n = len(f.aging)
    header = ["欠费户数", *(label for _k, label, _a in f.aging), "欠费合计"]
    row = [f"{f.arrears_units} 户", *(money(a) for _k, _l, a in f.aging), money(f.arrears_total)]
    widths = [w * 0.1] + [w * 0.9 * 0.85 / n] * n + [w * 0.9 * 0.15]
    out: list[Flowable] = [kit.table(header, [row], widths)]
    if internal and f.arrears_flagged_units:
        out.append(para(f"其中 {f.arrears_flagged_units} 户有超过三年的欠费（《民法典》第一百八十八条"
                        "诉讼时效），详见催缴清单（内部）。", kit.note))  # fmt: skip
    out.insert(0, para(f"截至{as_of}", kit.note))
    return out


def statement_story(
    data: MonthlyStatement, width: float, *, public: bool = False
) -> list[Flowable]:
    """The body shared by the monthly statement and the public disclosure (`public`: without
    the internal remarks and the per-compound table). Each section keeps its heading with it."""
    f = data.fees
    texts = [money(x) for x in (f.billed, f.billed_ytd, f.collected, f.collected_ytd,
                                f.arrears_total, f.waived, f.waived_ytd)]  # fmt: skip
    texts += [money(x) for ln in (*data.income, *data.expenses) for x in (ln.month, ln.ytd)]
    texts += [money(x) for x in (*data.revenue, *data.costs, *data.surplus)]
    kit = _Kit(width, texts)
    three = [width * 0.6, width * 0.2, width * 0.2]
    cols = ["项目", "本月", "本年累计"]
    sections: list[tuple[str, list[Flowable]]] = [
        ("物业费收缴", _fee_section(kit, f, three)),
        ("欠费情况", _arrears_section(kit, f, day_label(last_day(data.period)), not public)),
        ("收入（按来源）", [
            kit.table(cols, _amount_rows(data.income, "收入合计"), three,
                      total_rows=[max(1, len(data.income))]),
            Spacer(1, 2 * mm), income_chart(data.income, width)]),
        ("支出（按类别）", [kit.table(cols, _amount_rows(data.expenses, "支出合计"), three,
                                    total_rows=[max(1, len(data.expenses))])]),
    ]  # fmt: skip
    (rm, ry), (cm, cy), (sm, sy) = data.revenue, data.costs, data.surplus
    label = (
        "收支结余（收入 − 支出）" if data.compound is None else "本小区直接收支结余（收入 − 支出）"
    )
    surplus: list[Flowable] = [kit.table(cols, [
        ["收入合计", money(rm), money(ry)], ["支出合计", money(cm), money(cy)],
        [label, money(sm), money(sy)]], three, total_rows=[2])]  # fmt: skip
    if data.compound is not None:
        shm, shy = data.shared_costs
        surplus.append(para(f"注：公司统一列支、未分摊到各小区的费用本月 {money(shm)} 元、本年累计 "
                            f"{money(shy)} 元，未计入上表，见公司月报。", kit.note))  # fmt: skip
    sections.append(("收支结余", surplus))
    c = data.common
    sections.append(("业主共有收益（其他应付款—业主共有收益）", [
        kit.table(["期初余额", "本月收入", "公司管理分成", "合理成本及其他支出", "期末余额"],
                  [[money(c.opening), money(c.income), money(c.company_share), money(c.other_out),
                    money(c.closing)]], [width / 5] * 5, text_cols=0),
        para("业主共有部分经营收益属全体业主所有，单独核算，不作为公司收入，不参与盈余分配。", kit.note),
    ]))  # fmt: skip
    st = data.stipends
    sections.append(("网格补贴及网格服务驿站", [
        kit.table(cols, [[st.label, money(st.month), money(st.ytd)]], three)]))  # fmt: skip
    if not public and data.compounds:
        w = width
        widths = [w * 0.2, w * 0.08, w * 0.15, w * 0.15, w * 0.1, w * 0.1, w * 0.22]
        rows = [[x.name, str(x.units), money(x.billed), money(x.collected), x.rate,
                 str(x.arrears_units), money(x.arrears_total)] for x in data.compounds]  # fmt: skip
        sections.append(("分小区情况", [
            kit.table(["小区", "户数", "本月应收", "本月实收", "收缴率", "欠费户数", "欠费金额"],
                      rows, widths)]))  # fmt: skip
    story: list[Flowable] = []
    for n, (heading, parts) in enumerate(sections):
        if story:
            story.append(Spacer(1, 3 * mm))
        story.append(
            KeepTogether([kit.heading("一二三四五六七八九十"[n] + "、" + heading), *parts])
        )
    story.append(Spacer(1, 2 * mm))
    story.append(para(
        "说明：应收为本月账单金额；实收为本月开具的有效收据金额（含补缴以前欠费和预收以后各期）；"
        "收缴率为本月（本年）账单截至月末已收（含预收抵扣）占应收的比例；收入、支出取自账簿"
        "（不含月末结转），本年累计自当年1月起。", kit.note))  # fmt: skip
    return story


def render_monthly(data: MonthlyStatement, fp: BinaryIO) -> None:
    width = content_width(PORTRAIT)
    month = month_label(data.period)
    story: list[Flowable] = [
        *title_block(TITLE, left=f"编制单位：{data.head.company}", center=f"{data.scope} {month}",
                     right=UNIT_YUAN, width=width),
        *statement_story(data, width),
        Spacer(1, 6 * mm),
        KeepTogether([signature_block(SIGNERS, data.head.seal_text, width),
                      para(f"日期：{day_label(data.head.printed_at.date())}", style(9))]),
    ]  # fmt: skip
    build(fp, story, PageDecor(data.head, TITLE, f"{data.scope} {month}"), pagesize=PORTRAIT)


__all__ = ["income_chart", "render_monthly", "statement_story"]
