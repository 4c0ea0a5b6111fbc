"""Test data factories: realistic owner rosters (业主花名册) as .xlsx, with the expected outcome
computed independently while generating (shared by tests and benchmarks)."""

from __future__ import annotations

import random
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国志文辉力永健世广义兴良海山仁波宁贵福生龙元全胜学祥才发成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
COMPOUNDS = ("幸福里小区", "向阳新村", "纺织厂宿舍", "建设路小区", "光明家园", "和平里", "电力小区")
REGIONS = ("110101", "110105", "310104", "370102", "370103", "370105", "420106", "440106", "510107")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def id_number(region: str, born: date, seq: int) -> str:
    """A resident ID number with a correct check digit."""
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True, slots=True)
class ExpectedUnit:
    """What one generated row must become in the book (normalised, as list_units shows it)."""

    compound: str
    building: str
    entrance: str
    room: str
    area: int  # hundredths of m²
    area_source: str
    kind: str
    owner: str  # "" for a developer-held (未售) unit
    id_number: str | None
    phone: str
    co_owners: tuple[str, ...]
    delivered_on: date | None
    developer_held: bool

    @property
    def code(self) -> str:
        return f"{self.building}-{self.entrance}-{self.room}"


@dataclass(frozen=True, slots=True)
class RosterTotals:
    units: int
    area: int  # hundredths of m²
    owners: int  # distinct owner persons (one owner with several units counts once)
    co_owners: int  # co-owner mentions: without ID or phone each becomes a person of their own
    unsold: int
    compounds: int
    rows: tuple[ExpectedUnit, ...]

    @property
    def people(self) -> int:
        """Person rows an import into an empty book creates, developers not counted."""
        return self.owners + self.co_owners


@dataclass
class _Owner:
    name: str
    id_number: str | None
    phone: str


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self.owners: list[_Owner] = []

    def name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))

    def phone(self) -> str:
        while True:
            p = f"1{self.rng.choice('3456789')}{self.rng.randrange(10**9):09d}"
            if p not in self.phones:
                self.phones.add(p)
                return p

    def id_number(self) -> str:
        r = self.rng
        while True:
            born = date(r.randint(1935, 2000), r.randint(1, 12), r.randint(1, 28))
            idn = id_number(r.choice(REGIONS), born, r.randrange(1000))
            if idn not in self.ids:
                self.ids.add(idn)
                return idn

    def owner(self) -> _Owner:
        r = self.rng
        if self.owners and r.random() < 0.06:
            return r.choice(self.owners)  # one owner, several units
        if r.random() < 0.9:
            o = _Owner(self.name(), self.id_number(), self.phone() if r.random() < 0.9 else "")
        else:  # no ID number: known by name and phone
            o = _Owner(self.name(), None, self.phone())
        self.owners.append(o)
        return o


HEADERS = ("小区", "楼栋", "单元", "房号", "建筑面积", "面积来源", "户型", "业主", "证件号码",
           "联系电话", "共有人", "交付日期", "状态")  # fmt: skip
MESSY_HEADERS = ("序号", "小区名称", "楼号", "单元", "房号", "建筑面积（㎡）", "面积来源", "房屋类型",
                 "业主姓名", "身份证号", "联系电话", "共有人", "交房日期", "状态", "备注")  # fmt: skip
SOURCE_LABEL = {"register": "产权登记", "survey": "测绘", "contract": "合同"}
KIND_LABEL = {"residential": "住宅", "shop": "商铺", "garage": "车库", "other": "其他"}


def make_roster_xlsx(
    path: str | Path,
    *,
    compounds: int = 1,
    units: int = 5000,
    seed: int = 20240501,
    title_rows: bool = True,
    messy: bool = True,
) -> RosterTotals:
    """Write a roster of `units` units over `compounds` compounds (buildings x entrances x
    floors x rooms), with co-owners, owners of several units and some 未售 units; `messy` writes
    it the way clerks do (text numbers, full-width digits, '㎡', '3号楼', dates typed by hand)."""
    g = _Gen(seed)
    r = g.rng
    expected: list[ExpectedUnit] = []
    names = [COMPOUNDS[i] if i < len(COMPOUNDS) else f"第{i + 1}小区" for i in range(compounds)]
    for ci, compound in enumerate(names):
        n = units // compounds + (1 if ci < units % compounds else 0)
        made = 0
        b = 0
        while made < n:
            b += 1
            delivered = date(r.randint(1985, 2015), r.randint(1, 12), r.randint(1, 28))
            for e in range(1, 4):
                for floor in range(1, 7):
                    for room in range(1, 3):
                        if made == n:
                            break
                        made += 1
                        expected.append(_unit(g, compound, b, e, floor, room, delivered))

    sheet: list[list[Any]] = []
    if title_rows:
        sheet.append([f"{names[0]}业主信息登记表"])
        sheet.append(["填报单位：社区物业服务有限公司", None, None, None, "填报日期：2024年3月"])
        sheet.append([])
    sheet.append(list(MESSY_HEADERS if messy else HEADERS))
    for i, u in enumerate(expected, start=1):
        cells = _messy_cells(g, u) if messy else _plain_cells(u)
        sheet.append([i, *cells, ""] if messy else cells)
        if messy and r.random() < 0.01:
            sheet.append([])
    if messy:
        sheet.append([None, "合计", None, None, None, f"{sum(u.area for u in expected) / 100:.2f}"])
    write_xlsx(path, sheet, title="业主信息")

    return RosterTotals(
        units=len(expected),
        area=sum(u.area for u in expected),
        owners=len(g.owners),
        co_owners=sum(len(u.co_owners) for u in expected),
        unsold=sum(u.developer_held for u in expected),
        compounds=compounds,
        rows=tuple(expected),
    )


