"""The QApplication: the app's names, look and icon (used by the app, its self-test and tools)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from divert_desktop import __version__
from divert_desktop.gui.shell.screen_fit import install_screen_fitter
from divert_desktop.gui.shell.settings import APPLICATION, ORGANISATION
from divert_desktop.gui.theme import apply_theme


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the app's names, look and icon."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)  # the windows change hands (sign-in, main, sign-out)
    apply_theme(app)
    install_screen_fitter(app)  # every window and dialog fits the screen it opens on
    return app
