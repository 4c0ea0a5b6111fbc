"""The page shown for an area whose screens are still being built."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from propdesk.ui.pages.base import Page, PageContext


class PlaceholderPage(Page):
    def __init__(
        self, ctx: PageContext, title: str, description: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self._title_src = title
        self._description_src = description
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.notice = QLabel()
        self.notice.setObjectName("placeholderNotice")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setFixedWidth(600)  # a fixed width lets the wrapped text get its height
        for w in (self.title, self.notice, self.description):
            w.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.notice)
        layout.addSpacing(12)
        layout.addWidget(self.description, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(QCoreApplication.translate("pages", self._title_src))
        self.notice.setText(self.tr("This part is under construction."))
        self.description.setText(QCoreApplication.translate("pages", self._description_src))
