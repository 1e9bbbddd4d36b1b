"""Unit tests for the eligibility rules: intent to supply, young people, the repeat-referral bar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from divert_desktop.core.eligibility import (
    AppropriateAdult,
    EarlierReferral,
    EligibilityResult,
    age_on,
    assess_eligibility,
    is_young_person,
    validate_override_reason,
)
from divert_desktop.core.enums import IneligibleReason, ReferralStatus
from divert_desktop.core.errors import ValidationError

REFERRAL_DAY = date(2026, 12, 2)
ADULT_DOB = date(1995, 6, 15)
CHILD_DOB = date(2010, 3, 1)
MUM = AppropriateAdult(name="Karen Whitfield", relationship="mother", phone="07700900456")


# --------------------------------------------------------------------------- age


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2000, 5, 10), date(2018, 5, 9), 17),
        (date(2000, 5, 10), date(2018, 5, 10), 18),
        (date(2000, 5, 10), date(2018, 5, 11), 18),
        (date(2000, 5, 10), date(2000, 5, 10), 0),
        (date(1990, 12, 31), date(2026, 1, 1), 35),
        # 29 February birthdays fall on 1 March in other years.
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
        (date(2008, 2, 29), date(2028, 2, 28), 19),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


def test_age_on_refuses_birth_after_the_day() -> None:
    with pytest.raises(ValidationError) as err:
        age_on(date(2027, 1, 1), REFERRAL_DAY)
    assert err.value.field == "date_of_birth"


def test_exactly_18_on_the_referral_date_is_an_adult() -> None:
    assert is_young_person(date(2008, 12, 2), REFERRAL_DAY) is False


def test_17_years_364_days_is_a_young_person() -> None:
    assert is_young_person(date(2008, 12, 3), REFERRAL_DAY) is True


def test_leap_day_birthday_turns_18_on_1_march() -> None:
    born = date(2008, 2, 29)
    assert is_young_person(born, date(2026, 2, 28)) is True
    assert is_young_person(born, date(2026, 3, 1)) is False


@given(
    st.dates(min_value=date(1930, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(min_value=0, max_value=30000),
)
def test_age_never_decreases_and_matches_birthdays(born: date, days: int) -> None:
    on = born + timedelta(days=days)
    age = age_on(born, on)
    assert 0 <= age <= days // 365
    assert age_on(born, on + timedelta(days=1)) in (age, age + 1)


# --------------------------------------------------------------------------- appropriate adult


@pytest.mark.parametrize(
    ("adult", "complete"),
    [
        (AppropriateAdult("Karen Whitfield", "mother"), True),
        (AppropriateAdult("Karen Whitfield", "mother", "07700900456"), True),
        (AppropriateAdult("Karen Whitfield", ""), False),
        (AppropriateAdult("  ", "social worker"), False),
        (AppropriateAdult("", ""), False),
    ],
)
def test_appropriate_adult_is_complete(adult: AppropriateAdult, complete: bool) -> None:
    assert adult.is_complete is complete


# --------------------------------------------------------------------------- assess_eligibility


def _assess(**kwargs) -> EligibilityResult:  # type: ignore[no-untyped-def]
    base = {
        "referral_date": REFERRAL_DAY,
        "date_of_birth": ADULT_DOB,
        "intent_to_supply": False,
        "appropriate_adult": None,
    }
    base.update(kwargs)
    return assess_eligibility(**base)


def test_adult_first_referral_is_eligible() -> None:
    result = _assess()
    assert result == EligibilityResult(
        eligible=True, reason=None, message="Eligible for DIVERT.", young_person=False
    )


def test_intent_to_supply_is_ineligible() -> None:
    result = _assess(intent_to_supply=True)
    assert result.eligible is False
    assert result.reason is IneligibleReason.INTENT_TO_SUPPLY
    assert "intent to supply" in result.message


def test_intent_to_supply_cannot_be_overridden() -> None:
    result = _assess(
        intent_to_supply=True, override_reason="Manager spoke to the officer in charge"
    )
    assert result.eligible is False
    assert result.reason is IneligibleReason.INTENT_TO_SUPPLY
    assert result.overridden is False


def test_young_person_with_appropriate_adult_is_eligible() -> None:
    result = _assess(date_of_birth=CHILD_DOB, appropriate_adult=MUM)
    assert result.eligible is True
    assert result.young_person is True


@pytest.mark.parametrize(
    "adult", [None, AppropriateAdult("Karen Whitfield", ""), AppropriateAdult("", "mother")]
)
def test_young_person_without_complete_appropriate_adult_is_ineligible(
    adult: AppropriateAdult | None,
) -> None:
    result = _assess(date_of_birth=CHILD_DOB, appropriate_adult=adult)
    assert result.eligible is False
    assert result.reason is IneligibleReason.NO_APPROPRIATE_ADULT
    assert result.young_person is True
    assert "appropriate adult" in result.message


def test_no_appropriate_adult_cannot_be_overridden() -> None:
    result = _assess(
        date_of_birth=CHILD_DOB,
        appropriate_adult=None,
        override_reason="The parent will come to the first appointment",
    )
    assert result.reason is IneligibleReason.NO_APPROPRIATE_ADULT
    assert result.eligible is False


def test_adult_needs_no_appropriate_adult() -> None:
    # 18 today: an adult, so no appropriate adult is needed.
    result = _assess(date_of_birth=date(2008, 12, 2))
    assert result.eligible is True
    assert result.young_person is False


def test_17_years_364_days_needs_an_appropriate_adult() -> None:
    result = _assess(date_of_birth=date(2008, 12, 3))
    assert result.reason is IneligibleReason.NO_APPROPRIATE_ADULT


def test_intent_to_supply_is_checked_before_appropriate_adult() -> None:
    result = _assess(date_of_birth=CHILD_DOB, intent_to_supply=True)
    assert result.reason is IneligibleReason.INTENT_TO_SUPPLY
    assert result.young_person is True


def test_appropriate_adult_is_checked_before_the_repeat_bar() -> None:
    earlier = [EarlierReferral("WM/2026/0001", date(2026, 3, 1), ReferralStatus.NOT_ENGAGED)]
    result = _assess(date_of_birth=CHILD_DOB, earlier_referrals=earlier)
    assert result.reason is IneligibleReason.NO_APPROPRIATE_ADULT


@pytest.mark.parametrize(
    "status",
    [
        ReferralStatus.COMPLETED,
        ReferralStatus.ENGAGED,
        ReferralStatus.WITHDRAWN,
        ReferralStatus.INELIGIBLE,
        ReferralStatus.RECEIVED,
        ReferralStatus.BOOKED,
    ],
)
def test_earlier_referral_not_closed_not_engaged_does_not_bar(status: ReferralStatus) -> None:
    earlier = [EarlierReferral("WM/2025/0100", date(2025, 5, 1), status)]
    assert _assess(earlier_referrals=earlier).eligible is True


def test_earlier_not_engaged_referral_bars_and_names_it() -> None:
    earlier = [
        EarlierReferral("AB/100", date(2024, 1, 10), ReferralStatus.COMPLETED),
        EarlierReferral("AB/123", date(2025, 5, 1), ReferralStatus.NOT_ENGAGED),
    ]
    result = _assess(earlier_referrals=earlier)
    assert result.eligible is False
    assert result.reason is IneligibleReason.PREVIOUS_NOT_ENGAGED
    assert result.barring_reference == "AB/123"
    assert result.message == (
        "Not offered DIVERT again: referral AB/123 was closed as not engaged. "
        "A manager can override this with a reason."
    )


def test_bar_names_the_most_recent_not_engaged_referral() -> None:
    earlier = [
        EarlierReferral("AB/300", date(2025, 9, 1), ReferralStatus.NOT_ENGAGED),
        EarlierReferral("AB/100", date(2023, 2, 1), ReferralStatus.NOT_ENGAGED),
        EarlierReferral("AB/200", date(2024, 7, 1), ReferralStatus.COMPLETED),
    ]
    assert _assess(earlier_referrals=earlier).barring_reference == "AB/300"


def test_engaging_later_does_not_lift_an_earlier_not_engaged_bar() -> None:
    earlier = [
        EarlierReferral("AB/100", date(2023, 2, 1), ReferralStatus.NOT_ENGAGED),
        EarlierReferral("AB/200", date(2024, 7, 1), ReferralStatus.COMPLETED),
    ]
    assert _assess(earlier_referrals=earlier).barring_reference == "AB/100"


def test_same_day_earlier_referral_counts_but_a_later_one_does_not() -> None:
    same_day = [EarlierReferral("AB/1", REFERRAL_DAY, ReferralStatus.NOT_ENGAGED)]
    later = [EarlierReferral("AB/2", REFERRAL_DAY + timedelta(days=1), ReferralStatus.NOT_ENGAGED)]
    assert _assess(earlier_referrals=same_day).reason is IneligibleReason.PREVIOUS_NOT_ENGAGED
    assert _assess(earlier_referrals=later).eligible is True


def test_a_referral_is_never_barred_by_itself() -> None:
    itself = [EarlierReferral("AB/777", REFERRAL_DAY, ReferralStatus.NOT_ENGAGED)]
    assert _assess(earlier_referrals=itself, police_reference="AB/777").eligible is True
    assert _assess(earlier_referrals=itself, police_reference="AB/778").eligible is False


def test_manager_override_lifts_the_repeat_bar() -> None:
    earlier = [EarlierReferral("AB/123", date(2025, 5, 1), ReferralStatus.NOT_ENGAGED)]
    result = _assess(
        earlier_referrals=earlier, override_reason="  Was in hospital for the whole period  "
    )
    assert result.eligible is True
    assert result.overridden is True
    assert result.reason is None
    assert result.barring_reference == "AB/123"
    assert "Was in hospital for the whole period" in result.message
    assert "AB/123" in result.message


@pytest.mark.parametrize("reason", [None, "", "   \n "])
def test_blank_override_does_not_lift_the_bar(reason: str | None) -> None:
    earlier = [EarlierReferral("AB/123", date(2025, 5, 1), ReferralStatus.NOT_ENGAGED)]
    result = _assess(earlier_referrals=earlier, override_reason=reason)
    assert result.eligible is False
    assert result.overridden is False


def test_override_without_a_bar_is_not_recorded_as_an_override() -> None:
    result = _assess(override_reason="Nothing to override here at all")
    assert result.eligible is True
    assert result.overridden is False


def test_young_person_repeat_bar_with_override() -> None:
    earlier = [EarlierReferral("AB/9", date(2025, 1, 1), ReferralStatus.NOT_ENGAGED)]
    result = _assess(
        date_of_birth=CHILD_DOB,
        appropriate_adult=MUM,
        earlier_referrals=earlier,
        override_reason="Social worker confirms new support in place",
    )
    assert (result.eligible, result.overridden, result.young_person) == (True, True, True)


def test_results_are_frozen() -> None:
    result = _assess()
    with pytest.raises(AttributeError):
        result.eligible = False  # type: ignore[misc]


# --------------------------------------------------------------------------- override reasons


def test_override_reason_is_trimmed() -> None:
    assert validate_override_reason("  Officer error on the earlier record \n") == (
        "Officer error on the earlier record"
    )


def test_override_reason_of_exactly_ten_characters_is_enough() -> None:
    assert validate_override_reason("0123456789") == "0123456789"


@pytest.mark.parametrize("reason", [None, "", "   ", "too short", "  123456789  ", "a    b"])
def test_short_override_reason_rejected(reason: str | None) -> None:
    with pytest.raises(ValidationError) as err:
        validate_override_reason(reason)
    assert err.value.message == "Write the reason for the override (at least 10 characters)"
    assert err.value.field == "override_reason"
