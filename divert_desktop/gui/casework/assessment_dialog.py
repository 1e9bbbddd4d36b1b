"""The assessment window: the form, live scores, an error summary, and a draft saved on this
computer every few seconds and after every change until the assessment is in the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.enums import AppointmentStatus, AppointmentType, ReferralStatus
from divert_desktop.core.errors import DivertError
from divert_desktop.core.form_rules import check_answers
from divert_desktop.core.forms import FormDefinition
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_time
from divert_desktop.gui.casework.form_widget import FormWidget
from divert_desktop.gui.casework.score_panel import ScorePanel
from divert_desktop.gui.intake.error_summary import ErrorSummary
from divert_desktop.gui.shell.tasks import TaskError, TaskRunner, is_connection_error
from divert_desktop.gui.theme import icon, make_heading, set_role
from divert_desktop.gui.widgets import GuardedDialog, ask, fit_to_screen, name_controls
from divert_desktop.persistence.database import Database
from divert_desktop.services.casework import assessments
from divert_desktop.services.casework.common import AppointmentChoice, ReferralHeader
from divert_desktop.services.casework.drafts import Draft, DraftStore, amendment_key, assessment_key
from divert_desktop.services.context import Actor

__all__ = ["AUTOSAVE_MS", "DEBOUNCE_MS", "AssessmentDialog", "AssessmentSetup"]

AUTOSAVE_MS = 5_000
DEBOUNCE_MS = 800
SUMMARY_SHARE = 0.25
"""The most of the window's height the error summary takes; longer lists scroll inside it."""


@dataclass(frozen=True)
class AssessmentSetup:
    """What the window opens with (built on a worker: service call plus the draft file)."""

    mode: str  # "new", "amend" or "view"
    referral: ReferralHeader
    form: FormDefinition
    context: dict[str, Any]
    settings: dict[str, Any]
    answers: dict[str, Any]
    appointments: tuple[AppointmentChoice, ...] = ()
    appointment_id: int | None = None
    saved: assessments.AssessmentDTO | None = None
    draft: Draft | None = None
    offline: bool = False


