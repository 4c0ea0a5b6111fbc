"""Finding bundled resources (fonts, icons, translations) from the source tree or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resources_root() -> Path:
    """`resources/` beside the package in a checkout; inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


_icons: dict[str, QIcon] = {}


def icon(name: str) -> QIcon:
    """An icon from resources/icons by base name (``"overview"`` → overview.svg); cached."""
    found = _icons.get(name)
    if found is None:
        path = resource_path("icons", f"{name}.svg")
        found = _icons[name] = QIcon(str(path)) if path.exists() else QIcon()
    return found
