"""votes, trial service and contract life: vote tables, contract renewal link and end date

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 11:36:15.755300
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import propdesk.db.models

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trial_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint('start <= "end"', name=op.f("ck_trial_period_term")),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_trial_period_compound_id_compound")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial_period")),
    )
    with op.batch_alter_table("trial_period", schema=None) as batch_op:
        batch_op.create_index("ix_trial_period_compound", ["compound_id", "start"], unique=False)

    op.create_table(
        "vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("matter", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("counting", sa.String(length=16), nullable=False),
        sa.Column("opens", sa.Date(), nullable=False),
        sa.Column("closes", sa.Date(), nullable=False),
        sa.Column("roster_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("total_area", sa.BigInteger(), nullable=True),
        sa.Column("total_count", sa.Integer(), nullable=True),
        sa.Column("yes_area", sa.BigInteger(), nullable=True),
        sa.Column("yes_count", sa.Integer(), nullable=True),
        sa.Column("no_area", sa.BigInteger(), nullable=True),
        sa.Column("no_count", sa.Integer(), nullable=True),
        sa.Column("abstain_area", sa.BigInteger(), nullable=True),
        sa.Column("abstain_count", sa.Integer(), nullable=True),
        sa.Column("quorum", sa.Boolean(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind in ('ordinary', 'special')", name=op.f("ck_vote_kind")),
        sa.CheckConstraint("status in ('open', 'closed')", name=op.f("ck_vote_status")),
        sa.CheckConstraint("opens <= closes", name=op.f("ck_vote_window")),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_vote_compound_id_compound")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote")),
    )
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.create_index("ix_vote_compound", ["compound_id", "matter"], unique=False)

    op.create_table(
        "contract_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("party", sa.String(length=8), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_contract_notice_contract_id_contract")
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["vote.id"], name=op.f("fk_contract_notice_vote_id_vote")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_notice")),
    )
    with op.batch_alter_table("contract_notice", schema=None) as batch_op:
        batch_op.create_index("ix_contract_notice_contract", ["contract_id"], unique=False)

    op.create_table(
        "trial_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("cost", propdesk.db.models.Fen(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("cost >= 0", name=op.f("ck_trial_service_cost")),
        sa.ForeignKeyConstraint(
            ["trial_id"], ["trial_period.id"], name=op.f("fk_trial_service_trial_id_trial_period")
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["voucher.id"], name=op.f("fk_trial_service_voucher_id_voucher")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial_service")),
    )
    with op.batch_alter_table("trial_service", schema=None) as batch_op:
        batch_op.create_index("ix_trial_service_trial", ["trial_id", "date"], unique=False)

    op.create_table(
        "vote_voter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("developer", sa.Boolean(), nullable=False),
        sa.Column("area", sa.BigInteger(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_vote_voter_person_id_person")
        ),
        sa.ForeignKeyConstraint(["vote_id"], ["vote.id"], name=op.f("fk_vote_voter_vote_id_vote")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_voter")),
        sa.UniqueConstraint("vote_id", "key", name=op.f("uq_vote_voter_vote_id_key")),
        sa.UniqueConstraint("vote_id", "seq", name=op.f("uq_vote_voter_vote_id_seq")),
    )
    op.create_table(
        "ballot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("voter_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("opinion", sa.String(length=8), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("collector", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column("evidence_name", sa.String(length=500), nullable=True),
        sa.Column("evidence_sha256", sa.String(length=64), nullable=True),
        sa.Column("evidence_data", sa.LargeBinary(), nullable=True),
        sa.Column("live", sa.Boolean(), nullable=True),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("replace_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "opinion in ('agree', 'disagree', 'abstain')", name=op.f("ck_ballot_opinion")
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"], ["ballot.id"], name=op.f("fk_ballot_replaced_by_id_ballot")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_ballot_unit_id_unit")),
        sa.ForeignKeyConstraint(["vote_id"], ["vote.id"], name=op.f("fk_ballot_vote_id_vote")),
        sa.ForeignKeyConstraint(
            ["voter_id"], ["vote_voter.id"], name=op.f("fk_ballot_voter_id_vote_voter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot")),
        sa.UniqueConstraint("voter_id", "live", name=op.f("uq_ballot_voter_id_live")),
    )
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.create_index("ix_ballot_vote", ["vote_id", "live"], unique=False)

    op.create_table(
        "vote_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("voter_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("building", sa.String(length=20), nullable=False),
        sa.Column("entrance", sa.String(length=20), nullable=False),
        sa.Column("room", sa.String(length=20), nullable=False),
        sa.Column("area", sa.Integer(), nullable=False),
        sa.Column("area_source", sa.String(length=16), nullable=False),
        sa.Column("owners", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_vote_unit_unit_id_unit")),
        sa.ForeignKeyConstraint(["vote_id"], ["vote.id"], name=op.f("fk_vote_unit_vote_id_vote")),
        sa.ForeignKeyConstraint(
            ["voter_id"], ["vote_voter.id"], name=op.f("fk_vote_unit_voter_id_vote_voter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_unit")),
        sa.UniqueConstraint("vote_id", "code", name=op.f("uq_vote_unit_vote_id_code")),
    )
    with op.batch_alter_table("vote_unit", schema=None) as batch_op:
        batch_op.create_index("ix_vote_unit_voter", ["voter_id"], unique=False)

    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.add_column(sa.Column("renewal_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_contract_renewal_of_id_contract"), "contract", ["renewal_of_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_contract_renewal_of_id_contract"), type_="foreignkey"
        )
        batch_op.drop_column("ended_on")
        batch_op.drop_column("renewal_of_id")

    with op.batch_alter_table("vote_unit", schema=None) as batch_op:
        batch_op.drop_index("ix_vote_unit_voter")

    op.drop_table("vote_unit")
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.drop_index("ix_ballot_vote")

    op.drop_table("ballot")
    op.drop_table("vote_voter")
    with op.batch_alter_table("trial_service", schema=None) as batch_op:
        batch_op.drop_index("ix_trial_service_trial")

    op.drop_table("trial_service")
    with op.batch_alter_table("contract_notice", schema=None) as batch_op:
        batch_op.drop_index("ix_contract_notice_contract")

    op.drop_table("contract_notice")
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index("ix_vote_compound")

    op.drop_table("vote")
    with op.batch_alter_table("trial_period", schema=None) as batch_op:
        batch_op.drop_index("ix_trial_period_compound")

    op.drop_table("trial_period")
