"""Reports (managers): the summary for a period and area, on screen and saved as PDF, xlsx or CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import LocalAuthority
from divert_desktop.core.permissions import Action
from divert_desktop.core.summaries import (
    HIDDEN_RATE_WORDS,
    Summary,
    days_text,
    period_text,
)
from divert_desktop.core.validation import plural
from divert_desktop.gui.models import Column
from divert_desktop.gui.shell.page import Page
from divert_desktop.gui.shell.tasks import TaskError
from divert_desktop.gui.theme import make_heading, set_role
from divert_desktop.gui.widgets import DataTable, DateField
from divert_desktop.services.changes import Kind
from divert_desktop.services.reports.summaries import build_summary
from divert_desktop.services.reports.summaries.report_file import write_report


@dataclass(frozen=True)
class HeadlineLine:
    label: str
    count: int
    share_text: str
    level: int = 0


HEADLINE_COLUMNS = [
    Column("Measure", lambda h: ("      " * h.level) + h.label, sort_key=None),
    Column("Number", lambda h: f"{h.count:,}", sort_key=lambda h: h.count, numeric=True),
    Column("Share of referrals", lambda h: h.share_text, sort_key=lambda h: h.count, numeric=True),
]
ALL_AREAS = ""
BREAKDOWNS = [
    ("area", "Local authority"),
    ("substance", "Substance"),
    ("age_band", "Age band"),
    ("gender", "Gender"),
    ("ethnicity", "Ethnicity"),
]
FILTERS = {
    "pdf": "PDF document (*.pdf)",
    "xlsx": "Excel spreadsheet (*.xlsx)",
    "csv": "CSV file (*.csv)",
}


def financial_quarters(today: date, count: int = 8) -> list[tuple[str, date, date]]:
    """UK financial-year quarters (Q1 = April–June), newest first, ending with today's quarter."""
    fy = today.year if today.month >= 4 else today.year - 1
    quarter = (today.month - 4) % 12 // 3
    out = []
    for _ in range(count):
        start_month = 4 + 3 * quarter
        year = fy + (start_month - 1) // 12
        month = (start_month - 1) % 12 + 1
        start = date(year, month, 1)
        end_month, end_year = (month + 3, year) if month + 3 <= 12 else (month - 9, year + 1)
        end = date.fromordinal(date(end_year, end_month, 1).toordinal() - 1)
        out.append((f"Q{quarter + 1} {fy}/{str(fy + 1)[2:]} ({start:%b}–{end:%b %Y})", start, end))
        quarter -= 1
        if quarter < 0:
            quarter, fy = 3, fy - 1
    return out


def headline_lines(summary: Summary) -> list[HeadlineLine]:
    h = summary.headline

    def line(label: str, count: int, level: int = 0) -> HeadlineLine:
        share = f"{100 * count / h.referrals:.0f}%" if h.referrals else "–"
        return HeadlineLine(label, count, share, level)

    out = [
        line("Referrals", h.referrals),
        line("Eligible", h.eligible),
        line("Ineligible", h.ineligible),
    ]
    out += [line(f"Ineligible: {r}", n, 1) for r, n in summary.ineligible_by_reason]
    out.append(line("Held for a manager", h.held))
    out += [
        line("Booked", h.booked),
        line("Engaged", h.engaged),
        line("Completed", h.completed),
        line("Not engaged", h.not_engaged),
        line("Withdrawn", h.withdrawn),
        line("Young people (under 18)", h.young_people),
        line("Repeat referrals", h.repeat_referrals),
        line("Onward referrals", h.onward_referrals),
    ]
    return out


