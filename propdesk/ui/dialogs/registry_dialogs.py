"""新增小区 and 过户: the registry's small dialogs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from propdesk.core import roles
from propdesk.core.errors import UserError
from propdesk.core.fees import format_area, id_number_ok
from propdesk.db.store import Book
from propdesk.services import desk, registry, roster
from propdesk.services.registry import UnitRow
from propdesk.ui.dialogs.form import FormDialog
from propdesk.ui.dialogs.kit import UNIT_KIND, label
from propdesk.ui.widgets.date_edit import DateEdit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class AddCompoundDialog(FormDialog):
    """新增小区: name (unique), community, street, address."""

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, self.tr("New compound"))
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.community = QLineEdit()
        self.community.setMaxLength(100)
        self.street = QLineEdit()
        self.street.setMaxLength(100)
        self.address = QLineEdit()
        self.address.setMaxLength(200)
        self.add_field("name", self.tr("Compound name:"), self.name)
        self.add_field("community", self.tr("Community:"), self.community)
        self.add_field("street", self.tr("Street:"), self.street)
        self.add_field("address", self.tr("Address:"), self.address)
        self.name.setPlaceholderText(self.tr("e.g. 幸福里小区"))

    def validate(self) -> dict[str, str]:
        if not self.name.text().strip():
            return {"name": registry.T_NAME_NEEDED.format()}
        return {}

    def save(self, session: Session) -> int:
        c = registry.add_compound(
            session,
            self.name.text(),
            self.address.text(),
            self.community.text(),
            self.street.text(),
        )
        return c.id

    def field_of(self, exc: UserError) -> str | None:
        return "name" if exc.text in (registry.T_COMPOUND_EXISTS, registry.T_NAME_NEEDED) else None


def owners_text(names: list[tuple[str, str | None]], role: str | None) -> str:
    """'张三（110101199003071233）、李四' — the first is the primary owner; the ID number whole or
    masked (张三（110101********1233）) as `role` may see it (core/roles.shown)."""
    parts = [f"{n}（{roles.shown(role, roles.ID_NUMBER, i)}）" if i else n for n, i in names]
    return "、".join(parts)


class TransferDialog(FormDialog):
    """过户: the unit's owners end the day before; the new owner and co-owners start that day.
    Saved against the unit's version the form opened: a transfer another clerk saved meanwhile
    is kept and the form says so."""

    def __init__(self, book: Book, unit: UnitRow, parent: QWidget | None = None) -> None:
        super().__init__(book, parent, self.tr("Transfer of ownership"))
        self.unit = unit
        with book.read() as s:
            self.before: list[tuple[str, str | None]] = list(
                registry.owners_shown(s, unit.id, date.today())
            )
        box = QGroupBox(self.tr("Unit"))
        info = QVBoxLayout(box)
        self.unit_label = QLabel(
            f"{unit.compound} {unit.code}  ·  {format_area(unit.area)} ㎡  ·  {label(UNIT_KIND, unit.kind)}"
        )
        self.before_label = QLabel()
        self.after_label = QLabel()
        for w in (self.before_label, self.after_label):
            w.setWordWrap(True)
        self.before_label.setText(
            self.tr("Owners now: %1").replace("%1", owners_text(self.before, book.role) or "—")
        )
        info.addWidget(self.unit_label)
        info.addWidget(self.before_label)
        info.addWidget(self.after_label)
        self.form.insertRow(0, box)
        self.owner = QLineEdit()
        self.owner.setMaxLength(100)
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(18)
        self.phone = QLineEdit()
        self.phone.setMaxLength(32)
        self.co_owners = QLineEdit()
        self.co_owners.setMaxLength(100)
        self.co_owners.setPlaceholderText(self.tr("separate names with 、 or ,"))
        self.on = DateEdit(date.today())
        self.add_field("owner", self.tr("New owner:"), self.owner)
        self.add_field("id_number", self.tr("ID number:"), self.id_number)
        self.add_field("phone", self.tr("Phone:"), self.phone)
        self.add_field("co_owners", self.tr("Co-owners:"), self.co_owners)
        self.add_field("on", self.tr("Transfer date:"), self.on)
        for w in (self.owner, self.id_number, self.co_owners):
            w.textChanged.connect(self._preview)
        self._preview()

    def after(self) -> list[tuple[str, str | None]]:
        name = self.owner.text().strip()
        if not name:
            return []
        idn = self.id_number.text().strip() or None
        return [(name, idn), *((n, None) for n in roster.split_names(self.co_owners.text()))]

    def _preview(self) -> None:
        self.after_label.setText(
            self.tr("Owners after: %1").replace("%1", owners_text(self.after(), self.book.role) or "—")
        )

    def validate(self) -> dict[str, Any]:
        errors: dict[str, str] = {}
        name = self.owner.text().strip()
        if not name:
            errors["owner"] = registry.T_NO_OWNER.format()
        idn = self.id_number.text().strip()
        if idn and not id_number_ok(idn):
            errors["id_number"] = roster.T_BAD_ID.format(text=idn)
        if name and name in roster.split_names(self.co_owners.text()):
            errors["co_owners"] = roster.T_CO_OWNER_IS_OWNER.format(name=name)
        return errors

    def save(self, session: Session) -> int:
        name, idn, phone = roster.check_new_owner(
            session, self.owner.text(), self.id_number.text(), self.phone.text()
        )
        unit = desk.unit_by_id(session, self.unit.id)
        person = registry.transfer(
            session, unit, self.on.value(), name, idn, phone,
            roster.split_names(self.co_owners.text()), expected_version=self.unit.version,
        )  # fmt: skip
        return person.id

    def field_of(self, exc: UserError) -> str | None:
        if exc.text in (roster.T_BAD_ID, roster.T_ID_BOOK_NAME, roster.T_ID_AS_NUMBER):
            return "id_number"
        if exc.text is registry.T_TRANSFER_DATE:
            return "on"
        if exc.text is registry.T_NO_OWNER:
            return "owner"
        return None
