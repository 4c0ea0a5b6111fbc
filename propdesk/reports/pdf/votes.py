"""PDF of an owners' vote: the result announcement (表决结果公告) for the bulletin board, and the
pre-filled door-to-door ballot forms (表决票), one owner-person per page.

The announcement is public: figures, the thresholds the law sets and whether each was met, no
owner names. Percentages are printed to two decimals for reading only; whether a threshold is
met comes from the integer inequalities of DOMAIN §2 (so 66.67 % can honestly show as short).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from propdesk.core import votes as core
from propdesk.core.fees import format_area
from propdesk.core.ratios import ratio_text
from propdesk.reports.common import Letterhead, day_label
from propdesk.reports.pdf.base import (
    FONT,
    PORTRAIT,
    SHADE,
    PageDecor,
    SealBox,
    build,
    content_width,
    grid_table,
    layout_table,
    para,
    style,
)
from propdesk.services.books import DEFAULT_COMPANY
from propdesk.services.votes import Announcement, BallotForm

ANNOUNCEMENT_TITLE = "业主共同决定事项表决结果公告"
FORM_TITLE = "业主共同决定事项表决票"
LAW = "《中华人民共和国民法典》第二百七十八条"
QUORUM_RULE = "专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决"
MAJORITY_RULE = {
    core.ORDINARY: "经参与表决专有部分面积过半数的业主且参与表决人数过半数的业主同意",
    core.SPECIAL: "经参与表决专有部分面积四分之三以上的业主且参与表决人数四分之三以上的业主同意",
}
SHARE_RULE = {
    core.ORDINARY: "超过参与表决的二分之一（过半数）",
    core.SPECIAL: "参与表决的四分之三以上（含本数）",
}
FORM_HELP = (
    "请在“同意”“反对”“弃权”三项中选择一项，在其下方的方格内打“√”，并由业主本人（或其书面委托的"
    "代理人）签名。共有人共有一套房屋的，由其中一人签名即可；一人拥有多套房屋的，本表决票代表其全部"
    "房屋，只计一票。弃权视为参与表决。"
)
FORM_FOOT = "本表决票由征集人收回后统一登记，扫描件与原件一并存档备查。"
NOT_FINAL = "表决尚未结束，以上为截至打印日已收回表决票的统计，不是最终结果。"


class _DayHead(Letterhead):
    """A letterhead whose 打印日期 is a day, as the vote documents are dated."""

    __slots__ = ()

    @property
    def printed(self) -> str:
        return self.printed_at.strftime("%Y-%m-%d")


def _head(company: str, printed: date | None) -> _DayHead:
    name = company.strip() or DEFAULT_COMPANY
    day = printed or date.today()
    return _DayHead(name, name, datetime.combine(day, time()), "")


def percent(part: int, whole: int) -> str:
    """12.35 % of a whole, half-up to 0.01; a dash when there is no whole."""
    return ratio_text(part, whole, 2)


def _yes_no(flag: bool) -> str:
    return "是" if flag else "否"


def _sign(company: str, day: str, width: float, seal_text: str) -> Flowable:
    seal = SealBox(seal_text)
    return layout_table(
        [[[para(company, style(10, TA_RIGHT)), para(day, style(10, TA_RIGHT))], seal]],
        [width - seal.box_w - 6 * mm, seal.box_w + 6 * mm],
        [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
         ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT")],
    )  # fmt: skip


# -- the announcement ---------------------------------------------------------------------------
def render_announcement(
    data: Announcement, fp: BinaryIO, *, company: str = "", printed: date | None = None
) -> None:
    """表决结果公告: the matter, the totals, participation, the opinions by area and by owners,
    the thresholds applied and whether each is met, and the result."""
    head = _head(company, printed)
    width = content_width(PORTRAIT)
    t = data.tally
    closed = data.closed_on is not None
    text = style(10, leading=15)
    cell = style(9.5)
    center = style(9.5, TA_CENTER)
    right = style(9.5, TA_RIGHT)
    title = f"{data.compound}{ANNOUNCEMENT_TITLE}"
    intro = (
        f"根据{LAW}，{data.compound}业主于{day_label(data.opens)}至{day_label(data.closes)}以"
        f"{data.method_text}的方式，就下列事项进行了表决。参与表决的业主以{day_label(data.roster_on)}"
        f"的业主名册为准，计数方法为：{data.counting_text}。现将表决结果公告如下："
    )
    info_rows = [
        ["表决编号", str(data.vote_id), "小区", data.compound],
        ["表决议题", data.title, "", ""],
        ["事项", data.matter_text, "", ""],
        ["事项类别", data.kind_text, "表决方式", data.method_text],
        ["表决期间", f"{data.opens.isoformat()} 至 {data.closes.isoformat()}", "结束日期",
         data.closed_on.isoformat() if data.closed_on else "尚未结束"],
    ]  # fmt: skip
    info = grid_table(
        [[para(c, cell) for c in r] for r in info_rows],
        [w * width for w in (0.14, 0.42, 0.14, 0.30)],
        header_rows=0,
        extra=[("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, 0), SHADE),
               ("BACKGROUND", (2, 3), (2, 4), SHADE), ("SPAN", (1, 1), (3, 1)),
               ("SPAN", (1, 2), (3, 2))],
    )  # fmt: skip

    def figures(label: str, area: int, count: int, of_area: int, of_count: int) -> list[Any]:
        return [para(label, cell), para(format_area(area), right), para(percent(area, of_area), right),
                para(str(count), right), para(percent(count, of_count), right)]  # fmt: skip

    rows: list[list[Any]] = [
        [para(x, center) for x in ("项目", "专有部分面积（㎡）", "占比", "人数（人）", "占比")],
        figures("全体业主", t.total_area, t.total_count, t.total_area, t.total_count),
        figures("参与表决", t.part_area, t.part_count, t.total_area, t.total_count),
        figures("未参与表决", t.total_area - t.part_area, t.total_count - t.part_count,
                t.total_area, t.total_count),
        figures("其中：同意", t.yes_area, t.yes_count, t.part_area, t.part_count),
        figures("　　　反对", t.no_area, t.no_count, t.part_area, t.part_count),
        figures("　　　弃权", t.abstain_area, t.abstain_count, t.part_area, t.part_count),
    ]  # fmt: skip
    counts = grid_table(rows, [w * width for w in (0.22, 0.24, 0.15, 0.24, 0.15)])
    note = (
        "注：“参与表决”“未参与表决”的占比以全体业主为基数；同意、反对、弃权的占比以参与表决的业主"
        "为基数。弃权视为参与表决。"
    )

    # each threshold on its own, written as DOMAIN §2's integer inequalities
    quorum_area = 3 * t.part_area >= 2 * t.total_area
    quorum_count = 3 * t.part_count >= 2 * t.total_count
    if t.kind == core.SPECIAL:
        yes_area = 4 * t.yes_area >= 3 * t.part_area
        yes_count = 4 * t.yes_count >= 3 * t.part_count
    else:
        yes_area = 2 * t.yes_area > t.part_area
        yes_count = 2 * t.yes_count > t.part_count
    share = SHARE_RULE[t.kind]
    checks = [
        ("参与表决的专有部分面积", "占全体业主专有部分面积的三分之二以上（含本数）",
         percent(t.part_area, t.total_area), quorum_area),
        ("参与表决的业主人数", "占全体业主人数的三分之二以上（含本数）",
         percent(t.part_count, t.total_count), quorum_count),
        ("同意的专有部分面积", f"{share}面积", percent(t.yes_area, t.part_area), yes_area),
        ("同意的业主人数", f"{share}人数", percent(t.yes_count, t.part_count), yes_count),
    ]  # fmt: skip
    rule_rows: list[list[Any]] = [
        [para(x, center) for x in ("条件", "法定要求", "本次表决", "是否达到")]
    ]
    for label, rule, value, met in checks:
        rule_rows.append([para(label, cell), para(rule, cell), para(value, right),
                          para(_yes_no(met), center)])  # fmt: skip
    rules = grid_table(rule_rows, [w * width for w in (0.24, 0.46, 0.15, 0.15)])

    if closed:
        result = f"表决结果：{data.result_text}"
    else:
        result = "目前统计：" + ("已达到通过条件" if t.passed else "尚未达到通过条件")
    verdict = (
        f"{result}。参与表决{'' if t.quorum else '未'}达到法定要求"
        f"（{QUORUM_RULE}）；同意{'' if t.majority else '未'}达到法定要求"
        f"（{MAJORITY_RULE[t.kind]}）。"
    )
    story: list[Flowable] = [
        para(title, style(16, TA_CENTER, leading=22)),
        Spacer(1, 4 * mm),
        para(intro, text),
        Spacer(1, 3 * mm),
        info,
        Spacer(1, 4 * mm),
        para("一、表决统计", style(11, leading=16)),
        Spacer(1, 1.5 * mm),
        counts,
        Spacer(1, 1.5 * mm),
        para(note, style(8.5, leading=12)),
        Spacer(1, 4 * mm),
        para(f"二、表决规则：{data.kind_text}", style(11, leading=16)),
        Spacer(1, 1.5 * mm),
        rules,
        Spacer(1, 4 * mm),
        para("三、表决结果", style(11, leading=16)),
        Spacer(1, 1.5 * mm),
        para(f"本次表决 {data.result_text if closed else '尚未结束'}", style(18, TA_CENTER, leading=26)),
        Spacer(1, 2 * mm),
        para(verdict, text),
    ]  # fmt: skip
    if not closed:
        m = t.missing
        if not t.passed and m.possible:
            story.append(para(
                f"尚需：至少再有 {m.pass_count} 位业主、专有部分面积 {format_area(m.pass_area)} ㎡ "
                "参与并同意，方可达到通过条件。", text))  # fmt: skip
        story.append(para(NOT_FINAL, text))
    story += [
        para("特此公告。如对表决结果有疑问，可向社区居民委员会或物业服务中心查询。", text),
        Spacer(1, 6 * mm),
        KeepTogether([
            _sign(head.company, day_label(data.closed_on or head.printed_at.date()), width,
                  head.seal_text),
            para("（本公告张贴于小区公告栏，请勿撕毁）", style(8, TA_CENTER)),
        ]),
    ]  # fmt: skip
    build(fp, story, PageDecor(head, "表决结果公告", data.compound), pagesize=PORTRAIT)


# -- the ballot forms ---------------------------------------------------------------------------
def _units_table(f: BallotForm, width: float) -> Flowable:
    """The owner's units: one row each, or a compact grid when there are many (the developer)."""
    cell = style(9.5)
    center = style(9.5, TA_CENTER)
    right = style(9.5, TA_RIGHT)
    areas = f.unit_areas if len(f.unit_areas) == len(f.units) else ()
    if len(f.units) <= 8:
        rows: list[list[Any]] = [
            [para(x, center) for x in ("房屋", "产权人", "专有部分面积（㎡）")]
        ]
        for i, code in enumerate(f.units):
            owners = f.owners[i] if i < len(f.owners) else ""
            rows.append([para(code, cell), para(owners, cell),
                         para(format_area(areas[i]) if areas else "", right)])  # fmt: skip
        rows.append([para("合计", center), para(f"{len(f.units)} 套", cell),
                     para(format_area(f.area), right)])  # fmt: skip
        last = len(rows) - 1
        return grid_table(rows, [w * width for w in (0.3, 0.45, 0.25)],
                          extra=[("BACKGROUND", (0, last), (-1, last), SHADE)])  # fmt: skip
    per_row = 4
    small = style(8)
    labels = [f"{c}（{format_area(areas[i])}㎡）" if areas else c for i, c in enumerate(f.units)]
    grid: list[list[Any]] = [[para(f"房屋（共 {len(f.units)} 套，专有部分面积合计 {f.area_text} ㎡）",
                                   center), "", "", ""]]  # fmt: skip
    for i in range(0, len(labels), per_row):
        chunk = labels[i : i + per_row]
        grid.append([para(x, small) for x in chunk] + [""] * (per_row - len(chunk)))
    return grid_table(grid, [width / per_row] * per_row, extra=[("SPAN", (0, 0), (-1, 0))])


