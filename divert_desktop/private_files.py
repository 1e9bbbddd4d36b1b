"""Folders and files only their owner can read: 0700 and 0600 on POSIX whatever the umask.

Every place the app creates a folder or writes a file (the data folder, the database and its
``-wal``/``-shm``, backups, letters, exports, the log) goes through these helpers. On Windows they
only create and write: the per-user AppData folder is private already, and ``chmod`` there only
sets the read-only flag.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

FOLDER_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"


def _chmod(path: Path | str, mode: int) -> None:
    if not POSIX:
        return
    # A file system without permissions (FAT), or a file someone else owns: nothing to do.
    with contextlib.suppress(OSError):
        os.chmod(path, mode)


def private_folder(path: Path | str, *, tighten: bool = True) -> Path:
    """Make the folder ``path`` (and any missing parents) with mode 0700; returns it.

    ``tighten``: also set 0700 on ``path`` when it exists already (the app's own folders, so an
    older install is put right). Pass False for a folder the user chose (their Desktop): folders
    made here are still 0700, but an existing one keeps its mode."""
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    for folder in missing:  # mkdir's mode is cut by the umask and ignored for parents
        _chmod(folder, FOLDER_MODE)
    if tighten:
        _chmod(path, FOLDER_MODE)
    return path


def make_private(*paths: Path | str) -> None:
    """Set 0600 on each of ``paths`` that exists (a file another library created)."""
    for path in paths:
        if os.path.exists(path):
            _chmod(path, FILE_MODE)


def create_private(path: Path | str) -> Path:
    """Create ``path`` empty with mode 0600 if it does not exist (so a library that then opens
    it, such as SQLite, never makes it with the umask's mode); an existing file is set to 0600."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        pass
    else:
        os.close(fd)
    make_private(path)
    return path


@contextlib.contextmanager
def open_private(path: Path | str, mode: str = "wb", **kwargs: Any) -> Iterator[IO[Any]]:
    """``open(path, mode)`` for writing (``w``, ``a``, with ``b`` or text options), but the file
    is created with mode 0600 and an existing file is set to 0600 before anything is written."""
    if not any(c in mode for c in "wax") or "r" in mode or "+" in mode:
        raise ValueError(f"open_private writes files, not mode {mode!r}")
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    if "w" in mode:
        flags |= os.O_TRUNC
    elif "a" in mode:
        flags |= os.O_APPEND
    else:
        flags |= os.O_EXCL
    fd = os.open(path, flags, FILE_MODE)
    try:
        if POSIX:
            with contextlib.suppress(OSError):
                os.fchmod(fd, FILE_MODE)
        handle = os.fdopen(fd, mode.replace("x", "w"), **kwargs)
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


def write_private_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` (created or replaced) as a 0600 file; returns the path."""
    with open_private(path, "wb") as handle:
        handle.write(data)
    return Path(path)


def write_private_text(
    path: Path | str, text: str, *, encoding: str = "utf-8", newline: str | None = None
) -> Path:
    """Write ``text`` to ``path`` (created or replaced) as a 0600 file; returns the path."""
    with open_private(path, "w", encoding=encoding, newline=newline) as handle:
        handle.write(text)
    return Path(path)


def copy_private(source: Path | str, dest: Path | str) -> Path:
    """Copy the bytes of ``source`` to ``dest`` as a 0600 file (``shutil.copyfile`` would make
    ``dest`` with the umask's mode); returns ``dest``."""
    with open(source, "rb") as src, open_private(dest, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)
    return Path(dest)
