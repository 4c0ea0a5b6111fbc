"""The command line: the same services as the desktop app, for automation and batch work.

`propdesk [--book PATH_OR_URL] COMMAND ...`. Each area adds its commands in its own module,
listed in `AREAS`. No command launches the desktop app.
"""

from __future__ import annotations

from propdesk.cli.base import main

__all__ = ["main"]
