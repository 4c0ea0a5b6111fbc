"""One error tree: user errors are shown as plain messages, environment failures explained,
anything else is a bug for the crash dialog."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from propdesk.core.i18n import Text


class PropdeskError(Exception):
    """Base of every error propdesk raises on purpose."""


class UserError(PropdeskError):
    """Something the user can fix: shown as one plain message in the user's language."""

    def __init__(self, text: Text, /, **params: object) -> None:
        self.text = text
        self.params = params
        super().__init__(text.format(**params))

    @property
    def message(self) -> str:
        # Re-render so a language switch after raising still shows the current language.
        return self.text.format(**self.params)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found while validating input: where (row, field) and why."""

    reason: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        from propdesk.core.messages import M

        if self.row is not None and self.field:
            return M.problem_row_field.format(row=self.row, field=self.field, reason=self.reason)
        if self.row is not None:
            return M.problem_row.format(row=self.row, reason=self.reason)
        if self.field:
            return M.problem_field.format(field=self.field, reason=self.reason)
        return self.reason


class ValidationError(UserError):
    """Input refused as a whole; carries every problem found, not only the first."""

    def __init__(self, problems: Sequence[Problem], title: Text | None = None, **params: object):
        from propdesk.core.messages import M

        self.problems = tuple(problems)
        params.setdefault("count", len(self.problems))
        head = title or M.validation_failed
        self._title = head
        super().__init__(head, **params)

    @property
    def message(self) -> str:
        lines = [self._title.format(**self.params)]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)

    @classmethod
    def collect(cls, problems: Iterable[Problem]) -> None:
        found = list(problems)
        if found:
            raise cls(found)


class EnvironmentFailure(PropdeskError):
    """The machine, not the user or the code: locked database, full disk, unreadable file."""

    def __init__(self, text: Text, /, **params: object) -> None:
        self.text = text
        self.params = params
        super().__init__(text.format(**params))

    def __str__(self) -> str:
        return self.text.format(**self.params)


class BookLocked(EnvironmentFailure):
    pass


class NotABook(EnvironmentFailure):
    pass
