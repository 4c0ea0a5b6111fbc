"""合同: the contract list (status, deadlines, what needs doing), search and sort, signing only
behind a passed vote, notice, renewal, and trial periods whose service costs post a voucher."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from sqlalchemy import select

from propdesk.core import votes as core
from propdesk.db.models import Account, Compound, Posting, Voucher
from propdesk.db.store import Book
from propdesk.services import contract_life, contracts, registry, trial, votes
from propdesk.services.contracts import NewContract
from propdesk.services.registry import NewUnit
from propdesk.ui.dialogs.contract_dialogs import (
    NoticeDialog,
    RenewDialog,
    SignDialog,
    TrialDialog,
    TrialServiceDialog,
    trial_services,
)
from propdesk.ui.dialogs.kit import ALERT_BRUSH, DeskTableModel
from propdesk.ui.main_window import MainWindow
from propdesk.ui.pages.contracts_page import (
    SERVICE_COLUMNS,
    TRIAL_COLUMNS,
    ContractsPage,
    contract_model,
)
from tests.helpers import snapshot

from .conftest import Dialogs
from .desk_helpers import cell, ime_type, shown_rows

TODAY = date.today()
RATES = {"residential": 8500}


def _compound(s: Any, name: str) -> Compound:
    c = registry.add_compound(s, name)
    registry.add_unit(s, c, NewUnit("1", "1", "101", 8950, owner=f"{name}张三"))
    registry.add_unit(s, c, NewUnit("1", "1", "102", 10235, owner=f"{name}王五"))
    registry.add_unit(s, c, NewUnit("1", "2", "101", 12000, owner=f"{name}赵六"))
    return c


def _passed_vote(s: Any, c: Compound, closes: date) -> int:
    vote = votes.create_vote(s, c, core.HIRE_MANAGER, f"选聘物业服务人（{c.name}）",
                             opens=closes - timedelta(days=20), closes=closes,
                             method="door-to-door")  # fmt: skip
    votes.cast_ballots(s, vote, [votes.BallotIn(code, "agree", closes - timedelta(days=5))
                                 for code in ("1-1-101", "1-1-102", "1-2-101")])  # fmt: skip
    votes.close_vote(s, vote, closes)
    return vote.id


def fill(book: Book) -> None:
    """幸福里: active under a passed vote, ending in 400 days. 和平: a draft, no vote. 东风: a draft
    with a passed vote. 纺织: nothing yet (trial service)."""
    with book.write() as s:
        a = _compound(s, "幸福里小区")
        vid = _passed_vote(s, a, TODAY - timedelta(days=400))
        ha = contracts.add_contract(s, a, NewContract(
            "HT-幸福里-01", TODAY - timedelta(days=300), TODAY + timedelta(days=400), rates=RATES))  # fmt: skip
        contract_life.link_vote(s, ha, votes.get_vote(s, vid))
        b = _compound(s, "和平新村")
        contract_life.add_draft(s, b, NewContract(
            "HT-和平-01", TODAY + timedelta(days=60), TODAY + timedelta(days=1155), rates=RATES))  # fmt: skip
        c = _compound(s, "东风小区")
        _passed_vote(s, c, TODAY - timedelta(days=10))
        contract_life.add_draft(s, c, NewContract(
            "HT-东风-01", TODAY + timedelta(days=30), TODAY + timedelta(days=1125), rates=RATES))  # fmt: skip
        _compound(s, "纺织厂宿舍")


def page_of(win: MainWindow) -> ContractsPage:
    assert win.book is not None
    fill(win.book)
    win.show_page("contracts")
    page = win.pages["contracts"]
    assert isinstance(page, ContractsPage)
    page.refresh()
    return page


def status_of(page: ContractsPage, number: str) -> str:
    page.refresh()
    page.view.set_search("")
    row = next(i for i, c in enumerate(shown_rows(page.view)) if c.number == number)
    return cell(page.view, row, "shown")


def test_the_list_shows_status_deadlines_and_what_needs_doing(opened: MainWindow) -> None:
    page = page_of(opened)
    view = page.view
    numbers = [c.number for c in shown_rows(view)]
    assert sorted(numbers) == sorted(["HT-幸福里-01", "HT-和平-01", "HT-东风-01"])
    by_number = {c.number: i for i, c in enumerate(shown_rows(view))}
    i = by_number["HT-幸福里-01"]
    assert cell(view, i, "shown") == "履行中"
    deadline = TODAY + timedelta(days=400) - timedelta(days=90)
    assert cell(view, i, "deadlines") == f"不续聘通知截止 {deadline.isoformat()}"
    assert cell(view, i, "vote") == "#1"
    assert cell(view, by_number["HT-和平-01"], "shown") == "草拟"
    assert "等待业主表决" in cell(view, by_number["HT-和平-01"], "action")
    assert "已通过，可以签订" in cell(view, by_number["HT-东风-01"], "action")
    # the drafts need action: shaded red; the running contract does not
    bg = view.proxy.index(by_number["HT-和平-01"], 0).data(Qt.ItemDataRole.BackgroundRole)
    assert bg == ALERT_BRUSH
    assert view.proxy.index(i, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "2 份合同需要处理" in page.banner.text()
    # the needing-action view and the status filter
    page.filter.setCurrentIndex(page.filter.findData("needing"))
    assert sorted(c.number for c in shown_rows(view)) == ["HT-东风-01", "HT-和平-01"]
    page.filter.setCurrentIndex(page.filter.findData("active"))
    assert [c.number for c in shown_rows(view)] == ["HT-幸福里-01"]
    # the detail panel follows the current row
    page.select_contract("HT-幸福里-01")
    text = page.detail_text()
    assert "HT-幸福里-01" in text and "履行中" in text and "#1" in text and "住宅 0.85" in text


def test_search_and_sort(opened: MainWindow) -> None:
    page = page_of(opened)
    view = page.view
    view.set_search("东风")
    assert [c.number for c in shown_rows(view)] == ["HT-东风-01"]
    view.set_search("")
    view.table.sortByColumn(view.model.column_index("end"), Qt.SortOrder.DescendingOrder)
    assert [c.number for c in shown_rows(view)] == ["HT-和平-01", "HT-东风-01", "HT-幸福里-01"]
    view.table.sortByColumn(view.model.column_index("start"), Qt.SortOrder.AscendingOrder)
    assert [c.number for c in shown_rows(view)] == ["HT-幸福里-01", "HT-东风-01", "HT-和平-01"]


def test_signing_without_a_vote_is_refused_and_changes_nothing(
    opened: MainWindow, dialogs: Dialogs
) -> None:
    page = page_of(opened)
    assert opened.book is not None
    before = snapshot(opened.book)
    draft = page.select_contract("HT-和平-01")
    assert draft is not None and page.sign_button.isEnabled()
    assert page.sign() is None
    assert len(dialogs.warnings) == 1
    assert "和平新村" in dialogs.warnings[0] and "没有已结束并通过的业主表决" in dialogs.warnings[0]
    assert "选聘和解聘物业服务企业" in dialogs.warnings[0]
    assert "未签订" in page.banner.text()
    assert snapshot(opened.book) == before
    assert status_of(page, "HT-和平-01") == "草拟"


def test_sign_with_the_passed_vote_then_activate(qtbot: Any, opened: MainWindow) -> None:
    page = page_of(opened)
    page.select_contract("HT-东风-01")
    dlg = page.sign()
    assert isinstance(dlg, SignDialog)
    assert dlg.vote.count() == 1 and "选聘物业服务人（东风小区）" in dlg.vote.currentText()
    dlg.on.set_value(TODAY - timedelta(days=11))  # before the vote closed: said beside the date
    assert not dlg.submit()
    assert "早于表决结束日期" in dlg.error_text("on")
    dlg.on.set_value(TODAY)
    assert dlg.submit()
    assert status_of(page, "HT-东风-01") == "已签订"
    item = page.select_contract("HT-东风-01")
    assert item is not None and item.vote_id is not None
    assert page.activate_button.isEnabled() and not page.sign_button.isEnabled()
    act = page.activate()
    assert act is not None
    act.on.set_value(TODAY + timedelta(days=30))
    assert act.submit()
    assert status_of(page, "HT-东风-01") == "履行中"


def test_notice_of_non_renewal_and_a_short_dismissal(opened: MainWindow) -> None:
    page = page_of(opened)
    item = page.select_contract("HT-幸福里-01")
    assert item is not None
    dlg = page.give_notice(item, "non_renewal")
    assert isinstance(dlg, NoticeDialog)
    end = TODAY + timedelta(days=400)
    assert dlg.effective.value() == end and not dlg.effective.isEnabled()
    assert (end - timedelta(days=90)).isoformat() in dlg.hint.text()
    ime_type(dlg.text, "本公司合同期满后不再续聘")
    assert dlg.submit()
    row = next(i for i, c in enumerate(shown_rows(page.view)) if c.number == "HT-幸福里-01")
    assert cell(page.view, row, "deadlines") == f"已通知：不续聘通知 {end.isoformat()} 生效"
    page.select_contract("HT-幸福里-01")
    assert "不续聘通知（物业公司）" in page.detail_text()
    # a dismissal shorter than 60 days is refused beside the date
    d = page.give_notice(page.current(), "dismissal")
    assert d is not None
    assert d.effective.value() == TODAY + timedelta(days=60)
    d.effective.set_value(TODAY + timedelta(days=30))
    assert not d.submit()
    assert "须提前 60 天" in d.error_text("effective")


def test_renewal_is_a_draft_with_the_old_terms(opened: MainWindow) -> None:
    page = page_of(opened)
    item = page.select_contract("HT-幸福里-01")
    assert item is not None
    dlg = page.renew(item)
    assert isinstance(dlg, RenewDialog)
    assert dlg.start.value() == item.end + timedelta(days=1)
    dlg.number.setText("HT-幸福里-02")
    assert dlg.submit()
    assert status_of(page, "HT-幸福里-02") == "草拟"
    new = page.select_contract("HT-幸福里-02")
    assert new is not None and new.renewal_of == "HT-幸福里-01" and new.row.rates == RATES
    assert "续签自" in page.detail_text() and "HT-幸福里-01" in page.detail_text()


def test_trial_period_and_a_service_whose_cost_posts_a_voucher(
    qtbot: Any, opened: MainWindow
) -> None:
    page = page_of(opened)
    book = opened.book
    assert book is not None
    page.tabs.setCurrentIndex(1)
    page.compound.set_compound_id(next(c.id for c in page.compounds if c.name == "纺织厂宿舍"))
    dlg = page.new_trial()
    assert isinstance(dlg, TrialDialog) and dlg.compound.currentText() == "纺织厂宿舍"
    dlg.start.set_value(TODAY - timedelta(days=10))
    dlg.end.set_value(TODAY - timedelta(days=20))
    assert not dlg.submit() and "早于开始日期" in dlg.error_text("end")
    dlg.end.set_value(TODAY + timedelta(days=80))
    ime_type(dlg.notes, "免费保洁三个月")
    assert dlg.submit()
    (t,) = page.trial_model.rows()
    assert (t.compound, t.services, t.cost) == ("纺织厂宿舍", 0, 0)
    page.trial_view.table.selectRow(0)
    svc = page.record_service()
    assert isinstance(svc, TrialServiceDialog)
    svc.on.set_value(TODAY)
    svc.kind.setCurrentIndex(svc.kind.findData("rubbish"))
    ime_type(svc.description, "清运积存垃圾 6 车")
    qtbot.keyClicks(svc.cost.edit, "1200")
    assert svc.submit()
    (t,) = page.trial_model.rows()
    assert (t.services, t.cost) == (1, 120000)
    assert cell(page.trial_view, 0, "cost") == "1,200.00"
    (s_row,) = page.service_model.rows()
    assert (s_row.kind, s_row.cost) == ("rubbish", 120000)
    assert cell(page.service_view, 0, "kind") == "垃圾清运"
    assert cell(page.service_view, 0, "voucher").startswith("记-")
    with book.read() as s:
        v = s.get(Voucher, s_row.voucher_id)
        assert v is not None and "清运积存垃圾" in v.summary
        assert (
            cell(page.service_view, 0, "voucher")
            == f"记-{v.number}（{v.period // 100}-{v.period % 100:02d}）"
        )
        rows = s.execute(select(Account.code, Posting.debit, Posting.credit)
                         .join(Account, Account.id == Posting.account_id)
                         .where(Posting.voucher_id == v.id).order_by(Posting.line_no)).all()  # fmt: skip
    # the company's own expense (试运行服务成本), paid from the bank
    assert [tuple(r) for r in rows] == [("540105", 120000, 0), ("1002", 0, 120000)]


def test_row_menu_offers_the_steps_the_status_allows(opened: MainWindow) -> None:
    page = page_of(opened)
    draft = page.select_contract("HT-和平-01")
    assert draft is not None
    menu = QMenu()
    page._contract_menu(menu, [draft])
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert enabled["签订…"] and not enabled["生效…"] and not enabled["续签…"]
    assert enabled["解除…"]
    active = page.select_contract("HT-幸福里-01")
    assert active is not None
    menu = QMenu()
    page._contract_menu(menu, [active])
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert not enabled["签订…"] and enabled["续签…"] and enabled["解聘通知（提前 60 天）…"]


def test_contract_models(qtmodeltester: Any, opened: MainWindow) -> None:
    page = page_of(opened)
    book = opened.book
    assert book is not None
    with book.write() as s:
        c = s.execute(select(Compound).where(Compound.name == "纺织厂宿舍")).scalar_one()
        t = trial.add_trial(s, c, TODAY - timedelta(days=5), TODAY + timedelta(days=60))
        trial.record_service(s, t, TODAY, "cleaning", "楼道保洁", 50000)
        trial_id = t.id
    page.refresh()
    with book.read() as s:
        services = trial_services(s, trial_id)
    for model, rows in (
        (contract_model(), page.model.rows()),
        (DeskTableModel(TRIAL_COLUMNS), page.trial_model.rows()),
        (DeskTableModel(SERVICE_COLUMNS), services),
    ):
        assert rows
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)


def test_past_its_end_unfixed_term_or_marked_expired(opened: MainWindow) -> None:
    book = opened.book
    assert book is not None
    with book.write() as s:
        a = _compound(s, "红星小区")
        contracts.add_contract(s, a, NewContract(
            "HT-红星-01", TODAY - timedelta(days=400), TODAY - timedelta(days=10), rates=RATES))  # fmt: skip
        b = _compound(s, "向阳小区")
        hb = contracts.add_contract(s, b, NewContract(
            "HT-向阳-01", TODAY - timedelta(days=400), TODAY - timedelta(days=10), rates=RATES))  # fmt: skip
        contract_life.give_notice(s, hb, "non_renewal", TODAY - timedelta(days=200))
    page = page_of(opened)
    # no decision: it runs on without a fixed term (Civil Code 948) and needs action
    assert status_of(page, "HT-红星-01") == "不定期"
    item = page.select_contract("HT-红星-01")
    assert item is not None and item.action is not None and "不定期" in item.action.text
    dlg = page.give_notice(item)
    assert dlg is not None and dlg.notice_kind() == "termination"
    dlg.reject()
    page.filter.setCurrentIndex(page.filter.findData("unfixed"))
    assert [c.number for c in shown_rows(page.view)] == ["HT-红星-01"]
    page.filter.setCurrentIndex(0)
    # decided by the non-renewal notice: 标记到期 ends it; the unfixed one carries on
    assert page.expire() == ["HT-向阳-01"]
    assert "HT-向阳-01" in page.banner.text()
    assert status_of(page, "HT-向阳-01") == "已到期"
    assert status_of(page, "HT-红星-01") == "不定期"
    assert page.expire() == []


def test_new_draft_through_the_fee_standard_form(qtbot: Any, opened: MainWindow) -> None:
    page = page_of(opened)
    page.select_contract("HT-东风-01")
    dlg = page.new_draft()
    assert dlg.compound.currentText() == "东风小区"  # the current contract's compound
    ime_type(dlg.number, "HT-东风-02")
    qtbot.keyClicks(dlg.rates["residential"], "0.75")
    assert dlg.submit()
    assert status_of(page, "HT-东风-02") == "草拟"
    item = page.select_contract("HT-东风-02")
    assert item is not None and item.row.rates == {"residential": 7500} and item.vote_id is None


def test_edit_a_drafts_fee_standard_and_a_change_made_meanwhile_is_kept(
    qtbot: Any, opened: MainWindow
) -> None:
    """修改收费标准… on a draft: the fee-standard form opens filled in with the compound fixed and
    saves; with two clerks on the same draft, the second save is refused in the form and the
    first clerk's rates are kept."""
    page = page_of(opened)
    draft = page.select_contract("HT-和平-01")
    assert draft is not None
    menu = QMenu()
    page._contract_menu(menu, [draft])
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert enabled["修改收费标准…"]
    dlg = page.edit_standard(draft)
    assert dlg is not None and dlg.windowTitle() == "修改收费标准 — 合同 HT-和平-01"
    assert not dlg.compound.isEnabled() and dlg.compound.currentText() == "和平新村"
    assert dlg.number.text() == "HT-和平-01" and dlg.rates["residential"].text() == "0.85"
    dlg.rates["residential"].setText("0.95")
    assert dlg.submit(), dlg.validate()
    now = page.select_contract("HT-和平-01")
    assert now is not None and now.row.rates["residential"] == 9500 and now.row.version == 2

    dlg = page.edit_standard(now)  # this clerk opens version 2 ...
    assert dlg is not None
    with opened.book.write() as s:  # type: ignore[union-attr]  # ... another saves first
        row = now.row
        contracts.edit_fee_standard(s, row.id, NewContract(
            row.number, row.start, row.end, rates={"residential": 9000}), expected_version=2)  # fmt: skip
    before = snapshot(opened.book)  # type: ignore[arg-type]
    dlg.rates["residential"].setText("1.20")
    assert not dlg.submit()
    assert "「HT-和平-01」在您打开后已被他人修改（您看到的是第 2 版，现在是第 3 版）" in dlg.problem.text()
    assert snapshot(opened.book) == before  # type: ignore[arg-type]
    dlg.reject()
    page.refresh()
    kept = page.select_contract("HT-和平-01")
    assert kept is not None and kept.row.rates == {"residential": 9000}
    # a contract in force keeps its standard: the menu does not offer the edit
    active = page.select_contract("HT-幸福里-01")
    assert active is not None
    menu = QMenu()
    page._contract_menu(menu, [active])
    assert not {a.text(): a.isEnabled() for a in menu.actions() if a.text()}["修改收费标准…"]


