"""公共资源 dialogs: 新增资源, 协议 (新增/续期), 收入 (against a due or a day's temporary
parking), 合理成本 with its evidence, 管理分成, 动用业主共有收益, 按面积分摊 (shown and exported)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import UserError
from propdesk.core.fees import format_area, parse_percent
from propdesk.core.i18n import Text, bilingual
from propdesk.core.money import format_amount
from propdesk.core.ratios import bp_text
from propdesk.db.store import Book
from propdesk.services import desk, registry, resources, votes
from propdesk.services.desk import CompoundRow
from propdesk.services.resources import (
    AGREEMENT_KINDS,
    KINDS,
    OWNERS,
    USE_KINDS,
    AgreementRow,
    DueLine,
    IncomeResult,
    NewAgreement,
    ResourceRow,
    UnitPart,
)
from propdesk.ui.dialogs.form import FormDialog, parse_money
from propdesk.ui.dialogs.kit import CompoundCombo, DeskTableModel, label
from propdesk.ui.dialogs.receipt_dialogs import method_combo
from propdesk.ui.widgets.date_edit import DateEdit
from propdesk.ui.widgets.money_edit import MoneyEdit
from propdesk.ui.widgets.picker import SearchPicker
from propdesk.ui.widgets.table import RIGHT, Column, TableView, money_column

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from propdesk.ui.ops import Op

T_REQUIRED = bilingual("必填", "required")
T_CHOOSE_COMPOUND = bilingual("请选择小区", "choose a compound")
T_CHOOSE_RESOURCE = bilingual("请选择资源", "choose a resource")
T_CHOOSE_UNIT = bilingual("房屋不在列表中", "the unit is not in the list")
T_OK = bilingual("确定", "OK")
T_CLOSE = bilingual("关闭", "Close")
T_COMMON_NOTE = bilingual(
    "共有部分：收益归全体业主（扣除合理成本和公司管理分成后记入其他应付款—业主共有收益），"
    "须经业主表决通过“利用共有部分经营”后方可投入经营。",
    "A common part: its income is the owners' (after reasonable costs and the company's share,"
    " kept in 其他应付款—业主共有收益); it can operate only after the owners' vote on business"
    " use of common parts has passed.",
)
T_OWN_NOTE = bilingual(
    "公司自有或承租的资源：收入记入其他业务收入，无需业主表决。",
    "The company's own or rented resource: its income is the company's (其他业务收入); no"
    " owners' vote is needed.",
)
T_EDIT_AGREEMENT = bilingual("修改协议 {id}", "Edit agreement {id}")
T_TERM_NOW = bilingual("原协议期：{start} ~ {end}", "Current term: {start} ~ {end}")
T_BALANCE = bilingual("业主共有收益余额 {amount}", "owners' money {amount}")
T_OFFSET_NOTE = bilingual(
    "按各户建筑面积占比分摊到全体房屋，记入各户预收物业费，下次计费时抵扣。",
    "Split to every unit by floor area and credited as prepaid fees, used by the next billing run.",
)
T_OWN_SPLIT = bilingual(
    "公司自有资源：{amount} 全部记入其他业务收入。",
    "The company's own resource: all {amount} is its income (其他业务收入).",
)
T_COMMON_SPLIT = bilingual(
    "共有部分收入 {amount}：公司管理分成 {pct} 为 {share}，业主共有收益 {owners}。",
    "Common income {amount}: the company's share {pct} is {share}, the owners' share {owners}.",
)
T_SHARE_NOTE = bilingual(
    "按每笔共有部分收入的总额计提，四舍五入到分；其余（扣除合理成本后）归业主。",
    "Taken from each common income's gross amount, rounded half-up to the fen; the rest (after"
    " reasonable costs) is the owners'.",
)

# the agreement kinds that fit each resource kind (the first is the default)
AGREEMENTS_FOR = {
    "parking": ("card", "temporary"),
    "ad": ("ad",),
    "locker": ("locker",),
    "stall": ("stall",),
    "room": ("room",),
}
CYCLES = {
    1: bilingual("每月", "Monthly"),
    3: bilingual("每季度", "Quarterly"),
    6: bilingual("每半年", "Half-yearly"),
    12: bilingual("每年", "Yearly"),
}


def _t(text: Text, **params: object) -> str:
    return text.format(**params)


def resource_text(r: ResourceRow) -> str:
    """'停车位 P001 小区主干道东侧（共有）'."""
    common = _t(bilingual("共有", "common")) if r.common else label(OWNERS, r.owner)
    where = f" {r.location}" if r.location else ""
    return f"{label(KINDS, r.kind)} {r.code}{where}（{common}）"


def pct_text(bp: int) -> str:
    return bp_text(bp, None)


class _Compound(FormDialog):
    """A form whose first field is the compound (fixed when the page has one chosen)."""

    def _compound_field(self, compounds: list[CompoundRow], compound_id: int | None) -> None:
        self.compound = CompoundCombo(with_all=False)
        self.compound.fill(compounds)
        self.compound.set_compound_id(compound_id)
        self.add_field("compound", _t(bilingual("小区：", "Compound:")), self.compound)

    def _compound_problem(self, errors: dict[str, str]) -> int | None:
        cid = self.compound.compound_id()
        if cid is None:
            errors["compound"] = _t(T_CHOOSE_COMPOUND)
        return cid


# -- resources ------------------------------------------------------------------------------------
class ResourceDialog(_Compound):
    """新增资源: compound, kind, number, location, and whose it is (a common part starts idle)."""

    def __init__(
        self,
        book: Book,
        compounds: list[CompoundRow],
        compound_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, parent, _t(bilingual("新增资源", "New resource")))
        self._compound_field(compounds, compound_id)
        self.kind = QComboBox()
        for code, text in KINDS.items():
            self.kind.addItem(text.format(), code)
        self.code = QLineEdit()
        self.code.setMaxLength(40)
        self.code.setPlaceholderText(_t(bilingual("如 P001、L1、K1", "e.g. P001, L1, K1")))
        self.location = QLineEdit()
        self.location.setMaxLength(200)
        self.location.setPlaceholderText(_t(bilingual("如 小区主干道东侧", "e.g. east side road")))
        self.owner = QComboBox()
        for code, text in OWNERS.items():
            self.owner.addItem(text.format(), code)
        self.add_field("kind", _t(bilingual("类型：", "Kind:")), self.kind)
        self.add_field("code", _t(bilingual("编号：", "Number:")), self.code)
        self.add_field("location", _t(bilingual("位置：", "Location:")), self.location)
        self.add_field("owner", _t(bilingual("归属：", "Owned by:")), self.owner)
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.body.addWidget(self.note)
        self.owner.currentIndexChanged.connect(self._owner_changed)
        self._owner_changed()

    def _owner_changed(self, *_: object) -> None:
        common = self.owner.currentData() == "owners"
        self.note.setText(_t(T_COMMON_NOTE if common else T_OWN_NOTE))

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        self._compound_problem(errors)
        if not self.code.text().strip():
            errors["code"] = _t(resources.T_NO_CODE)
        return errors

    def save(self, session: Session) -> int:
        cid = self.compound.compound_id()
        assert cid is not None
        r = resources.add_resource(
            session, desk.compound_by_id(session, cid), str(self.kind.currentData()),
            self.code.text(), owner=str(self.owner.currentData()), location=self.location.text(),
        )  # fmt: skip
        return r.id

    def field_of(self, exc: UserError) -> str | None:
        return {id(resources.T_EXISTS): "code", id(resources.T_NO_CODE): "code"}.get(id(exc.text))


# -- agreements -------------------------------------------------------------------------------------
class AgreementDialog(FormDialog):
    """新增协议 on a resource: a monthly parking card (plate, holder, unit), temporary parking,
    an ad contract, a locker operator (fixed rent or revenue share), a stall or room rent.
    Putting a common part under an agreement needs its vote: the refusal is shown here.
    With `agreement`, 修改协议: the same form filled in, the resource, kind and start fixed; it
    saves against the version it opened, so a change another clerk saved meanwhile is kept and
    the form says so."""

    def __init__(
        self,
        book: Book,
        rows: list[ResourceRow],
        resource_id: int | None = None,
        parent: QWidget | None = None,
        *,
        agreement: AgreementRow | None = None,
    ) -> None:
        title = (_t(T_EDIT_AGREEMENT, id=agreement.id) if agreement
                 else _t(bilingual("新增协议", "New agreement")))  # fmt: skip
        super().__init__(book, parent, title)
        self.agreement = agreement
        self.setMinimumWidth(520)
        self.resources = {r.id: r for r in rows}
        self._units: dict[int, list[tuple[int, str]]] = {}
        today = date.today()
        self.resource = SearchPicker()
        self.resource.set_items((r.id, f"{r.compound} {resource_text(r)}") for r in rows)
        self.kind = QComboBox()
        self.party = QLineEdit()
        self.party.setMaxLength(100)
        self.plate = QLineEdit()
        self.plate.setMaxLength(20)
        self.plate.setPlaceholderText(_t(bilingual("如 鲁B12345", "e.g. 鲁B12345")))
        self.unit = SearchPicker()
        self.start = DateEdit(today)
        self.end = DateEdit(date(today.year + 1, today.month, 1) - timedelta(days=1))
        self.rent = MoneyEdit(field=bilingual("租金", "Rent"))
        self.cycle = QComboBox()
        for n, text in CYCLES.items():
            self.cycle.addItem(text.format(), n)
        self.share = QLineEdit("0")
        self.share.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.notes = QLineEdit()
        self.add_field("resource", _t(bilingual("资源：", "Resource:")), self.resource)
        self.add_field("kind", _t(bilingual("协议类型：", "Kind:")), self.kind)
        self.add_field("party", _t(bilingual("对方：", "Other party:")), self.party)
        self.add_field("plate", _t(bilingual("车牌号：", "Plate:")), self.plate)
        self.add_field("unit", _t(bilingual("房屋（可选）：", "Unit (optional):")), self.unit)
        self.add_field("start", _t(bilingual("开始日期：", "From:")), self.start)
        self.add_field("end", _t(bilingual("结束日期：", "To:")), self.end)
        self.add_field("rent", _t(bilingual("月租金：", "Rent a month:")), self.rent)
        self.add_field("cycle", _t(bilingual("收费周期：", "Paid:")), self.cycle)
        self.add_field(
            "share", _t(bilingual("营业额分成（%）：", "Revenue share (%):")), self.share
        )
        self.add_field("notes", _t(bilingual("备注：", "Notes:")), self.notes)
        self.resource.picked.connect(self._resource_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.unit.picked.connect(lambda _k: self.check())
        if agreement is not None:
            resource_id = agreement.resource_id
        if resource_id is not None:
            self.resource.set_current_key(resource_id)
        self._resource_changed()
        if agreement is not None:
            self._fill(agreement)

    def _fill(self, a: AgreementRow) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(a.kind), 0))
        self.party.setText(a.party)
        self.plate.setText(a.plate)
        if a.unit_id is not None:
            self.unit.set_current_key(a.unit_id)
        self.start.set_value(a.start)
        self.end.set_value(a.end)
        self.rent.set_fen(a.rent)
        self.cycle.setCurrentIndex(max(self.cycle.findData(a.cycle_months), 0))
        whole, part = divmod(a.share_bp, 100)
        self.share.setText(f"{whole}.{part:02d}".rstrip("0").rstrip("."))
        self.notes.setText(a.notes)
        for w in (self.resource, self.kind, self.start):  # what makes it this agreement
            w.setEnabled(False)

    def chosen(self) -> ResourceRow | None:
        key = self.resource.current_key()
        return self.resources.get(key) if isinstance(key, int) else None

    def _resource_changed(self, *_: object) -> None:
        r = self.chosen()
        keep = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for code in AGREEMENTS_FOR.get(r.kind, tuple(AGREEMENT_KINDS)) if r else AGREEMENT_KINDS:
            self.kind.addItem(AGREEMENT_KINDS[code].format(), code)
        i = self.kind.findData(keep)
        self.kind.setCurrentIndex(max(i, 0))
        self.kind.blockSignals(False)
        if r is not None and r.compound_id not in self._units:
            with self.book.read() as s:
                self._units[r.compound_id] = [
                    (u.id, f"{u.code} {u.owner}") for u in registry.list_units(s, r.compound_id)
                ]
        self.unit.set_items(self._units.get(r.compound_id, []) if r else [])
        self._kind_changed()

    def _kind_changed(self, *_: object) -> None:
        kind = self.kind.currentData()
        self.plate.setEnabled(kind == "card")
        self.unit.setEnabled(kind in ("card", "room"))
        self.share.setEnabled(kind == "locker")
        self.rent.setEnabled(kind != "temporary")
        self.cycle.setEnabled(kind != "temporary")
        self.check()

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.chosen() is None:
            errors["resource"] = _t(T_CHOOSE_RESOURCE)
        if not self.party.text().strip():
            errors["party"] = _t(resources.T_NO_PARTY)
        if self.unit.currentText().strip() and self.unit.current_key() is None:
            errors["unit"] = _t(T_CHOOSE_UNIT)
        start, end = self.start.value(), self.end.value()
        if end < start:
            errors["end"] = _t(resources.T_TERM, start=start, end=end)
        if self.rent.isEnabled():
            _fen, err = parse_money(self.rent, required=False)
            if err is not None:
                errors["rent"] = err
        if self.share.isEnabled():
            try:
                parse_percent(self.share.text() or "0")
            except UserError as exc:
                errors["share"] = exc.message
        return errors

    def new_agreement(self) -> NewAgreement:
        kind = str(self.kind.currentData())
        rent = (parse_money(self.rent, required=False)[0] or 0) if kind != "temporary" else 0
        unit = self.unit.current_key() if self.unit.isEnabled() else None
        return NewAgreement(
            kind, self.party.text(), self.start.value(), self.end.value(), rent=rent,
            cycle_months=int(self.cycle.currentData()) if kind != "temporary" else 1,
            share_bp=parse_percent(self.share.text() or "0") if kind == "locker" else 0,
            plate=self.plate.text() if kind == "card" else "",
            unit_id=unit if isinstance(unit, int) else None, notes=self.notes.text().strip(),
        )  # fmt: skip

    def save(self, session: Session) -> int:
        if self.agreement is not None:
            new = self.new_agreement()
            return resources.edit_agreement(
                session, self.agreement.id, expected_version=self.agreement.version,
                party=new.party, plate=new.plate, unit_id=new.unit_id, end=new.end, rent=new.rent,
                cycle_months=new.cycle_months, share_bp=new.share_bp, notes=new.notes,
            ).id  # fmt: skip
        r = self.chosen()
        assert r is not None
        resource = session.get(resources.Resource, r.id)
        assert resource is not None
        return resources.add_agreement(session, resource, self.new_agreement()).id

    def field_of(self, exc: UserError) -> str | None:
        return {
            id(resources.T_NO_PARTY): "party",
            id(resources.T_TERM): "end",
            id(resources.T_RENEWED_END): "end",
            id(resources.T_RENT): "rent",
            id(resources.T_SHARE): "share",
        }.get(id(exc.text))


class RenewDialog(FormDialog):
    """续期: a new term from the day after the old one ends, at the same or a new rent."""

    def __init__(self, book: Book, agreement: AgreementRow, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, _t(bilingual("协议续期", "Renew agreement")))
        self.agreement = agreement
        a = agreement
        info = QLabel(
            f"{a.compound} {label(KINDS, a.resource_kind)} {a.resource} · "
            f"{label(AGREEMENT_KINDS, a.kind)} · {a.party} {a.plate}\n"
            + _t(T_TERM_NOW, start=a.start, end=a.end)
        )
        info.setWordWrap(True)
        self.form.addRow(info)
        length = a.end - a.start
        self.end = DateEdit(a.end + length + timedelta(days=1))
        self.rent = MoneyEdit(field=bilingual("租金", "Rent"))
        self.rent.set_fen(a.rent)
        self.add_field("end", _t(bilingual("续至：", "Renew to:")), self.end)
        self.add_field("rent", _t(bilingual("月租金：", "Rent a month:")), self.rent)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.end.value() <= self.agreement.end:
            errors["end"] = _t(resources.T_RENEW_END, end=self.end.value(), old=self.agreement.end)
        _fen, err = parse_money(self.rent, required=False)
        if err is not None:
            errors["rent"] = err
        return errors

    def save(self, session: Session) -> int:
        old = resources.get_agreement(session, self.agreement.id)
        rent = parse_money(self.rent, required=False)[0]
        return resources.renew_agreement(session, old, self.end.value(), rent=rent).id

    def field_of(self, exc: UserError) -> str | None:
        return {id(resources.T_RENEW_END): "end", id(resources.T_RENT): "rent"}.get(id(exc.text))


# -- income and costs -------------------------------------------------------------------------------
class IncomeDialog(FormDialog):
    """收入: money taken for a resource, against one of its agreements (its amounts due) or as a
    day's temporary parking total; a receipt from the cashier's counter and one voucher. The
    company's management share and the owners' share are shown as the amount is typed."""

    def __init__(
        self,
        book: Book,
        rows: list[ResourceRow],
        agreements: list[AgreementRow],
        *,
        resource_id: int | None = None,
        agreement_id: int | None = None,
        due: DueLine | None = None,
        temporary: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, parent, _t(bilingual("记录收入", "Record income")))
        self.setMinimumWidth(520)
        self.resources = {r.id: r for r in rows}
        self.agreements = agreements
        self._shares: dict[int, int] = {}
        self.resource = SearchPicker()
        self.resource.set_items((r.id, f"{r.compound} {resource_text(r)}") for r in rows)
        self.temporary = QCheckBox(_t(bilingual("临时停车日收入", "a day's temporary parking")))
        self.agreement = QComboBox()
        self.amount = MoneyEdit(field=bilingual("收款金额", "Amount"), allow_zero=False)
        self.method = method_combo()
        self.on = DateEdit(date.today())
        self.payer = QLineEdit()
        self.payer.setMaxLength(100)
        self.description = QLineEdit()
        self.description.setMaxLength(200)
        self.add_field("resource", _t(bilingual("资源：", "Resource:")), self.resource)
        self.add_field("temporary", "", self.temporary)
        self.add_field("agreement", _t(bilingual("协议：", "Agreement:")), self.agreement)
        self.add_field("amount", _t(bilingual("金额：", "Amount:")), self.amount)
        self.add_field("method", _t(bilingual("收款方式：", "Method:")), self.method)
        self.add_field("on", _t(bilingual("日期：", "Date:")), self.on)
        self.add_field("payer", _t(bilingual("交款人：", "Payer:")), self.payer)
        self.add_field("description", _t(bilingual("摘要：", "Description:")), self.description)
        self.split = QLabel()
        self.split.setObjectName("statCaption")
        self.split.setWordWrap(True)
        self.body.addWidget(self.split)
        self.ok_button.setText(_t(bilingual("收款并开收据", "Take and issue receipt")))
        self.resource.picked.connect(self._resource_changed)
        self.temporary.toggled.connect(self._temporary_changed)
        self.agreement.currentIndexChanged.connect(self._agreement_changed)
        self.amount.valueChanged.connect(lambda _v: self._show_split())
        self.on.dateChanged.connect(lambda _d: self._show_split())
        if due is not None:
            agreement_id = due.agreement_id
            resource_id = next((a.resource_id for a in agreements if a.id == due.agreement_id),
                               resource_id)  # fmt: skip
        if resource_id is not None:
            self.resource.set_current_key(resource_id)
        self._resource_changed()
        if agreement_id is not None:
            i = self.agreement.findData(agreement_id)
            if i >= 0:
                self.agreement.setCurrentIndex(i)
        self.temporary.setChecked(temporary)
        if due is not None:
            self.amount.set_fen(due.outstanding)
        self._show_split()

    def chosen(self) -> ResourceRow | None:
        key = self.resource.current_key()
        return self.resources.get(key) if isinstance(key, int) else None

    def _resource_changed(self, *_: object) -> None:
        r = self.chosen()
        self.agreement.blockSignals(True)
        self.agreement.clear()
        self.agreement.addItem(_t(bilingual("无（零星收入）", "none (casual income)")), None)
        today = date.today()
        for a in self.agreements:
            if r is not None and a.resource_id == r.id and a.kind != "temporary":
                running = "" if a.start <= today <= a.end else " ×"
                self.agreement.addItem(
                    f"{label(AGREEMENT_KINDS, a.kind)} {a.party} {a.plate} "
                    f"{a.start} ~ {a.end}{running}".replace("  ", " "), a.id)  # fmt: skip
        if self.agreement.count() > 1:
            self.agreement.setCurrentIndex(1)
        self.agreement.blockSignals(False)
        self.temporary.setEnabled(r is not None and r.kind == "parking")
        if r is not None and r.kind == "parking" and r.code.upper() == "TEMP":
            self.temporary.setChecked(True)
        self._agreement_changed()

    def chosen_agreement(self) -> AgreementRow | None:
        aid = self.agreement.currentData()
        return next((a for a in self.agreements if a.id == aid), None)

    def _agreement_changed(self, *_: object) -> None:
        a = self.chosen_agreement()
        if a is not None:
            self.payer.setText(a.party)
            if a.outstanding and not self.amount.text().strip():
                self.amount.set_fen(a.outstanding)
        self._show_split()
        self.check()

    def _temporary_changed(self, on: bool) -> None:
        self.agreement.setEnabled(not on)
        self.payer.setEnabled(not on)
        self.description.setEnabled(not on)
        self._show_split()
        self.check()

    def _share_bp(self, r: ResourceRow) -> int:
        on = self.on.value()
        key = (r.compound_id * 100_000_000) + on.toordinal()
        if key not in self._shares:
            with self.book.read() as s:
                self._shares[key] = resources.share_on(s, r.compound_id, on)
        return self._shares[key]

    def _show_split(self) -> None:
        r = self.chosen()
        fen = self.amount.value_fen()
        if r is None or not fen or fen <= 0:
            self.split.setText("")
            return
        if not r.common:
            self.split.setText(_t(T_OWN_SPLIT, amount=format_amount(fen)))
            return
        bp = self._share_bp(r)
        share = resources.share_of(fen, bp)
        text = _t(T_COMMON_SPLIT, amount=format_amount(fen), pct=pct_text(bp),
                  share=format_amount(share), owners=format_amount(fen - share))  # fmt: skip
        self.split.setText(text)

    def owners_share_text(self) -> str:
        return self.split.text()

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.chosen() is None:
            errors["resource"] = _t(T_CHOOSE_RESOURCE)
        _fen, err = parse_money(self.amount)
        if err is not None:
            errors["amount"] = err
        return errors

    def save(self, session: Session) -> IncomeResult:
        r = self.chosen()
        fen = parse_money(self.amount)[0]
        assert r is not None and fen is not None
        resource = session.get(resources.Resource, r.id)
        assert resource is not None
        method, on = str(self.method.currentData()), self.on.value()
        if self.temporary.isChecked():
            return resources.record_temporary_parking(session, resource, fen, method, on)
        a = self.chosen_agreement()
        agreement = resources.get_agreement(session, a.id) if a is not None else None
        return resources.record_income(
            session, resource, fen, method, on, agreement=agreement,
            payer=self.payer.text().strip() or None,
            description=self.description.text().strip() or None,
        )  # fmt: skip

    def field_of(self, exc: UserError) -> str | None:
        return "amount" if exc.text is resources.T_AMOUNT else None


class CostDialog(_Compound):
    """合理成本: against a resource or the compound's common resources as a whole, with the
    evidence file (its name and hash are kept with the cost); one voucher."""

    def __init__(
        self,
        book: Book,
        compounds: list[CompoundRow],
        rows: list[ResourceRow],
        compound_id: int | None = None,
        resource_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, parent, _t(bilingual("记录合理成本", "Record a reasonable cost")))
        self.setMinimumWidth(520)
        self.rows = rows
        self._compound_field(compounds, compound_id)
        self.resource = QComboBox()
        self.category = QComboBox()
        for code, text in resources.COST_CATEGORIES.items():
            self.category.addItem(text.format(), code)
        self.amount = MoneyEdit(field=bilingual("金额", "Amount"), allow_zero=False)
        self.on = DateEdit(date.today())
        self.method = method_combo()
        self.method.setCurrentIndex(max(self.method.findData("bank"), 0))
        self.description = QLineEdit()
        self.description.setMaxLength(120)
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText(
            _t(bilingual("发票、缴费单等的扫描件", "a scan of the bill"))
        )
        browse = QPushButton(_t(bilingual("选择文件…", "Choose file…")))
        browse.clicked.connect(self.choose_evidence)
        ev = QWidget()
        row = QHBoxLayout(ev)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.evidence, 1)
        row.addWidget(browse)
        ev.setFocusProxy(self.evidence)
        self.add_field("resource", _t(bilingual("资源：", "Resource:")), self.resource)
        self.add_field("category", _t(bilingual("类别：", "Category:")), self.category)
        self.add_field("amount", _t(bilingual("金额：", "Amount:")), self.amount)
        self.add_field("on", _t(bilingual("日期：", "Date:")), self.on)
        self.add_field("method", _t(bilingual("付款方式：", "Paid by:")), self.method)
        self.add_field("description", _t(bilingual("说明：", "Description:")), self.description)
        self.add_field("evidence", _t(bilingual("凭据：", "Evidence:")), ev, watch=False)
        self.watch("evidence", self.evidence)
        self.compound.changed.connect(lambda _c: self._fill_resources())
        self._fill_resources(resource_id)

    def _fill_resources(self, resource_id: int | None = None) -> None:
        cid = self.compound.compound_id()
        self.resource.clear()
        self.resource.addItem(
            _t(bilingual("全部共有资源（公共成本）", "all common resources")), None
        )
        for r in self.rows:
            if r.compound_id == cid:
                self.resource.addItem(resource_text(r), r.id)
        if resource_id is not None:
            self.resource.setCurrentIndex(max(self.resource.findData(resource_id), 0))

    def choose_evidence(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, _t(bilingual("选择凭据文件", "Choose the evidence file")), "",
            _t(bilingual("扫描件 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)",
                         "Scans (*.pdf *.jpg *.jpeg *.png);;All files (*)")),
        )  # fmt: skip
        if name:
            self.evidence.setText(name)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        self._compound_problem(errors)
        _fen, err = parse_money(self.amount)
        if err is not None:
            errors["amount"] = err
        path = self.evidence.text().strip()
        if not path:
            errors["evidence"] = _t(resources.T_EVIDENCE)
        elif not Path(path).is_file():
            errors["evidence"] = _t(
                bilingual("找不到文件 {path}", "no such file {path}"), path=path
            )
        return errors

    def save(self, session: Session) -> int:
        cid = self.compound.compound_id()
        fen = parse_money(self.amount)[0]
        assert cid is not None and fen is not None
        evidence = votes.evidence_from_file(self.evidence.text().strip())
        rid = self.resource.currentData()
        resource = session.get(resources.Resource, rid) if rid is not None else None
        cost = resources.record_cost(
            session, desk.compound_by_id(session, cid), fen, self.on.value(),
            str(self.category.currentData()), evidence, resource=resource,
            method=str(self.method.currentData()), description=self.description.text(),
        )  # fmt: skip
        return cost.id

    def field_of(self, exc: UserError) -> str | None:
        if exc.text in (resources.T_EVIDENCE, votes.T_READ_EVIDENCE):
            return "evidence"
        return "amount" if exc.text is resources.T_AMOUNT else None


# -- the owners' money ------------------------------------------------------------------------------
class ShareDialog(_Compound):
    """管理分成: the company's agreed share of a compound's common income, from a date."""

    def __init__(
        self,
        book: Book,
        compounds: list[CompoundRow],
        compound_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(book, parent, _t(bilingual("公司管理分成", "The company's share")))
        self._compound_field(compounds, compound_id)
        self.percent = QLineEdit()
        self.percent.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.percent.setPlaceholderText("20")
        self.start = DateEdit(date.today())
        self.agreement = QLineEdit()
        self.agreement.setPlaceholderText(
            _t(
                bilingual(
                    "如 公共收益管理协议（业主大会 2026-03 通过）", "the agreement that fixed it"
                )
            )
        )
        self.add_field("percent", _t(bilingual("分成比例（%）：", "Share (%):")), self.percent)
        self.add_field("start", _t(bilingual("自：", "From:")), self.start)
        self.add_field("agreement", _t(bilingual("依据：", "Agreed in:")), self.agreement)
        note = QLabel(_t(T_SHARE_NOTE))
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.body.addWidget(note)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        self._compound_problem(errors)
        try:
            parse_percent(self.percent.text())
        except UserError as exc:
            errors["percent"] = exc.message
        return errors

    def save(self, session: Session) -> int:
        cid = self.compound.compound_id()
        assert cid is not None
        t = resources.set_share(
            session, desk.compound_by_id(session, cid), parse_percent(self.percent.text()),
            self.start.value(), self.agreement.text(),
        )  # fmt: skip
        return t.id


class UseDialog(FormDialog):
    """动用业主共有收益: top up the maintenance fund, offset every unit's fees by floor area, or
    another use the owners decided — always with the authorising decision (a passed vote, or
    the decision's text and date), never more than the balance."""

    def __init__(
        self, book: Book, compound: CompoundRow, balance: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(book, parent, _t(bilingual("动用业主共有收益", "Use the owners' money")))
        self.setMinimumWidth(520)
        self.compound = compound
        self.balance = balance
        head = QLabel(f"{compound.name} · " + _t(T_BALANCE, amount=format_amount(balance)))
        head.setObjectName("statCaption")
        self.form.addRow(head)
        self.kind = QComboBox()
        for code, text in USE_KINDS.items():
            self.kind.addItem(text.format(), code)
        self.amount = MoneyEdit(field=bilingual("金额", "Amount"), allow_zero=False)
        self.on = DateEdit(date.today())
        self.method = method_combo()
        self.method.setCurrentIndex(max(self.method.findData("bank"), 0))
        self.vote = QComboBox()
        self.vote.addItem(
            _t(bilingual("无表决，填写业主的决定", "no vote: enter the decision")), None
        )
        with book.read() as s:
            for v in votes.list_votes(s, compound.id):
                if v.status == "closed" and v.passed:
                    self.vote.addItem(f"{v.id} {v.title}（{v.closed_on}）", v.id)
        self.decision = QLineEdit()
        self.decision.setPlaceholderText(
            _t(bilingual("如 业主大会决定用于补充维修资金", "e.g. the owners' meeting decided…"))
        )
        self.decided_on = DateEdit(date.today())
        self.description = QLineEdit()
        self.description.setMaxLength(100)
        self.add_field("kind", _t(bilingual("用途：", "Use:")), self.kind)
        self.add_field("amount", _t(bilingual("金额：", "Amount:")), self.amount)
        self.add_field("on", _t(bilingual("日期：", "Date:")), self.on)
        self.add_field("method", _t(bilingual("付款方式：", "Paid by:")), self.method)
        self.add_field("vote", _t(bilingual("业主表决：", "Owners' vote:")), self.vote)
        self.add_field("decision", _t(bilingual("业主的决定：", "Decision:")), self.decision)
        self.add_field("decided_on", _t(bilingual("决定日期：", "Decided on:")), self.decided_on)
        self.add_field("description", _t(bilingual("说明：", "Description:")), self.description)
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.body.addWidget(self.note)
        self.kind.currentIndexChanged.connect(self._changed)
        self.vote.currentIndexChanged.connect(self._changed)
        if self.vote.count() > 1:
            self.vote.setCurrentIndex(self.vote.count() - 1)
        self._changed()

    def _changed(self, *_: object) -> None:
        offset = self.kind.currentData() == "fee_offset"
        self.method.setEnabled(not offset)
        by_vote = self.vote.currentData() is not None
        self.decision.setEnabled(not by_vote)
        self.decided_on.setEnabled(not by_vote)
        self.note.setText(_t(T_OFFSET_NOTE) if offset else "")
        self.check()

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        fen, err = parse_money(self.amount)
        if err is not None:
            errors["amount"] = err
        elif fen is not None and fen > self.balance:
            errors["amount"] = _t(resources.T_OVERDRAW, compound=self.compound.name,
                                  balance=format_amount(self.balance), amount=format_amount(fen))  # fmt: skip
        if self.vote.currentData() is None and not self.decision.text().strip():
            errors["decision"] = _t(resources.T_NEED_DECISION)
        return errors

    def save(self, session: Session) -> resources.UseResult:
        fen = parse_money(self.amount)[0]
        assert fen is not None
        vote_id = self.vote.currentData()
        return resources.use_owners_money(
            session, desk.compound_by_id(session, self.compound.id), str(self.kind.currentData()),
            fen, self.on.value(), vote_id=int(vote_id) if vote_id is not None else None,
            decision="" if vote_id is not None else self.decision.text(),
            decided_on=None if vote_id is not None else self.decided_on.value(),
            description=self.description.text(), method=str(self.method.currentData()),
        )  # fmt: skip

    def field_of(self, exc: UserError) -> str | None:
        if exc.text in (resources.T_OVERDRAW, resources.T_AMOUNT):
            return "amount"
        if exc.text is resources.T_NEED_DECISION:
            return "decision"
        return "vote" if exc.text is resources.T_VOTE_NOT_PASSED else None


SPLIT_COLUMNS = (
    Column("code", bilingual("房屋", "Unit"), width=12),
    Column("owner", bilingual("业主", "Owner"), stretch=True),
    Column("area", bilingual("建筑面积（㎡）", "Floor area (m²)"), align=RIGHT, fmt=format_area),
    money_column("amount", bilingual("分摊金额", "Share"), width=12),
)


def write_split_xlsx(
    head: Any, compound: str, amount: int, parts: list[UnitPart], fp: io.BytesIO
) -> None:
    """按面积分摊表 to Excel: one row per unit, the total below (it equals the amount)."""
    from propdesk.reports.xlsx.base import CODE, MONEY, TEXT, TableSheet, discard, new_workbook
    from propdesk.reports.xlsx.base import Column as XColumn

    wb = new_workbook(head, "按面积分摊")
    try:
        cols = (XColumn("房屋", CODE, 12), XColumn("业主", TEXT, 16),
                XColumn("建筑面积（㎡）", MONEY, 12), XColumn("分摊金额", MONEY))  # fmt: skip
        sheet = TableSheet(wb, "按面积分摊", cols, head=head, report=f"{compound} 业主共有收益按面积分摊",
                           period=format_amount(amount), sample=[])  # fmt: skip
        for p in parts:
            sheet.append([p.code, p.owner, p.area, p.amount])
        sheet.append_total(["合计", f"{len(parts)} 户", sum(p.area for p in parts),
                            sum(p.amount for p in parts)])  # fmt: skip
        sheet.finish()
        wb.save(fp)
    except BaseException:
        discard(wb)
        raise


class SplitDialog(QDialog):
    """按面积分摊: a compound's owners' money (or any amount) split to its units by floor-area
    share (Civil Code 283), shown in a table and exported to Excel. Writes nothing."""

    def __init__(
        self, book: Book, compound: CompoundRow, balance: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.compound = compound
        self.setWindowTitle(_t(bilingual("按面积分摊 — {name}", "Split by floor area — {name}"),
                               name=compound.name))  # fmt: skip
        self.setMinimumSize(620, 480)
        self.amount = MoneyEdit(field=bilingual("金额", "Amount"), allow_zero=False)
        self.amount.set_fen(max(balance, 0))
        self.compute_button = QPushButton(_t(bilingual("分摊", "Split")))
        self.compute_button.clicked.connect(self.compute)
        self.export_button = QPushButton(_t(bilingual("导出 Excel…", "Export to Excel…")))
        self.export_button.clicked.connect(lambda: self.export())
        self.model = DeskTableModel(SPLIT_COLUMNS, self)
        self.view = TableView(self.model, self, name="owners_split")
        self.totals = QLabel()
        self.totals.setObjectName("muted")
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setVisible(False)
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.amount, 1)
        row.addWidget(self.compute_button)
        form.addRow(_t(bilingual("分摊金额：", "Amount to split:")), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_t(T_CLOSE))
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
        layout.addWidget(buttons)
        self.parts: list[UnitPart] = []
        self.compute()

    def compute(self) -> list[UnitPart]:
        fen, err = parse_money(self.amount)
        self.parts = []
        if err is None and fen is not None:
            try:
                with self.book.read() as s:
                    self.parts = resources.split_rows(s, self.compound.id, fen)
            except UserError as exc:
                err = exc.message
        self.problem.setText(err or "")
        self.problem.setVisible(bool(err))
        self.model.set_rows(self.parts)
        self.export_button.setEnabled(bool(self.parts))
        self.totals.setText(_t(bilingual("{count} 户，合计 {amount}", "{count} units, total {amount}"),
                               count=len(self.parts),
                               amount=format_amount(sum(p.amount for p in self.parts))))  # fmt: skip
        return self.parts

    def xlsx_bytes(self) -> bytes:
        from propdesk.reports.common import letterhead

        with self.book.read() as s:
            head = letterhead(s)
        buf = io.BytesIO()
        total = sum(p.amount for p in self.parts)
        write_split_xlsx(head, self.compound.name, total, self.parts, buf)
        return buf.getvalue()

    def export(self, path: Path | None = None) -> Op[Path] | None:
        from propdesk.ui.print_preview import export_file

        if not self.parts:
            return None
        data = self.xlsx_bytes()
        return export_file(
            self, _t(bilingual("导出按面积分摊表", "Export the split")),
            f"{self.compound.name}按面积分摊.xlsx", lambda _p: data, "Excel (*.xlsx)", path=path,
        )  # fmt: skip


__all__ = [
    "AgreementDialog",
    "CostDialog",
    "IncomeDialog",
    "RenewDialog",
    "ResourceDialog",
    "ShareDialog",
    "SplitDialog",
    "UseDialog",
    "resource_text",
]
