"""common resources and the owners' money: resources, agreements, dues, income, costs, uses

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 11:52:54.150314
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import propdesk.db.models

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "common_income_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("share_bp", sa.Integer(), nullable=False),
        sa.Column("agreement", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "share_bp >= 0 AND share_bp <= 10000", name=op.f("ck_common_income_terms_share")
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"],
            ["compound.id"],
            name=op.f("fk_common_income_terms_compound_id_compound"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_common_income_terms")),
        sa.UniqueConstraint(
            "compound_id", "start", name=op.f("uq_common_income_terms_compound_id_start")
        ),
    )
    op.create_table(
        "owners_money_use",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_owners_money_use_amount")),
        sa.CheckConstraint(
            "vote_id IS NOT NULL OR decided_on IS NOT NULL",
            name=op.f("ck_owners_money_use_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_owners_money_use_compound_id_compound")
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["vote.id"], name=op.f("fk_owners_money_use_vote_id_vote")
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["voucher.id"], name=op.f("fk_owners_money_use_voucher_id_voucher")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_owners_money_use")),
    )
    with op.batch_alter_table("owners_money_use", schema=None) as batch_op:
        batch_op.create_index("ix_owners_money_use_compound", ["compound_id", "date"], unique=False)

    op.create_table(
        "resource",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=12), nullable=False),
        sa.Column("common", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("operating_since", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status in ('idle', 'operating')", name=op.f("ck_resource_status")),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_resource_compound_id_compound")
        ),
        sa.ForeignKeyConstraint(["vote_id"], ["vote.id"], name=op.f("fk_resource_vote_id_vote")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource")),
        sa.UniqueConstraint(
            "compound_id", "kind", "code", name=op.f("uq_resource_compound_id_kind_code")
        ),
    )
    op.create_table(
        "owners_money_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("use_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_owners_money_share_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["use_id"],
            ["owners_money_use.id"],
            name=op.f("fk_owners_money_share_use_id_owners_money_use"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_owners_money_share")),
        sa.UniqueConstraint("use_id", "unit_id", name=op.f("uq_owners_money_share_use_id_unit_id")),
    )
    op.create_table(
        "resource_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("party", sa.String(length=100), nullable=False),
        sa.Column("plate", sa.String(length=20), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("rent", propdesk.db.models.Fen(), nullable=False),
        sa.Column("cycle_months", sa.Integer(), nullable=False),
        sa.Column("share_bp", sa.Integer(), nullable=False),
        sa.Column("renewal_of_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "rent >= 0 AND share_bp >= 0 AND share_bp <= 10000",
            name=op.f("ck_resource_agreement_money"),
        ),
        sa.CheckConstraint('start <= "end"', name=op.f("ck_resource_agreement_term")),
        sa.ForeignKeyConstraint(
            ["renewal_of_id"],
            ["resource_agreement.id"],
            name=op.f("fk_resource_agreement_renewal_of_id_resource_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resource.id"],
            name=op.f("fk_resource_agreement_resource_id_resource"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_resource_agreement_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_agreement")),
    )
    with op.batch_alter_table("resource_agreement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_resource_agreement_resource", ["resource_id", "start"], unique=False
        )

    op.create_table(
        "resource_cost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("common", sa.Boolean(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("evidence_name", sa.String(length=500), nullable=False),
        sa.Column("evidence_sha256", sa.String(length=64), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_resource_cost_amount")),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_resource_cost_compound_id_compound")
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"], ["resource.id"], name=op.f("fk_resource_cost_resource_id_resource")
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["voucher.id"], name=op.f("fk_resource_cost_voucher_id_voucher")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_cost")),
    )
    with op.batch_alter_table("resource_cost", schema=None) as batch_op:
        batch_op.create_index("ix_resource_cost_compound", ["compound_id", "date"], unique=False)

    op.create_table(
        "resource_due",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("paid", propdesk.db.models.Fen(), nullable=False),
        sa.CheckConstraint(
            "amount > 0 AND paid >= 0 AND paid <= amount", name=op.f("ck_resource_due_amounts")
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["resource_agreement.id"],
            name=op.f("fk_resource_due_agreement_id_resource_agreement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_due")),
        sa.UniqueConstraint(
            "agreement_id", "period", name=op.f("uq_resource_due_agreement_id_period")
        ),
    )
    op.create_table(
        "resource_income",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("common", sa.Boolean(), nullable=False),
        sa.Column("share_bp", sa.Integer(), nullable=False),
        sa.Column("company_share", propdesk.db.models.Fen(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("payer", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "amount > 0 AND company_share >= 0 AND company_share <= amount",
            name=op.f("ck_resource_income_amounts"),
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["resource_agreement.id"],
            name=op.f("fk_resource_income_agreement_id_resource_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_resource_income_compound_id_compound")
        ),
        sa.ForeignKeyConstraint(
            ["receipt_id"], ["receipt.id"], name=op.f("fk_resource_income_receipt_id_receipt")
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"], ["resource.id"], name=op.f("fk_resource_income_resource_id_resource")
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["voucher.id"], name=op.f("fk_resource_income_voucher_id_voucher")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_income")),
    )
    with op.batch_alter_table("resource_income", schema=None) as batch_op:
        batch_op.create_index("ix_resource_income_compound", ["compound_id", "date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("resource_income", schema=None) as batch_op:
        batch_op.drop_index("ix_resource_income_compound")

    op.drop_table("resource_income")
    op.drop_table("resource_due")
    with op.batch_alter_table("resource_cost", schema=None) as batch_op:
        batch_op.drop_index("ix_resource_cost_compound")

    op.drop_table("resource_cost")
    with op.batch_alter_table("resource_agreement", schema=None) as batch_op:
        batch_op.drop_index("ix_resource_agreement_resource")

    op.drop_table("resource_agreement")
    op.drop_table("owners_money_share")
    op.drop_table("resource")
    with op.batch_alter_table("owners_money_use", schema=None) as batch_op:
        batch_op.drop_index("ix_owners_money_use_compound")

    op.drop_table("owners_money_use")
    op.drop_table("common_income_terms")
