"""The CLI imports only the area modules of the command being run; AREAS says which they are."""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

from propdesk.cli import base
from propdesk.cli.base import AREAS, areas, build_parser, command_word

ROOT = Path(__file__).resolve().parents[2]


def _commands(module: str) -> list[str]:
    sub = argparse.ArgumentParser().add_subparsers(dest="command")
    import_module(module).register(sub)
    return list(sub.choices)


@pytest.mark.parametrize("entry", AREAS)
def test_each_area_adds_exactly_the_commands_listed(entry: str) -> None:
    module, _, listed = entry.partition(":")
    assert sorted(_commands(module.strip())) == sorted(listed.split())


def test_a_command_gets_every_area_adding_to_it() -> None:
    adding_export = [
        a.partition(":")[0].strip() for a in AREAS if "export" in a.partition(":")[2].split()
    ]
    assert {"propdesk.cli.reports", "propdesk.cli.grids"} <= set(adding_export)
    assert areas("export") == adding_export
    assert areas("init") == ["propdesk.cli.ledger"]
    everything = [a.partition(":")[0].strip() for a in AREAS]
    assert areas(None) == areas("no-such-command") == everything


def test_an_area_listed_without_commands_is_always_imported(monkeypatch) -> None:
    monkeypatch.setattr(base, "AREAS", [*AREAS, "propdesk.cli.newarea"])
    assert areas("init") == ["propdesk.cli.ledger", "propdesk.cli.newarea"]


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["--book", "b.db", "report", "trial-balance"], "report"),
        (["--user", "王会计", "--lang", "en", "init"], "init"),
        (["--book=b.db", "check"], "check"),
        (["--help"], None),
        ([], None),
    ],
)
def test_command_word(argv: list[str], word: str | None) -> None:
    assert command_word(argv) == word


def test_help_lists_every_command_of_every_area() -> None:
    text = build_parser().format_help()
    for entry in AREAS:
        for cmd in entry.partition(":")[2].split():
            assert f"\n    {cmd} " in text, cmd


def test_trial_balance_imports_no_other_area(tmp_path: Path) -> None:
    path = tmp_path / "b.db"
    code = (
        "import sys, io, contextlib\n"
        "from propdesk.cli import main\n"
        f"assert main(['--book', {str(path)!r}, 'init']) == 0\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    assert main(['--book', {str(path)!r}, 'report', 'trial-balance', '--period', '2026-03', '--json']) == 0\n"
        "print(out.getvalue())\n"
        "print(sorted(m for m in sys.modules if m.startswith(('propdesk.cli.', 'propdesk.reports'))))\n"
    )  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout.splitlines()
    tb = json.loads("\n".join(out[1:-1]))
    assert tb["period"] == "2026-03" and tb["balanced"] is True
    loaded = ast.literal_eval(out[-1])
    assert "propdesk.cli.ledger" in areas("report") and "propdesk.cli.votes" not in areas("report")
    assert loaded == sorted(["propdesk.cli.base", *areas("report")])
