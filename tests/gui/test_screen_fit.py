"""Every window and dialog fits a 1366x768 or 1280x800 laptop screen (frame, buttons, status bar).

The window tests run twice more in a subprocess whose offscreen screen is exactly that size
(``QT_QPA_PLATFORM=offscreen:configfile=…``), so the real windows size themselves to a real screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from divert_desktop.core.enums import Role
from divert_desktop.gui.shell.screen_fit import ScreenFitter, fit_to_screen, install_screen_fitter

SCREENS = {"1366x768": (1366, 768), "1280x800": (1280, 800)}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fitter(qapp: Any) -> Iterator[ScreenFitter]:
    """The app's screen fitter, as ``make_application`` installs it."""
    fitter = install_screen_fitter(qapp)
    yield fitter
    qapp.removeEventFilter(fitter)
    fitter.setParent(None)
    fitter.deleteLater()


def room() -> QRect:
    return QApplication.primaryScreen().availableGeometry()


def assert_fits(window: QWidget, qtbot: Any) -> None:
    qtbot.waitUntil(window.isVisible, timeout=5_000)
    qtbot.wait(20)
    frame, space = window.frameGeometry(), room()
    assert space.contains(frame), f"{window.objectName()} {frame} is not inside {space}"
    expected = os.environ.get("DIVERT_FIT_SCREEN")
    if expected:  # inside the subprocess: the screen really is the laptop's
        assert (space.width(), space.height()) == SCREENS[expected]


# ---------------------------------------------------------------- the helper, given the screen
@pytest.mark.parametrize("size", list(SCREENS))
def test_the_helper_shrinks_and_moves_a_big_window_inside_the_screen(qtbot: Any, size: str) -> None:
    width, height = SCREENS[size]
    space = QRect(0, 0, width, height - 40)  # a task bar along the bottom
    window = QDialog()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.move(200, 150)
    fit_to_screen(window, space)
    frame = window.frameGeometry()
    assert window.width() <= width and window.height() <= height - 40
    assert space.contains(QRect(frame.topLeft(), window.size() + _allowance()))


def _allowance() -> Any:
    from PySide6.QtCore import QSize

    from divert_desktop.gui.shell.screen_fit import FRAME_ALLOWANCE

    return QSize(*FRAME_ALLOWANCE)


def test_the_helper_never_shrinks_below_the_minimum(qtbot: Any) -> None:
    window = QDialog()
    qtbot.addWidget(window)
    window.setMinimumSize(700, 500)
    window.resize(900, 900)
    fit_to_screen(window, QRect(0, 0, 600, 400))
    assert (window.width(), window.height()) == (700, 500)


# ------------------------------------------- real windows (run in the laptop-screen subprocess)
on_a_laptop = pytest.mark.skipif(
    not os.environ.get("DIVERT_FIT_SCREEN"), reason="runs on a laptop-sized screen (see the end)"
)


@on_a_laptop
@pytest.mark.parametrize("role", list(Role))
def test_the_main_window_fits(
    qtbot: Any, fitter: Any, sqlite_db: Any, make_actor: Any, runner: Any, role: Role
) -> None:
    from divert_desktop.app import build_main_window

    window = build_main_window(sqlite_db, make_actor(sqlite_db, role), runner)
    qtbot.addWidget(window)
    window.show()  # a first start asks for 1280x800
    assert_fits(window, qtbot)
    assert window.statusBar().isVisible()
    window.resize(1400, 1000)  # grows past the screen: put back inside
    assert_fits(window, qtbot)


