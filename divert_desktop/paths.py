"""Where files live: the user data folder, backups, and resources (also inside a PyInstaller bundle)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from divert_desktop.private_files import private_folder

APP_NAME = "DIVERT Desktop"
APP_AUTHOR = "DIVERT"
DATABASE_FILENAME = "divert.sqlite3"


def user_data_dir() -> Path:
    """The per-user data folder (created if missing, 0700 on POSIX: only its owner can read the
    database, backups and log in it). ``DIVERT_DATA_DIR`` overrides it."""
    override = os.environ.get("DIVERT_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_path

        path = user_data_path(APP_NAME, APP_AUTHOR, roaming=False)
    return private_folder(path)


def backup_dir() -> Path:
    """Where backups of the SQLite database go: ``backups`` in the user data folder (0700)."""
    return private_folder(user_data_dir() / "backups")


def default_database_path() -> Path:
    return user_data_dir() / DATABASE_FILENAME


def default_database_url() -> str:
    """``DIVERT_DATABASE_URL`` if set, else the SQLite file in the user data folder."""
    return os.environ.get("DIVERT_DATABASE_URL") or f"sqlite:///{default_database_path()}"


def package_root() -> Path:
    """The folder holding ``divert_desktop`` (the bundle folder when frozen)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, in a source checkout, an installed wheel or a bundle."""
    candidates = [
        package_root() / "resources",  # a checkout (the one copy) or a PyInstaller bundle
        Path(__file__).resolve().parent / "resources",  # a wheel: setup.py copies it in
    ]
    for base in candidates:
        path = base.joinpath(*parts)
        if path.exists():
            return path
    return candidates[0].joinpath(*parts)


def forms_dirs() -> list[Path]:
    """Folders holding assessment form files, first match wins: ``DIVERT_FORMS_DIR`` (a folder of
    extra or newer form versions), then the forms shipped in ``resources/forms``."""
    folders = []
    override = os.environ.get("DIVERT_FORMS_DIR")
    if override:
        folders.append(Path(override))
    folders.append(resource_path("forms"))
    return folders


def drafts_dir(username: str) -> Path:
    """The folder of one user's unsaved drafts (clinical data: private to the user, 0700)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in username).lstrip(".")
    private_folder(user_data_dir() / "drafts")
    return private_folder(user_data_dir() / "drafts" / (safe or "user"))


def migrations_path() -> Path:
    return Path(__file__).resolve().parent / "persistence" / "migrations"
