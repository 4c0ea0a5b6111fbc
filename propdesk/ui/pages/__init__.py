"""The one registry of pages: (key, translatable title, icon, factory), in navigation order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import import_module

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from propdesk.ui.pages.arrears_page import ArrearsPage
from propdesk.ui.pages.base import Page, PageContext
from propdesk.ui.pages.cashier_page import CashierPage
from propdesk.ui.pages.fees_page import BillingPage
from propdesk.ui.pages.journal import JournalPage
from propdesk.ui.pages.overview import OverviewPage
from propdesk.ui.pages.placeholder import PlaceholderPage
from propdesk.ui.pages.registry_page import RegistryPage
from propdesk.ui.pages.settings_page import SettingsPage

CONTEXT = "pages"


@dataclass(frozen=True, slots=True)
class PageSpec:
    key: str
    title: str  # English source text, translated in the "pages" context
    icon: str  # base name of an SVG in resources/icons
    factory: Callable[[PageContext], Page]

    def display_title(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.title)


def _todo(title: str, description: str) -> Callable[[PageContext], Page]:
    return partial(PlaceholderPage, title=title, description=description)


def _spec(key: str, title: str, factory: Callable[[PageContext], Page]) -> PageSpec:
    return PageSpec(key, title, key, factory)


def _lazy(module: str, cls: str, title: str, description: str) -> Callable[[PageContext], Page]:
    """A page class imported the first time the page is opened (a quick start), or the
    under-construction page while its module `propdesk.ui.pages.<module>` does not exist yet."""

    def make(ctx: PageContext) -> Page:
        name = f"{__name__}.{module}"
        try:
            mod = import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise  # a real import error inside the page must not be hidden
            return PlaceholderPage(ctx, title=title, description=description)
        factory: Callable[[PageContext], Page] = getattr(mod, cls)
        return factory(ctx)

    return make


PAGES: list[PageSpec] = [
    _spec("overview", QT_TRANSLATE_NOOP("pages", "Overview"), OverviewPage),
    _spec("compounds", QT_TRANSLATE_NOOP("pages", "Compounds & units"), RegistryPage),
    _spec("votes", t := QT_TRANSLATE_NOOP("pages", "Owner votes"), _lazy("votes_page", "VotesPage", t, QT_TRANSLATE_NOOP("pages", "Run owner consent votes, record ballots and follow the tally by area and by head count."))),
    _spec("contracts", t := QT_TRANSLATE_NOOP("pages", "Contracts"), _lazy("contracts_page", "ContractsPage", t, QT_TRANSLATE_NOOP("pages", "Service contracts per compound: term, fee standards, status and notice deadlines."))),
    _spec("billing", QT_TRANSLATE_NOOP("pages", "Billing"), BillingPage),
    _spec("payments", QT_TRANSLATE_NOOP("pages", "Payments & receipts"), CashierPage),
    _spec("arrears", QT_TRANSLATE_NOOP("pages", "Arrears"), ArrearsPage),
    _spec("resources", t := QT_TRANSLATE_NOOP("pages", "Common resources"), _lazy("resources_page", "ResourcesPage", t, QT_TRANSLATE_NOOP("pages", "Parking, advertising, parcel lockers and market stalls: income, costs and the owners' share."))),
    _spec("expenses", t := QT_TRANSLATE_NOOP("pages", "Expenses"), _lazy("expenses_page", "ExpensesPage", t, QT_TRANSLATE_NOOP("pages", "Record the company's expenses; each one posts its voucher."))),
    _spec("grids", t := QT_TRANSLATE_NOOP("pages", "Grids & stations"), _lazy("grids_page", "GridsPage", t, QT_TRANSLATE_NOOP("pages", "Grids, grid workers and grid service stations."))),
    _spec("surplus", t := QT_TRANSLATE_NOOP("pages", "Surplus allocation"), _lazy("surplus_page", "SurplusPage", t, QT_TRANSLATE_NOOP("pages", "Allocate a closed period's surplus to grid-worker stipends, service stations and reserves."))),
    _spec("ledger", QT_TRANSLATE_NOOP("pages", "Vouchers & ledgers"), JournalPage),
    _spec("reports", t := QT_TRANSLATE_NOOP("pages", "Reports"), _lazy("reports_page", "ReportsPage", t, QT_TRANSLATE_NOOP("pages", "Financial statements, monthly statements and disclosure notices, to print or export to Excel."))),
    _spec("settings", QT_TRANSLATE_NOOP("pages", "Settings"), SettingsPage),
]  # fmt: skip

BY_KEY: dict[str, PageSpec] = {p.key: p for p in PAGES}
DEFAULT_PAGE = "overview"

__all__ = ["BY_KEY", "DEFAULT_PAGE", "PAGES", "Page", "PageContext", "PageSpec"]
