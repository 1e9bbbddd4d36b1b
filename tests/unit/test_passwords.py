"""Password rules: length, the shipped common-password list, names, repeats; the slow-down."""

from __future__ import annotations

import pytest

from divert_desktop.core.passwords import MIN_PASSWORD_LENGTH, password_problem, wait_seconds
from divert_desktop.paths import resource_path

COMMON = frozenset(
    line.strip() for line in resource_path("common-passwords.txt").read_text().splitlines()
)


def test_the_shipped_list_holds_thirty_thousand_common_passwords_with_its_licence() -> None:
    assert len(COMMON) >= 29_000
    assert {"password", "123456", "qwerty123456", "1qaz2wsx3edc"} <= COMMON
    licence = resource_path("LICENSE-common-passwords.txt").read_text()
    assert "MIT License" in licence and "zxcvbn" in licence


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("eleven char", f"at least {MIN_PASSWORD_LENGTH} characters"),
        ("qwerty123456", "most common passwords"),
        ("QWERTY123456", "most common passwords"),
        ("1qaz 2wsx 3edc", "most common passwords"),
        ("aaaaaaaaaaaaaaaa", "repeats the same characters"),
        ("abcabcabcabc", "repeats the same characters"),
        ("dragondragon", "repeats the same characters"),
        ("rita.example likes tea", "your username"),
        ("I work at Example Recovery Trust", "organisation's name"),
        (" padded with a space", "start or end with a space"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, expected: str) -> None:
    problem = password_problem(
        password, username="Rita.Example", organisation="Example Recovery Trust", common=COMMON
    )
    assert problem is not None and expected in problem


@pytest.mark.parametrize(
    "password",
    ["plum orchard lantern ninety", "correct horse battery staple", "tea at four by the canal"],
)
def test_long_unguessable_passwords_are_accepted(password: str) -> None:
    assert (
        password_problem(password, username="rita", organisation="Example", common=COMMON) is None
    )


def test_short_names_do_not_refuse_every_password() -> None:
    assert password_problem("plum orchard lantern", username="al", common=COMMON) is None


def test_nothing_asks_for_symbols_or_digits() -> None:
    assert password_problem("lowercase words only here", common=COMMON) is None


def test_each_failure_after_the_first_two_doubles_the_wait_up_to_half_a_minute() -> None:
    assert [wait_seconds(n) for n in range(0, 9)] == [0, 0, 0, 2, 4, 8, 16, 30, 30]
