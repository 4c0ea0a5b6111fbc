"""The language of messages produced below the UI: Simplified Chinese first, English second.

Core and services raise errors whose text must reach the user in their language. Each message
is declared once with both texts; the UI (or CLI) picks the language with `set_language`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

ZH = "zh_CN"
EN = "en"
LANGUAGES = (ZH, EN)

_current = ZH


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        lang = EN if lang.lower().startswith("en") else ZH
    _current = lang


def language() -> str:
    return _current


@dataclass(frozen=True, slots=True)
class Text:
    """A message in both languages; `format` fills {placeholders} in the current language."""

    zh: str
    en: str

    def format(self, **params: object) -> str:
        template = self.zh if _current == ZH else self.en
        return template.format(**params)

    def placeholders(self) -> tuple[set[str], set[str]]:
        def names(s: str) -> set[str]:
            return {f for _, f, _, _ in string.Formatter().parse(s) if f}

        return names(self.zh), names(self.en)


def bilingual(zh: str, en: str) -> Text:
    return Text(zh, en)
