"""The owner roster (业主花名册) from the clerk's Excel: reading, validation, import, template.

Reading is forgiving about form (title rows, header variants, full-width digits, numbers stored
as text, "3号楼", "89.5㎡", dates typed any common way) and strict about content: every bad row
is reported at once, with the row number Excel shows and the column's header text, and nothing
is written unless the whole file is clean. Importing the same file again changes nothing.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from propdesk.core.batch import no_cycle_collection
from propdesk.core.errors import Problem, UserError, ValidationError
from propdesk.core.fees import T_BAD_AREA, format_area, id_number_ok, mask_id_number, parse_area
from propdesk.core.i18n import Text, bilingual
from propdesk.core.progress import Progress
from propdesk.db.models import Compound, Ownership, Person, Unit
from propdesk.services import audit, registry
from propdesk.services.registry import AREA_SOURCES, UNIT_KINDS, NewUnit, unit_code

Source = str | Path | bytes | IO[bytes]

# -- messages ---------------------------------------------------------------------------------
T_REFUSED = bilingual(
    "花名册中发现 {count} 处问题，未导入任何内容：",
    "{count} problem(s) in the roster; nothing was imported:",
)
T_CANNOT_READ = bilingual(
    "无法读取 Excel 文件 {name}：{detail}", "Cannot read the Excel file {name}: {detail}"
)
T_OLD_XLS = bilingual(
    "{name} 是旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入",
    "{name} is an old .xls file; save it as .xlsx in Excel or WPS, then import it",
)
T_NOT_XLSX = bilingual("不是 .xlsx 文件", "not an .xlsx file")
T_NO_SHEET = bilingual("文件中没有工作表", "the workbook has no sheets")
T_MISSING_COLUMN = bilingual(
    "缺少必填列「{column}」（在前 {scan} 行中未找到表头）",
    'required column "{column}" is missing (no such header in the first {scan} rows)',
)
T_NO_ROWS = bilingual("表头下面没有数据行", "there are no data rows below the header")
T_MISSING = bilingual("缺少值", "missing value")
T_OWNER_NEEDED = bilingual("已售房屋须填写业主", "a sold unit needs an owner")
T_UNSOLD_HAS = bilingual(
    "状态为未售（归建设单位），此列应留空",
    "the unit is unsold (held by the developer), so this must be blank",
)
T_TOO_LONG = bilingual("内容过长（最多 {max} 个字）", "too long (at most {max} characters)")
T_HAS_DASH = bilingual(
    "不能包含「-」（房屋编号用它分隔楼栋-单元-房号）",
    'must not contain "-" (it separates building-entrance-room in unit codes)',
)
T_AREA_TOO_BIG = bilingual(
    "面积 {text} ㎡ 不合理，请核对", "an area of {text} m² is not plausible; please check"
)
T_BAD_DATE = bilingual(
    "日期「{text}」无法识别，应写成 2004-05-01",
    'cannot read the date "{text}"; write it as 2004-05-01',
)
T_NO_SUCH_DATE = bilingual("日期 {text} 不存在", "there is no such date as {text}")
T_DATE_TOO_EARLY = bilingual(
    "日期 {text} 过早，请核对", "the date {text} is too early; please check"
)
T_DATE_FUTURE = bilingual(
    "交付日期 {text} 在一年以后，请核对",
    "the delivery date {text} is more than a year away; please check",
)
T_BAD_ID = bilingual(
    "证件号码「{text}」无效（位数或校验位不对）",
    'the ID number "{text}" is invalid (wrong length or check digit)',
)
T_ID_AS_NUMBER = bilingual(
    "证件号码被 Excel 存成了数字，末几位已丢失；请把该列设为文本后重新录入",
    "Excel stored the ID number as a number and lost its last digits; "
    "format the column as text and type it again",
)
T_UNKNOWN_VALUE = bilingual(
    "无法识别「{text}」，应为：{allowed}", 'unknown value "{text}"; expected one of: {allowed}'
)
T_CO_OWNER_IS_OWNER = bilingual(
    "共有人「{name}」就是业主本人", 'co-owner "{name}" is the owner themself'
)
T_DUPLICATE = bilingual(
    "房屋 {compound} {code} 与第 {first} 行重复",
    "unit {code} of {compound} is already on row {first}",
)
T_ID_TWO_NAMES = bilingual(
    "证件号码 {id} 在第 {first} 行属于「{other}」，此处却是「{name}」",
    'ID number {id} belongs to "{other}" on row {first} but to "{name}" here',
)
T_ID_BOOK_NAME = bilingual(
    "证件号码 {id} 在账套中属于「{other}」，此处却是「{name}」",
    'ID number {id} belongs to "{other}" in the book but to "{name}" here',
)
T_BOOK_DIFFERS = bilingual(
    "房屋 {code} 已在账套中，但与账套不一致：账套为 {book}，文件为 {file}",
    "unit {code} is already in the book with different data: the book has {book}, the file {file}",
)
T_BLANK = bilingual("（空）", "(blank)")
T_OWNER = bilingual("「{name}」", '"{name}"')
T_OWNER_WITH_ID = bilingual("「{name}」（{id}）", '"{name}" ({id})')
T_UNSOLD = bilingual("未售", "unsold")
T_OPENING = bilingual("正在读取 {name}", "Reading {name}")
T_READING = bilingual("正在读取第 {row} 行", "Reading row {row}")
T_WRITING = bilingual("正在写入房屋 {done}/{total}", "Writing unit {done} of {total}")

# -- columns ----------------------------------------------------------------------------------
HEADER_SCAN_ROWS = 20
PROGRESS_ROWS = 200  # report reading progress (and look for Cancel) every so many rows
MAX_AREA = 100_000_00  # 100,000 m² in hundredths: more than any one unit, catches typos
MAX_LEN = {"compound": 100, "building": 20, "entrance": 20, "room": 20, "owner": 100,
           "phone": 32, "co_owners": 100}  # fmt: skip
FUTURE_DELIVERY = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str  # the header the template writes
    aliases: tuple[str, ...]  # other headers real sheets use (normalised: no spaces, lower case)
    required: bool = False
    help: str = ""  # one line for the template's 说明 sheet


COLUMNS: tuple[Column, ...] = (
    Column("compound", "小区", ("小区名称", "小区名", "项目", "项目名称", "院落", "compound"), True,
           "小区名称；账套中没有的小区会自动新建"),
    Column("building", "楼栋", ("楼栋号", "楼号", "栋号", "幢号", "楼幢", "栋", "幢", "building"), True,
           "楼栋编号，可写 3、3号楼、3栋、3幢"),
    Column("entrance", "单元", ("单元号", "entrance"), True, "单元编号，可写 2 或 2单元"),
    Column("room", "房号", ("房间号", "室号", "户号", "门牌号", "room"), True,
           "房号，如 501；同一小区内 楼栋-单元-房号 不能重复"),
    Column("area", "建筑面积", ("面积", "房屋面积", "产权面积", "area"), True,
           "平方米，正数，最多两位小数；可带 ㎡ 或 平方米"),
    Column("area_source", "面积来源", ("面积依据", "areasource"), False,
           "产权登记 / 测绘 / 合同；留空按产权登记。业主表决按此面积计算"),
    Column("kind", "户型", ("房屋类型", "房屋用途", "用途", "类型", "kind", "type"), False,
           "住宅 / 商铺 / 车库 / 其他；留空按住宅"),
    Column("owner", "业主", ("业主姓名", "姓名", "产权人", "房主", "owner"), False,
           "业主姓名；已售房屋必填，未售房屋留空"),
    Column("id_number", "证件号码", ("证件号", "身份证号", "身份证号码", "身份证", "idnumber"), False,
           "18 位居民身份证号（校验位须正确）或旧 15 位号码；请把此列设为文本格式"),
    Column("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式", "phone"), False,
           "手机或座机；没有证件号码时，姓名+电话相同视为同一人"),
    Column("co_owners", "共有人", ("共有权人", "共同共有人", "coowners"), False,
           "其他产权共有人，多人用 、 , ; 分隔"),
    Column("delivered_on", "交付日期", ("交房日期", "交付时间", "交房时间", "delivered", "deliveredon"),
           False, "如 2004-05-01、2004/5/1、2004年5月1日；物业费从交付次月开始计"),
    Column("status", "状态", ("销售状态", "出售状态", "status"), False,
           "已售 / 未售；留空按已售。未售房屋归建设单位（开发商），不填业主"),
)  # fmt: skip
COLUMN = {c.key: c for c in COLUMNS}
REQUIRED = tuple(c.key for c in COLUMNS if c.required)

KIND_VALUES: dict[str, str] = {v: k for k, v in UNIT_KINDS.items()} | {
    "住房": "residential", "商业": "shop", "商用": "shop", "门面": "shop", "门市": "shop",
    "网点": "shop", "底商": "shop", "车位": "garage",
} | {k: k for k in UNIT_KINDS}  # fmt: skip
SOURCE_VALUES: dict[str, str] = registry.SOURCE_BY_LABEL | {
    "产权证": "register", "房产证": "register", "不动产登记": "register",
    "不动产权证": "register", "实测": "survey", "测绘报告": "survey",
    "购房合同": "contract", "合同面积": "contract",
} | {k: k for k in AREA_SOURCES}  # fmt: skip
SOLD = "已售"
UNSOLD = "未售"
STATUS_VALUES: dict[str, bool] = {"已售": True, "已出售": True, "已销售": True, "售出": True,
                                  "sold": True, "未售": False, "未出售": False, "未销售": False,
                                  "待售": False, "unsold": False}  # fmt: skip
TOTAL_WORDS = {"合计", "总计", "小计"}


def header_key(text: object) -> str:
    """'建筑面积（㎡）' -> '建筑面积', '* 业　主' -> '业主', 'ID Number' -> 'idnumber'."""
    s = unicodedata.normalize("NFKC", str(text))
    s = re.sub(r"[\s*_\-:：]+", "", s)
    s = re.sub(r"\(.*?\)$", "", s)
    return s.lower()


_HEADER_LOOKUP: dict[str, str] = {
    header_key(alias): c.key for c in reversed(COLUMNS) for alias in (*reversed(c.aliases), c.title)
}  # reversed, so the first column listing an alias wins


# -- results ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RosterRow:
    """One clean roster row, normalised: codes without 号楼/单元, area in 0.01 m², ORM keys."""

    row: int  # the row number Excel shows
    compound: str
    building: str
    entrance: str
    room: str
    area: int
    area_source: str = "register"
    kind: str = "residential"
    owner: str | None = None
    id_number: str | None = None
    phone: str | None = None
    co_owners: tuple[str, ...] = ()
    delivered_on: date | None = None
    sold: bool = True

    @property
    def code(self) -> str:
        return unit_code(self.building, self.entrance, self.room)

    def new_unit(self) -> NewUnit:
        return NewUnit(
            building=self.building, entrance=self.entrance, room=self.room, area=self.area,
            area_source=self.area_source, kind=self.kind, delivered_on=self.delivered_on,
            developer_held=not self.sold, owner=self.owner if self.sold else None,
            id_number=self.id_number, phone=self.phone, co_owners=self.co_owners,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class RosterReport:
    """What `read_roster` found: clean rows, every problem, and where the table was."""

    name: str
    sheet: str
    header_row: int | None
    columns: tuple[tuple[str, str], ...]  # (key, header text as written) in sheet order
    rows: tuple[RosterRow, ...]
    problems: tuple[Problem, ...]
    rows_read: int  # non-blank data rows, good or bad

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total_area(self) -> int:
        return sum(r.area for r in self.rows)

    @property
    def compounds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.compound for r in self.rows))

    def header(self, key: str) -> str:
        """The header text the file uses for a column (the template's title if absent)."""
        return dict(self.columns).get(key, COLUMN[key].title)

    def has(self, key: str) -> bool:
        return key in dict(self.columns)


@dataclass(frozen=True, slots=True)
class BookCheck:
    """The roster compared with the book: conflicts, rows to create, rows already there."""

    problems: tuple[Problem, ...]
    new: tuple[RosterRow, ...]
    unchanged: tuple[RosterRow, ...]


@dataclass(frozen=True, slots=True)
class ImportResult:
    created_units: int
    created_compounds: int
    created_people: int  # owners and co-owners (a new compound's developer is not counted)
    unchanged_units: int
    created_area: int = 0  # hundredths of m², of the units created
    dry_run: bool = False


# -- cell values ------------------------------------------------------------------------------
class BadCell(Exception):
    """A cell's value is unusable, and why."""

    def __init__(self, text: Text, /, **params: object) -> None:
        super().__init__(text, params)
        self.text = text
        self.params = params

    def __str__(self) -> str:
        return self.text.format(**self.params)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff]"


