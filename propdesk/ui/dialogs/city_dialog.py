"""工具 → 全市汇总…: the city official's window on a city database. Give the database and the
months, 汇总 reads every company's own book in the background and shows one row per company and
the total; 预览 PDF… opens the print preview, 保存 Excel… writes the workbook. Writes nothing."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from propdesk.core.errors import PropdeskError, UserError
from propdesk.core.i18n import Text, bilingual
from propdesk.core.periods import fmt_period, period_of, prev_period
from propdesk.core.progress import Progress
from propdesk.reports.city import CityReport, CompanyRow, check_range
from propdesk.ui.dialogs.kit import TOTAL_BRUSH, DeskTableModel, PeriodEdit
from propdesk.ui.ops import Op
from propdesk.ui.print_preview import PrintPreviewDialog, export_file, show_print_preview
from propdesk.ui.widgets.table import RIGHT, Column, TableView, money_column

XLSX_FILTER = "Excel (*.xlsx)"
T_TITLE = bilingual("全市汇总", "City consolidation")
T_DB = bilingual("全市数据库：", "City database:")
T_DB_HINT = bilingual(
    "postgresql+psycopg://用户@主机/数据库", "postgresql+psycopg://user@host/database"
)
T_MONTHS = bilingual("期间：", "Months:")
T_TO = bilingual("至", "to")
T_RUN = bilingual("汇总", "Consolidate")
T_PREVIEW = bilingual("预览 PDF…", "Preview PDF…")
T_SAVE = bilingual("保存 Excel…", "Save Excel…")
T_CLOSE = bilingual("关闭", "Close")
T_READING = bilingual("正在汇总全市数据…", "Consolidating the city…")
T_MAKING = bilingual("正在生成全市汇总表…", "Making the city report…")
T_SAVE_TITLE = bilingual("保存全市汇总表", "Save the city report")
T_DB_REQUIRED = bilingual("请填写全市数据库地址", "Give the city database's URL")
T_SUMMARY = bilingual(
    "{n} 家公司，{period}；收缴率 {rate}", "{n} companies, {period}; collection rate {rate}"
)
T_TOTAL = bilingual("合计", "Total")
T_STALE = bilingual("条件已改变，请重新汇总", "The inputs changed: consolidate again")

COLUMNS = (
    Column("key", bilingual("公司代码", "Key")),
    Column(
        "name",
        bilingual("公司名称", "Company"),
        width=24,
        value=lambda r: r.name if r.key else T_TOTAL.format(),
    ),
    Column("compounds", bilingual("小区", "Compounds"), align=RIGHT),
    Column("units", bilingual("房屋", "Units"), align=RIGHT),
    money_column("billed", bilingual("应收物业费", "Billed")),
    money_column("collected", bilingual("实收物业费", "Collected")),
    Column("rate", bilingual("收缴率", "Rate"), align=RIGHT),
    money_column("owners_money", bilingual("业主共有收益", "Owners' money")),
    money_column("surplus", bilingual("盈余", "Surplus")),
    money_column("stipends", bilingual("网格补贴", "Stipends")),
    money_column("stations", bilingual("驿站经费", "Stations")),
    Column(
        "closed_text",
        bilingual("已结账至", "Closed to"),
        value=lambda r: r.closed_text if r.key else "",
    ),
)


def _t(text: Text, **params: object) -> str:
    return text.format(**params)


def default_months(today: date | None = None) -> tuple[int, int]:
    """January of this year to last month (this month in January)."""
    this = period_of(today or date.today())
    end = prev_period(this) if this % 100 > 1 else this
    return end // 100 * 100 + 1, end


class CityDialog(QDialog):
    def __init__(self, db_url: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t(T_TITLE))
        self.setMinimumSize(980, 460)
        self.resize(1240, 520)
        self.report: CityReport | None = None
        self.op: Op[object] | None = None
        self.db = QLineEdit(db_url or os.environ.get("PROPDESK_CITY_DB", ""))
        self.db.setPlaceholderText(_t(T_DB_HINT))
        start, end = default_months()
        self.start, self.end = PeriodEdit(start), PeriodEdit(end)
        self.run_button = QPushButton(_t(T_RUN))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(lambda: self.consolidate())
        self.preview_button = QPushButton(_t(T_PREVIEW))
        self.preview_button.clicked.connect(lambda: self.preview())
        self.save_button = QPushButton(_t(T_SAVE))
        self.save_button.clicked.connect(lambda: self.save_excel())
        self.model = DeskTableModel(
            COLUMNS, self,
            background=lambda r: TOTAL_BRUSH if not r.key else None,
            bold=lambda r: not r.key, pinned=lambda r: not r.key,
        )  # fmt: skip
        self.view = TableView(self.model, self, name="city_report")
        self.model.attach(self.view)
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.summary = QLabel()
        self.summary.setObjectName("muted")

        form = QFormLayout()
        form.addRow(_t(T_DB), self.db)
        months = QHBoxLayout()
        months.addWidget(self.start)
        months.addWidget(QLabel(_t(T_TO)))
        months.addWidget(self.end)
        months.addStretch(1)
        months.addWidget(self.run_button)
        form.addRow(_t(T_MONTHS), months)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_t(T_CLOSE))
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.db.textChanged.connect(self._stale)
        for p in (self.start, self.end):
            p.dateChanged.connect(self._stale)
        self._show(None)

    # -- state -----------------------------------------------------------------------------
    def _show(self, report: CityReport | None) -> None:
        self.report = report
        rows: list[CompanyRow] = [*report.rows, report.total] if report else []
        self.model.set_rows(rows)
        self.preview_button.setEnabled(report is not None)
        self.save_button.setEnabled(report is not None)
        if report is not None:
            self.summary.setText(_t(T_SUMMARY, n=len(report.rows), period=self._span(),
                                    rate=report.total.rate))  # fmt: skip

    def _stale(self, *_: object) -> None:
        if self.report is not None:
            self._show(None)
            self.summary.setText(_t(T_STALE))

    def _error(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))

    def months(self) -> tuple[int, int]:
        return self.start.period(), self.end.period()

    # -- actions ---------------------------------------------------------------------------
    def consolidate(self) -> Op[object] | None:
        """Check the inputs (a problem is shown under them), then read the city in the
        background; the table fills when it is done."""
        from propdesk.services.city import check_city_url

        url = self.db.text().strip()
        start, end = self.months()
        try:
            if not url:
                raise UserError(T_DB_REQUIRED)
            check_city_url(url)
            check_range(start, end)
        except UserError as exc:
            self._error(exc.message)
            return None
        self._error(None)

        def work(progress: Progress) -> CityReport:
            from propdesk.reports.city import city_report

            return city_report(url, start, end, progress=progress)

        def failed(exc: BaseException) -> None:
            self._show(None)
            if isinstance(exc, PropdeskError):  # a bad database, a company's book refused …
                self._error(str(exc))
            else:
                from propdesk.ui.errors import show_error

                show_error(exc, self)

        self.op = Op(self, work, title=_t(T_READING), changes_data=False)
        self.op.on_done(lambda r: self._show(r))  # type: ignore[arg-type]
        self.op.on_error(failed)
        return self.op.run()

    def pdf_bytes(self) -> bytes:
        from propdesk.reports.pdf.city import render_city

        assert self.report is not None
        buf = io.BytesIO()
        render_city(self.report, buf)
        return buf.getvalue()

    def xlsx_bytes(self, _progress: Progress | None = None) -> bytes:
        from propdesk.reports.xlsx.city import write_city

        assert self.report is not None
        buf = io.BytesIO()
        write_city(self.report, buf)
        return buf.getvalue()

    def _span(self, between: str = " – ") -> str:
        assert self.report is not None
        a, b = self.report.start, self.report.end
        return fmt_period(a) if a == b else f"{fmt_period(a)}{between}{fmt_period(b)}"

    def _stem(self) -> str:
        return f"全市汇总表-{self._span('至')}"

    def preview(self) -> PrintPreviewDialog | None:
        if self.report is None:
            return None
        return show_print_preview(self.pdf_bytes(), title=_t(T_TITLE),
                                  suggested_name=f"{self._stem()}.pdf", parent=self)  # fmt: skip

    def save_excel(self, path: Path | None = None) -> Op[Path] | None:
        if self.report is None:
            return None
        return export_file(self, _t(T_SAVE_TITLE), f"{self._stem()}.xlsx", self.xlsx_bytes,
                           XLSX_FILTER, path=path)  # fmt: skip
