"""registry and fees

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 10:30:30.153219
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import propdesk.db.models

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "counter",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counter")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("is_developer", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("id_number", name=op.f("uq_person_id_number")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index("ix_person_name_phone", ["name", "phone"], unique=False)

    op.create_table(
        "compound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("community", sa.String(length=100), nullable=False),
        sa.Column("street", sa.String(length=100), nullable=False),
        sa.Column("developer_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["developer_id"], ["person.id"], name=op.f("fk_compound_developer_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compound")),
        sa.UniqueConstraint("name", name=op.f("uq_compound_name")),
    )
    op.create_table(
        "building",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_building_compound_id_compound")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_building")),
        sa.UniqueConstraint("compound_id", "code", name=op.f("uq_building_compound_id_code")),
    )
    op.create_table(
        "contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("billing_start", sa.Integer(), nullable=False),
        sa.Column("cycle_months", sa.Integer(), nullable=False),
        sa.Column("vacancy_discount_bp", sa.Integer(), nullable=False),
        sa.Column("late_fee_rule", sa.String(length=16), nullable=False),
        sa.Column("late_fee_daily_ppm", sa.Integer(), nullable=False),
        sa.Column("late_fee_fixed", propdesk.db.models.Fen(), nullable=False),
        sa.Column("late_fee_grace_days", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_contract_compound_id_compound")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract")),
        sa.UniqueConstraint("number", name=op.f("uq_contract_number")),
    )
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.create_index("ix_contract_compound", ["compound_id"], unique=False)

    op.create_table(
        "fee_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("price_e4", sa.BigInteger(), nullable=False),
        sa.Column("income_account", sa.String(length=20), nullable=False),
        sa.Column("unit_kinds", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_fee_item_contract_id_contract")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_item")),
        sa.UniqueConstraint("contract_id", "name", name=op.f("uq_fee_item_contract_id_name")),
    )
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("entrance", sa.String(length=20), nullable=False),
        sa.Column("room", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("area", sa.Integer(), nullable=False),
        sa.Column("area_source", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("developer_held", sa.Boolean(), nullable=False),
        sa.Column("vacant", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("area > 0", name=op.f("ck_unit_area_positive")),
        sa.ForeignKeyConstraint(
            ["building_id"], ["building.id"], name=op.f("fk_unit_building_id_building")
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_unit_compound_id_compound")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit")),
        sa.UniqueConstraint("compound_id", "code", name=op.f("uq_unit_compound_id_code")),
    )
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.create_index("ix_unit_building", ["building_id"], unique=False)

    op.create_table(
        "bill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compound_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("waived", propdesk.db.models.Fen(), nullable=False),
        sa.Column("paid", propdesk.db.models.Fen(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "amount > 0 AND waived >= 0 AND paid >= 0 AND waived + paid <= amount",
            name=op.f("ck_bill_amounts"),
        ),
        sa.ForeignKeyConstraint(
            ["compound_id"], ["compound.id"], name=op.f("fk_bill_compound_id_compound")
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_bill_contract_id_contract")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["fee_item.id"], name=op.f("fk_bill_item_id_fee_item")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_bill_person_id_person")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_bill_unit_id_unit")),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["voucher.id"], name=op.f("fk_bill_voucher_id_voucher")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bill")),
        sa.UniqueConstraint(
            "unit_id", "item_id", "period", "kind", name=op.f("uq_bill_unit_id_item_id_period_kind")
        ),
    )
    with op.batch_alter_table("bill", schema=None) as batch_op:
        batch_op.create_index("ix_bill_compound_period", ["compound_id", "period"], unique=False)
        batch_op.create_index("ix_bill_person", ["person_id"], unique=False)
        batch_op.create_index("ix_bill_unit_due", ["unit_id", "due_date"], unique=False)

    op.create_table(
        "fee_rate",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("unit_kind", sa.String(length=16), nullable=False),
        sa.Column("rate_e4", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["fee_item.id"], name=op.f("fk_fee_rate_item_id_fee_item")
        ),
        sa.PrimaryKeyConstraint("item_id", "unit_kind", name=op.f("pk_fee_rate")),
    )
    op.create_table(
        "meter_reading",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("previous", sa.BigInteger(), nullable=False),
        sa.Column("current", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["fee_item.id"], name=op.f("fk_meter_reading_item_id_fee_item")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_meter_reading_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meter_reading")),
        sa.UniqueConstraint(
            "unit_id", "item_id", "period", name=op.f("uq_meter_reading_unit_id_item_id_period")
        ),
    )
    op.create_table(
        "ownership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("primary", sa.Boolean(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_ownership_person_id_person")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_ownership_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ownership")),
    )
    with op.batch_alter_table("ownership", schema=None) as batch_op:
        batch_op.create_index("ix_ownership_person", ["person_id"], unique=False)
        batch_op.create_index("ix_ownership_unit", ["unit_id", "start"], unique=False)

    op.create_table(
        "receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("payer", sa.String(length=100), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("clerk", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("reissue_of_id", sa.Integer(), nullable=True),
        sa.Column("prints", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reissue_of_id"], ["receipt.id"], name=op.f("fk_receipt_reissue_of_id_receipt")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_receipt_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt")),
        sa.UniqueConstraint("number", name=op.f("uq_receipt_number")),
    )
    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=True),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_payment_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["receipt_id"], ["receipt.id"], name=op.f("fk_payment_receipt_id_receipt")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_payment_unit_id_unit")),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["voucher.id"], name=op.f("fk_payment_voucher_id_voucher")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index("ix_payment_unit", ["unit_id", "date"], unique=False)

    op.create_table(
        "waiver",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approver", sa.String(length=64), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["bill_id"], ["bill.id"], name=op.f("fk_waiver_bill_id_bill")),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["voucher.id"], name=op.f("fk_waiver_voucher_id_voucher")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waiver")),
    )
    op.create_table(
        "allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["bill_id"], ["bill.id"], name=op.f("fk_allocation_bill_id_bill")),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_allocation_payment_id_payment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation")),
    )
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.create_index("ix_allocation_bill", ["bill_id", "date"], unique=False)
        batch_op.create_index("ix_allocation_payment", ["payment_id"], unique=False)

    op.create_table(
        "prepayment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", propdesk.db.models.Fen(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("bill_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["bill_id"], ["bill.id"], name=op.f("fk_prepayment_bill_id_bill")),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_prepayment_payment_id_payment")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_prepayment_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prepayment")),
    )
    with op.batch_alter_table("prepayment", schema=None) as batch_op:
        batch_op.create_index("ix_prepayment_unit", ["unit_id", "date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("prepayment", schema=None) as batch_op:
        batch_op.drop_index("ix_prepayment_unit")

    op.drop_table("prepayment")
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.drop_index("ix_allocation_payment")
        batch_op.drop_index("ix_allocation_bill")

    op.drop_table("allocation")
    op.drop_table("waiver")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_unit")

    op.drop_table("payment")
    op.drop_table("receipt")
    with op.batch_alter_table("ownership", schema=None) as batch_op:
        batch_op.drop_index("ix_ownership_unit")
        batch_op.drop_index("ix_ownership_person")

    op.drop_table("ownership")
    op.drop_table("meter_reading")
    op.drop_table("fee_rate")
    with op.batch_alter_table("bill", schema=None) as batch_op:
        batch_op.drop_index("ix_bill_unit_due")
        batch_op.drop_index("ix_bill_person")
        batch_op.drop_index("ix_bill_compound_period")

    op.drop_table("bill")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_index("ix_unit_building")

    op.drop_table("unit")
    op.drop_table("fee_item")
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.drop_index("ix_contract_compound")

    op.drop_table("contract")
    op.drop_table("building")
    op.drop_table("compound")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_name_phone")

    op.drop_table("person")
    op.drop_table("counter")
