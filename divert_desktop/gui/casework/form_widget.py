"""The generic form widget: renders any form definition, applies its conditions live, shows
required markers, errors next to each answer and the scores as they are worked out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.form_rules import ScoreOutcome, check_answers, compute_scores, evaluate
from divert_desktop.core.forms import FormDefinition, Question
from divert_desktop.core.scoring import ScoreResult
from divert_desktop.gui.casework.form_fields import QuestionBlock, object_name
from divert_desktop.gui.casework.score_panel import ScoreCard
from divert_desktop.gui.theme import make_heading, set_role

__all__ = ["FormWidget", "stored_outcomes"]


def stored_outcomes(form: FormDefinition, scores: Mapping[str, Any]) -> list[ScoreOutcome]:
    """Scores as they were saved (an old assessment shows what was computed then)."""
    out = []
    for sid, s in scores.items():
        spec = next((x for x in form.scores if sid == x.id or sid.startswith(f"{x.id}.")), None)
        result = ScoreResult(int(s["score"]), str(s["band"]), str(s["band_label"]), str(s["level"]))
        out.append(ScoreOutcome(sid, str(s["label"]), spec.section if spec else "", result, 1, 1))
    return out


class _Group(QWidget):
    """A repeated group: one box of questions per item chosen in its source question."""

    def __init__(self, q: Question, form_widget: FormWidget) -> None:
        super().__init__(form_widget.body)
        self.question, self.owner = q, form_widget
        self.setObjectName(f"{object_name(q.id)}_group")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(8)
        self.boxes: dict[str, QGroupBox] = {}
        self.items: tuple[tuple[str, str], ...] = ()

    def show_items(self, items: tuple[tuple[str, str], ...]) -> bool:
        """Show a box per item (made when first needed, kept with its answers); True if changed."""
        if items == self.items:
            return False
        self.items = items
        for box in self.boxes.values():
            self.layout_.removeWidget(box)
            box.hide()
        for value, label in items:
            box = self.boxes.get(value) or self._box(value, label)
            self.layout_.addWidget(box)
            box.show()
        return True

    def _box(self, value: str, label: str) -> QGroupBox:
        box = QGroupBox(label, self)
        box.setObjectName(f"{object_name(self.question.id)}__{value}_box")
        layout = QVBoxLayout(box)
        layout.setSpacing(2)
        for sub in self.question.questions:
            block = self.owner._block(sub, f"{self.question.id}.{value}.{sub.id}", box, label)
            layout.addWidget(block)
        self.boxes[value] = box
        return box

    def value(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for value in self.boxes:
            mine = {}
            for sub in self.question.questions:
                answer = self.owner.blocks[f"{self.question.id}.{value}.{sub.id}"].value()
                if answer not in (None, [], ""):
                    mine[sub.id] = answer
            if mine:
                out[value] = mine
        return out


class FormWidget(QScrollArea):
    """Renders ``form`` for ``context`` (facts such as ``young_person``).

    ``sig_changed`` fires after every edit (the dialog saves its draft then); ``sig_scores``
    carries the current ScoreOutcomes. Read-only, it shows the answers and the stored scores.
    """

    sig_changed = Signal()
    sig_scores = Signal(list)
    sig_progress = Signal(list)  # [(section id, title, problems left)] of the sections shown

    def __init__(
        self,
        form: FormDefinition,
        context: Mapping[str, Any],
        answers: Mapping[str, Any] | None = None,
        *,
        settings: Mapping[str, Any] | None = None,
        read_only: bool = False,
        stored_scores: Mapping[str, Any] | None = None,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        """Today by the app's clock (answers dated in the future are problems)."""
        self.setObjectName("assessment_form")
        self.setAccessibleName(form.title)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.form, self.context = form, dict(context)
        self.settings = dict(settings or {})
        self.read_only = read_only
        self.stored_scores = dict(stored_scores or {})
        self.blocks: dict[str, QuestionBlock] = {}
        self.groups: dict[str, _Group] = {}
        self.sections: dict[str, QWidget] = {}
        self.cards: dict[str, ScoreCard] = {}
        self.card_boxes: dict[str, QVBoxLayout] = {}
        self.outcomes: list[ScoreOutcome] = []
        self._loading = False
        self.body = QWidget(self)
        self.body.setObjectName("assessment_form_body")
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(4, 4, 16, 16)
        layout.setSpacing(6)
        legend = QLabel("Questions marked * need an answer before the assessment can be saved.")
        legend.setObjectName("required_legend_label")
        legend.setWordWrap(True)
        set_role(legend, "hint")
        legend.setVisible(not read_only)
        layout.addWidget(legend)
        for section in form.sections:
            layout.addWidget(self._section(section))
        layout.addStretch(1)
        self.setWidget(self.body)
        self.set_answers(answers or {})

    # ---------------------------------------------------------------- building
    def _section(self, section: Any) -> QWidget:
        frame = QWidget(self.body)
        frame.setObjectName(f"section_{section.id}")
        frame.setAccessibleName(section.title)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 14, 0, 4)
        layout.setSpacing(2)
        heading = QLabel(section.title, frame)
        heading.setObjectName(f"section_{section.id}_heading")
        make_heading(heading, 1.25)
        layout.addWidget(heading)
        if section.intro:
            intro = QLabel(section.intro, frame)
            intro.setWordWrap(True)
            set_role(intro, "hint")
            layout.addWidget(intro)
        for q in section.questions:
            if q.type == "repeat":
                group = _Group(q, self)
                self.groups[q.id] = group
                layout.addWidget(group)
            else:
                layout.addWidget(self._block(q, q.id, frame))
        if any(spec.section == section.id for spec in self.form.scores):
            cards = QVBoxLayout()
            cards.setSpacing(6)
            cards.setContentsMargins(0, 6, 0, 0)
            layout.addLayout(cards)
            self.card_boxes[section.id] = cards
        self.sections[section.id] = frame
        return frame

    def _block(self, q: Question, path: str, parent: QWidget, item: str = "") -> QuestionBlock:
        block = QuestionBlock(q, path, parent, item)
        if self.read_only:
            block.set_read_only()
        block.sig_changed.connect(self._changed)
        self.blocks[path] = block
        return block

    # ---------------------------------------------------------------- answers
    def answers(self) -> dict[str, Any]:
        """Everything typed so far (answers to hidden questions too: the draft keeps them)."""
        out: dict[str, Any] = {}
        for path, block in self.blocks.items():
            if "." in path:
                continue
            value = block.value()
            if value not in (None, [], ""):
                out[path] = value
        for qid, group in self.groups.items():
            value = group.value()
            if value:
                out[qid] = value
        return out

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        self._loading = True
        try:
            self._apply_top(answers)
            for _ in range(3):  # chosen items make boxes, whose answers can make more show
                self.refresh()
                for qid, group in self.groups.items():
                    given = answers.get(qid) if isinstance(answers.get(qid), Mapping) else {}
                    for value in group.boxes:
                        for sub in group.question.questions:
                            path = f"{qid}.{value}.{sub.id}"
                            self.blocks[path].set_value((given.get(value) or {}).get(sub.id))
        finally:
            self._loading = False
        self.refresh()

    def _apply_top(self, answers: Mapping[str, Any]) -> None:
        for path, block in self.blocks.items():
            if "." not in path:
                block.set_value(answers.get(path))

    def _changed(self, path: str) -> None:
        if self._loading:
            return
        self.blocks[path].set_error(None)
        self.refresh()
        self.sig_changed.emit()

    # ---------------------------------------------------------------- live evaluation
    def refresh(self) -> None:
        """Apply the conditions to what is typed now, then update the scores."""
        answers = self.answers()
        ev = evaluate(self.form, answers, self.context)
        for qid, group in self.groups.items():
            if group.show_items(ev.instances.get(qid, ())):
                ev = evaluate(self.form, self.answers(), self.context)
        for sid, frame in self.sections.items():
            frame.setVisible(f"section:{sid}" in ev.visible)
        for qid, group in self.groups.items():
            group.setVisible(qid in ev.visible)
        for path, block in self.blocks.items():
            block.setVisible(path in ev.visible)
            block.set_required(not self.read_only and path in ev.required)
        if self.read_only:
            outcomes = stored_outcomes(self.form, self.stored_scores)
        else:
            outcomes = compute_scores(self.form, self.answers(), self.context, self.settings)
        self._show_cards(outcomes)
        self.outcomes = outcomes
        self.sig_scores.emit(outcomes)
        self.sig_progress.emit(self.progress(ev.visible))

    def progress(self, visible: frozenset[str] | None = None) -> list[tuple[str, str, int]]:
        """Each section shown, with how many of its answers still need attention."""
        if visible is None:
            visible = evaluate(self.form, self.answers(), self.context).visible
        left: dict[str, int] = {}
        if not self.read_only:
            for path in check_answers(self.form, self.answers(), self.context, self.today()):
                section = self.form.section_of(path.split(".", 1)[0])
                if section is not None:
                    left[section.id] = left.get(section.id, 0) + 1
        return [
            (s.id, s.title, left.get(s.id, 0))
            for s in self.form.sections
            if f"section:{s.id}" in visible
        ]

    def scroll_to_section(self, section_id: str) -> None:
        frame = self.sections.get(section_id)
        if frame is not None:
            self.verticalScrollBar().setValue(frame.y())

    def _show_cards(self, outcomes: list[ScoreOutcome]) -> None:
        wanted = {o.id for o in outcomes}
        for sid in list(self.cards):
            if sid not in wanted:
                self.cards.pop(sid).deleteLater()
        for outcome in outcomes:
            box = self.card_boxes.get(outcome.section)
            if box is None:
                continue
            card = self.cards.get(outcome.id)
            if card is None:
                card = ScoreCard(outcome, self.sections[outcome.section], suffix="_inline")
                self.cards[outcome.id] = card
                box.addWidget(card)
            else:
                card.show_outcome(outcome)

    # ---------------------------------------------------------------- errors
    def show_errors(self, problems: Mapping[str, str]) -> None:
        for path, block in self.blocks.items():
            block.set_error(problems.get(path))

    def focus_path(self, path: str) -> None:
        """Scroll to an answer and put the cursor in it (after the layout has settled)."""
        block = self.blocks.get(path)
        if block is None:
            return
        block.focus()

        def scroll() -> None:
            if block.isVisible():
                # Messages and sections just shown: settle every pending layout first.
                QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
                self.ensureWidgetVisible(block, 40, 80)

        QTimer.singleShot(0, scroll)