def cell_text(value: object) -> str:
    """A cell as clean text: NFKC (full-width digits, U+3000), stripped, Excel's 15 digits."""
    if value is None:
        return ""
    if isinstance(value, str):
        if value.isascii():
            return value.strip()
        return unicodedata.normalize("NFKC", value).translate(_INVISIBLE).strip()
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")  # what Excel shows: 102.39999999999999 -> 102.4
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


_SPACES = re.compile(r"\s+")
_CJK_GAP = re.compile(rf"(?<={_CJK}) (?={_CJK})")


def squeeze(s: str) -> str:
    """Names: runs of spaces become one; spaces between Chinese characters go ('张　三' -> '张三')."""
    if not _SPACES.search(s):
        return s
    return _CJK_GAP.sub("", _SPACES.sub(" ", s))


def _nospace(s: str) -> str:
    return _SPACES.sub("", s) if _SPACES.search(s) else s


# Cell parsers: (raw cell value, its cell_text) -> the value, or raise BadCell with the reason.
def _name(raw: object, s: str) -> str:
    return squeeze(s)


def _phone(raw: object, s: str) -> str:
    return _nospace(s)


_BUILDING = re.compile(r"第?(.+?)(?:号楼|号栋|号幢|号|栋|幢|楼|座|#)")
_ENTRANCE = re.compile(r"第?(.+?)(?:单元|门)")


