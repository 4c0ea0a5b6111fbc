"""the book: chart, vouchers, postings, summaries, audit

Revision ID: 0001
Revises:
Create Date: 2026-11-25 10:18:18.761595
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import propdesk.db.models

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


APPEND_ONLY = ("audit_log", "voucher", "posting")


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("direction", sa.String(length=1), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("is_leaf", sa.Boolean(), nullable=False),
        sa.Column("standard", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("direction in ('D', 'C')", name=op.f("ck_account_direction")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["account.id"], name=op.f("fk_account_parent_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("code", name=op.f("uq_account_code")),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "book_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_book_meta")),
    )
    op.create_table(
        "period",
        sa.Column("period", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_voucher_no", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("period", name=op.f("pk_period")),
    )
    op.create_table(
        "account_month",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("debit", propdesk.db.models.Fen(), nullable=False),
        sa.Column("credit", propdesk.db.models.Fen(), nullable=False),
        sa.Column("carry_debit", propdesk.db.models.Fen(), nullable=False),
        sa.Column("carry_credit", propdesk.db.models.Fen(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_account_month_account_id_account")
        ),
        sa.PrimaryKeyConstraint("account_id", "period", name=op.f("pk_account_month")),
    )
    with op.batch_alter_table("account_month", schema=None) as batch_op:
        batch_op.create_index("ix_account_month_period", ["period"], unique=False)

    op.create_table(
        "voucher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=4), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("attachments", sa.Integer(), nullable=False),
        sa.Column("preparer", sa.String(length=64), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["period"], ["period.period"], name=op.f("fk_voucher_period_period")
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"], ["voucher.id"], name=op.f("fk_voucher_reverses_id_voucher")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voucher")),
        sa.UniqueConstraint("period", "number", name=op.f("uq_voucher_period_number")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_voucher_reverses_id")),
    )
    with op.batch_alter_table("voucher", schema=None) as batch_op:
        batch_op.create_index("ix_voucher_date", ["date"], unique=False)

    op.create_table(
        "posting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("debit", propdesk.db.models.Fen(), nullable=False),
        sa.Column("credit", propdesk.db.models.Fen(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("resource_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(debit = 0) <> (credit = 0)", name=op.f("ck_posting_one_side")),
        sa.CheckConstraint("debit >= 0 AND credit >= 0", name=op.f("ck_posting_non_negative")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_posting_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["voucher.id"], name=op.f("fk_posting_voucher_id_voucher")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posting")),
        sa.UniqueConstraint("voucher_id", "line_no", name=op.f("uq_posting_voucher_id_line_no")),
    )
    with op.batch_alter_table("posting", schema=None) as batch_op:
        batch_op.create_index("ix_posting_account_date", ["account_id", "date", "id"], unique=False)
        batch_op.create_index(
            "ix_posting_compound", ["compound_id", "account_id", "period"], unique=False
        )
        batch_op.create_index("ix_posting_period", ["period"], unique=False)
        batch_op.create_index("ix_posting_unit", ["unit_id", "account_id", "date"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        # Posted vouchers and the audit trail are never edited or deleted, whoever asks.
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
    elif op.get_bind().dialect.name == "postgresql":
        # The same on a server: a BEFORE trigger fires before any constraint is checked, and
        # restrict_violation (SQLSTATE 23001) reaches SQLAlchemy as an IntegrityError, as on SQLite.
        op.execute(
            "CREATE FUNCTION propdesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME "
            "USING ERRCODE = 'restrict_violation'; END $$"
        )
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION propdesk_append_only()"
                )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION propdesk_append_only()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    elif op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            for verb in ("update", "delete", "truncate"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS propdesk_append_only()")
    with op.batch_alter_table("posting", schema=None) as batch_op:
        batch_op.drop_index("ix_posting_unit")
        batch_op.drop_index("ix_posting_period")
        batch_op.drop_index("ix_posting_compound")
        batch_op.drop_index("ix_posting_account_date")

    op.drop_table("posting")
    with op.batch_alter_table("voucher", schema=None) as batch_op:
        batch_op.drop_index("ix_voucher_date")

    op.drop_table("voucher")
    with op.batch_alter_table("account_month", schema=None) as batch_op:
        batch_op.drop_index("ix_account_month_period")

    op.drop_table("account_month")
    op.drop_table("period")
    op.drop_table("book_meta")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index("ix_audit_log_at")

    op.drop_table("audit_log")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_parent_id"))

    op.drop_table("account")
