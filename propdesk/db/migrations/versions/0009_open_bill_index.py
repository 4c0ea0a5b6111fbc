"""a partial index on the open bills (compound, period), for fee notices and arrears

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 00:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "amount - waived - paid > 0"  # models.OPEN_BILL_SQL as it was at this revision


def upgrade() -> None:
    op.create_index(
        "ix_bill_open", "bill", ["compound_id", "period"],
        sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_bill_open", table_name="bill")
