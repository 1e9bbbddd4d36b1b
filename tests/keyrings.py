"""Keyring backends for tests: in memory, locked, and one that never answers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict: what the OS keyring does, without an OS keyring."""

    @properties.classproperty
    def priority(cls) -> float:
        # Not viable for keyring's own detection (every subclass is a candidate): tests pick
        # it with keyring.set_keyring only, so defining it changes no other test's keyring.
        raise RuntimeError("a test keyring, used only through keyring.set_keyring")

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class LockedKeyring(MemoryKeyring):
    """A secret service that is locked and stays locked."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")


class HangingKeyring(MemoryKeyring):
    """A secret service waiting for an unlock prompt nobody answers."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)


@contextmanager
def using(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        if isinstance(backend, HangingKeyring):
            backend.release.set()
        keyring.set_keyring(previous)


def fail_backend() -> KeyringBackend:
    from keyring.backends.fail import Keyring

    return Keyring()
