"""The diary's quick AppointmentDTO maker gives the same frozen, equal, hashable object."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from divert_desktop.core.enums import AppointmentStatus, AppointmentType, PlaceKind
from divert_desktop.services.diary.slots import AppointmentDTO, _dto_of

VALUES = (
    7,
    3,
    5,
    AppointmentType.INITIAL_ASSESSMENT,
    2,
    "Sam Caseworker",
    datetime(2026, 12, 1, 10, 0),
    datetime(2026, 12, 1, 11, 0),
    60,
    PlaceKind.VENUE,
    1,
    "Walsall",
    None,
    AppointmentStatus.BOOKED,
    None,
    1,
    "Ione Quillfeather",
    False,
    "WMP-2026-000123",
    None,
    None,
)


def test_the_quick_maker_equals_the_dataclass_and_stays_frozen() -> None:
    quick, plain = _dto_of(*VALUES), AppointmentDTO(*VALUES)
    assert quick == plain and hash(quick) == hash(plain)
    assert dataclasses.astuple(quick) == VALUES
    assert quick.place == plain.place == "Walsall"
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.version = 9  # type: ignore[misc]
    assert dataclasses.replace(quick, version=2).version == 2


def test_the_quick_maker_refuses_a_missing_field() -> None:
    with pytest.raises(ValueError):
        _dto_of(*VALUES[:-1])
