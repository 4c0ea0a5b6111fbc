"""The common-resources lists the desk reads: resources, agreements, dues, income, costs,
uses, the owners' money per compound (tied to 224101xx) and the split by floor area."""

from __future__ import annotations

from datetime import date

from propdesk.db.models import Compound
from propdesk.db.store import Book
from propdesk.services import resources
from propdesk.services.resources import NewAgreement
from propdesk.services.votes import evidence_from_bytes
from tests.fees_fixtures import setup_compound

D = date(2026, 3, 5)


def test_lists_show_what_was_recorded(book: Book) -> None:
    cid = setup_compound(book)
    with book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        resources._pass_common_use_vote(s, c, date(2026, 1, 5))
        resources.set_share(s, c, 2000, date(2026, 1, 1), "管理协议")
        p = resources.add_resource(s, c, "parking", "P001", location="东侧")
        resources.add_resource(s, c, "ad", "L1")
        own = resources.add_resource(s, c, "parking", "G01", owner="company")
        a = resources.add_agreement(s, p, NewAgreement(
            "card", "王先生", date(2026, 2, 1), date(2026, 4, 30), rent=15000, plate="鲁B1"))  # fmt: skip
        resources.generate_dues(s, 202602)
        resources.generate_dues(s, 202603)
        resources.record_income(s, p, 15000, "cash", D, agreement=a)
        resources.record_income(s, own, 20000, "bank", D)
        resources.record_cost(s, c, 3000, D, "cleaning", evidence_from_bytes("保洁.pdf", b"x"))
        resources.use_owners_money(s, c, "fee_offset", 1000, D, decision="抵扣物业费",
                                   decided_on=D)  # fmt: skip
    with book.read() as s:
        rows = {r.code: r for r in resources.resource_rows(s, cid, on=D)}
        assert (rows["P001"].status, rows["P001"].agreements, rows["P001"].income) == (
            "operating", 1, 15000)  # fmt: skip
        assert (rows["L1"].status, rows["L1"].income) == ("idle", 0)
        assert not rows["G01"].common
        (ag,) = resources.agreement_rows(s, cid)
        assert (ag.resource, ag.plate, ag.outstanding, ag.renewed) == ("P001", "鲁B1", 15000, False)
        dues = resources.due_lines(s, cid)
        assert [(d.period, d.paid) for d in dues] == [(202602, 15000), (202603, 0)]
        assert [d.period for d in resources.due_lines(s, cid, open_only=True)] == [202603]
        incomes = resources.income_rows(s, cid)
        assert sorted((i.amount, i.company_share, i.owners_share) for i in incomes) == [
            (15000, 3000, 12000), (20000, 0, 0)]  # fmt: skip
        assert all(i.voucher.startswith("2026-03 记-") for i in incomes)
        (cost,) = resources.cost_rows(s, cid, date(2026, 3, 1), date(2026, 3, 31))
        assert (cost.amount, cost.resource, cost.evidence_name) == (3000, "", "保洁.pdf")
        assert resources.cost_rows(s, cid, date(2026, 4, 1)) == []
        (use,) = resources.use_rows(s, cid)
        assert (use.amount, use.units, use.decision) == (1000, len(resources.split_to_units(
            s, cid, 1000)), "抵扣物业费")  # fmt: skip
        (o,) = resources.owners_summaries(s, cid, on=D)
        assert (o.gross, o.company_share, o.costs, o.used) == (15000, 3000, 3000, 1000)
        assert o.balance == o.ledger_balance == 8000 and o.ties and o.account == "22410101"
        assert o.share_bp == 2000
        parts = resources.split_rows(s, cid, 8000)
        assert sum(p.amount for p in parts) == 8000 and all(p.code for p in parts)
        assert [t.share_bp for t in resources.share_terms(s, cid)] == [2000]
