"""What the trust tests do to the book, counted as they do it: faults injected (a process
SIGKILLed mid-transaction or mid-export), inputs fuzzed (hypothesis examples fed to an
importer or parser), updates raced (writes two processes make to one book at the same time).
tests/trust/conftest.py prints the counts at the end of a run (in one process: `-n 0`)."""

from __future__ import annotations

from collections import Counter

FAULTS, FUZZED, RACED = "faults injected", "inputs fuzzed", "updates raced"
FIGURES: Counter[str] = Counter()


def count(kind: str, n: int = 1) -> None:
    FIGURES[kind] += n
