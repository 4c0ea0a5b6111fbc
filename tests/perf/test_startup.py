"""Start-up cost guards: opening a book that needs no migration does not import alembic, and the
cheap head revision read from the migration files agrees with alembic's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from propdesk.db.store import head_revision, script_head

ROOT = Path(__file__).resolve().parents[2]


def test_the_head_read_from_the_files_is_alembics() -> None:
    assert script_head() == head_revision()


def test_opening_a_book_at_head_does_not_import_alembic(book_path: Path, book) -> None:
    book.close()
    code = (
        "import sys\n"
        "from propdesk.db.store import Book\n"
        f"Book.open({str(book_path)!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"