class AssessmentDialog(GuardedDialog):
    """``sig_saved(AssessmentDTO)`` after a save; ``sig_amend(AssessmentDTO)`` asks for an
    amendment of the one shown. The window title never names the person."""

    sig_saved = Signal(object)
    sig_amend = Signal(object)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        runner: TaskRunner,
        setup: AssessmentSetup,
        store: DraftStore,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.runner, self.setup, self.store = db, actor, runner, setup, store
        self.setObjectName("assessment_dialog")
        self.setWindowTitle("Assessment" if setup.mode != "amend" else "Amend assessment")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.saving, self.dirty, self.saved_dto = False, False, None
        self.read_only = setup.mode == "view"
        if setup.mode == "amend" and setup.saved is not None:
            self.key = amendment_key(setup.saved.id)
        else:
            self.key = assessment_key(setup.referral.referral_id, setup.form.form_id)
        answers = setup.draft.payload.get("answers", {}) if setup.draft else setup.answers
        self._build(answers)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.save_draft)
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(lambda: self.save_draft() if self.dirty else None)
        if not self.read_only:
            self._autosave.start()
            self.form_widget.sig_changed.connect(self._changed)
        name_controls(self)
        self.resize(1180, 820)
        fit_to_screen(self)  # a 1366x768 or 1280x800 screen: the buttons stay on screen

    # ---------------------------------------------------------------- building
    def _build(self, answers: dict[str, Any]) -> None:
        s = self.setup
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        title = QLabel(s.form.title + (" (amendment)" if s.mode == "amend" else ""), self)
        title.setObjectName("assessment_title_label")
        make_heading(title, 1.4)
        layout.addWidget(title)
        self.header_label = QLabel(s.referral.text, self)
        self.header_label.setObjectName("assessment_header_label")
        set_role(self.header_label, "hint")
        layout.addWidget(self.header_label)
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("assessment_notice_label")
        self.notice_label.setWordWrap(True)
        set_role(self.notice_label, "notice")
        layout.addWidget(self.notice_label)
        self._show_notice()
        # The summary scrolls inside a box of limited height, so a long list of problems never
        # pushes the form and the buttons off the screen.
        self.summary_area = QScrollArea(self)
        self.summary_area.setObjectName("error_summary_area")
        self.summary_area.setAccessibleName("Problems to fix before saving")
        self.summary_area.setWidgetResizable(True)
        self.summary_area.setFrameShape(QFrame.Shape.NoFrame)
        # The messages wrap to the box's width: never a sideways scroll bar.
        self.summary_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frame = QFrame(self.summary_area)
        frame.setObjectName("error_summary_frame")
        summary_layout = QVBoxLayout(frame)
        summary_title = QLabel("There is a problem", frame)
        summary_title.setObjectName("error_summary_title_label")
        summary_title.setWordWrap(True)
        summary_layout.addWidget(summary_title)
        self.summary_area.setWidget(frame)
        self.summary_area.hide()
        layout.addWidget(self.summary_area)
        ui = SimpleNamespace(
            error_summary_frame=frame,
            error_summary_title_label=summary_title,
            error_summary_layout=summary_layout,
        )
        self.summary = ErrorSummary(ui, self.focus_path)
        body = QHBoxLayout()
        body.setSpacing(16)
        self.form_widget = FormWidget(
            s.form,
            s.context,
            answers,
            settings=s.settings,
            read_only=self.read_only,
            stored_scores=s.saved.scores if (s.saved and self.read_only) else None,
            today=self.db.clock.today,
            parent=self,
        )
        body.addWidget(self.form_widget, 1)
        side = QWidget(self)
        side.setFixedWidth(300)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.score_panel = ScorePanel(side)
        side_layout.addWidget(self.score_panel, 1)
        sections_title = QLabel("&Sections", side)
        sections_title.setObjectName("sections_title_label")
        make_heading(sections_title, 1.15)
        side_layout.addWidget(sections_title)
        self.sections_list = QListWidget(side)
        self.sections_list.setObjectName("sections_list")
        self.sections_list.setAccessibleName("Sections of the form")
        self.sections_list.setToolTip("Go to a section (a clock: answers still needed)")
        self.sections_list.setWordWrap(True)
        self.sections_list.setIconSize(QSize(16, 16))
        self.sections_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        sections_title.setBuddy(self.sections_list)
        self.sections_list.itemActivated.connect(self._go_to_section)
        self.sections_list.itemClicked.connect(self._go_to_section)
        side_layout.addWidget(self.sections_list, 2)
        body.addWidget(side)
        layout.addLayout(body, 1)
        self.form_widget.sig_scores.connect(self.score_panel.show_scores)
        self.form_widget.sig_progress.connect(self._show_progress)
        self.score_panel.show_scores(self.form_widget.outcomes)
        self._show_progress(self.form_widget.progress())
        layout.addLayout(self._footer())

    def _footer(self) -> QHBoxLayout:
        s = self.setup
        row = QHBoxLayout()
        self.appointment_combo = QComboBox(self)
        self.appointment_combo.setObjectName("appointment_combo")
        self.appointment_combo.addItem("Not booked in the diary", None)
        for choice in s.appointments:
            self.appointment_combo.addItem(choice.text, choice.id)
        wanted = s.draft.payload.get("appointment_id") if s.draft else s.appointment_id
        known = {c.id for c in s.appointments}
        if s.mode == "new" and s.appointments and (s.draft is None or wanted not in known):
            # Newest first: one that can have taken place by now (never a later day's: it cannot
            # be attended yet), a waiting one first; otherwise "Not booked in the diary". A draft
            # begun before the appointment was booked links to it too, so saving marks it
            # attended.
            today = self.db.clock.today()
            past = [c for c in s.appointments if c.start_at.date() <= today]
            waiting = [c for c in past if c.status.value in ("booked", "arrived")]
            wanted = (waiting or past)[0].id if past else None
        index = self.appointment_combo.findData(wanted)
        self.appointment_combo.setCurrentIndex(max(index, 0))
        label = QLabel("Initial assessment &appointment:", self)
        label.setBuddy(self.appointment_combo)
        shown = s.mode == "new"
        label.setVisible(shown)
        self.appointment_combo.setVisible(shown)
        if shown:  # a row of its own: the buttons keep their room on a narrow screen
            choice_row = QHBoxLayout()
            choice_row.addWidget(label)
            choice_row.addWidget(self.appointment_combo)
            choice_row.addStretch(1)
            self.layout().addLayout(choice_row)
        self.draft_label = QLabel(self)
        self.draft_label.setObjectName("draft_status_label")
        self.draft_label.setWordWrap(True)
        set_role(self.draft_label, "hint")
        row.addWidget(self.draft_label, 1)
        self.discard_button = QPushButton("&Discard draft…", self)
        self.discard_button.setObjectName("discard_draft_button")
        self.discard_button.setToolTip("Throw away the answers kept on this computer")
        self.discard_button.setVisible(s.draft is not None)
        self.discard_button.clicked.connect(self.discard_draft)
        row.addWidget(self.discard_button)
        self.amend_button = QPushButton("&Amend…", self)
        self.amend_button.setObjectName("amend_button")
        self.amend_button.setToolTip("Change the answers: a new version is saved, this one is kept")
        can_amend = (
            self.read_only
            and self.actor.can(Action.RECORD_ASSESSMENT)
            and s.saved is not None
            and s.saved.amended_at is None
        )
        self.amend_button.setVisible(can_amend)
        self.amend_button.clicked.connect(self._amend)
        row.addWidget(self.amend_button)
        self.close_button = QPushButton("&Close", self)
        self.close_button.setObjectName("close_button")
        self.close_button.setToolTip("Close; unsaved answers stay as a draft on this computer")
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.close_button)
        self.save_button = QPushButton("&Save assessment", self)
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip("Save the assessment to the database (Ctrl+S)")
        self.save_button.setProperty("primary", True)
        self.save_button.setVisible(not self.read_only)
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        for button in (self.discard_button, self.amend_button, self.close_button, self.save_button):
            button.setAutoDefault(False)  # Enter in a field never saves or discards by surprise
        return row

    def _show_notice(self, extra: str = "") -> None:
        s, parts = self.setup, []
        if s.draft is not None:
            when = s.draft.saved_at
            parts.append(
                f"Restored the answers you had not saved yet, from {when:%a} "
                f"{when.day} {when:%b %Y} at {format_time(when)}."
            )
        if s.mode == "view" and s.saved is not None:
            if s.saved.amended_at is not None:
                parts.append(f"{s.saved.amended_text}: this earlier version is kept as it was.")
            elif s.saved.supersedes_id is not None:
                parts.append("This is an amended version of an earlier assessment.")
            parts.append(f"Form version {s.form.version}, as it was filled in.")
        if s.offline:
            parts.append(
                "The database cannot be reached, so this opened from the draft kept on "
                "this computer. Carry on: save the assessment once the database is back."
            )
        if extra:
            parts.append(extra)
        self.notice_label.setText(" ".join(parts))
        self.notice_label.setVisible(bool(parts))

    def _show_progress(self, sections: list[tuple[str, str, int]]) -> None:
        self.sections_list.blockSignals(True)
        current = self.sections_list.currentRow()
        self.sections_list.clear()
        for sid, title, left in sections:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, sid)
            if not self.read_only:
                item.setIcon(icon("status-waiting" if left else "status-ok"))
                words = f"{left} answer{'s' if left != 1 else ''} still needed" if left else "Done"
                item.setToolTip(words)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}: {words}")
            self.sections_list.addItem(item)
        self.sections_list.setCurrentRow(min(current, self.sections_list.count() - 1))
        self.sections_list.blockSignals(False)

    def _go_to_section(self, item: QListWidgetItem) -> None:
        self.form_widget.scroll_to_section(item.data(Qt.ItemDataRole.UserRole))

    # ---------------------------------------------------------------- drafts
    def _changed(self) -> None:
        self.dirty = True
        self._debounce.start()
        self._recheck_summary()

    def payload(self) -> dict[str, Any]:
        s = self.setup
        return {
            "kind": s.mode,
            "referral_id": s.referral.referral_id,
            "assessment_id": s.saved.id if s.saved else None,
            "expected_version": s.saved.version if s.saved else None,
            "form_id": s.form.form_id,
            "form_version": s.form.version,
            "answers": self.form_widget.answers(),
            "appointment_id": self.appointment_combo.currentData(),
            "title": s.referral.person_name,
            "police_reference": s.referral.police_reference,
            # What the window needs to reopen from the draft while the database is unreachable:
            "header": _header_json(s.referral),
            "context": s.context,
            "settings": {
                k: s.settings.get(k)
                for k in {x.threshold_setting for x in s.form.scores if x.threshold_setting}
            },
            "initial_answers": s.answers,
            "appointments": [_choice_json(c) for c in s.appointments],
        }

    def save_draft(self) -> None:
        """Write the draft file on the file worker (nothing typed is lost, even in a crash)."""
        if self.read_only or self.saved_dto is not None:
            return
        self._debounce.stop()
        self.dirty = False
        self.runner.run(
            self.store.save,
            self.key,
            self.payload(),
            lane="io",
            on_done=self._draft_saved,
            on_error=self._draft_failed,
            owner=self,
        )

    def _draft_saved(self, draft: Draft) -> None:
        self.draft_label.setText(f"Draft saved on this computer at {format_time(draft.saved_at)}")
        self.discard_button.setVisible(True)

    def _draft_failed(self, error: TaskError) -> None:
        self.dirty = True
        self.draft_label.setText(f"The draft could not be saved on this computer: {error.message}")

    def discard_draft(self) -> None:
        if not ask(
            self,
            self.windowTitle(),
            "Throw away the answers kept as a draft?",
            "Discard draft",
            "Keep draft",
        ):
            return
        self.runner.run(self.store.delete, self.key, lane="io", owner=self)
        self.form_widget.set_answers(self.setup.answers)
        self.dirty = False
        self.discard_button.setVisible(False)
        self.draft_label.setText("Draft discarded.")

    def has_unsaved_input(self) -> bool:
        return False  # never asked: whatever is typed stays as a draft

    # ---------------------------------------------------------------- saving
    def focus_path(self, path: str) -> None:
        if path == "appointment_id":
            self.appointment_combo.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.form_widget.focus_path(path)

    def show_problems(self, problems: dict[str, str]) -> None:
        self.form_widget.show_errors(problems)
        self._show_summary(problems)
        self.layout().activate()  # the summary takes its room now, before scrolling to the field
        if problems:
            self.focus_path(next(iter(problems)))

    def save(self) -> None:
        if self.saving or self.read_only:
            return
        s = self.setup
        answers = self.form_widget.answers()
        problems = check_answers(s.form, answers, s.context, self.db.clock.today())
        self.show_problems(problems)
        if problems:
            self.save_draft()
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.save_draft()
        if s.mode == "amend" and s.saved is not None:
            self.runner.run(
                assessments.amend_assessment,
                self.db,
                self.actor,
                s.saved.id,
                answers,
                expected_version=s.saved.version,
                on_done=self._saved,
                on_error=self._failed,
                owner=self,
            )
        else:
            self.runner.run(
                assessments.save_assessment,
                self.db,
                self.actor,
                referral_id=s.referral.referral_id,
                form_id=s.form.form_id,
                form_version=s.form.version,
                answers=answers,
                appointment_id=self.appointment_combo.currentData(),
                on_done=self._saved,
                on_error=self._failed,
                owner=self,
            )

    def _saved(self, dto: assessments.AssessmentDTO) -> None:
        self.saved_dto = dto
        self._autosave.stop()
        self._debounce.stop()
        # The draft goes only now that the assessment is in the database (after any draft write
        # still queued on the same worker lane).
        self.runner.run(self.store.delete, self.key, lane="io")
        self.sig_saved.emit(dto)
        self.reject_without_asking()

    def _failed(self, error: TaskError) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        problems = getattr(error.exception, "problems", None)
        if problems:
            self.show_problems(problems)
            return
        if error.field == "appointment_id":  # e.g. an appointment on a later day
            self._show_summary({"appointment_id": error.message})
            self.focus_path("appointment_id")
            return
        if error.connection_lost:
            message = (
                "The database cannot be reached, so the assessment is not saved yet. Your "
                "answers are kept as a draft on this computer: save again when the "
                "database is back."
            )
        else:
            message = error.message
        self._show_summary({"": message})

    def _show_summary(self, problems: dict[str, str]) -> None:
        """Every problem in the summary at the top (each a link to its answer), in a box no
        taller than a quarter of the window: longer lists scroll inside it."""
        count = sum(1 for name in problems if name)
        title = self.summary.ui.error_summary_title_label
        if count > 1:
            title.setText(f"There are {count} problems to fix before the assessment can be saved")
        else:
            title.setText("There is a problem")
        self.summary.show(problems)
        if not problems:
            self.summary_area.hide()
            return
        self._fit_summary()
        self.summary_area.verticalScrollBar().setValue(0)
        self.summary_area.show()

    def _fit_summary(self) -> None:
        """The summary box as tall as its wrapped messages at the window's width, up to a
        quarter of the window (longer lists scroll inside it)."""
        frame = self.summary.ui.error_summary_frame
        margins = self.layout().contentsMargins()
        width = self.width() - margins.left() - margins.right()
        frame.layout().activate()
        needed = frame.heightForWidth(width) if frame.hasHeightForWidth() else -1
        needed = max(needed, frame.sizeHint().height())
        cap = max(120, int(self.height() * SUMMARY_SHARE))
        self.summary_area.setFixedHeight(min(needed, cap))

    def _recheck_summary(self) -> None:
        """While the summary shows, it follows the answers: a fixed problem leaves it, and it
        goes when nothing is left (problems the server named stay until the next save)."""
        if self.summary_area.isHidden():
            return
        s = self.setup
        shown = self.summary.messages
        problems = check_answers(
            s.form, self.form_widget.answers(), s.context, self.db.clock.today()
        )
        kept = {
            name: message
            for name, message in shown.items()
            if name not in self.form_widget.blocks and name not in problems
        }
        live = {path: message for path, message in problems.items() if path in shown}
        self._show_summary({**live, **kept})

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if not self.summary_area.isHidden():
            self._fit_summary()

    # ---------------------------------------------------------------- view, amend, close
    def _amend(self) -> None:
        if self.setup.saved is not None:
            self.sig_amend.emit(self.setup.saved)
            self.reject_without_asking()

    def done(self, result: int) -> None:
        if self.dirty and self.saved_dto is None and not self.read_only:
            self.save_draft()
        self._autosave.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and self.saved_dto is None:
            self.save_draft()
        super().closeEvent(event)


