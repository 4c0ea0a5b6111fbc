"""Reading vouchers from CSV or JSON files: every bad line is reported, nothing half-read.

CSV headers (Chinese or English): 日期/date, 摘要/summary, 科目编码/account, 借方/debit,
贷方/credit, optional 凭证号/voucher (rows sharing date and voucher form one voucher; without
it, the whole file is one voucher), 分录摘要/memo, 附件数/attachments.
JSON: {"date", "summary", "attachments"?, "lines": [{"account", "debit"?, "credit"?, "summary"?}]}
or a list of such objects.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from propdesk.core.errors import Problem, UserError, ValidationError
from propdesk.core.i18n import bilingual
from propdesk.core.money import parse_fen
from propdesk.core.periods import parse_date
from propdesk.services.ledger import Line, NewVoucher

T_BAD_FILE = bilingual("无法读取文件 {path}：{detail}", "Cannot read {path}: {detail}")
T_BAD_CSV = bilingual("CSV 格式错误：{detail}", "Invalid CSV: {detail}")
T_BAD_JSON = bilingual("JSON 格式错误：{detail}", "Invalid JSON: {detail}")
T_UNKNOWN_TYPE = bilingual(
    "只支持 .csv 或 .json 文件：{path}", "Only .csv or .json files are supported: {path}"
)
T_MISSING_COLUMN = bilingual("缺少列「{column}」", 'missing column "{column}"')
T_MISSING = bilingual("缺少值", "missing value")
T_EMPTY = bilingual("文件中没有分录", "the file has no lines")
T_NOT_OBJECT = bilingual("应为对象", "expected an object")
T_BAD_ATTACH = bilingual("附件数应为非负整数", "attachments must be a whole number >= 0")

HEADERS = {
    "date": ("日期", "date"),
    "summary": ("摘要", "summary"),
    "account": ("科目编码", "科目", "account"),
    "debit": ("借方", "借方金额", "debit"),
    "credit": ("贷方", "贷方金额", "credit"),
    "voucher": ("凭证号", "voucher"),
    "memo": ("分录摘要", "memo"),
    "attachments": ("附件数", "attachments"),
}
REQUIRED = ("date", "summary", "account", "debit", "credit")


def _field_title(key: str) -> str:
    return HEADERS[key][0]


def read_voucher_file(path: Path, *, text: str | None = None) -> list[NewVoucher]:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise UserError(T_UNKNOWN_TYPE, path=path)
    if text is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UserError(T_BAD_FILE, path=path, detail=exc.strerror or exc) from None
        text = _decode(raw)
    return parse_json(text) if suffix == ".json" else parse_csv(text)


def _decode(raw: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def _amount(value: Any, row: int, key: str, problems: list[Problem]) -> int:
    s = "" if value is None else str(value).strip()
    if not s:
        return 0
    try:
        return parse_fen(s, field=_field_title(key))
    except UserError as exc:
        problems.append(Problem(exc.message, row=row, field=_field_title(key)))
        return 0


def _date(value: Any, row: int, problems: list[Problem]) -> date | None:
    s = "" if value is None else str(value).strip()
    if not s:
        problems.append(Problem(T_MISSING.format(), row=row, field=_field_title("date")))
        return None
    try:
        return parse_date(s)
    except UserError as exc:
        problems.append(Problem(exc.message, row=row, field=_field_title("date")))
        return None


def parse_csv(text: str) -> list[NewVoucher]:
    try:  # newline="": a lone \r ends a line as in any spreadsheet's CSV
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise UserError(T_BAD_CSV, detail=exc) from None
    if not rows:
        raise UserError(T_EMPTY)
    header = [h.strip().lower() for h in rows[0]]
    col: dict[str, int] = {}
    for key, names in HEADERS.items():
        for i, h in enumerate(header):
            if h in names:
                col[key] = i
                break
    missing = [
        Problem(T_MISSING_COLUMN.format(column=_field_title(k)), row=1)
        for k in REQUIRED
        if k not in col
    ]
    if missing:
        raise ValidationError(missing)
    problems: list[Problem] = []
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for n, r in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in r):
            continue

        def get(key: str, r: list[str] = r) -> str:
            i = col.get(key)
            return r[i].strip() if i is not None and i < len(r) else ""

        d = _date(get("date"), n, problems)
        acct = get("account")
        if not acct:
            problems.append(Problem(T_MISSING.format(), row=n, field=_field_title("account")))
        dr = _amount(get("debit"), n, "debit", problems)
        cr = _amount(get("credit"), n, "credit", problems)
        key = (get("voucher"),) + ((d,) if "voucher" in col else ())
        g = groups.setdefault(
            key, {"date": d, "summary": get("summary"), "lines": [], "attachments": 0}
        )
        if not g["summary"]:
            g["summary"] = get("summary")
        att = get("attachments")
        if att:
            if att.isdigit():
                g["attachments"] = max(g["attachments"], int(att))
            else:
                problems.append(
                    Problem(T_BAD_ATTACH.format(), row=n, field=_field_title("attachments"))
                )
        g["lines"].append(
            Line(acct, debit=dr, credit=cr, summary=get("memo") or get("summary") or None)
        )
    if problems:
        raise ValidationError(problems)
    if not groups:
        raise UserError(T_EMPTY)
    return [
        NewVoucher(g["date"], g["summary"], tuple(g["lines"]), attachments=g["attachments"])
        for g in groups.values()
    ]


def parse_json(text: str) -> list[NewVoucher]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(T_BAD_JSON, detail=exc) from None
    items: Iterable[Any] = data if isinstance(data, list) else [data]
    problems: list[Problem] = []
    out = []
    for vn, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(T_NOT_OBJECT.format(), row=vn))
            continue
        d = _date(item.get("date"), vn, problems)
        lines = []
        for ln in item.get("lines") or []:
            if not isinstance(ln, dict):
                problems.append(Problem(T_NOT_OBJECT.format(), row=vn))
                continue
            dr = _amount(ln.get("debit"), vn, "debit", problems)
            cr = _amount(ln.get("credit"), vn, "credit", problems)
            lines.append(
                Line(
                    str(ln.get("account") or "").strip(),
                    debit=dr,
                    credit=cr,
                    summary=ln.get("summary"),
                )
            )
        att = item.get("attachments", 0)
        if not isinstance(att, int) or isinstance(att, bool) or att < 0:
            problems.append(
                Problem(T_BAD_ATTACH.format(), row=vn, field=_field_title("attachments"))
            )
            att = 0
        out.append(
            NewVoucher(d or date.min, str(item.get("summary") or ""), tuple(lines), attachments=att)
        )
    if problems:
        raise ValidationError(problems)
    if not out:
        raise UserError(T_EMPTY)
    return out
