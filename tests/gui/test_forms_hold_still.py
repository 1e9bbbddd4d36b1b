"""Forms hold still: an error appearing or going never moves the fields under the pointer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget


def fields(dialog: Any) -> dict[str, QRect]:
    """Where each visible text field is drawn in the dialog."""
    return {
        e.objectName(): QRect(e.mapTo(dialog, QPoint(0, 0)), e.size())
        for e in dialog.findChildren(QWidget)
        if isinstance(e, QLineEdit | QPlainTextEdit) and e.isVisible()
    }


def places(dialog: Any) -> dict[str, QPoint]:
    """Each field's top-left corner; no field drawn over another (a squeezed column did that)."""
    found = fields(dialog)
    rects = sorted(found.items())
    for n, (name, rect) in enumerate(rects):
        for other, other_rect in rects[n + 1 :]:
            assert not rect.intersects(other_rect), f"{name} is drawn over {other}"
    return {name: rect.topLeft() for name, rect in found.items()}


def check_still(qtbot: Any, dialog: Any, submit: Any) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)  # the wrapped hints settle their height
    before = places(dialog)
    submit()  # every field empty: errors appear beside them
    qtbot.wait(20)
    assert dialog.ui.username_error_label.isVisible()
    assert places(dialog) == before, "the fields moved when the errors appeared"
    qtbot.keyClicks(dialog.ui.username_edit, "jo")  # fixing one: its error goes
    qtbot.wait(20)
    assert not dialog.ui.username_error_label.isVisible()
    assert places(dialog) == before, "the fields moved when an error went"


def test_add_user_fields_hold_still(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any
) -> None:
    from divert_desktop.core.enums import Role
    from divert_desktop.gui.admin.add_user_dialog import AddUserDialog

    dialog = AddUserDialog(sqlite_db, make_actor(sqlite_db, Role.ADMINISTRATOR), runner)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
    check_still(qtbot, dialog, dialog.add)


def test_first_run_fields_hold_still(qtbot: Any, sqlite_db: Any, runner: Any) -> None:
    from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog

    dialog = FirstRunDialog(sqlite_db, runner)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
    check_still(qtbot, dialog, dialog.create)
    before = places(dialog)
    qtbot.keyClicks(dialog.ui.username_edit, " no!")  # a longer message, over two lines
    dialog.create()
    qtbot.wait(20)
    assert "letters, numbers" in dialog.ui.username_error_label.text()
    assert places(dialog) == before, "the fields moved for a two-line message"
    qtbot.keyClicks(dialog.ui.password_edit, "short")  # the error goes, the live hint returns
    qtbot.keyClicks(dialog.ui.confirm_password_edit, "other")
    qtbot.wait(20)
    assert dialog.ui.password_hint_label.isVisible()
    assert places(dialog) == before, "the fields moved as the password hint changed"
