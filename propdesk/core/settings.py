"""Every setting declared once: key, type, default, bilingual label, scope (book or app).

Book-scoped values live in the book (`book_meta`, through `services.books.get_meta/set_meta`);
app-scoped values live with the program (the UI keeps them in QSettings). Values are stored
as text; `SettingDef.load` / `dump` convert, `SettingDef.problems` validates. Core code reads
book settings as the plain `BookSettings` dataclass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from propdesk.core.errors import Problem
from propdesk.core.i18n import EN, ZH, Text, bilingual

Scope = Literal["book", "app"]

T_REQUIRED = bilingual("不能为空", "cannot be empty")
T_TOO_LONG = bilingual("最长 {max} 个字", "at most {max} characters")
T_NOT_A_CHOICE = bilingual("「{value}」不是可选项", '"{value}" is not one of the choices')
T_WRONG_TYPE = bilingual("类型不对：{value}", "wrong type: {value}")
T_OUT_OF_RANGE = bilingual("应在 {low} 到 {high} 之间", "must be between {low} and {high}")


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class SettingDef:
    """One setting. `type` is str, int or bool; with `choices` the value is one choice's value."""

    key: str
    type: type
    default: object
    label: Text
    scope: Scope
    choices: tuple[Choice, ...] | None = None
    help: Text | None = None
    required: bool = False
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None

    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices or ())

    def load(self, raw: str | None) -> object:
        """Stored text → typed value; missing or unreadable text gives the default."""
        if raw is None:
            return self.default
        if self.type is bool:
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if self.type is int:
            try:
                return int(raw)
            except ValueError:
                return self.default
        if self.choices is not None and raw not in self.choice_values():
            return self.default
        return raw

    def dump(self, value: object) -> str:
        if self.type is bool:
            return "true" if value else "false"
        return str(value)

    def problems(self, value: object) -> list[Problem]:
        """Everything wrong with `value` for this setting (empty: it can be saved)."""
        name = self.label.format()
        out: list[Problem] = []
        if self.type is bool:
            if not isinstance(value, bool):
                out.append(Problem(T_WRONG_TYPE.format(value=value), field=name))
            return out
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                out.append(Problem(T_WRONG_TYPE.format(value=value), field=name))
            elif (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                out.append(
                    Problem(T_OUT_OF_RANGE.format(low=self.minimum, high=self.maximum), field=name)
                )
            return out
        if not isinstance(value, str):
            return [Problem(T_WRONG_TYPE.format(value=value), field=name)]
        if self.choices is not None:
            if value not in self.choice_values():
                out.append(Problem(T_NOT_A_CHOICE.format(value=value), field=name))
            return out
        if self.required and not value.strip():
            out.append(Problem(T_REQUIRED.format(), field=name))
        if self.max_length is not None and len(value) > self.max_length:
            out.append(Problem(T_TOO_LONG.format(max=self.max_length), field=name))
        return out


# -- the declarations ------------------------------------------------------------------------

RECEIPT_ONE_PER_PAGE = "one_per_page"
RECEIPT_THREE_PER_A4 = "three_per_a4"
LATE_FEE_NONE = "none"
LATE_FEE_DAILY_RATE = "daily_rate"
LATE_FEE_FIXED = "fixed"
VOTE_STATUTORY = "statutory"
VOTE_PER_UNIT = "per_unit"

SETTINGS: tuple[SettingDef, ...] = (
    SettingDef(
        "company_name", str, "社区物业服务有限公司", bilingual("公司名称", "Company name"), "book",
        required=True, max_length=100,
        help=bilingual("印在收据、报表和公示上", "Printed on receipts, reports and notices"),
    ),
    SettingDef(
        "seal_text", str, "", bilingual("印章文字", "Seal text"), "book", max_length=40,
        help=bilingual("收据上盖章处的文字，如「财务专用章」", "Text in the seal box on receipts, e.g. 财务专用章"),
    ),
    SettingDef(
        "receipt_layout", str, RECEIPT_THREE_PER_A4, bilingual("收据版式", "Receipt layout"), "book",
        choices=(
            Choice(RECEIPT_ONE_PER_PAGE, bilingual("每页一张", "One per page")),
            Choice(RECEIPT_THREE_PER_A4, bilingual("A4 纸三联", "Three per A4 sheet")),
        ),
    ),
    SettingDef(
        "late_fee_rule", str, LATE_FEE_NONE, bilingual("违约金规则（默认）", "Late fee rule (default)"),
        "book",
        choices=(
            Choice(LATE_FEE_NONE, bilingual("不收违约金", "No late fee")),
            Choice(LATE_FEE_DAILY_RATE, bilingual("按日比例", "Daily rate")),
            Choice(LATE_FEE_FIXED, bilingual("固定金额", "Fixed amount")),
        ),
        help=bilingual("合同可另行约定", "A contract may set its own rule"),
    ),
    SettingDef(
        "vote_counting_method", str, VOTE_STATUTORY,
        bilingual("表决计数方法", "Vote counting method"), "book",
        choices=(
            Choice(VOTE_STATUTORY, bilingual("法定规则（一户一人，开发商计一人）", "Statutory (one person per owner; the developer counts once)")),
            Choice(VOTE_PER_UNIT, bilingual("业主大会约定：每套房屋计一人", "Agreed by the assembly: one person per unit")),
        ),
    ),
    SettingDef(
        "language", str, ZH, bilingual("界面语言", "Language"), "app",
        choices=(Choice(ZH, bilingual("简体中文", "简体中文")), Choice(EN, bilingual("English", "English"))),
    ),
)  # fmt: skip

BY_KEY: dict[str, SettingDef] = {s.key: s for s in SETTINGS}


def setting(key: str) -> SettingDef:
    return BY_KEY[key]


def in_scope(scope: Scope) -> tuple[SettingDef, ...]:
    return tuple(s for s in SETTINGS if s.scope == scope)


def validate(values: Mapping[str, object]) -> list[Problem]:
    """Every problem in a set of values keyed by setting key (unknown keys are refused)."""
    out: list[Problem] = []
    for key, value in values.items():
        out += BY_KEY[key].problems(value)
    return out


def load_all(defs: Iterable[SettingDef], lookup: Callable[[str], str | None]) -> dict[str, object]:
    """Typed values for `defs`, reading stored text with `lookup(key)`."""
    return {d.key: d.load(lookup(d.key)) for d in defs}


@dataclass(frozen=True, slots=True)
class BookSettings:
    """The book's settings as plain values for core and services."""

    company_name: str = field(default_factory=lambda: str(BY_KEY["company_name"].default))
    seal_text: str = ""
    receipt_layout: str = RECEIPT_THREE_PER_A4
    late_fee_rule: str = LATE_FEE_NONE
    vote_counting_method: str = VOTE_STATUTORY

    @classmethod
    def from_lookup(cls, lookup: Callable[[str], str | None]) -> BookSettings:
        """Build from stored text, e.g. `BookSettings.from_lookup(lambda k: get_meta(s, k))`."""
        return cls(**load_all(in_scope("book"), lookup))  # type: ignore[arg-type]