def _header_json(h: ReferralHeader) -> dict[str, Any]:
    return {
        **asdict(h),
        "referral_date": h.referral_date.isoformat(),
        "date_of_birth": h.date_of_birth.isoformat(),
        "status": h.status.value,
    }


def _header_from(d: dict[str, Any]) -> ReferralHeader:
    return ReferralHeader(
        **{
            **d,
            "referral_date": date.fromisoformat(d["referral_date"]),
            "date_of_birth": date.fromisoformat(d["date_of_birth"]),
            "status": ReferralStatus(d["status"]),
        }
    )


def _choice_json(c: AppointmentChoice) -> dict[str, Any]:
    return {
        "id": c.id,
        "type": c.type.value,
        "start_at": c.start_at.isoformat(),
        "status": c.status.value,
        "length_minutes": c.length_minutes,
    }


def _choice_from(d: dict[str, Any]) -> AppointmentChoice:
    return AppointmentChoice(
        d["id"],
        AppointmentType(d["type"]),
        datetime.fromisoformat(d["start_at"]),
        AppointmentStatus(d["status"]),
        d["length_minutes"],
    )


def _offline_setup(actor: Actor, draft: Draft | None) -> AssessmentSetup | None:
    """The window rebuilt from a draft alone, while the database cannot be reached."""
    from divert_desktop.services.casework.forms_library import default_library

    p = draft.payload if draft is not None else {}
    if draft is None or "header" not in p or not actor.can(Action.RECORD_ASSESSMENT):
        return None
    try:
        form = default_library().get(str(p["form_id"]), str(p["form_version"]))
        return AssessmentSetup(
            "new",
            _header_from(p["header"]),
            form,
            dict(p.get("context") or {}),
            dict(p.get("settings") or {}),
            dict(p.get("initial_answers") or {}),
            tuple(_choice_from(c) for c in p.get("appointments") or ()),
            draft=draft,
            offline=True,
        )
    except (KeyError, TypeError, ValueError, DivertError):
        return None


