"""Driving the casework windows as a user would: click the answers, type the text."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from divert_desktop.core.validation import format_date
from divert_desktop.gui.casework.assessment_dialog import AssessmentDialog, open_assessment_window
from divert_desktop.gui.casework.form_fields import object_name


def opened(qtbot: Any, opener: Any, *args: Any, track: bool = True, **kwargs: Any) -> Any:
    """Call an ``open_…`` function and wait for its dialog (closed after the test if ``track``)."""
    got: list[Any] = []
    errors: list[Any] = []
    opener(*args, on_open=got.append, on_error=errors.append, **kwargs)
    qtbot.waitUntil(lambda: bool(got or errors), timeout=15_000)
    assert not errors, errors[0].message
    if track:
        qtbot.addWidget(got[0])
    return got[0]


def open_assessment(
    qtbot: Any, parent: Any, db: Any, actor: Any, runner: Any, **kw: Any
) -> AssessmentDialog:
    return opened(qtbot, open_assessment_window, parent, db, actor, runner, **kw)


def widget(dialog: QWidget, path: str, suffix: str = "") -> Any:
    found = dialog.findChild(QWidget, object_name(path) + suffix)
    assert found is not None, path + suffix
    return found


def click(qtbot: Any, button: QAbstractButton) -> None:
    """Click a button; a radio button or check box on its indicator, as a user aims."""
    button.setFocus()
    if isinstance(button, QRadioButton | QCheckBox):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def answer(qtbot: Any, dialog: QWidget, path: str, value: Any) -> None:
    """Give one answer through its widget: click radios and boxes, type text, numbers, dates."""
    if isinstance(value, bool):
        click(qtbot, widget(dialog, path, "_yes" if value else "_no"))
    elif isinstance(value, list):
        block = dialog.form_widget.blocks[path]
        for option, box in block.input.buttons:
            if box.isChecked() != (option in value):
                click(qtbot, box)
    elif (
        isinstance(value, str) and dialog.form_widget.blocks[path].question.type == "single_choice"
    ):
        click(qtbot, widget(dialog, path, f"_{value}"))
    else:
        edit = widget(dialog, path)
        assert isinstance(edit, QLineEdit | QPlainTextEdit)
        edit.setFocus()
        edit.clear()
        text = format_date(date.fromisoformat(value)) if _is_date(value) else str(value)
        qtbot.keyClicks(edit, text)
        if isinstance(edit, QLineEdit):
            edit.editingFinished.emit()


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"


def fill(qtbot: Any, dialog: AssessmentDialog, answers: dict[str, Any]) -> None:
    """Answer everything in ``answers`` in form order (groups after the question they repeat)."""
    for path, value in answers.items():
        if isinstance(value, dict):
            continue
        answer(qtbot, dialog, path, value)
        for group, items in answers.items():
            if isinstance(items, dict) and dialog.setup.form.question(group).repeat_over == path:
                for item, subs in items.items():
                    for sub, sub_value in subs.items():
                        answer(qtbot, dialog, f"{group}.{item}.{sub}", sub_value)
