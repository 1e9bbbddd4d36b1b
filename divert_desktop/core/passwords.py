"""Password rules (length, common passwords, names, repeats) and how sign-in failures slow down."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection

MIN_PASSWORD_LENGTH = 12
FREE_FAILURES = 2
"""Failed sign-ins in a row after which the next try is still free: the first wait (2 seconds)
comes after FREE_FAILURES + 1 failures, and each failure after that doubles it."""
MAX_WAIT_SECONDS = 30
APP_NAMES = ("divert desktop", "divertdesktop")


def _squash(text: str) -> str:
    """Lower case, letters and digits only: ``"Rita.Example-1"`` → ``"ritaexample1"``."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _repeats_one_word(password: str, common: Collection[str]) -> bool:
    """``qwertyqwerty``: a common password (or any chunk) typed again and again."""
    n = len(password)
    for size in range(1, n // 2 + 1):
        if n % size == 0 and password[:size] * (n // size) == password:
            return size == 1 or password[:size] in common or size <= 3
    return False


def password_problem(
    password: str,
    *,
    username: str = "",
    organisation: str = "",
    common: Collection[str] = (),
) -> str | None:
    """What is wrong with a new password, in plain English, or None when it is acceptable.

    ``common`` is the list of common passwords (lower case). No rule asks for symbols or digits
    and nothing expires: length and not being guessable are what count.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return (
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters. "
            "A few unrelated words make a strong one."
        )
    if password.strip() != password:
        return "The password cannot start or end with a space."
    lowered = password.casefold()
    squashed = _squash(password)
    if len(set(lowered)) == 1 or _repeats_one_word(lowered, common):
        return "The password repeats the same characters. Choose a few unrelated words instead."
    if lowered in common or lowered.replace(" ", "") in common or squashed in common:
        return (
            "That password is on the list of the most common passwords, which are tried first "
            "when guessing. Choose another one."
        )
    name = _squash(username)
    if len(name) >= 3 and name in squashed:
        return "The password cannot contain your username. Choose something else."
    org = _squash(organisation)
    if len(org) >= 3 and org in squashed:
        return "The password cannot contain the organisation's name. Choose something else."
    if squashed in {_squash(n) for n in APP_NAMES}:
        return "The password cannot be the name of this app. Choose something else."
    return None


def wait_seconds(failures: int) -> int:
    """How long the next sign-in must wait after ``failures`` failed tries in a row: nothing
    after one or two (the first three tries are free), then 2, 4, 8, 16 and at most 30 seconds."""
    if failures <= FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES), MAX_WAIT_SECONDS)


def typed_name_hash(key: str, typed: str) -> str:
    """The keyed hash (HMAC-SHA256, hex) kept instead of a typed username that names no account:
    the same text (in any case, with spaces around it) always gives the same hash, so repeated
    tries of it are counted, but the text (maybe a password typed in the wrong box) is not kept.
    ``key`` is the database's random ``sign_in`` secret."""
    return hmac.new(
        key.encode("utf-8"), typed.strip().casefold().encode("utf-8"), hashlib.sha256
    ).hexdigest()
