"""Layering: core imports neither Qt nor SQLAlchemy; services never pull in Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "propdesk"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_source_imports_neither_qt_nor_sqlalchemy() -> None:
    for f in (ROOT / "core").rglob("*.py"):
        bad = _imports(f) & {"PySide6", "sqlalchemy", "alembic", "shiboken6"}
        assert not bad, f"{f.name} imports {bad}"


def test_only_ui_imports_qt() -> None:
    for f in ROOT.rglob("*.py"):
        if "ui" in f.relative_to(ROOT).parts:
            continue
        assert "PySide6" not in _imports(f), f


def test_fresh_interpreter_services_without_qt() -> None:
    code = (
        "import sys, propdesk.core.money, propdesk.core.chart, propdesk.core.periods\n"
        "assert 'sqlalchemy' not in sys.modules and 'PySide6' not in sys.modules\n"
        "import propdesk.services.ledger, propdesk.services.check, propdesk.cli\n"
        "assert 'PySide6' not in sys.modules, 'services pulled in Qt'\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