def _setup_new(db: Database, actor: Actor, referral_id: int, store: DraftStore) -> AssessmentSetup:
    """On the database worker: the newest form, the referral's facts and any draft of it (only
    the draft, when the database cannot be reached, so the caseworker can carry on)."""
    from divert_desktop.core.assessment import DEFAULT_FORM_ID
    from divert_desktop.services.casework.forms_library import default_library

    try:
        start = assessments.start_assessment(db, actor, referral_id)
    except Exception as exc:
        if not is_connection_error(exc):
            raise
        offline = _offline_setup(actor, store.load(assessment_key(referral_id, DEFAULT_FORM_ID)))
        if offline is None:
            raise
        return offline
    draft = store.load(assessment_key(referral_id, DEFAULT_FORM_ID))
    form = start.form
    if draft is not None and draft.payload.get("form_version") != form.version:
        try:  # the draft continues in the version it was started in, if still installed
            form = default_library().get(DEFAULT_FORM_ID, str(draft.payload.get("form_version")))
        except Exception:
            form = start.form
    return AssessmentSetup(
        "new",
        start.referral,
        form,
        start.context,
        start.settings,
        start.answers,
        start.appointments,
        draft=draft,
    )


def _setup_saved(
    db: Database, actor: Actor, assessment_id: int, store: DraftStore, mode: str
) -> AssessmentSetup:
    dto = assessments.open_assessment(db, actor, assessment_id)
    draft = store.load(amendment_key(assessment_id)) if mode == "amend" else None
    return AssessmentSetup(
        mode,
        dto.referral,
        dto.form,
        dto.context,
        dto.settings,
        dto.answers,
        (),
        dto.appointment_id,
        saved=dto,
        draft=draft,
    )


