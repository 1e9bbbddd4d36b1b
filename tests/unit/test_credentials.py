"""The keyring wrapper: keeps passwords in the keyring, says why it cannot, never hangs."""

from __future__ import annotations

import time

import pytest

from divert_desktop.services.admin import credentials
from divert_desktop.services.admin.credentials import KeyringUnavailable
from tests.keyrings import HangingKeyring, LockedKeyring, MemoryKeyring, fail_backend, using

KEY = "postgresql://divert_app@dbserver:5432/divert"


def test_a_password_goes_into_the_keyring_and_comes_back() -> None:
    with using(MemoryKeyring()) as backend:
        assert credentials.status().usable
        assert credentials.get_password(KEY) is None
        credentials.set_password(KEY, "canary-Pw-7731")
        assert backend.store == {("DIVERT Desktop", KEY): "canary-Pw-7731"}
        assert credentials.get_password(KEY) == "canary-Pw-7731"
        assert credentials.delete_password(KEY) is True
        assert credentials.delete_password(KEY) is False
        assert credentials.get_password(KEY) is None


def test_no_keyring_backend_says_why_and_asks_each_time() -> None:
    with using(fail_backend()):
        status = credentials.status()
        assert not status.usable
        assert "no keyring" in status.reason and "asks for the database password" in status.reason
        with pytest.raises(KeyringUnavailable, match="no keyring"):
            credentials.set_password(KEY, "canary-Pw-7731")
        with pytest.raises(KeyringUnavailable):
            credentials.get_password(KEY)


def test_a_locked_keyring_is_explained() -> None:
    with using(LockedKeyring()):
        assert credentials.status().usable  # it exists; using it is what fails
        with pytest.raises(KeyringUnavailable, match="locked"):
            credentials.get_password(KEY)
        with pytest.raises(KeyringUnavailable, match="locked"):
            credentials.set_password(KEY, "x")


def test_a_keyring_that_never_answers_times_out() -> None:
    with using(HangingKeyring()):
        started = time.monotonic()
        with pytest.raises(KeyringUnavailable, match=r"did not answer within 0\.3 seconds"):
            credentials.get_password(KEY, timeout=0.3)
        with pytest.raises(KeyringUnavailable, match="did not answer"):
            credentials.set_password(KEY, "x", timeout=0.3)
        assert time.monotonic() - started < 3


def test_a_plain_text_keyring_is_never_used(monkeypatch) -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    with using(PlaintextKeyring()) as backend:
        assert not credentials.status().usable
        with pytest.raises(KeyringUnavailable):
            credentials.set_password(KEY, "canary-Pw-7731")
        assert backend.store == {}