def test_the_demo_compound_on_trial_shows_its_services_and_their_vouchers(
    opened: MainWindow,
) -> None:
    """The demo's fourth compound: three months of free service, each cost the company's own."""
    import random

    from propdesk.services import demo

    book = opened.book
    assert book is not None
    today = date(2026, 12, 5)
    rng = random.Random(1)
    trial_id = demo._trial_compound(book, rng, today)
    for p in (202610, 202611, 202612):
        with book.write() as s:
            demo._trial_services(s, trial_id, p, rng, today)
    opened.show_page("contracts")
    page = opened.pages["contracts"]
    assert isinstance(page, ContractsPage)
    page.refresh()
    page.tabs.setCurrentIndex(1)
    row = page.current_trial()  # chosen without a click, so its services show
    assert row is not None and row.compound == "建新里小区"
    assert (row.start, row.end) == (date(2026, 10, 1), date(2026, 12, 31))
    services = page.service_model.rows()
    assert row.services == len(services) == 11  # five a month; December up to the 5th: one
    assert sum(r.cost for r in services) == row.cost > 0
    with book.read() as s:
        posted = s.scalars(
            select(Voucher.id).where(Voucher.id.in_([r.voucher_id for r in services]))
        )
        assert len(list(posted)) == 11  # each cost posted as the company's own expense
    assert cell(page.trial_view, 0, "cost") == f"{row.cost // 100:,}.{row.cost % 100:02d}"


