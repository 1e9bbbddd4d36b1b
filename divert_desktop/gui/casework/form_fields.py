"""One input per answer type of a form definition, each in a block with its label, hint and error."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator, QIntValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.form_rules import item_label
from divert_desktop.core.forms import Question
from divert_desktop.core.validation import format_date, parse_date
from divert_desktop.gui.theme import colour, set_invalid, set_role

__all__ = ["QuestionBlock", "object_name"]

HORIZONTAL_CHARS = 90  # options shorter than this in total sit on one line


def object_name(path: str) -> str:
    """A snake_case object name for an answer's input: "assist.cannabis.q2" -> q_assist__cannabis__q2."""
    return "q_" + path.replace(".", "__")


def _freeze(widget: QWidget) -> None:
    """Read-only without greying out: clicks and keys no longer change it."""
    widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class _Input(QWidget):
    sig_changed = Signal()

    def value(self) -> Any:  # pragma: no cover - every input overrides it
        return None

    def set_value(self, value: Any) -> None:  # pragma: no cover
        pass

    def set_read_only(self) -> None:  # pragma: no cover
        pass

    def focus_target(self) -> QWidget:
        return self


class _Choices(_Input):
    """Radio buttons (single choice, yes/no) or check boxes (multi choice)."""

    def __init__(self, q: Question, name: str, parent: QWidget, *, multi: bool = False) -> None:
        super().__init__(parent)
        self.multi = multi
        options = [(o.value, o.label) for o in q.options]
        if q.type == "yes_no":
            options = [(True, "Yes"), (False, "No")]
        self.buttons: list[tuple[Any, QAbstractButton]] = []
        self.group = QButtonGroup(self)
        self.group.setExclusive(not multi)
        total = sum(len(label) for _, label in options)
        horizontal = q.type == "yes_no" or total <= HORIZONTAL_CHARS
        columns = len(options) if horizontal else (2 if multi and len(options) > 5 else 1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        for n, (value, label) in enumerate(options):
            button: QAbstractButton = QCheckBox(label, self) if multi else QRadioButton(label, self)
            suffix = (
                str(value).lower() if not isinstance(value, bool) else ("yes" if value else "no")
            )
            button.setObjectName(f"{name}_{suffix}")
            self.group.addButton(button)
            button.toggled.connect(lambda _on: self.sig_changed.emit())
            if columns == 1:
                grid.addWidget(button, n, 0)
            elif horizontal:
                grid.addWidget(button, 0, n)
            else:
                rows = (len(options) + columns - 1) // columns
                grid.addWidget(button, n % rows, n // rows)
            self.buttons.append((value, button))
        grid.setColumnStretch(columns, 1)

    def value(self) -> Any:
        chosen = [value for value, button in self.buttons if button.isChecked()]
        if self.multi:
            return chosen
        return chosen[0] if chosen else None

    def set_value(self, value: Any) -> None:
        wanted = value if isinstance(value, list) else [value]
        self.blockSignals(True)
        if not self.multi:
            self.group.setExclusive(False)
        for option, button in self.buttons:
            button.setChecked(any(option == w and type(option) is type(w) for w in wanted))
        if not self.multi:
            self.group.setExclusive(True)
        self.blockSignals(False)

    def set_read_only(self) -> None:
        for _value, button in self.buttons:
            _freeze(button)

    def focus_target(self) -> QWidget:
        checked = [b for _v, b in self.buttons if b.isChecked()]
        return (checked or [self.buttons[0][1]])[0]


class _Line(_Input):
    """Text, a number (with its unit) or a date typed as 2/12/2026."""

    def __init__(self, q: Question, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.kind = q.type
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(name)
        if q.type == "number":
            validator = QIntValidator(self) if q.integer else QDoubleValidator(self)
            self.edit.setValidator(validator)
            self.edit.setMaximumWidth(110)
        elif q.type == "date":
            self.edit.setPlaceholderText("for example 2/12/2026")
            self.edit.setMaximumWidth(200)
            self.edit.editingFinished.connect(self._tidy_date)
        else:
            self.edit.setMaxLength(q.max_length)
        row.addWidget(self.edit, 1 if q.type == "text" else 0)
        if q.unit:
            unit = QLabel(q.unit, self)
            set_role(unit, "hint")
            row.addWidget(unit)
        if q.type != "text":
            row.addStretch(1)
        self.edit.textChanged.connect(lambda _t: self.sig_changed.emit())

    def _tidy_date(self) -> None:
        value = self.value()
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            try:
                self.edit.setText(format_date(date.fromisoformat(value)))
            except ValueError:
                pass

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        if self.kind == "number":
            try:
                number = float(text.replace(",", ""))
            except ValueError:
                return text
            return int(number) if number.is_integer() else number
        if self.kind == "date":
            try:
                return parse_date(text, "date").isoformat()
            except ValidationError:
                try:
                    return datetime.strptime(text, "%a %d %b %Y").date().isoformat()
                except ValueError:
                    return text  # checked later: "Enter a real date"
        return text

    def set_value(self, value: Any) -> None:
        self.edit.blockSignals(True)
        if value is None:
            self.edit.clear()
        elif self.kind == "date":
            try:
                self.edit.setText(format_date(date.fromisoformat(str(value))))
            except ValueError:
                self.edit.setText(str(value))
        elif self.kind == "number" and isinstance(value, float) and value.is_integer():
            self.edit.setText(str(int(value)))
        else:
            self.edit.setText(str(value))
        self.edit.blockSignals(False)

    def set_read_only(self) -> None:
        self.edit.setReadOnly(True)

    def focus_target(self) -> QWidget:
        return self.edit


class _Text(_Input):
    def __init__(self, q: Question, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName(name)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(72)
        self.limit = q.max_length
        layout.addWidget(self.edit)
        self.edit.textChanged.connect(self.sig_changed.emit)

    def value(self) -> Any:
        return self.edit.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText("" if value is None else str(value))
        self.edit.blockSignals(False)

    def set_read_only(self) -> None:
        self.edit.setReadOnly(True)

    def focus_target(self) -> QWidget:
        return self.edit


class QuestionBlock(QWidget):
    """A question: its label (with a required marker), hint, error message and input.

    ``path`` names the answer; ``sig_changed`` fires on every edit."""

    sig_changed = Signal(str)

    def __init__(self, q: Question, path: str, parent: QWidget, item: str = "") -> None:
        super().__init__(parent)
        self.question, self.path = q, path
        name = object_name(path)
        self.setObjectName(f"{name}_block")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(3)
        self.text = item_label(q.label, item) if item else q.label
        self.label = QLabel(self.text, self)
        self.label.setObjectName(f"{name}_label")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        layout.addWidget(self.label)
        if q.hint:
            hint = QLabel(q.hint, self)
            hint.setWordWrap(True)
            set_role(hint, "hint")
            layout.addWidget(hint)
        self.error = QLabel(self)
        self.error.setObjectName(f"{name}_error_label")
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.hide()
        layout.addWidget(self.error)
        if q.type in ("single_choice", "yes_no"):
            self.input: _Input = _Choices(q, name, self)
        elif q.type == "multi_choice":
            self.input = _Choices(q, name, self, multi=True)
        elif q.type == "text" and q.multiline:
            self.input = _Text(q, name, self)
        else:
            self.input = _Line(q, name, self)
        layout.addWidget(self.input)
        self.input.sig_changed.connect(lambda: self.sig_changed.emit(self.path))
        target = self.input.focus_target()
        self.label.setBuddy(target)
        target.setAccessibleName(self.text)
        self._required = False

    def value(self) -> Any:
        return self.input.value()

    def set_value(self, value: Any) -> None:
        self.input.set_value(value)

    def set_read_only(self) -> None:
        self.input.set_read_only()

    def set_required(self, required: bool) -> None:
        if required == self._required:
            return
        self._required = required
        red = colour("error_text")
        if required:
            self.label.setTextFormat(Qt.TextFormat.RichText)
            self.label.setText(f"{_escape(self.text)} <span style='color:{red}'>*</span>")
        else:
            self.label.setTextFormat(Qt.TextFormat.PlainText)
            self.label.setText(self.text)
        self.input.focus_target().setAccessibleDescription("Required" if required else "")

    def set_error(self, message: str | None) -> None:
        target = self.input.focus_target()
        if message:
            self.error.setText(message)
            self.error.show()
        else:
            self.error.clear()
            self.error.hide()
        for widget in (
            target,
            *self.input.findChildren(QLineEdit),
            *self.input.findChildren(QPlainTextEdit),
        ):
            set_invalid(widget, bool(message))
        target.setAccessibleDescription(message or ("Required" if self._required else ""))

    def focus(self) -> None:
        self.input.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
