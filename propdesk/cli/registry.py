"""Registry commands: import the owner roster, write its template, compounds and units."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from propdesk.cli.base import group, open_book, print_json, print_table
from propdesk.core.fees import format_area
from propdesk.core.i18n import bilingual
from propdesk.core.periods import parse_date

T_IMPORTED = bilingual(
    "已导入 {file}：新建房屋 {units} 套（面积 {area} ㎡），已有且未变 {unchanged} 套；"
    "新建小区 {compounds} 个；新登记业主及共有人 {people} 人",
    "Imported {file}: {units} unit(s) created ({area} m²), {unchanged} already there unchanged; "
    "{compounds} compound(s) created; {people} owner(s) and co-owner(s) registered",
)
T_DRY_RUN = bilingual(
    "试导入 {file}，未写入账套：将新建房屋 {units} 套（面积 {area} ㎡），已有且未变 {unchanged} 套；"
    "将新建小区 {compounds} 个；将新登记业主及共有人 {people} 人",
    "Dry run of {file}, nothing written: would create {units} unit(s) ({area} m²), "
    "{unchanged} already there unchanged; {compounds} compound(s); "
    "{people} owner(s) and co-owner(s)",
)
T_NOTHING_NEW = bilingual(
    "{file} 中的 {unchanged} 套房屋都已在账套中且内容相同，账套未做任何修改",
    "All {unchanged} unit(s) in {file} are already in the book with the same data; nothing changed",
)
T_TEMPLATE = bilingual("已生成业主花名册模板：{path}", "Roster template written: {path}")
T_COMPOUND_ADDED = bilingual("已新建小区「{name}」", 'Compound "{name}" added')
T_TRANSFERRED = bilingual(
    "已过户：{compound} {code} 自 {date} 起业主为「{owner}」",
    '{compound} {code} transferred: owned by "{owner}" from {date}',
)
T_UNSOLD = bilingual("未售", "unsold")
T_SOLD = bilingual("已售", "sold")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    imports = group(sub, "import", "import from files (业主花名册 …)")
    p = imports.add_parser("roster", help="业主花名册 .xlsx: all rows or, on any problem, none")
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import_roster)

    templates = group(sub, "template", "blank templates to fill in")
    p = templates.add_parser("roster", help="业主花名册 template with drop-downs and 说明")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_template_roster)

    com = sub.add_parser("compound", help="compounds (小区)").add_subparsers(
        dest="sub", required=True
    )
    p = com.add_parser("add")
    p.add_argument("name")
    p.add_argument("--address", default="")
    p.add_argument("--community", default="", help="社区")
    p.add_argument("--street", default="", help="街道")
    p.set_defaults(func=cmd_compound_add)
    p = com.add_parser("list", help="compounds with their unit count and total area")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_compound_list)

    unit = sub.add_parser("unit", help="units (房屋) and their owners").add_subparsers(
        dest="sub", required=True
    )
    p = unit.add_parser("list", help="units of a compound with their owners (ID numbers whole for admin and clerk, else masked)")
    p.add_argument("--compound", required=True)
    p.add_argument("--on", default=None, help="owners on this date (default: today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_unit_list)
    p = unit.add_parser("transfer", help="过户: new owner(s) from --date on")
    p.add_argument("--compound", required=True)
    p.add_argument("--unit", required=True, help="unit code 楼栋-单元-房号, e.g. 3-2-501")
    p.add_argument("--owner", required=True)
    p.add_argument("--id-number", default=None)
    p.add_argument("--phone", default=None)
    p.add_argument("--co-owners", default="", help='e.g. "甲、乙"')
    p.add_argument("--date", required=True)
    p.set_defaults(func=cmd_unit_transfer)


# -- commands ---------------------------------------------------------------------------------
def cmd_import_roster(args: argparse.Namespace) -> int:
    from propdesk.services.roster import import_roster

    with open_book(args) as book, book.write() as s:
        res = import_roster(s, args.file, dry_run=args.dry_run)
    if args.json:
        print_json({"file": str(args.file), "dry_run": res.dry_run,
                    "created_units": res.created_units, "created_area": format_area(res.created_area),
                    "unchanged_units": res.unchanged_units, "created_compounds": res.created_compounds,
                    "created_people": res.created_people})  # fmt: skip
        return 0
    text = T_DRY_RUN if res.dry_run else T_IMPORTED if res.created_units else T_NOTHING_NEW
    print(text.format(file=args.file.name, units=res.created_units, area=format_area(res.created_area),
                      unchanged=res.unchanged_units, compounds=res.created_compounds,
                      people=res.created_people))  # fmt: skip
    return 0


def cmd_template_roster(args: argparse.Namespace) -> int:
    from propdesk.services.roster import write_template

    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_template(args.out)
    print(T_TEMPLATE.format(path=args.out))
    return 0


def cmd_compound_add(args: argparse.Namespace) -> int:
    from propdesk.services import registry

    with open_book(args) as book, book.write() as s:
        c = registry.add_compound(s, args.name, args.address, args.community, args.street)
        name = c.name
    print(T_COMPOUND_ADDED.format(name=name))
    return 0


def cmd_compound_list(args: argparse.Namespace) -> int:
    from propdesk.services import registry

    with open_book(args) as book, book.read() as s:
        rows = registry.compound_summary(s)
    if args.json:
        print_json([{"name": name, "units": n, "area": format_area(area)}
                    for _, name, n, area in rows])  # fmt: skip
        return 0
    print_table(
        ["小区", "房屋(套)", "建筑面积(㎡)"],
        [(name, n, format_area(area)) for _, name, n, area in rows],
        right=(1, 2),
    )
    return 0


def cmd_unit_list(args: argparse.Namespace) -> int:
    from propdesk.services import registry

    on = parse_date(args.on) if args.on else date.today()
    with open_book(args) as book, book.read() as s:
        compound = registry.compound_by_name(s, args.compound)
        units = registry.list_units(s, compound.id, on=on)
    if args.json:
        print_json([{"code": u.code, "building": u.building, "entrance": u.entrance, "room": u.room,
                     "area": u.area_text, "area_source": u.area_source, "kind": u.kind,
                     "delivered_on": u.delivered_on.isoformat() if u.delivered_on else None,
                     "developer_held": u.developer_held, "owner": u.owner,
                     "id_number": u.id_number, "phone": u.phone,
                     "co_owners": [n for n in u.co_owners.split("、") if n]} for u in units])  # fmt: skip
        return 0
    print_table(
        ["房屋", "建筑面积(㎡)", "面积来源", "户型", "状态", "业主", "证件号码", "联系电话", "共有人", "交付日期"],
        [
            (u.code, u.area_text, registry.AREA_SOURCES[u.area_source], registry.UNIT_KINDS[u.kind],
             (T_UNSOLD if u.developer_held else T_SOLD).format(), u.owner, u.id_number,
             u.phone, u.co_owners, u.delivered_on or "")
            for u in units
        ],
        right=(1,),
    )  # fmt: skip
    return 0


def cmd_unit_transfer(args: argparse.Namespace) -> int:
    from propdesk.services import registry
    from propdesk.services.roster import check_new_owner, split_names

    on = parse_date(args.date)
    with open_book(args) as book, book.write() as s:
        owner, id_number, phone = check_new_owner(s, args.owner, args.id_number, args.phone)
        unit = registry.unit_by_code(s, args.compound, args.unit)
        code = unit.code
        registry.transfer(s, unit, on, owner, id_number, phone, split_names(args.co_owners))
    print(T_TRANSFERRED.format(compound=args.compound.strip(), code=code, date=on, owner=owner))
    return 0
