"""The smallest PySide6 sign-in window, for comparing start-up with the real app (benchmark).

With ``DIVERT_STARTUP_PROBE=FILE`` it writes the time to FILE when first painted, then quits,
exactly as the app does.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)


class Probe(QObject):
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            with open(self.path, "w", encoding="utf-8") as handle:
                handle.write(f"{time.time():.6f}\n")
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    dialog = QDialog()
    dialog.setWindowTitle("Sign in")
    form = QFormLayout()
    form.addRow("Username", QLineEdit(dialog))
    password = QLineEdit(dialog)
    password.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow("Password", password)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(QPushButton("Sign in", dialog))
    probe_path = os.environ.get("DIVERT_STARTUP_PROBE")
    if probe_path:
        probe = Probe(probe_path)
        dialog.installEventFilter(probe)
    dialog.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