def test_a_contract_entered_before_the_vote_gate_gets_its_vote_linked(opened: MainWindow) -> None:
    """propdesk contract-life link-vote, from the contract's row menu."""
    book = opened.book
    assert book is not None
    with book.write() as s:  # a legacy contract: active, no vote; 东风 has no passed vote
        a = _compound(s, "老城小区")
        contracts.add_contract(s, a, NewContract(
            "HT-老城-01", TODAY - timedelta(days=100), TODAY + timedelta(days=600), rates=RATES))  # fmt: skip
        b = _compound(s, "东风小区")
        contracts.add_contract(s, b, NewContract(
            "HT-东风-旧", TODAY - timedelta(days=100), TODAY + timedelta(days=600), rates=RATES))  # fmt: skip
    opened.show_page("contracts")
    page = opened.pages["contracts"]
    assert isinstance(page, ContractsPage)
    page.refresh()
    old = page.select_contract("HT-东风-旧")
    assert old is not None and old.vote_id is None
    assert page.link_vote(old) is None  # no passed vote to link: said, nothing written
    assert "东风小区" in page.banner.text()
    with book.write() as s:
        vid = _passed_vote(s, s.get(Compound, a.id), TODAY - timedelta(days=120))
    page.refresh()
    legacy = page.select_contract("HT-老城-01")
    assert legacy is not None
    menu = QMenu()
    page._contract_menu(menu, [legacy])
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert enabled["关联授权表决…"]
    dlg = page.link_vote(legacy)
    assert dlg is not None and dlg.vote.currentData() == vid
    assert dlg.submit()
    with book.read() as s:
        assert contracts.contract_by_number(s, "HT-老城-01").vote_id == vid
    linked = page.select_contract("HT-老城-01")
    assert linked is not None and linked.vote_id == vid
    menu = QMenu()
    page._contract_menu(menu, [linked])
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert not enabled["关联授权表决…"]  # one vote each
