"""概览: the book at a glance — company, open period, closed-through, voucher count."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from propdesk.core.periods import fmt_period
from propdesk.services.books import BookStatus, book_status
from propdesk.ui.pages.base import Page, PageContext


class StatCard(QFrame):
    """A titled figure on the dashboard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel()
        self.caption.setObjectName("statCaption")
        self.value = QLabel()
        self.value.setObjectName("statValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)


class OverviewPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.status: BookStatus | None = None
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.path_label = QLabel()
        self.path_label.setObjectName("muted")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.company = StatCard()
        self.period = StatCard()
        self.closed = StatCard()
        self.vouchers = StatCard()
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.company, 0, 0, 1, 3)
        grid.addWidget(self.period, 1, 0)
        grid.addWidget(self.closed, 1, 1)
        grid.addWidget(self.vouchers, 1, 2)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.heading)
        layout.addWidget(self.path_label)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addSpacing(12)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.retranslate()

    def refresh(self) -> None:
        with self.book.read() as s:
            self.status = book_status(s)
        self._fill()

    def _fill(self) -> None:
        st = self.status
        self.path_label.setText(str(self.book.path or self.book.url))
        if st is None:
            return
        loc = QLocale()
        self.company.value.setText(st.company_name)
        self.period.value.setText(fmt_period(st.open_period))
        self.closed.value.setText(
            fmt_period(st.closed_through) if st.closed_through else self.tr("No month closed yet")
        )
        self.vouchers.value.setText(loc.toString(st.vouchers))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Overview"))
        self.company.caption.setText(self.tr("Company"))
        self.period.caption.setText(self.tr("Open period"))
        self.closed.caption.setText(self.tr("Closed through"))
        self.vouchers.caption.setText(self.tr("Vouchers posted"))
        self.hint.setText(
            self.tr("Ctrl+1 to Ctrl+9 switch pages, F5 reloads the page, Ctrl+F searches a table.")
        )
        self._fill()
