"""The life of a compound: trial service, the owners' consent, then the contract's life —
draft, signing behind a passed vote, activation, notices, termination, renewal, expiry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from propdesk.core.errors import UserError
from propdesk.db.models import Account, Bill, Compound, Contract, Posting, TrialService, Vote
from propdesk.db.store import Book
from propdesk.services import billing, contract_life, contracts, ledger, registry, trial, votes
from propdesk.services.contracts import NewContract, NewItem
from propdesk.services.registry import NewUnit
from tests.helpers import snapshot

RATES = {"residential": 8500}  # 0.85 yuan/m²/month


def _compound(book: Book, name: str = "幸福里小区") -> int:
    with book.write() as s:
        c = registry.add_compound(s, name)
        registry.add_unit(s, c, NewUnit("1", "1", "101", 8950, owner="张三"))
        registry.add_unit(s, c, NewUnit("1", "1", "102", 10235, owner="李四"))
        registry.add_unit(s, c, NewUnit("1", "1", "103", 6400, owner="王五"))
        return c.id


def _vote(book: Book, cid: int, opinions: tuple[str, ...] = ("agree",) * 3,
          closes: date = date(2025, 11, 30), matter: str = "hire-manager") -> int:  # fmt: skip
    opens = closes - timedelta(days=30)
    with book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        v = votes.create_vote(s, c, matter, "选聘物业服务企业", opens=opens, closes=closes)
        for code, op in zip(("1-1-101", "1-1-102", "1-1-103"), opinions, strict=False):
            votes.cast_ballot(s, v, code, op, opens)
        votes.close_vote(s, v, closes)
        return v.id


def _draft(book: Book, cid: int, number: str, start: date = date(2026, 1, 1),
           end: date = date(2026, 12, 31)) -> str:  # fmt: skip
    with book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        contract_life.add_draft(s, c, NewContract(number, start, end, rates=RATES, items=[
            NewItem("垃圾清运费", "fixed", amount=500, unit_kinds=("residential",))]))  # fmt: skip
    return number


def _sign(book: Book, number: str, vote_id: int | None, on: date = date(2025, 12, 5)) -> None:
    with book.write() as s:
        c = contracts.contract_by_number(s, number)
        v = votes.get_vote(s, vote_id) if vote_id is not None else None
        contract_life.sign_contract(s, c, v, on)


def _activate(book: Book, number: str, on: date = date(2025, 12, 20)) -> None:
    with book.write() as s:
        contract_life.activate_contract(s, contracts.contract_by_number(s, number), on)


def _status(book: Book, number: str) -> str:
    with book.read() as s:
        return contracts.contract_by_number(s, number).status


def _bills(book: Book, cid: int) -> int:
    with book.read() as s:
        return len(s.execute(select(Bill.id).where(Bill.compound_id == cid)).all())


# -- trial service ---------------------------------------------------------------------------
def test_trial_costs_are_the_companys_expense_and_nothing_is_billed(book: Book) -> None:
    cid = _compound(book)
    with book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        t = trial.add_trial(s, c, date(2026, 1, 1), date(2026, 3, 31), notes="先尝后买")
        trial.record_service(s, t, date(2026, 1, 5), "cleaning", "楼道保洁、清运积存垃圾", 128_000,
                             paid_from="cash")  # fmt: skip
        trial.record_service(s, t, date(2026, 2, 10), "维修", "更换楼道灯 12 盏", 36_050)
        trial.record_service(s, t, date(2026, 2, 11), "other", "业主座谈会", 0)  # no cost
        tid = t.id
        for p in (202601, 202602, 202603):
            assert billing.run_billing(s, p).bills == 0  # in trial, no contract: nothing billed
    assert _bills(book, cid) == 0
    with book.read() as s:
        assert ledger.full_name(s, "540105") == "主营业务成本—试运行服务成本"
        lines = s.execute(
            select(Posting.debit, Posting.credit, Posting.compound_id)
            .join(Account, Account.id == Posting.account_id)
            .where(Account.code == "540105")
        ).all()
        assert sorted(lines) == [(36_050, 0, cid), (128_000, 0, cid)]
        tb = ledger.trial_balance(s, 202601, 202603)
        assert tb.balanced
        rows = trial.list_trials(s, cid)
        assert [(r.id, r.services, r.cost) for r in rows] == [(tid, 3, 164_050)]
        assert (
            s.execute(select(TrialService.voucher_id).where(TrialService.cost == 0)).scalar()
            is None
        )
        assert trial.in_trial(s, cid, date(2026, 2, 1)) is not None
        assert trial.in_trial(s, cid, date(2026, 4, 1)) is None


def test_trial_refusals(book: Book) -> None:
    cid = _compound(book)
    with book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        t = trial.add_trial(s, c, date(2026, 1, 1), date(2026, 3, 31))
        contracts.add_contract(s, c, NewContract("HT-1", date(2026, 4, 1), date(2026, 12, 31),
                                                 rates=RATES))  # fmt: skip
    before = snapshot(book)
    with book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        with pytest.raises(UserError, match="已有试运行期"):
            trial.add_trial(s, c, date(2026, 3, 1), date(2026, 3, 15))
        with pytest.raises(UserError, match="不能与合同期重叠"):
            trial.add_trial(s, c, date(2026, 6, 1), date(2026, 6, 30))
        t = trial.get_trial(s, t.id)
        with pytest.raises(UserError, match="不在试运行期"):
            trial.record_service(s, t, date(2026, 4, 2), "cleaning", "保洁", 100)
        with pytest.raises(UserError, match="服务类型"):
            trial.record_service(s, t, date(2026, 1, 2), "parking", "x", 100)
        with pytest.raises(UserError, match="负数"):
            trial.record_service(s, t, date(2026, 1, 2), "cleaning", "x", -1)
    assert snapshot(book) == before


def test_a_trial_then_a_draft_bills_nothing_until_the_contract_is_active(book: Book) -> None:
    cid = _compound(book)
    with book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        trial.add_trial(s, c, date(2025, 9, 1), date(2025, 12, 31))
    _draft(book, cid, "HT-2026")
    with book.write() as s:
        assert billing.run_billing(s, 202601).bills == 0  # a draft is not billed
    _sign(book, "HT-2026", _vote(book, cid))
    with book.write() as s:
        assert billing.run_billing(s, 202601).bills == 0  # nor a signed one
    _activate(book, "HT-2026")
    with book.write() as s:
        assert billing.run_billing(s, 202601).bills == 6  # 3 units x (fee + rubbish)


# -- the gate ----------------------------------------------------------------------------------
def test_signing_without_a_passed_vote_is_refused_and_changes_nothing(book: Book) -> None:
    cid = _compound(book)
    _draft(book, cid, "HT-2026")
    before = snapshot(book)
    with pytest.raises(UserError) as err:
        _sign(book, "HT-2026", None)
    assert "没有已结束并通过的业主表决" in err.value.message and "选聘和解聘" in err.value.message
    assert snapshot(book) == before
    failed = _vote(book, cid, ("agree", "disagree", "disagree"))
    elsewhere = _vote(book, _compound(book, "和平新村"))
    parking = _vote(book, cid, matter="common-use")  # passed, but not on hiring
    before = snapshot(book)
    for vote_id in (failed, elsewhere, parking):
        with pytest.raises(UserError, match="不能授权签订合同"):
            _sign(book, "HT-2026", vote_id)
    assert snapshot(book) == before
    assert _status(book, "HT-2026") == "draft"


def test_signing_with_the_passed_vote(book: Book) -> None:
    cid = _compound(book)
    _draft(book, cid, "HT-2026")
    vid = _vote(book, cid)
    before = snapshot(book)
    with pytest.raises(UserError, match="早于表决结束日期"):
        _sign(book, "HT-2026", vid, on=date(2025, 11, 29))
    assert snapshot(book) == before
    _sign(book, "HT-2026", None)  # the compound's latest passed hire-manager vote
    with book.read() as s:
        c = contracts.contract_by_number(s, "HT-2026")
        assert (c.status, c.vote_id, c.signed_on) == ("signed", vid, date(2025, 12, 5))
    # one vote authorises one contract
    _draft(book, cid, "HT-2027", date(2027, 1, 1), date(2027, 12, 31))
    with pytest.raises(UserError, match="已授权合同 HT-2026"):
        _sign(book, "HT-2027", vid)
    with book.read() as s:
        from propdesk.services import check

        assert check.run_checks(s).ok


def test_check_finds_a_contract_authorised_by_a_failed_vote(book: Book) -> None:
    from sqlalchemy import text

    from propdesk.services import check

    cid = _compound(book)
    with book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        contracts.add_contract(s, c, NewContract("HT-legacy", date(2026, 1, 1), date(2026, 12, 31),
                                                 rates=RATES))  # fmt: skip
    with book.read() as s:
        assert check.run_checks(s).ok  # a legacy contract with no vote is allowed
    failed = _vote(book, cid, ("disagree",) * 3)
    with book.write() as s:
        s.execute(text(f"UPDATE contract SET vote_id = {failed}"))
    with book.read() as s:
        found = check.run_checks(s)
    assert [n for n, _ in found.violations] == ["contracts authorised by a vote"]
    with book.write() as s:
        s.execute(text("UPDATE contract SET vote_id = NULL, status = 'signed'"))
    with book.read() as s:
        assert "没有关联的业主表决" in check.run_checks(s).violations[0][1]


def test_add_contract_cannot_make_a_signed_contract(book: Book) -> None:
    cid = _compound(book)
    with book.write() as s, pytest.raises(ValueError, match="active or draft"):
        c = s.get(Compound, cid)
        assert c is not None
        contracts.add_contract(s, c, NewContract("X", date(2026, 1, 1), date(2026, 12, 31),
                                                 rates=RATES), status="signed")  # fmt: skip


def test_legacy_contract_linked_to_its_vote(book: Book) -> None:
    cid = _compound(book)
    vid = _vote(book, cid)
    with book.write() as s:
        c = s.get(Compound, cid)
        assert c is not None
        legacy = contracts.add_contract(s, c, NewContract("HT-old", date(2026, 1, 1),
                                                          date(2026, 12, 31), rates=RATES))  # fmt: skip
        contract_life.link_vote(s, legacy, votes.get_vote(s, vid))
        assert (legacy.vote_id, legacy.signed_on) == (vid, date(2025, 11, 30))
        with pytest.raises(UserError, match="已关联表决"):
            contract_life.link_vote(s, legacy, votes.get_vote(s, vid))


# -- the life --------------------------------------------------------------------------------------
def _active(book: Book, cid: int, number: str = "HT-2026", start: date = date(2026, 1, 1),
            end: date = date(2026, 12, 31)) -> str:  # fmt: skip
    _draft(book, cid, number, start, end)
    _sign(
        book,
        number,
        _vote(book, cid, closes=start - timedelta(days=30)),
        start - timedelta(days=20),
    )
    _activate(book, number, start - timedelta(days=10))
    return number


def test_transitions_in_order_only(book: Book) -> None:
    cid = _compound(book)
    _draft(book, cid, "HT-2026")
    with pytest.raises(UserError, match="不能生效"):
        _activate(book, "HT-2026")
    _sign(book, "HT-2026", _vote(book, cid))
    with pytest.raises(UserError, match="不能签订"):
        _sign(book, "HT-2026", None)
    with pytest.raises(UserError, match="早于签订日期"):
        _activate(book, "HT-2026", date(2025, 12, 1))
    _activate(book, "HT-2026")
    assert _status(book, "HT-2026") == "active"
    with pytest.raises(UserError, match="不能生效"):
        _activate(book, "HT-2026")


def test_dismissal_needs_a_vote_and_60_days_written_notice(book: Book) -> None:
    cid = _compound(book)
    number = _active(book, cid)
    given = date(2026, 5, 1)
    with book.write() as s, pytest.raises(UserError, match="依据"):
        c = contracts.contract_by_number(s, number)
        # the vote that hired the company cannot dismiss it
        contract_life.give_notice(s, c, "dismissal", given, vote=votes.get_vote(s, c.vote_id or 0))
    with pytest.raises(UserError, match="正在履行"), book.write() as s:
        contract_life.terminate_contract(s, contracts.contract_by_number(s, number), date(2026, 7, 1),
                                         reason="业主大会决定解聘")  # fmt: skip
    dismiss = _vote(book, cid, closes=date(2026, 4, 28))
    with book.write() as s:
        c = contracts.contract_by_number(s, number)
        with pytest.raises(UserError, match="提前 60 天"):
            contract_life.give_notice(s, c, "dismissal", given, effective_on=given + timedelta(days=59),
                                      vote=votes.get_vote(s, dismiss))  # fmt: skip
        n = contract_life.give_notice(s, c, "dismissal", given, vote=votes.get_vote(s, dismiss))
        assert (n.effective_on, n.party, n.vote_id) == (
            given + timedelta(days=60),
            "owners",
            dismiss,
        )
    with book.write() as s, pytest.raises(UserError, match="正在履行"):
        contract_life.terminate_contract(s, contracts.contract_by_number(s, number),
                                         date(2026, 6, 29), reason="解聘")  # fmt: skip
    with book.write() as s:
        contract_life.terminate_contract(s, contracts.contract_by_number(s, number),
                                         date(2026, 6, 30), reason="业主大会决定解聘")  # fmt: skip
    assert _status(book, number) == "terminated"
    with book.read() as s:
        assert contracts.billable_contract(s, cid, 202607) is None


@pytest.mark.parametrize(("days", "ok"), [(91, True), (90, True), (89, False)])
def test_non_renewal_notice_90_days_before_expiry(book: Book, days: int, ok: bool) -> None:
    cid = _compound(book)
    number = _active(book, cid)
    given = date(2026, 12, 31) - timedelta(days=days)
    with book.write() as s:
        c = contracts.contract_by_number(s, number)
        if ok:
            n = contract_life.give_notice(s, c, "non_renewal", given)
            assert (n.effective_on, n.party) == (date(2026, 12, 31), "company")
        else:
            with pytest.raises(UserError, match="前 90 天"):
                contract_life.give_notice(s, c, "non_renewal", given)


def test_expiry_with_and_without_a_decision(book: Book) -> None:
    decided, undecided = _compound(book), _compound(book, "和平新村")
    _active(book, decided, "HT-A")
    _active(book, undecided, "HT-B")
    with book.write() as s:
        contract_life.give_notice(s, contracts.contract_by_number(s, "HT-A"), "non_renewal",
                                  date(2026, 9, 1))  # fmt: skip
        assert contract_life.expire_contracts(s, date(2026, 12, 31)) == []  # not yet past the end
        assert contract_life.expire_contracts(s, date(2027, 1, 1)) == ["HT-A"]
    assert (_status(book, "HT-A"), _status(book, "HT-B")) == ("expired", "active")
    with book.read() as s:
        # no decision: continues without a fixed term and is still billed (Civil Code 948)
        assert contracts.billable_contract(s, undecided, 202703).number == "HT-B"  # type: ignore[union-attr]
        assert contracts.billable_contract(s, decided, 202701) is None
    # ending an unfixed-term contract: 60 days' notice, the owners by a vote
    with book.write() as s:
        c = contracts.contract_by_number(s, "HT-B")
        with pytest.raises(UserError, match="不是不定期合同"):
            contract_life.give_notice(s, c, "termination", date(2026, 12, 1), party="company")
        n = contract_life.give_notice(s, c, "termination", date(2027, 2, 1), party="company")
        assert n.effective_on == date(2027, 4, 2)
        contract_life.terminate_contract(s, c, date(2027, 4, 2), reason="不定期合同解除")
    assert _status(book, "HT-B") == "terminated"


def test_renewal_is_a_new_contract_linked_to_the_old(book: Book) -> None:
    cid = _compound(book)
    _active(book, cid, "HT-2026")
    with book.write() as s:
        old = contracts.contract_by_number(s, "HT-2026")
        with pytest.raises(UserError, match="之后开始"):
            contract_life.renew_contract(s, old, "HT-2027", start=date(2026, 12, 31),
                                         end=date(2027, 12, 31))  # fmt: skip
        new = contract_life.renew_contract(s, old, "HT-2027", end=date(2027, 12, 31))
        assert (new.status, new.renewal_of_id, new.start, new.billing_start) == (
            "draft",
            old.id,
            date(2027, 1, 1),
            202701,
        )
        assert contracts.rates_of(s, contracts.items_of(s, new.id)[0].id) == RATES
        assert [(i.name, i.amount, i.unit_kinds) for i in contracts.items_of(s, new.id)][1:] == [
            ("垃圾清运费", 500, "residential")]  # fmt: skip
    renewal_vote = _vote(book, cid, closes=date(2026, 11, 20))
    _sign(book, "HT-2027", renewal_vote, date(2026, 11, 25))
    with book.read() as s:  # a signed renewal is the decision: not "expiring without a decision"
        kinds = {
            a.number: a.kind for a in contract_life.contracts_needing_action(s, date(2026, 12, 1))
        }
        assert kinds == {"HT-2027": "signed"}
    _activate(book, "HT-2027", date(2026, 12, 20))
    assert (_status(book, "HT-2026"), _status(book, "HT-2027")) == ("active", "active")
    with book.read() as s:  # the old one bills to its end, the renewal from its start
        assert contracts.billable_contract(s, cid, 202612).number == "HT-2026"  # type: ignore[union-attr]
        assert contracts.billable_contract(s, cid, 202701).number == "HT-2027"  # type: ignore[union-attr]
        todo = contract_life.contracts_needing_action(s, date(2027, 1, 2))
        assert [(a.number, a.kind) for a in todo] == [("HT-2026", "to_expire")]
    with book.write() as s:
        assert contract_life.expire_contracts(s, date(2027, 1, 1)) == ["HT-2026"]
    assert _status(book, "HT-2026") == "expired"


def test_contracts_needing_action_on_fixed_dates(book: Book) -> None:
    ids = {
        n: _compound(book, n) for n in ("甲小区", "乙小区", "丙小区", "丁小区", "戊小区", "己小区")
    }
    _active(book, ids["甲小区"], "HT-expiring", end=date(2026, 12, 31))
    _active(book, ids["乙小区"], "HT-unfixed", end=date(2026, 6, 30))
    _active(book, ids["丙小区"], "HT-decided", end=date(2026, 6, 30))
    with book.write() as s:
        contract_life.give_notice(s, contracts.contract_by_number(s, "HT-decided"),
                                  "non_renewal", date(2026, 3, 1))  # fmt: skip
    _draft(book, ids["丁小区"], "HT-signed", date(2026, 11, 1), date(2027, 10, 31))
    _sign(
        book, "HT-signed", _vote(book, ids["丁小区"], closes=date(2026, 9, 30)), date(2026, 10, 1)
    )
    _draft(book, ids["戊小区"], "HT-draft", date(2027, 1, 1), date(2027, 12, 31))
    _active(book, ids["己小区"], "HT-fine", end=date(2027, 12, 31))

    def actions(today: date) -> dict[str, str]:
        with book.read() as s:
            return {a.number: a.kind for a in contract_life.contracts_needing_action(s, today)}

    assert actions(date(2026, 10, 15)) == {
        "HT-unfixed": "unfixed_term",
        "HT-decided": "to_expire",
        "HT-expiring": "expiring",
        "HT-signed": "signed",
        "HT-draft": "draft",
    }
    # the 90-day window: 2026-10-02 is 90 days before 2026-12-31, 2026-10-01 is 91
    assert "HT-expiring" in actions(date(2026, 10, 2))
    assert "HT-expiring" not in actions(date(2026, 10, 1))
    # a passed vote waiting for the draft
    _vote(book, ids["戊小区"], closes=date(2026, 10, 10))
    with book.read() as s:
        draft = [a for a in contract_life.contracts_needing_action(s, date(2026, 10, 15))
                 if a.kind == "draft"]  # fmt: skip
    assert "可以签订" in draft[0].text
    with book.write() as s:
        assert contract_life.expire_contracts(s, date(2026, 10, 15)) == ["HT-decided"]
    assert "HT-decided" not in actions(date(2026, 10, 15))


def test_votes_are_kept_when_contracts_change(book: Book) -> None:
    cid = _compound(book)
    _active(book, cid)
    with book.read() as s:
        assert len(s.execute(select(Vote.id)).all()) == 1
        assert s.execute(select(Contract.vote_id)).scalar() == 1


def test_another_contract_signed_after_it_is_the_decision_too(book: Book) -> None:
    cid = _compound(book)
    _active(book, cid, "HT-A")
    _draft(book, cid, "HT-B", date(2027, 1, 1), date(2029, 12, 31))  # 另聘: not a renewal of HT-A

    def todo() -> list[tuple[str, str]]:
        with book.read() as s:
            return [
                (a.number, a.kind)
                for a in contract_life.contracts_needing_action(s, date(2026, 11, 1))
            ]

    assert todo() == [("HT-A", "expiring"), ("HT-B", "draft")]
    _sign(book, "HT-B", _vote(book, cid, closes=date(2026, 10, 20)), date(2026, 10, 25))
    assert todo() == [("HT-B", "signed")]
    with book.write() as s:
        assert contract_life.expire_contracts(s, date(2027, 1, 1)) == ["HT-A"]