def parse_building(raw: object, s: str) -> str:
    s = _nospace(s)
    m = _BUILDING.fullmatch(s)
    return m.group(1) if m else s


def parse_entrance(raw: object, s: str) -> str:
    s = _nospace(s)
    m = _ENTRANCE.fullmatch(s)
    return m.group(1) if m else s


_ROOM_JUNK = re.compile(r"(?<=\d)\.0+$|(?:室|号|户)$")  # '501.0' typed as text, '501室'


def parse_room(raw: object, s: str, building: str, entrance: str) -> str:
    s = _ROOM_JUNK.sub("", _nospace(s))
    prefix = f"{building}-{entrance}-"
    return s.removeprefix(prefix) if building and entrance and s != prefix else s


def _area(raw: object, s: str) -> int:
    if isinstance(raw, bool | datetime | date | time):
        raise BadCell(T_BAD_AREA, text=s)
    try:
        centi = parse_area(s)
    except UserError as exc:
        raise BadCell(exc.text, **exc.params) from None
    if centi > MAX_AREA:
        raise BadCell(T_AREA_TOO_BIG, text=format_area(centi))
    return centi


def _choice(raw: object, s: str, table: dict[str, Any], allowed: Sequence[str]) -> Any:
    s = _nospace(s)
    hit = table.get(s, table.get(s.lower()))
    if hit is None:
        raise BadCell(T_UNKNOWN_VALUE, text=s, allowed=" / ".join(allowed))
    return hit


_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_YMD_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXCEL_EPOCH = date(1899, 12, 30)


def _date(raw: object, s: str, today: date) -> date:
    d = parse_date_cell(raw, s)
    if d > today + FUTURE_DELIVERY:
        raise BadCell(T_DATE_FUTURE, text=d.isoformat())
    return d


def parse_date_cell(raw: object, s: str) -> date:
    """A date however Excel or the clerk stored it: date cell, 2004/5/1, 2004年5月1日, 20040501."""
    if isinstance(raw, datetime):
        d = raw.date()
    elif isinstance(raw, date):
        d = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        if m := _YMD_RE.fullmatch(s):  # 20040501
            d = _ymd(s, *m.groups())
        elif re.fullmatch(r"\d{1,6}", s):  # an Excel date serial that lost its date format
            d = _EXCEL_EPOCH + timedelta(days=int(s))
        else:
            raise BadCell(T_BAD_DATE, text=s)
    else:
        m = _DATE_RE.fullmatch(s) or _YMD_RE.fullmatch(s)
        if not m:
            raise BadCell(T_BAD_DATE, text=s)
        d = _ymd(s, *m.groups())
    if d.year < 1900:
        raise BadCell(T_DATE_TOO_EARLY, text=d.isoformat())
    return d


