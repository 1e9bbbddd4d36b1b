"""Per-machine interface state in QSettings: window geometry, last page, folders, column widths."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView

ORGANISATION = "DIVERT"
APPLICATION = "DIVERT Desktop"


def app_settings() -> QSettings:
    """The user's settings file (INI format everywhere, so tests can redirect it with
    ``QSettings.setPath(IniFormat, UserScope, folder)``)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def save_bytes(key: str, value: QByteArray) -> None:
    settings = app_settings()
    settings.setValue(key, value)
    settings.sync()


def load_bytes(key: str) -> QByteArray | None:
    value = app_settings().value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_text(key: str, value: str) -> None:
    settings = app_settings()
    settings.setValue(key, value)
    settings.sync()


def load_text(key: str, default: str = "") -> str:
    value = app_settings().value(key, default)
    return str(value) if value is not None else default


def last_folder(key: str) -> str:
    """The folder last used for ``key`` (import, rejects …), else the home folder."""
    folder = load_text(f"folders/{key}")
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(key: str, file_path: str) -> None:
    save_text(f"folders/{key}", str(Path(file_path).parent))


def save_header(key: str, header: QHeaderView) -> None:
    """Remember a table's column widths and order."""
    save_bytes(f"tables/{key}/header", header.saveState())


def restore_header(key: str, header: QHeaderView) -> bool:
    state = load_bytes(f"tables/{key}/header")
    return bool(state is not None and header.restoreState(state))