class BarChart(QWidget):
    """A light horizontal bar chart painted with QPainter (QtCharts is not available)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(name.replace("_", " ").capitalize())
        self.bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[tuple[str, int]]) -> None:
        self.bars = bars
        self.setAccessibleDescription("; ".join(f"{label}: {n}" for label, n in bars))
        self.setFixedHeight(max(60, 24 * len(bars) + 12))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, max(60, 24 * len(self.bars) + 12))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(t) for t, _ in self.bars), default=40)
        label_w = min(260, widest + 20)
        top = max((n for _, n in self.bars), default=0) or 1
        value_w = metrics.horizontalAdvance("999,999") + 8
        room = max(10.0, self.width() - label_w - value_w - 8)
        text = self.palette().windowText().color()
        colour = QColor("#2e7d7a")
        for i, (label, n) in enumerate(self.bars):
            y = 6 + i * 24
            painter.setPen(text)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 10)
            painter.drawText(
                QRectF(0, y, label_w - 8, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            w = room * n / top
            painter.fillRect(QRectF(label_w, y + 3, max(w, 1.0 if n else 0.0), 14), colour)
            painter.drawText(
                QRectF(label_w + w + 6, y, value_w, 20),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{n:,}",
            )
        painter.end()


class ReportsPage(Page):
    """The managers' summary: filters, key figures, funnel and breakdown charts, and saving."""

    key = "reports"
    shows = frozenset(
        {Kind.REFERRALS, Kind.APPOINTMENTS, Kind.CASEWORK, Kind.PEOPLE, Kind.SETTINGS}
    )
    title = "Reports"
    sig_saved = Signal(object)  # the Path written, or None when saving failed

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = self.clock().date()
        self.summary: Summary | None = None
        self.counts = None
        self.saved_path: Path | None = None
        self._build_filters(today)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("report_error_label")
        set_role(self.error_label, "error")
        self.error_label.hide()
        self.layout_.addWidget(self.error_label)
        self.period_label = self.hint_label("", "report_period_label")
        self.layout_.addWidget(self.period_label)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("report_progress")
        self.progress.setMaximumWidth(420)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.layout_.addWidget(self.progress)
        self._build_body()
        self._build_save_row()
        self.show_button.clicked.connect(self.refresh)
        self.quarter_button.clicked.connect(self.quarterly_return)
        self.breakdown_combo.currentIndexChanged.connect(self._show_breakdown)
        for field in (self.from_edit, self.to_edit):
            field.sig_invalid.connect(self._invalid)
            field.returnPressed.connect(self.refresh)

    # ------------------------------------------------------------------ layout
    def _build_filters(self, today: date) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.from_edit = DateField(today.replace(day=1), self)
        self.from_edit.setObjectName("from_date_edit")
        self.from_edit.setAccessibleName("From date")
        self.to_edit = DateField(today, self)
        self.to_edit.setObjectName("to_date_edit")
        self.to_edit.setAccessibleName("To date")
        self.area_combo = QComboBox(self)
        self.area_combo.setObjectName("area_combo")
        self.area_combo.setAccessibleName("Area")
        self.area_combo.addItem("All seven areas", ALL_AREAS)
        for area in LocalAuthority:
            self.area_combo.addItem(area.value, area.value)
        self.show_button = QPushButton("Show figures", self)
        self.show_button.setObjectName("run_report_button")
        self.show_button.setProperty("primary", True)
        for widget in (
            self.field_label("&From", self.from_edit),
            self.from_edit,
            self.field_label("&To", self.to_edit),
            self.to_edit,
            self.field_label("&Area", self.area_combo),
            self.area_combo,
            self.show_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        quarter_row = QHBoxLayout()
        self.quarter_combo = QComboBox(self)
        self.quarter_combo.setObjectName("quarter_combo")
        self.quarter_combo.setAccessibleName("Financial quarter")
        for label, start, end in financial_quarters(today):
            self.quarter_combo.addItem(label, (start, end))
        self.quarter_combo.setCurrentIndex(1 if self.quarter_combo.count() > 1 else 0)
        self.quarter_button = QPushButton("Quarterly return", self)
        self.quarter_button.setObjectName("quarterly_return_button")
        self.quarter_button.setToolTip("Show the chosen quarter for the chosen area")
        quarter_row.addWidget(self.field_label("&Quarter", self.quarter_combo))
        quarter_row.addWidget(self.quarter_combo)
        quarter_row.addWidget(self.quarter_button)
        quarter_row.addWidget(
            self.hint_label(
                "UK financial-year quarters: Q1 is April to June, Q4 is January to March.",
                "quarter_hint_label",
            ),
            1,
        )
        self.layout_.addLayout(quarter_row)

    def _tile(self, grid: QGridLayout, column: int, key: str, caption: str) -> QLabel:
        box = QVBoxLayout()
        value = QLabel("–", self)
        value.setObjectName(f"figure_{key}")
        make_heading(value, 1.6)
        label = QLabel(caption, self)
        set_role(label, "hint")
        box.addWidget(value)
        box.addWidget(label)
        grid.addLayout(box, column // 4, column % 4)
        return value

    def _build_body(self) -> None:
        scroll = QScrollArea(self)
        scroll.setObjectName("report_scroll")
        scroll.setAccessibleName("Summary figures and charts")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget(scroll)
        body = QHBoxLayout(inner)
        body.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        grid = QGridLayout()
        grid.setHorizontalSpacing(28)
        specs = [
            ("referrals", "Referrals"),
            ("engaged", "Engaged"),
            ("completed", "Completed"),
            ("dna_rate", "Did not attend"),
            ("median_days", "Median days to first appointment"),
            ("young_people", "Young people"),
            ("rearrest_engaged", "Re-arrested, engaged"),
            ("rearrest_not_engaged", "Re-arrested, not engaged"),
        ]
        self.tiles = {
            key: self._tile(grid, i, key, caption) for i, (key, caption) in enumerate(specs)
        }
        left.addLayout(grid)
        self.rate_note = self.hint_label("", "rearrest_rate_note_label")
        self.rate_note.hide()
        left.addWidget(self.rate_note)
        self.table = DataTable(
            "headline_table", HEADLINE_COLUMNS, "Headline figures", inner, sort_column=None
        )
        self.table.setMinimumHeight(380)
        left.addWidget(self.table, 1)
        right = QVBoxLayout()
        right.addWidget(self.section_label("Funnel", "funnel_heading"))
        self.funnel_chart = BarChart("funnel_chart", inner)
        right.addWidget(self.funnel_chart)
        row = QHBoxLayout()
        self.breakdown_combo = QComboBox(inner)
        self.breakdown_combo.setObjectName("breakdown_combo")
        self.breakdown_combo.setAccessibleName("Breakdown")
        for key, title in BREAKDOWNS:
            self.breakdown_combo.addItem(title, key)
        row.addWidget(self.section_label("Referrals by", "breakdown_heading"))
        row.addWidget(self.breakdown_combo)
        row.addStretch(1)
        right.addLayout(row)
        self.breakdown_chart = BarChart("breakdown_chart", inner)
        right.addWidget(self.breakdown_chart)
        self.breakdown_note = self.hint_label("", "breakdown_note_label")
        right.addWidget(self.breakdown_note)
        right.addStretch(1)
        body.addLayout(left, 5)
        body.addSpacing(24)
        body.addLayout(right, 6)
        scroll.setWidget(inner)
        self.layout_.addWidget(scroll, 1)

    def _build_save_row(self) -> None:
        row = QHBoxLayout()
        self.save_pdf_button = QPushButton("Save as PDF…", self)
        self.save_pdf_button.setObjectName("save_pdf_button")
        self.save_xlsx_button = QPushButton("Save as spreadsheet…", self)
        self.save_xlsx_button.setObjectName("save_xlsx_button")
        self.save_csv_button = QPushButton("Save as CSV…", self)
        self.save_csv_button.setObjectName("save_csv_button")
        self.internal_check = QCheckBox("Internal copy: show numbers under 5", self)
        self.internal_check.setObjectName("internal_check")
        self.internal_check.setToolTip(
            'Saved files show counts of 1 to 4 as "<5" unless this is ticked. '
            "Never send an internal copy outside the organisation."
        )
        for button, kind in (
            (self.save_pdf_button, "pdf"),
            (self.save_xlsx_button, "xlsx"),
            (self.save_csv_button, "csv"),
        ):
            button.clicked.connect(lambda _=False, k=kind: self.ask_and_save(k))
            row.addWidget(button)
        row.addWidget(self.internal_check)
        self.evaluation_button = QPushButton("Evaluation extract…", self)
        self.evaluation_button.setObjectName("evaluation_extract_button")
        self.evaluation_button.setToolTip(
            "A pseudonymised file, one row per referral, for the police's evaluation"
        )
        self.evaluation_button.clicked.connect(self.open_evaluation)
        self.evaluation_button.setVisible(self.actor.can(Action.EXPORT_EVALUATION))
        row.addWidget(self.evaluation_button)
        row.addStretch(1)
        self.saved_label = self.hint_label("", "report_saved_label")
        row.addWidget(self.saved_label)
        self.layout_.addLayout(row)

    # ------------------------------------------------------------------ behaviour
    def _invalid(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _filters(self) -> tuple[date, date, str | None]:
        return self.from_edit.date(), self.to_edit.date(), self.area_combo.currentData() or None

    def quarterly_return(self) -> None:
        start, end = self.quarter_combo.currentData()
        self.from_edit.set_date(start)
        self.to_edit.set_date(end)
        self.refresh()

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(text or "%p%")
        self.progress.show()

    def refresh(self) -> None:
        super().refresh()
        self.error_label.hide()
        date_from, date_to, area = self._filters()
        self._progress(0, 1, "Counting…")
        self.run(
            build_summary,
            self.db,
            self.actor,
            date_from,
            date_to,
            area,
            on_done=self._show,
            on_error=self._failed,
            on_progress=self._progress,
        )

    def _failed(self, error: TaskError) -> None:
        self.progress.hide()
        self._invalid(error.message)

    def _show(self, summary: Summary) -> None:
        self.summary = self.counts = summary
        self.progress.hide()
        h = summary.headline
        self.period_label.setText(
            f"Referrals made from {period_text(summary.date_from, summary.date_to)}, "
            f"{summary.area_text.lower() if not summary.area else summary.area}. Figures on "
            'screen show every number; saved files show 1 to 4 as "<5" unless marked internal.'
        )
        pct = lambda v: "–" if v is None else f"{100 * v:.1f}%"  # noqa: E731

        def rate_of(group: Any) -> str:
            return HIDDEN_RATE_WORDS if summary.rate_hidden(group) else pct(group.rate)

        values = {
            "referrals": f"{h.referrals:,}",
            "engaged": f"{h.engaged:,}",
            "completed": f"{h.completed:,}",
            "dna_rate": pct(h.dna_rate),
            "median_days": days_text(summary.to_first_offered.median) or "–",
            "young_people": f"{h.young_people:,}",
            "rearrest_engaged": rate_of(summary.rearrest_engaged),
            "rearrest_not_engaged": rate_of(summary.rearrest_not_engaged),
        }
        for key, text in values.items():
            self.tiles[key].setText(text)
        hidden = [
            g
            for g in (summary.rearrest_engaged, summary.rearrest_not_engaged)
            if summary.rate_hidden(g)
        ]
        self.rate_note.setText(
            f"A re-arrest rate shows “{HIDDEN_RATE_WORDS}” when fewer than "
            f"{plural(summary.rate_min_group, 'referral')} of the group have a yes or no answer: "
            "a rate over one or two people says nothing about the scheme."
            if hidden
            else ""
        )
        self.rate_note.setVisible(bool(hidden))
        self.table.set_rows(headline_lines(summary), "")
        header = self.table.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.funnel_chart.set_bars(
            [
                ("Referrals", h.referrals),
                ("Eligible", h.eligible),
                ("Booked", h.booked),
                ("Engaged", h.engaged),
                ("Completed", h.completed),
                ("Not engaged", h.not_engaged),
                ("Withdrawn", h.withdrawn),
                ("Ineligible", h.ineligible),
                ("Held for a manager", h.held),
            ]
        )
        self._show_breakdown()

    def _show_breakdown(self) -> None:
        if self.summary is None:
            return
        b = self.summary.breakdown(self.breakdown_combo.currentData())
        rows = [r for r in b.rows if r.referrals] if b.key == "ethnicity" else list(b.rows)
        self.breakdown_chart.set_bars([(r.label, r.referrals) for r in rows])
        self.breakdown_note.setText(b.note)

    def ask_and_save(self, kind: str) -> None:
        date_from, date_to, area = self._filters()
        name = f"DIVERT summary {date_from.isoformat()} to {date_to.isoformat()}"
        name += f" {area}" if area else ""
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the summary", str(Path.home() / f"{name}.{kind}"), FILTERS[kind]
        )
        if path:
            if not path.lower().endswith(f".{kind}"):
                path += f".{kind}"
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Compute the summary for the filters and write it to ``path`` on a worker thread."""
        date_from, date_to, area = self._filters()
        self.saved_path = None
        self.saved_label.setText("Saving…")
        self._progress(0, 1, "Saving…")
        lane = "pdf" if path.suffix.lower() == ".pdf" else "io"
        self.runner.run(
            write_report,
            self.db,
            self.actor,
            date_from,
            date_to,
            area,
            path,
            internal=self.internal_check.isChecked(),
            lane=lane,
            owner=self,
            on_done=lambda _s: self._saved(path),
            on_error=self._save_failed,
            on_progress=self._progress,
        )

    def open_evaluation(self) -> None:
        """Reports → Evaluation extract…: the dialog, for the period chosen on the page."""
        from divert_desktop.gui.reports.evaluation_dialog import EvaluationDialog

        date_from, date_to, _area = self._filters()
        self.evaluation_dialog = EvaluationDialog(
            self.db, self.actor, self.runner, date_from, date_to, self
        )
        self.evaluation_dialog.sig_finished.connect(self._evaluation_done)
        self.evaluation_dialog.open()

    def _evaluation_done(self, made: Any) -> None:
        if made is not None:
            self.sig_status.emit(f"Saved the evaluation extract to {made.path}")

    def _saved(self, path: Path) -> None:
        self.progress.hide()
        self.saved_path = path
        self.saved_label.setText(f"Saved {path.name}")
        self.sig_status.emit(f"Saved the summary to {path}")
        self.sig_saved.emit(path)

    def _save_failed(self, error: TaskError) -> None:
        self.progress.hide()
        self.saved_label.setText("")
        self._invalid(error.message)
        self.sig_saved.emit(None)
