"""The trust tests' closing figures (tests/trust/figures.py), printed after the run."""

from __future__ import annotations

from typing import Any

from tests.trust.figures import FAULTS, FIGURES, FUZZED, RACED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if any(FIGURES.values()):
        terminalreporter.write_sep("-", "trust figures")
        terminalreporter.write_line(
            ", ".join(f"{kind}: {FIGURES[kind]}" for kind in (FAULTS, FUZZED, RACED))
        )