def open_assessment_window(
    parent: QWidget,
    db: Database,
    actor: Actor,
    runner: TaskRunner,
    *,
    referral_id: int | None = None,
    assessment_id: int | None = None,
    amend: bool = False,
    on_open: Callable[[AssessmentDialog], None] | None = None,
    on_saved: Callable[[Any], None] | None = None,
    on_error: Callable[[TaskError], None] | None = None,
) -> None:
    """Open a new assessment of a referral (``referral_id``) or a saved one (``assessment_id``,
    read-only, or ``amend``). Loading runs on the database worker; the view is audited."""
    store = DraftStore(actor.username, database=db.identity, clock=db.clock)

    def show(setup: AssessmentSetup) -> None:
        dialog = AssessmentDialog(db, actor, runner, setup, store, parent)
        if on_saved is not None:
            dialog.sig_saved.connect(on_saved)
        dialog.sig_amend.connect(
            lambda dto: open_assessment_window(
                parent,
                db,
                actor,
                runner,
                assessment_id=dto.id,
                amend=True,
                on_open=on_open,
                on_saved=on_saved,
                on_error=on_error,
            )
        )
        dialog.open()
        if on_open is not None:
            on_open(dialog)

    if assessment_id is not None:
        mode = "amend" if amend else "view"
        runner.run(
            _setup_saved,
            db,
            actor,
            assessment_id,
            store,
            mode,
            on_done=show,
            on_error=on_error,
            owner=parent,
        )
    else:
        runner.run(
            _setup_new, db, actor, referral_id, store, on_done=show, on_error=on_error, owner=parent
        )
