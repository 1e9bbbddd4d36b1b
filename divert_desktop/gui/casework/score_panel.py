"""Live scores: a card per score with the total, the band in words, an icon and a coloured edge
(colour is never the only signal)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from divert_desktop.core.form_rules import ScoreOutcome
from divert_desktop.gui.theme import icon, make_heading, set_role

__all__ = ["LEVEL_COLOURS", "LEVEL_ICONS", "ScoreCard", "ScorePanel"]

LEVEL_ICONS = {"low": "status-ok", "moderate": "status-warning", "high": "status-error"}
LEVEL_COLOURS = {"low": "#00703c", "moderate": "#b58105", "high": "#b3261e", None: "#6f777b"}


def card_name(score_id: str) -> str:
    return "score_" + score_id.replace(".", "__")


class ScoreCard(QFrame):
    """One score: "AUDIT 12", "Zone II: increasing risk", or how many answers are still needed."""

    def __init__(
        self, outcome: ScoreOutcome, parent: QWidget | None = None, *, suffix: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName(card_name(outcome.id) + suffix)
        self.setFrameShape(QFrame.Shape.NoFrame)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 8, 6)
        row.setSpacing(8)
        self.icon_label = QLabel(self)
        self.icon_label.setFixedSize(20, 20)
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(1)
        self.title_label = QLabel(self)
        self.title_label.setObjectName(f"{card_name(outcome.id)}{suffix}_title")
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.band_label = QLabel(self)
        self.band_label.setObjectName(f"{card_name(outcome.id)}{suffix}_band")
        self.band_label.setWordWrap(True)
        words.addWidget(self.title_label)
        words.addWidget(self.band_label)
        row.addLayout(words, 1)
        self.score_label = QLabel(self)
        self.score_label.setObjectName(f"{card_name(outcome.id)}{suffix}_score")
        make_heading(self.score_label, 1.5)
        self.score_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.score_label.setMinimumWidth(34)
        row.addWidget(self.score_label)
        self.outcome = outcome
        self.show_outcome(outcome)

    def show_outcome(self, outcome: ScoreOutcome) -> None:
        self.outcome = outcome
        result = outcome.result
        level = result.level if result else None
        self.title_label.setText(outcome.label)
        if result is None:
            left = outcome.needed - outcome.answered
            self.band_label.setText(
                f"{left} more answer{'s' if left != 1 else ''} needed for the score"
            )
            set_role(self.band_label, "hint")
            self.score_label.setText("–")
            self.icon_label.setPixmap(icon("status-waiting").pixmap(QSize(18, 18)))
        else:
            self.band_label.setText(result.label)
            set_role(self.band_label, "band")
            self.score_label.setText(str(result.score))
            self.icon_label.setPixmap(icon(LEVEL_ICONS[result.level]).pixmap(QSize(18, 18)))
        edge = LEVEL_COLOURS[level]
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ border: 1px solid palette(mid); border-left: 6px solid "
            f"{edge}; border-radius: 3px; background: palette(base); }}"
        )
        band = result.label if result else "not complete yet"
        score = f"score {result.score}, " if result else ""
        self.setAccessibleName(f"{outcome.label}: {score}{band}")
        self.setToolTip(self.accessibleName())

    @property
    def band_text(self) -> str:
        return self.band_label.text()


class ScorePanel(QWidget):
    """Every score of the form, updated as the caseworker answers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("score_panel")
        self.setAccessibleName("Scores")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        title = QLabel("Scores", self)
        title.setObjectName("score_panel_title")
        make_heading(title, 1.15)
        layout.addWidget(title)
        self.empty_label = QLabel(
            "Scores appear here as the screening questions are answered.", self
        )
        self.empty_label.setWordWrap(True)
        set_role(self.empty_label, "hint")
        layout.addWidget(self.empty_label)
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(6)
        layout.addLayout(self.cards_layout)
        layout.addStretch(1)
        self.cards: dict[str, ScoreCard] = {}

    def show_scores(self, outcomes: Sequence[ScoreOutcome]) -> None:
        wanted = {o.id for o in outcomes}
        for sid in list(self.cards):
            if sid not in wanted:
                card = self.cards.pop(sid)
                self.cards_layout.removeWidget(card)
                card.deleteLater()
        for n, outcome in enumerate(outcomes):
            card = self.cards.get(outcome.id)
            if card is None:
                card = ScoreCard(outcome, self)
                self.cards[outcome.id] = card
            else:
                card.show_outcome(outcome)
            self.cards_layout.insertWidget(n, card)
        self.empty_label.setVisible(not outcomes)