def _ymd(text: str, y: str, m: str, d: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise BadCell(T_NO_SUCH_DATE, text=text) from None


def _id_number(raw: object, s: str) -> str:
    s = _nospace(s).upper()
    if id_number_ok(s):
        return s
    if isinstance(raw, int | float) and not isinstance(raw, bool) and len(s) >= 16:
        raise BadCell(T_ID_AS_NUMBER)
    raise BadCell(T_BAD_ID, text=s)


_NAME_SEPARATORS = re.compile(r"[、,;/|]")


def _names(raw: object, s: str) -> tuple[str, ...]:
    parts = (squeeze(p).strip() for p in _NAME_SEPARATORS.split(s))
    return tuple(dict.fromkeys(n for n in parts if n))


# -- reading ----------------------------------------------------------------------------------
def source_name(source: Source) -> str:
    if isinstance(source, str | Path):
        return Path(source).name
    return str(getattr(source, "name", "")) or "roster.xlsx"


def open_workbook(source: Source) -> Any:
    name = source_name(source)
    try:
        if isinstance(source, str | Path):
            with open(source, "rb") as fh:
                head = fh.read(8)
            target: Any = source  # openpyxl opens it and closes it with the workbook
        else:
            target = io.BytesIO(source) if isinstance(source, bytes) else source
            head = target.read(8)
            target.seek(0)
    except OSError as exc:
        raise UserError(T_CANNOT_READ, name=name, detail=exc.strerror or exc) from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError(T_OLD_XLS, name=name)
    if not head.startswith(b"PK"):
        raise UserError(T_CANNOT_READ, name=name, detail=T_NOT_XLSX.format())
    with _unreadable(name):
        return _load_workbook(target)


def _load_workbook(target: Any) -> Any:
    """openpyxl's `load_workbook(target, read_only=True, data_only=True)`, reading the shared
    strings with `shared_strings` (a roster's 16,000 strings: 0.10 s in openpyxl, 0.03 s so)."""
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader

    class Reader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                with self.archive.open(part.PartName[1:]) as src:
                    self.shared_strings = shared_strings(src.read())

    reader = Reader(target, read_only=True, data_only=True)
    reader.read()
    return reader.wb


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SI, _T, _R = f"{_MAIN_NS}si", f"{_MAIN_NS}t", f"{_MAIN_NS}r"
_RUN_TEXT = f"{_R}/{_T}"


def shared_strings(xml: bytes) -> list[str]:
    """The workbook's shared strings (xl/sharedStrings.xml) as openpyxl reads them without rich
    text: each <si>'s own <t> and its runs' <t> joined, phonetic hints (<rPh>) left out,
    'x005F_' dropped. openpyxl builds a descriptor object per string (Text.from_tree); this
    parses the part in one C call and walks the tree (a roster's string table is small)."""
    from openpyxl.xml.functions import fromstring as parse  # defusedxml's where openpyxl uses it

    out: list[str] = []
    for si in parse(xml):
        if si.tag != _SI:
            continue
        t = si.find(_T)
        runs = si.findall(_RUN_TEXT)
        if not runs:
            s = "" if t is None or t.text is None else t.text
        else:
            parts = [] if t is None or t.text is None else [t.text]
            parts += [rt.text for rt in runs if rt.text is not None]
            s = "".join(parts)
        out.append(s.replace("x005F_", "") if "x005F_" in s else s)
    return out


@contextmanager
def _unreadable(name: str) -> Iterator[None]:
    """A damaged package surfaces as assorted exceptions from zipfile, XML and openpyxl."""
    try:
        yield
    except (zipfile.BadZipFile, zlib.error, ParseError, KeyError, ValueError, OSError) as exc:
        raise UserError(T_CANNOT_READ, name=name, detail=exc) from None


def sheet_rows(
    ws: Any, name: str, first: int, last: int | None = None
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number as Excel shows it, cell values) from `first` on; gaps come as empty rows."""
    # One guard around the whole loop, not a context manager entered per row (5,000 of them
    # were 2 % of an import). An error raised by the caller's code is not thrown in at `yield`,
    # so only openpyxl's own reading is caught here.
    try:
        yield from enumerate(ws.iter_rows(min_row=first, max_row=last, values_only=True), first)
    except (zipfile.BadZipFile, zlib.error, ParseError, KeyError, ValueError, OSError) as exc:
        raise UserError(T_CANNOT_READ, name=name, detail=exc) from None


def find_header(
    ws: Any,
    name: str,
    lookup: dict[str, str] | None = None,
    required: Sequence[str] = REQUIRED,
) -> tuple[int | None, dict[str, tuple[int, str]]]:
    """The row among the first few that names the most columns (required ones first), and where
    each is; `lookup` maps header_key(header text) to a column key (default: the roster's)."""
    lookup = _HEADER_LOOKUP if lookup is None else lookup
    best_row: int | None = None
    best: dict[str, tuple[int, str]] = {}
    for n, cells in sheet_rows(ws, name, 1, HEADER_SCAN_ROWS):
        found: dict[str, tuple[int, str]] = {}
        for i, cell in enumerate(cells):
            if cell is None:
                continue
            key = lookup.get(header_key(cell))
            if key is not None and key not in found:
                found[key] = (i, str(cell).strip())
        score = (sum(k in found for k in required), len(found))
        if score > (sum(k in best for k in required), len(best)):
            best_row, best = n, found
    return best_row, best


def read_roster(
    source: Source, *, today: date | None = None, progress: Progress | None = None
) -> RosterReport:
    """Read and validate a roster workbook without touching the book."""
    with warnings.catch_warnings():
        # openpyxl warns about what it drops (extensions, odd styles); none of it is roster data
        warnings.filterwarnings("ignore", module="openpyxl")
        return _read(source, today or date.today(), progress)


def _read(source: Source, today: date, progress: Progress | None) -> RosterReport:
    name = source_name(source)
    if progress is not None:
        progress.report(0, 0, T_OPENING.format(name=name))
    wb = open_workbook(source)
    try:
        if not wb.worksheets:
            raise UserError(T_CANNOT_READ, name=name, detail=T_NO_SHEET.format())
        candidates: list[tuple[int, int, int, Any, int | None, dict[str, tuple[int, str]]]] = []
        for ws in wb.worksheets:
            ws.reset_dimensions()  # some writers record a wrong size; read what is there
            row, cols = find_header(ws, name)  # kept: scanning the head again cost 3 %
            candidates.append(
                (sum(k in cols for k in REQUIRED), len(cols), -len(candidates), ws, row, cols)
            )
            if all(k in cols for k in REQUIRED):
                break
        *_, ws, header_row, cols = max(candidates, key=lambda c: c[:3])
        columns = tuple(
            sorted(((k, t) for k, (_, t) in cols.items()), key=lambda kt: cols[kt[0]][0])
        )
        missing = [k for k in REQUIRED if k not in cols]
        if missing or header_row is None:
            problems = [
                Problem(T_MISSING_COLUMN.format(column=COLUMN[k].title, scan=HEADER_SCAN_ROWS))
                for k in missing
            ]
            return RosterReport(name, ws.title, header_row, columns, (), tuple(problems), 0)
        reader = _RowReader(cols, today)
        for n, cells in sheet_rows(ws, name, header_row + 1):
            reader.read(n, cells)
            if progress is not None and n % PROGRESS_ROWS == 0:
                progress.check()
                progress.report(n, 0, T_READING.format(row=n))
    finally:
        wb.close()
    reader.cross_check()
    found = reader.problems
    if reader.rows_read == 0:
        found.append((header_row, -1, Problem(T_NO_ROWS.format(), row=header_row)))
    return RosterReport(
        name=name, sheet=ws.title, header_row=header_row, columns=columns,
        rows=tuple(reader.good), problems=sorted_problems(found), rows_read=reader.rows_read,
    )  # fmt: skip


def sorted_problems(problems: Iterable[tuple[int, int, Problem]]) -> tuple[Problem, ...]:
    return tuple(p for _, _, p in sorted(problems, key=lambda t: (t[0], t[1])))


# Columns whose values repeat row after row (a compound has a few buildings, entrances, kinds,
# delivery dates; a room number recurs in every entrance): their texts and parsed values are
# remembered. Names, ID numbers, phones and areas are mostly unique and are not.
_REPEATING = frozenset(("compound", "building", "entrance", "room", "area_source", "kind",
                        "delivered_on", "status"))  # fmt: skip


@dataclass
class _RowReader:
    """Turns data rows into RosterRows, collecting problems; then checks rows against each other."""

    cols: dict[str, tuple[int, str]]
    today: date
    good: list[RosterRow] = field(default_factory=list)
    problems: list[tuple[int, int, Problem]] = field(default_factory=list)
    rows_read: int = 0
    # every parsed row, good or bad, for the checks across rows
    _codes: list[tuple[int, str, str]] = field(default_factory=list)
    _ids: list[tuple[int, str, str]] = field(default_factory=list)
    _header_keys: frozenset[str] = frozenset()
    _texts: dict[tuple[Any, ...], str] = field(default_factory=dict)
    _headers: dict[str, bool] = field(default_factory=dict)
    _parsed: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._header_keys = frozenset(header_key(t) for _, t in self.cols.values())

    def problem(self, row: int, key: str, reason: str) -> None:
        pos, title = self.cols.get(key, (99, COLUMN[key].title))
        self.problems.append((row, pos, Problem(reason, row=row, field=title)))

    def _is_header(self, v: str) -> bool:
        hit = self._headers.get(v)
        if hit is None:
            hit = header_key(v) in self._header_keys
            if len(self._headers) < 10_000:  # the first cells of rows: compound names mostly
                self._headers[v] = hit
        return hit

    def _text(self, key: str, v: object) -> str:
        if key not in _REPEATING:
            return cell_text(v)
        memo = (key, type(v), v)
        hit = self._texts.get(memo)
        if hit is None:
            hit = self._texts[memo] = cell_text(v)
        return hit

    def read(self, n: int, cells: Sequence[object]) -> None:
        raw = {k: (cells[i] if i < len(cells) else None) for k, (i, _) in self.cols.items()}
        text = {k: self._text(k, v) for k, v in raw.items()}
        if not any(text.values()):
            return  # blank row
        firsts = {text.get("compound", ""), text.get("building", "")}
        if firsts & TOTAL_WORDS and not text.get("room"):
            return  # a 合计 row under the table
        if all(self._is_header(v) for v in text.values() if v):
            return  # the header repeated (sheets printed page by page)
        self.rows_read += 1
        before = len(self.problems)
        values: dict[str, Any] = {}

        def get(key: str, parse: Any, *args: Any) -> Any:
            if not text.get(key):
                return None
            memo = None
            if key in _REPEATING:  # the same few values row after row: parse each once
                v = raw[key]
                # the other parsers' extra arguments are the same on every row
                memo = (key, type(v), v, *args) if key == "room" else (key, type(v), v)
                hit = self._parsed.get(memo, self._parsed)
                if hit is not self._parsed:
                    if isinstance(hit, BadCell):
                        self.problem(n, key, str(hit))
                        return None
                    return hit
            try:
                out = parse(raw[key], text[key], *args)
            except BadCell as exc:
                out = exc
            if memo is not None:
                self._parsed[memo] = out
            if isinstance(out, BadCell):
                self.problem(n, key, str(out))
                return None
            return out

        for key in REQUIRED:
            if not text.get(key):
                self.problem(n, key, T_MISSING.format())
        values["compound"] = get("compound", _name)
        values["building"] = get("building", parse_building)
        values["entrance"] = get("entrance", parse_entrance)
        values["room"] = get("room", parse_room, values["building"] or "", values["entrance"] or "")
        values["area"] = get("area", _area)
        values["area_source"] = (
            get("area_source", _choice, SOURCE_VALUES, list(AREA_SOURCES.values())) or "register"
        )
        values["kind"] = (
            get("kind", _choice, KIND_VALUES, list(UNIT_KINDS.values())) or "residential"
        )
        values["owner"] = get("owner", _name) or None
        values["id_number"] = get("id_number", _id_number)
        values["phone"] = get("phone", _phone) or None
        values["co_owners"] = get("co_owners", _names) or ()
        values["delivered_on"] = get("delivered_on", _date, self.today)
        sold = get("status", _choice, STATUS_VALUES, [SOLD, UNSOLD])
        values["sold"] = sold is not False
        for key in ("building", "entrance"):
            if values[key] and "-" in values[key]:
                self.problem(n, key, T_HAS_DASH.format())
                values[key] = None
        for key, limit in MAX_LEN.items():
            v = values[key]
            if v and (max(map(len, v)) if isinstance(v, tuple) else len(v)) > limit:
                self.problem(n, key, T_TOO_LONG.format(max=limit))
                values[key] = () if key == "co_owners" else None
        if values["sold"]:
            if not text.get("owner"):
                self.problem(n, "owner", T_OWNER_NEEDED.format())
            for co in values["co_owners"]:
                if co == values["owner"]:
                    self.problem(n, "co_owners", T_CO_OWNER_IS_OWNER.format(name=co))
        elif sold is False:
            for key in ("owner", "id_number", "phone", "co_owners"):
                if text.get(key):
                    self.problem(n, key, T_UNSOLD_HAS.format())

        if values["compound"] and values["building"] and values["entrance"] and values["room"]:
            code = unit_code(values["building"], values["entrance"], values["room"])
            self._codes.append((n, values["compound"], code))
        if values["id_number"] and values["owner"]:
            self._ids.append((n, values["id_number"], values["owner"]))
        if len(self.problems) == before:
            self.good.append(RosterRow(row=n, **values))

    def cross_check(self) -> None:
        """Duplicate units, and one ID number under two names, within the file."""
        first_code: dict[tuple[str, str], int] = {}
        dup_rows: set[int] = set()
        for n, compound, code in self._codes:
            first = first_code.setdefault((compound, code), n)
            if first != n:
                dup_rows.add(n)
                self.problem(
                    n, "room", T_DUPLICATE.format(compound=compound, code=code, first=first)
                )
        first_id: dict[str, tuple[int, str]] = {}
        for n, idn, name in self._ids:
            first, other = first_id.setdefault(idn, (n, name))
            if other != name:
                dup_rows.add(n)
                self.problem(n, "id_number", T_ID_TWO_NAMES.format(
                    id=mask_id_number(idn), first=first, other=other, name=name))  # fmt: skip
        if dup_rows:
            self.good = [r for r in self.good if r.row not in dup_rows]


# -- against the book -------------------------------------------------------------------------
@dataclass
class _BookUnit:
    area: int
    area_source: str
    kind: str
    delivered_on: date | None
    developer_held: bool
    owner: tuple[str, str | None, str, bool] | None = None  # name, id, phone, is_developer
    co_owners: list[str] = field(default_factory=list)


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def validate_against_book(session: Session, report: RosterReport) -> BookCheck:
    """Compare the clean rows with the book: which are new, which are already there unchanged,
    and which conflict (a unit with different data, an ID number under another name)."""
    problems: list[tuple[int, int, Problem]] = []
    pos = {k: i for i, (k, _) in enumerate(report.columns)}

    def problem(row: int, key: str, reason: str) -> None:
        problems.append((row, pos.get(key, 99), Problem(reason, row=row, field=report.header(key))))

    ids = sorted({r.id_number for r in report.rows if r.id_number})
    known: dict[str, str] = {}
    for chunk in _chunks(ids):
        q = select(Person.id_number, Person.name).where(Person.id_number.in_(chunk))
        known.update((idn, name) for idn, name in session.execute(q) if idn)
    for r in report.rows:
        if r.id_number and known.get(r.id_number, r.owner) != r.owner:
            problem(r.row, "id_number", T_ID_BOOK_NAME.format(
                id=mask_id_number(r.id_number), other=known[r.id_number], name=r.owner))  # fmt: skip

    existing = _book_units(session, report.compounds)
    new: list[RosterRow] = []
    unchanged: list[RosterRow] = []
    for r in report.rows:
        b = existing.get((r.compound, r.code))
        if b is None:
            new.append(r)
            continue
        diffs = _differences(report, r, b)
        for key, book_text, file_text in diffs:
            problem(r.row, key, T_BOOK_DIFFERS.format(code=r.code, book=book_text, file=file_text))
        if not diffs:
            unchanged.append(r)
    return BookCheck(sorted_problems(problems), tuple(new), tuple(unchanged))


def _book_units(session: Session, compounds: Sequence[str]) -> dict[tuple[str, str], _BookUnit]:
    q = select(Compound.id, Compound.name).where(Compound.name.in_(compounds))
    ids: dict[int, str] = {cid: name for cid, name in session.execute(q)}
    if not ids:
        return {}
    units: dict[int, tuple[tuple[str, str], _BookUnit]] = {}
    for uid, cid, code, area, source, kind, delivered, held in session.execute(
        select(Unit.id, Unit.compound_id, Unit.code, Unit.area, Unit.area_source, Unit.kind,
               Unit.delivered_on, Unit.developer_held).where(Unit.compound_id.in_(ids))
    ):  # fmt: skip
        units[uid] = ((ids[cid], code), _BookUnit(area, source, kind, delivered, held))
    for uid, primary, name, idn, phone, dev in session.execute(
        select(Ownership.unit_id, Ownership.primary, Person.name, Person.id_number, Person.phone,
               Person.is_developer)
        .join(Person, Person.id == Ownership.person_id)
        .join(Unit, Unit.id == Ownership.unit_id)
        .where(Unit.compound_id.in_(ids), Ownership.end.is_(None))
        .order_by(Ownership.unit_id, Ownership.primary.desc(), Ownership.id)
    ):  # fmt: skip
        b = units[uid][1]
        if primary and b.owner is None:
            b.owner = (name, idn, phone, dev)
        elif not primary:
            b.co_owners.append(name)
    return dict(units.values())


def _owner_text(name: str | None, id_number: str | None) -> str:
    if not name:
        return T_BLANK.format()
    if id_number:
        return T_OWNER_WITH_ID.format(name=name, id=mask_id_number(id_number))
    return T_OWNER.format(name=name)


def _differences(report: RosterReport, r: RosterRow, b: _BookUnit) -> list[tuple[str, str, str]]:
    """(column, book's value, file's value) for each column where the file says otherwise."""
    out: list[tuple[str, str, str]] = []
    if r.area != b.area:
        out.append(("area", format_area(b.area), format_area(r.area)))
    if report.has("area_source") and r.area_source != b.area_source:
        out.append(("area_source", AREA_SOURCES[b.area_source], AREA_SOURCES[r.area_source]))
    if report.has("kind") and r.kind != b.kind:
        out.append(("kind", UNIT_KINDS[b.kind], UNIT_KINDS[r.kind]))
    if report.has("delivered_on") and r.delivered_on != b.delivered_on:
        show = lambda d: d.isoformat() if d else T_BLANK.format()  # noqa: E731
        out.append(("delivered_on", show(b.delivered_on), show(r.delivered_on)))
    book_unsold = b.developer_held or (b.owner is not None and b.owner[3])
    if not r.sold or book_unsold:
        if r.sold != (not book_unsold):
            key = "status" if report.has("status") else "owner"
            book_side = (
                T_UNSOLD.format()
                if book_unsold
                else _owner_text(*b.owner[:2])
                if b.owner
                else T_BLANK.format()
            )
            file_side = T_UNSOLD.format() if not r.sold else _owner_text(r.owner, r.id_number)
            out.append((key, book_side, file_side))
        return out
    name, idn, phone, _ = b.owner or ("", None, "", False)
    if r.id_number:
        same = r.id_number == idn
    else:
        same = r.owner == name and (not r.phone or r.phone == phone)
    if not same:
        out.append(("owner", _owner_text(name, idn), _owner_text(r.owner, r.id_number)))
    if report.has("co_owners") and sorted(r.co_owners) != sorted(b.co_owners):
        join = lambda ns: "、".join(ns) or T_BLANK.format()  # noqa: E731
        out.append(("co_owners", join(b.co_owners), join(r.co_owners)))
    return out


# -- one owner typed at the desk --------------------------------------------------------------
def split_names(text: str) -> tuple[str, ...]:
    """'甲、乙，丙' -> ('甲', '乙', '丙'): co-owners as clerks type them."""
    return _names(text, cell_text(text))


def check_new_owner(
    session: Session, name: str, id_number: str | None = None, phone: str | None = None
) -> tuple[str, str | None, str | None]:
    """An owner typed at the desk (e.g. for a transfer), cleaned and checked like a roster row:
    a valid ID number that is not already someone else's. Returns (name, ID number, phone)."""
    clean = squeeze(cell_text(name))
    if not clean:
        raise UserError(registry.T_NO_OWNER)
    idn = None
    if id_number and cell_text(id_number):
        try:
            idn = _id_number(id_number, cell_text(id_number))
        except BadCell as exc:
            raise UserError(exc.text, **exc.params) from None
        other = session.execute(select(Person.name).where(Person.id_number == idn)).scalar()
        if other is not None and other != clean:
            raise UserError(T_ID_BOOK_NAME, id=mask_id_number(idn), other=other, name=clean)
    return clean, idn, _nospace(cell_text(phone)) or None


# -- importing --------------------------------------------------------------------------------
def import_roster(
    session: Session,
    source: Source,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: date | None = None,
) -> ImportResult:
    """Import a roster in the caller's transaction: all rows or, on any problem, none.

    Raises ValidationError listing every problem in the file and against the book. With
    `dry_run`, the import runs in a savepoint that is rolled back, so the counts are exact.
    """
    with no_cycle_collection():  # 130 ms of 650 ms on 5,000 units
        report = read_roster(source, today=today, progress=progress)
        check = validate_against_book(session, report)
        problems = sorted(
            [*report.problems, *check.problems],
            key=lambda p: (p.row or 0, _col(report, p.field)),
        )
        if problems:
            raise ValidationError(problems, title=T_REFUSED)
        if not dry_run:
            return _apply(session, report, check, progress)
        savepoint = session.begin_nested()
        try:
            return _apply(session, report, check, progress, dry_run=True)
        finally:
            savepoint.rollback()


def _col(report: RosterReport, header: str | None) -> int:
    for i, (_, t) in enumerate(report.columns):
        if t == header:
            return i
    return 99


def _apply(
    session: Session,
    report: RosterReport,
    check: BookCheck,
    progress: Progress | None,
    *,
    dry_run: bool = False,
) -> ImportResult:
    compounds: dict[str, Compound] = {}
    created_compounds: list[str] = []
    for name in dict.fromkeys(r.compound for r in check.new):
        found = session.execute(select(Compound).where(Compound.name == name)).scalar_one_or_none()
        if found is None:
            found = registry.add_compound(session, name)
            created_compounds.append(name)
        compounds[name] = found
    total = len(check.new)

    def on_batch(done: int) -> None:
        if progress is not None:
            progress.check()
            progress.report(done, total, T_WRITING.format(done=done, total=total))

    people_before = session.execute(select(func.count(Person.id))).scalar_one()
    registry.add_units(
        session, [(compounds[r.compound], r.new_unit()) for r in check.new], on_batch=on_batch
    )
    people = session.execute(select(func.count(Person.id))).scalar_one() - people_before
    result = ImportResult(
        created_units=total, created_compounds=len(created_compounds),
        created_people=people, unchanged_units=len(check.unchanged),
        created_area=sum(r.area for r in check.new), dry_run=dry_run,
    )  # fmt: skip
    if total:
        audit.record(session, "roster.import", "roster", report.name, after={
            "file": report.name, "sheet": report.sheet, "units": total,
            "compounds": created_compounds, "people": result.created_people,
            "unchanged": result.unchanged_units, "area": format_area(result.created_area),
        })  # fmt: skip
    return result


# -- the template -----------------------------------------------------------------------------
EXAMPLE: dict[str, object] = {
    "compound": "幸福里小区", "building": "3", "entrance": "2", "room": "501",
    "area": 89.5, "area_source": "产权登记", "kind": "住宅", "owner": "张三",
    "id_number": "110101199003071233", "phone": "13800138000", "co_owners": "李四",
    "delivered_on": date(2004, 5, 1), "status": "已售",
}  # fmt: skip
TEMPLATE_ROWS = 20_000  # how far down the drop-downs reach
TEXT_COLUMNS = ("building", "entrance", "room", "id_number", "phone")


def write_template(path: str | Path | IO[bytes]) -> None:
    """An empty roster to fill in: headers (bold, frozen), one example row, drop-downs, 说明."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "业主花名册"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    example = Font(italic=True, color="808080")
    for i, c in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        head = ws.cell(row=1, column=i, value=c.title)
        head.font = bold
        head.fill = fill
        head.alignment = Alignment(horizontal="center")
        cell = ws.cell(row=2, column=i, value=EXAMPLE[c.key])
        cell.font = example
        dim = ws.column_dimensions[letter]
        dim.width = {"id_number": 22, "compound": 14, "delivered_on": 12, "phone": 14}.get(
            c.key, 10
        )
        if c.key in TEXT_COLUMNS:
            dim.number_format = "@"  # so Excel keeps 18-digit ID numbers and leading zeros
            cell.number_format = "@"
        elif c.key == "area":
            cell.number_format = "0.00"
        elif c.key == "delivered_on":
            cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    lists = {
        "area_source": list(AREA_SOURCES.values()),
        "kind": list(UNIT_KINDS.values()),
        "status": [SOLD, UNSOLD],
    }
    for key, values in lists.items():
        letter = get_column_letter(1 + [c.key for c in COLUMNS].index(key))
        dv = DataValidation(
            type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
            showErrorMessage=True, errorTitle="无效的值", error="请从下拉列表中选择：" + " / ".join(values),
        )  # fmt: skip
        dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
        ws.add_data_validation(dv)

    notes = wb.create_sheet("说明")
    notes.append(["列名", "是否必填", "说明", "示例"])
    for cell in notes[1]:
        cell.font = bold
        cell.fill = fill
    for c in COLUMNS:
        ex = EXAMPLE[c.key]
        shown = (
            ex.isoformat() if isinstance(ex, date) else f"{ex:.2f}" if isinstance(ex, float) else ex
        )
        notes.append([c.title, "必填" if c.required else "选填", c.help, shown])
    notes.append([])
    for line in (
        "第 1 行是表头，请勿改动列名；列的顺序可以调整，多余的列会被忽略。",
        "第 2 行是示例（灰色斜体），导入前请删除或改成真实数据。",
        "导入时会检查每一行，只要有一处问题，就列出全部问题并且不导入任何内容；改正后重新导入即可。",
        "同一文件重复导入不会重复登记：账套中已有且内容相同的房屋会被跳过；内容不同的会被列为问题。",
        "同一业主有多套房屋时，每套一行，证件号码相同即视为同一人。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 70
    notes.column_dimensions["D"].width = 22
    notes.freeze_panes = "A2"
    wb.save(path)
