"""The intake screen's live messages and the service's checks come from the same core rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from divert_desktop.core import referral_rules
from divert_desktop.core.enums import LocalAuthority, Substance
from divert_desktop.gui.intake import fields as F
from divert_desktop.services.intake import draft as referral_draft
from divert_desktop.services.intake.draft import ReferralDraft, validate_draft

NOW = datetime(2026, 12, 2, 14, 30)


def _typed(**text: str) -> F.FormValues:
    values = {
        "referral_datetime": "30/11/2026 10:00",
        "date_of_birth": "21/8/1990",
    }
    values.update(text)
    return F.FormValues(
        text=values, local_authority=LocalAuthority.DUDLEY, substances=[Substance.CANNABIS]
    )


def _draft(**changes: object) -> ReferralDraft:
    values: dict[str, object] = {
        "police_reference": "WMP-1",
        "referral_datetime": datetime(2026, 11, 30, 10),
        "officer_name": "PC Ada Fenwick",
        "officer_number": "4410",
        "first_name": "Rosalind",
        "last_name": "Jones",
        "date_of_birth": date(1990, 8, 21),
        "local_authority": LocalAuthority.DUDLEY,
        "substances": [(Substance.CANNABIS, None)],
        "intent_to_supply": False,
    }
    values.update(changes)
    return ReferralDraft(**values)  # type: ignore[arg-type]


def _service_message(draft: ReferralDraft, field: str) -> str | None:
    _, problems = validate_draft(draft, now=NOW)
    return next((p.message for p in problems if p.field == field), None)


def test_one_oldest_age_and_one_set_of_messages() -> None:
    assert not hasattr(F, "OLDEST_AGE") and not hasattr(referral_draft, "OLDEST_AGE")
    assert referral_draft.MAX_LENGTHS is referral_rules.MAX_LENGTHS


@pytest.mark.parametrize(
    ("field", "typed", "value"),
    [
        ("date_of_birth", "3/12/2026", date(2026, 12, 3)),  # in the future
        ("date_of_birth", "1/12/2026", date(2026, 12, 1)),  # after the referral
        ("date_of_birth", "1/1/1900", date(1900, 1, 1)),  # over the oldest age
        ("referral_datetime", "3/12/2026 10:00", datetime(2026, 12, 3, 10)),  # in the future
    ],
)
def test_the_screen_and_the_service_say_the_same(field: str, typed: str, value: object) -> None:
    on_screen = F.check_field(field, _typed(**{field: typed}), NOW)
    assert on_screen is not None
    assert on_screen == _service_message(_draft(**{field: value}), field)


def test_a_too_long_name_gets_the_same_message_on_the_screen_and_in_the_service() -> None:
    long = "x" * 101
    on_screen = F.check_field("first_name", _typed(first_name=long), NOW)
    assert on_screen == _service_message(_draft(first_name=long), "first_name")
    assert on_screen == "The first name is too long: use at most 100 characters"


def test_an_appointment_before_the_referral_is_refused_the_same_way() -> None:
    start = datetime(2026, 12, 7, 10)
    typed = _typed(referral_datetime="2/12/2026 11:00", appointment_datetime="7/12/2026 10:00")
    later = _draft(
        referral_datetime=start + timedelta(hours=1),
        appointment_datetime=start,
        appointment_venue="Dudley",
    )
    now = datetime(2026, 12, 2, 12)
    on_screen = F.check_field("appointment_datetime", typed, now)
    assert on_screen is None  # the typed referral is earlier: fine
    _, problems = validate_draft(later, now=datetime(2026, 12, 7, 12))
    assert [p.message for p in problems] == [
        "The appointment must be after the referral date and time"
    ]
