"""Who has a SQLite database open: every open copy of the app (or a command) holds a shared OS lock
on a lock file beside the database; a restore takes it exclusively, so it is refused while the
database is open anywhere else on this computer."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from divert_desktop.core.errors import DatabaseInUseError, DatabaseLocationError

LOCK_SUFFIX = ".lock"
WAIT_SECONDS = 120.0
"""How long opening waits for a restore running elsewhere to finish."""
POLL_SECONDS = 0.05

IN_USE_MESSAGE = (
    "The database is open in another copy of DIVERT Desktop (or a command) on this computer. "
    "Close it and try again."
)


def lock_path(database: Path) -> Path:
    """The lock file beside the database file (it stays there, empty)."""
    return database.with_name(database.name + LOCK_SUFFIX)


if sys.platform == "win32":  # pragma: no cover - Windows only
    import ctypes
    import msvcrt
    from ctypes import wintypes

    _LOCKFILE_FAIL_IMMEDIATELY = 0x1
    _LOCKFILE_EXCLUSIVE_LOCK = 0x2

    class _Overlapped(ctypes.Structure):
        _fields_ = [
            ("Internal", ctypes.c_void_p),
            ("InternalHigh", ctypes.c_void_p),
            ("Offset", wintypes.DWORD),
            ("OffsetHigh", wintypes.DWORD),
            ("hEvent", wintypes.HANDLE),
        ]

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _LockFileEx = _kernel32.LockFileEx
    _LockFileEx.argtypes = [
        wintypes.HANDLE,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        ctypes.POINTER(_Overlapped),
    ]
    _LockFileEx.restype = wintypes.BOOL
    _UnlockFileEx = _kernel32.UnlockFileEx
    _UnlockFileEx.argtypes = [
        wintypes.HANDLE,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        ctypes.POINTER(_Overlapped),
    ]
    _UnlockFileEx.restype = wintypes.BOOL

    def _try_lock(fd: int, exclusive: bool) -> bool:
        flags = _LOCKFILE_FAIL_IMMEDIATELY | (_LOCKFILE_EXCLUSIVE_LOCK if exclusive else 0)
        handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
        return bool(_LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(_Overlapped())))

    def _unlock(fd: int) -> None:
        handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
        _UnlockFileEx(handle, 0, 1, 0, ctypes.byref(_Overlapped()))

else:
    import fcntl

    def _try_lock(fd: int, exclusive: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class OpenLock:
    """This process's hold on one database file: ``hold_shared()`` while it has the database
    open, ``exclusive()`` around replacing the file. Each OpenLock has its own handle, so two
    Database objects in one process count as two copies (each could write to the old file)."""

    def __init__(self, database: Path) -> None:
        self.path = lock_path(Path(database))
        self._fd: int | None = None
        self._exclusive = 0
        self._mutex = threading.RLock()

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, flags, 0o600)
        except OSError as exc:
            raise DatabaseLocationError(
                f"DIVERT Desktop cannot write in the database's folder ({self.path.parent}): "
                f"{exc.strerror or exc}. Ask your administrator to let you write there."
            ) from exc

    def hold_shared(self, *, wait: float | None = None) -> None:
        """Take the shared lock (nothing to do when held). Waits while a restore elsewhere holds
        it exclusively; raises DatabaseLocationError when that takes longer than ``wait``."""
        with self._mutex:
            if self._fd is not None:
                return
            wait = WAIT_SECONDS if wait is None else wait
            fd = self._open()
            started = time.monotonic()
            while not _try_lock(fd, exclusive=False):
                if time.monotonic() - started > wait:
                    os.close(fd)
                    raise DatabaseLocationError(
                        "The database is being replaced by a restore in another copy of DIVERT "
                        "Desktop on this computer. Wait for it to finish, then try again."
                    )
                time.sleep(POLL_SECONDS)
            self._fd = fd

    def release(self) -> None:
        """Let go of the lock (kept while ``exclusive()`` runs)."""
        with self._mutex:
            if self._fd is None or self._exclusive:
                return
            fd, self._fd = self._fd, None
            _unlock(fd)
            os.close(fd)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the lock alone for the block, or raise DatabaseInUseError at once when any
        other copy has the database open (this one's own shared hold does not count).
        Afterwards it is held shared (``release()`` lets go), as the database is open here."""
        with self._mutex:
            if not self._exclusive:
                self._take_exclusive()
            self._exclusive += 1
        try:
            yield
        finally:
            with self._mutex:
                self._exclusive -= 1
                if not self._exclusive and self._fd is not None:
                    fd = self._fd
                    _unlock(fd)
                    if not _try_lock(fd, exclusive=False):  # another restore got in between
                        self._fd = None
                        os.close(fd)

    def _take_exclusive(self) -> None:
        was_held = self._fd is not None
        fd = self._fd if self._fd is not None else self._open()
        if was_held:
            _unlock(fd)  # a shared lock is given up to be taken exclusively
        if _try_lock(fd, exclusive=True):
            self._fd = fd
            return
        self._fd = None
        os.close(fd)
        if was_held:
            self.hold_shared()
        raise DatabaseInUseError(IN_USE_MESSAGE)


@contextmanager
def exclusive_use(database: Path) -> Iterator[None]:
    """Hold ``database`` alone for the block (raises DatabaseInUseError when it is open in
    another copy of the app or a command)."""
    lock = OpenLock(database)
    try:
        with lock.exclusive():
            yield
    finally:
        lock.release()


@contextmanager
def try_exclusive(path: Path) -> Iterator[bool]:
    """Hold an exclusive OS lock on the file ``path`` (made if missing) for the ``with`` block;
    yields False at once, holding nothing, when another process holds it. The lock goes when
    the process ends, however it ends, so a crash never leaves a stale lock behind."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd, True):
            yield False
            return
        try:
            yield True
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