class _TickBoxes(Flowable):
    """同意 / 反对 / 弃权, each with an empty square to tick."""

    def __init__(self, size: float = 11 * mm) -> None:
        super().__init__()
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.size + 10 * mm

    def draw(self) -> None:
        c = self.canv
        third = self.width / 3
        c.setLineWidth(1)
        for i, label in enumerate(("同意", "反对", "弃权")):
            mid = third * i + third / 2
            c.setFont(FONT, 14)
            c.drawCentredString(mid, self.size + 4 * mm, label)
            c.rect(mid - self.size / 2, 1 * mm, self.size, self.size)


def _form(f: BallotForm, width: float, seal_text: str) -> list[Flowable]:
    cell = style(10)
    text = style(10, leading=15)
    info = grid_table(
        [[para("表决编号", cell), para(f"{f.vote_id}-{f.seq:04d}", cell), para("小区", cell),
          para(f.compound, cell)],
         [para("表决议题", cell), para(f.title, cell), "", ""],
         [para("事项", cell), para(f"{f.matter_text}（{f.kind_text}）", cell), "", ""],
         [para("表决期间", cell),
          para(f"{f.opens.isoformat()} 至 {f.closes.isoformat()}", cell), "", ""],
         [para("业主", cell), para(f.name, style(12)), para("面积合计", cell),
          para(f"{f.area_text} ㎡", cell)]],
        [w * width for w in (0.14, 0.42, 0.14, 0.30)],
        header_rows=0,
        extra=[("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, 0), SHADE),
               ("BACKGROUND", (2, 4), (2, 4), SHADE), ("SPAN", (1, 1), (3, 1)),
               ("SPAN", (1, 2), (3, 2)), ("SPAN", (1, 3), (3, 3))],
    )  # fmt: skip
    line = "＿" * 12
    day = "＿＿＿＿年＿＿月＿＿日"
    signs = layout_table(
        [[para(f"业主（代理人）签名：{line}", text), para(f"日期：{day}", text)],
         [para(f"征集人（收票人）签名：{line}", text), para(f"收回日期：{day}", text)]],
        [width * 0.55, width * 0.45],
        [("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 6),
         ("BOTTOMPADDING", (0, 0), (-1, -1), 6)],
    )  # fmt: skip
    out: list[Flowable] = [
        para(f"{f.compound}{FORM_TITLE}", style(16, TA_CENTER, leading=22)),
        para(f"（{f.matter_text}）", style(10, TA_CENTER)),
        Spacer(1, 4 * mm),
        info,
        Spacer(1, 3 * mm),
        _units_table(f, width),
        Spacer(1, 4 * mm),
        para(FORM_HELP, style(9.5, leading=14)),
        Spacer(1, 3 * mm),
        _TickBoxes(),
        Spacer(1, 6 * mm),
        signs,
    ]
    if f.opinion is not None and f.ballot_date is not None:
        out.append(para(
            f"（本业主的表决票已于 {f.ballot_date.isoformat()} 收回登记；再次填写视为更改意见，"
            "须注明原因。）", style(8.5, leading=12),
        ))  # fmt: skip
    out += [
        Spacer(1, 5 * mm),
        KeepTogether([_sign(seal_text, "（表决组织单位盖章）", width, seal_text)]),
        para(FORM_FOOT, style(8, TA_CENTER)),
    ]
    return out


def render_ballot_forms(
    forms: Sequence[BallotForm], fp: BinaryIO, *, company: str = "", printed: date | None = None
) -> None:
    """逐户入户表决票: one pre-filled form per owner-person, each on its own page."""
    head = _head(company, printed)
    width = content_width(PORTRAIT)
    story: list[Flowable] = []
    for f in forms:
        if story:
            story.append(PageBreak())
        story.extend(_form(f, width, head.seal_text))
    if not story:
        story.append(para("没有需要打印的表决票。", style(10)))
    subtitle = forms[0].compound if forms else ""
    build(fp, story, PageDecor(head, "表决票", subtitle), pagesize=PORTRAIT)


__all__ = ["percent", "render_announcement", "render_ballot_forms"]