def _dialogs(db: Any, actor: Any, runner: Any) -> dict[str, Callable[[], QWidget]]:
    from divert_desktop.gui.admin.add_user_dialog import AddUserDialog
    from divert_desktop.gui.admin.change_password_dialog import ChangePasswordDialog
    from divert_desktop.gui.admin.venues_dialog import VenuesDialog
    from divert_desktop.gui.casework.followup_dialog import FollowUpImportDialog
    from divert_desktop.gui.casework.service_dialog import ServiceDialog
    from divert_desktop.gui.connection import ConnectionDialog
    from divert_desktop.gui.diary.find_slot_dialog import FindSlotDialog
    from divert_desktop.gui.intake.import_dialog import ImportDialog
    from divert_desktop.gui.intake.intake_dialog import IntakeDialog
    from divert_desktop.gui.letters.batch_dialog import LetterBatchDialog
    from divert_desktop.gui.letters.templates_dialog import LetterTemplatesDialog
    from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog
    from divert_desktop.gui.shell.help_window import HelpWindow
    from divert_desktop.gui.shell.login_dialog import LoginDialog

    return {
        "first_run": lambda: FirstRunDialog(db, runner),
        "login": lambda: LoginDialog(db, runner),
        "add_user": lambda: AddUserDialog(db, actor, runner),
        "change_password": lambda: ChangePasswordDialog(db, actor, runner),
        "connection": lambda: ConnectionDialog(runner),
        "import": lambda: ImportDialog(db, actor, runner),
        "intake": lambda: IntakeDialog(db, actor, runner),
        "help": lambda: HelpWindow(runner, Role.MANAGER),
        "follow_up_import": lambda: FollowUpImportDialog(db, actor, runner),
        "venues": lambda: VenuesDialog(None, db, actor, runner),
        "service": lambda: ServiceDialog(db, actor, runner),
        "find_slot": lambda: FindSlotDialog(None, runner, db, actor),
        "letter_batch": lambda: LetterBatchDialog(None, db, actor, runner),
        "letter_templates": lambda: LetterTemplatesDialog(None, db, actor, runner),
    }


DIALOGS = [
    "first_run",
    "login",
    "add_user",
    "change_password",
    "connection",
    "import",
    "intake",
    "help",
    "follow_up_import",
    "venues",
    "service",
    "find_slot",
    "letter_batch",
    "letter_templates",
]


@on_a_laptop
@pytest.mark.parametrize("name", DIALOGS)
def test_each_dialog_fits(
    qtbot: Any, fitter: Any, sqlite_db: Any, make_actor: Any, runner: Any, name: str
) -> None:
    actor = make_actor(sqlite_db, Role.ADMINISTRATOR if name == "add_user" else Role.MANAGER)
    dialog = _dialogs(sqlite_db, actor, runner)[name]()
    close = getattr(dialog, "reject_without_asking", dialog.close)
    qtbot.addWidget(dialog, before_close_func=lambda _d: close())
    dialog.show()
    assert_fits(dialog, qtbot)


@on_a_laptop
def test_the_connection_dialog_stays_inside_after_shared_server_and_a_test(
    qtbot: Any, fitter: Any, runner: Any
) -> None:
    from divert_desktop.gui.connection import ConnectionDialog

    dialog = ConnectionDialog(runner)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
    dialog.show()
    dialog.new_profile()
    dialog.ui.server_radio.setChecked(True)
    dialog.ui.host_edit.setText("127.0.0.1")
    dialog.ui.port_spin.setValue(1)  # nothing listens: the test fails and says why, at length
    dialog.ui.database_edit.setText("divert")
    dialog.ui.user_edit.setText("divert_app")
    dialog.test()
    qtbot.waitUntil(lambda: dialog.ui.result_label.isVisible(), timeout=20_000)
    assert_fits(dialog, qtbot)
    button = dialog.ui.connect_button
    corner = button.mapToGlobal(button.rect().bottomRight())
    assert room().contains(corner)


@on_a_laptop
def test_the_assessment_window_fits(
    qtbot: Any,
    fitter: Any,
    sqlite_db: Any,
    make_actor: Any,
    runner: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.db.casework_helpers import booked_case
    from tests.gui.casework_helpers import open_assessment

    monkeypatch.setenv("DIVERT_DATA_DIR", str(tmp_path / "data"))
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    dialog = open_assessment(qtbot, None, sqlite_db, actor, runner, referral_id=case.referral_id)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.reject_without_asking())
    dialog.show()
    assert_fits(dialog, qtbot)


# ---------------------------------------------------------------- the laptop screens themselves
@pytest.mark.skipif(bool(os.environ.get("DIVERT_FIT_SCREEN")), reason="already inside")
@pytest.mark.parametrize("size", list(SCREENS))
def test_every_window_fits_a_laptop_screen(tmp_path: Path, size: str) -> None:
    width, height = SCREENS[size]
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": size,
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env["DIVERT_FIT_SCREEN"] = size
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            __file__,
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "-k",
            "fits or stays_inside",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