def _unit(g: _Gen, compound: str, b: int, e: int, floor: int, room: int, delivered: date) -> ExpectedUnit:  # fmt: skip
    r = g.rng
    kind = "residential"
    if floor == 1 and r.random() < 0.1:
        kind = r.choice(("shop", "shop", "garage", "other"))
    area = r.randint(4500, 14000)
    area = r.choice((area - area % 100, area - area % 10, area))  # whole, one or two decimals
    source = r.choices(("register", "survey", "contract"), (85, 10, 5))[0]
    unsold = r.random() < 0.03
    co: tuple[str, ...] = ()
    if unsold:
        owner = _Owner("", None, "")
    else:
        owner = g.owner()
        k = r.choices((0, 1, 2), (82, 15, 3))[0]
        pool: list[str] = []
        while len(pool) < k:
            nm = g.name()
            if nm != owner.name and nm not in pool:
                pool.append(nm)
        co = tuple(pool)
    return ExpectedUnit(
        compound=compound, building=str(b), entrance=str(e), room=f"{floor}{room:02d}",
        area=area, area_source=source, kind=kind, owner=owner.name, id_number=owner.id_number,
        phone=owner.phone, co_owners=co, delivered_on=None if r.random() < 0.05 else delivered,
        developer_held=unsold,
    )  # fmt: skip


def _plain_cells(u: ExpectedUnit) -> list[Any]:
    return [
        u.compound, u.building, u.entrance, u.room, f"{u.area / 100:.2f}",
        SOURCE_LABEL[u.area_source], KIND_LABEL[u.kind], u.owner or None, u.id_number,
        u.phone or None, "、".join(u.co_owners) or None,
        u.delivered_on.isoformat() if u.delivered_on else None, "未售" if u.developer_held else "已售",
    ]  # fmt: skip


def _messy_cells(g: _Gen, u: ExpectedUnit) -> list[Any]:
    r = g.rng
    pick = r.choice
    compound = pick((u.compound, u.compound + " ", "\u3000" + u.compound))
    building = pick((u.building, int(u.building), u.building + "号楼", u.building + "栋",
                     u.building + "幢", f"第{u.building}栋"))  # fmt: skip
    entrance = pick((u.entrance, int(u.entrance), u.entrance + "单元"))
    room = pick((u.room, int(u.room), float(u.room), u.room.translate(FULL_WIDTH), u.room + "室"))
    text = f"{u.area / 100:.2f}"
    area = pick((
        u.area / 100, text, text.rstrip("0").rstrip("."), text + "㎡", text + " 平方米",
        text.translate(FULL_WIDTH), f" {text} ",
    ))  # fmt: skip
    source = SOURCE_LABEL[u.area_source]
    if u.area_source == "register" and r.random() < 0.3:
        source = None
    kind = KIND_LABEL[u.kind]
    if u.kind == "residential" and r.random() < 0.5:
        kind = None
    owner: str | None = u.owner or None
    if owner and len(owner) == 2 and r.random() < 0.3:
        owner = owner[0] + "\u3000" + owner[1]  # how clerks line up two-character names
    elif owner and r.random() < 0.05:
        owner = f" {owner} "
    idn: str | None = u.id_number
    if idn and idn.endswith("X") and r.random() < 0.5:
        idn = idn[:-1] + "x"
    phone: Any = u.phone or None
    if phone and r.random() < 0.3:
        phone = int(phone)
    sep = pick(("、", ",", "，", ";", "；", " 、"))
    co = sep.join(u.co_owners) or None
    d = u.delivered_on
    delivered: Any = None
    if d:
        delivered = pick((
            datetime(d.year, d.month, d.day), f"{d:%Y/%m/%d}", f"{d.year}-{d.month}-{d.day}",
            f"{d.year}年{d.month}月{d.day}日", d.isoformat(),
        ))  # fmt: skip
    status = "未售" if u.developer_held else pick(("已售", "已售", None))
    return [compound, building, entrance, room, area, source, kind, owner, idn, phone, co,
            delivered, status]  # fmt: skip


# -- a small .xlsx writer ---------------------------------------------------------------------
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (  # style 0: General; style 1: a date (built-in number format 14)
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def write_xlsx(path: str | Path, rows: list[list[Any]], *, title: str = "Sheet1") -> None:
    """Rows to an .xlsx the way Excel stores them (shared strings, date-formatted serials),
    many times faster than openpyxl for the large rosters of tests and benchmarks."""
    strings: dict[str, int] = {}
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_NS}>']
    width = max((len(r) for r in rows), default=1)
    out.append(f'<dimension ref="A1:{_column(max(width, 1) - 1)}{max(len(rows), 1)}"/><sheetData>')
    for n, cells in enumerate(rows, start=1):
        out.append(f'<row r="{n}">')
        for i, v in enumerate(cells):
            ref = f"{_column(i)}{n}"
            if v is None or v == "":
                continue
            if isinstance(v, bool):
                out.append(f'<c r="{ref}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, int | float):
                out.append(f'<c r="{ref}"><v>{v!r}</v></c>')
            elif isinstance(v, datetime | date):
                serial = (date(v.year, v.month, v.day) - date(1899, 12, 30)).days
                out.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
            else:
                idx = strings.setdefault(str(v), len(strings))
                out.append(f'<c r="{ref}" t="s"><v>{idx}</v></c>')
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    sst = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst {_NS} count="{len(strings)}" uniqueCount="{len(strings)}">'
    ]
    sst += [f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings]
    sst.append("</sst>")
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {_NS} '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<sheets><sheet name="{escape(title)}" sheetId="1" r:id="rId1"/></sheets></workbook>')  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        z.writestr("xl/sharedStrings.xml", "".join(sst))
        z.writestr("xl/worksheets/sheet1.xml", "".join(out))
