"""Database passwords in the operating system's keyring, every call with a timeout.

Nothing here ever writes a password anywhere else. When the keyring cannot be used (no backend,
locked, not answering) the caller is told why and asks for the password each time instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from divert_desktop.core.errors import DivertError

SERVICE = "DIVERT Desktop"
TIMEOUT_SECONDS = 4.0
ASK_EACH_TIME = "so DIVERT Desktop asks for the database password each time it starts"


class KeyringUnavailable(DivertError):
    """The keyring cannot keep or give a password; the message says why, in plain English."""


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    reason: str = ""
    backend: str = ""


def _run(fn: Callable[[], Any], timeout: float) -> Any:
    """Run one keyring call on a helper thread and give up after ``timeout`` seconds (a locked
    secret service can wait for an unlock prompt for ever)."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # reported to the caller below
            box["error"] = exc

    thread = threading.Thread(target=work, name="keyring-call", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise KeyringUnavailable(
            f"The keyring did not answer within {timeout:g} seconds, {ASK_EACH_TIME}."
        )
    if "error" in box:
        raise _explain(box["error"]) from box["error"]
    return box.get("value")


def _explain(exc: BaseException) -> KeyringUnavailable:
    from keyring import errors

    if isinstance(exc, KeyringUnavailable):
        return exc
    if isinstance(exc, errors.KeyringLocked):
        return KeyringUnavailable(f"The keyring is locked, {ASK_EACH_TIME}.")
    if isinstance(exc, errors.NoKeyringError):
        return KeyringUnavailable(_NO_KEYRING)
    return KeyringUnavailable(
        f"The keyring could not be used ({type(exc).__name__}), {ASK_EACH_TIME}."
    )


_NO_KEYRING = (
    "This computer has no keyring (such as Windows Credential Manager, the macOS Keychain or "
    f"GNOME Keyring) that DIVERT Desktop can use, {ASK_EACH_TIME}."
)


def _backend() -> Any:
    import keyring

    backend = keyring.get_keyring()
    module = type(backend).__module__
    if module.startswith("keyrings.alt") or module == "keyring.backends.fail":
        raise KeyringUnavailable(_NO_KEYRING)  # keyrings.alt keeps passwords in plain files
    try:
        usable = float(backend.priority) > 0
    except Exception:
        usable = True
    if not usable and type(backend).__name__ != "ChainerBackend":
        raise KeyringUnavailable(_NO_KEYRING)
    return backend


def status(timeout: float = TIMEOUT_SECONDS) -> KeyringStatus:
    """Whether passwords can be kept in the keyring, and if not, why."""
    try:
        backend = _run(_backend, timeout)
    except KeyringUnavailable as exc:
        return KeyringStatus(False, exc.message)
    return KeyringStatus(True, "", f"{type(backend).__module__}.{type(backend).__name__}")


def get_password(key: str, timeout: float = TIMEOUT_SECONDS) -> str | None:
    """The password kept for ``key``, or None. Raises KeyringUnavailable."""
    return _run(lambda: _backend().get_password(SERVICE, key), timeout)


def set_password(key: str, password: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """Keep ``password`` for ``key``. Raises KeyringUnavailable (nothing is kept elsewhere)."""
    _run(lambda: _backend().set_password(SERVICE, key, password), timeout)


def delete_password(key: str, timeout: float = TIMEOUT_SECONDS) -> bool:
    """Forget the password for ``key``; False when none was kept. Raises KeyringUnavailable."""
    from keyring.errors import PasswordDeleteError

    def delete() -> bool:
        try:
            _backend().delete_password(SERVICE, key)
        except PasswordDeleteError:
            return False
        return True

    return bool(_run(delete, timeout))
