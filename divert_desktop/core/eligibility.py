"""Eligibility for DIVERT: intent to supply, young people's appropriate adult, the repeat-referral bar."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from divert_desktop.core.enums import IneligibleReason, ReferralStatus
from divert_desktop.core.errors import ValidationError

__all__ = [
    "ADULT_AGE",
    "MIN_OVERRIDE_REASON_LENGTH",
    "AppropriateAdult",
    "EarlierReferral",
    "EligibilityResult",
    "age_on",
    "apply_override",
    "assess_eligibility",
    "held_by_repeat_bar",
    "intent_to_supply_result",
    "is_young_person",
    "possible_repeat_message",
    "status_when_not_eligible",
    "validate_override_reason",
]

ADULT_AGE = 18
MIN_OVERRIDE_REASON_LENGTH = 10


def age_on(date_of_birth: date, on: date) -> int:
    """Return the age in whole years on a given day.

    Someone born on 29 February has their birthday on 1 March in years without a 29 February
    (the usual reading in England and Wales), so they turn 18 on 1 March, not 28 February.
    Raises ValidationError when the date of birth is after ``on``.
    """
    if date_of_birth > on:
        raise ValidationError(
            "The date of birth is after the referral date. Check both dates",
            field="date_of_birth",
        )
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def is_young_person(date_of_birth: date, referral_date: date) -> bool:
    """Return True when the person is under 18 on the referral date (18 exactly is an adult)."""
    return age_on(date_of_birth, referral_date) < ADULT_AGE


@dataclass(frozen=True, slots=True)
class AppropriateAdult:
    """The responsible adult present when a young person was referred."""

    name: str
    relationship: str
    phone: str | None = None

    @property
    def is_complete(self) -> bool:
        """True when both the adult's name and their relationship to the young person are given."""
        return bool((self.name or "").strip() and (self.relationship or "").strip())


@dataclass(frozen=True, slots=True)
class EarlierReferral:
    """What the repeat-referral bar needs to know about another referral of the same person."""

    police_reference: str
    referral_date: date
    status: ReferralStatus


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    """The outcome of the eligibility rules; ``message`` is ready to show to the user."""

    eligible: bool
    reason: IneligibleReason | None
    message: str
    barring_reference: str | None = None
    overridden: bool = False
    young_person: bool = False
    # The bar comes from a person this may be (a likely match the user has not confirmed),
    # not from the person's own record: "new person" cannot be used to step round rule 3.
    possible_repeat: bool = False


def _barring_referral(
    referral_date: date, earlier: Sequence[EarlierReferral], police_reference: str | None
) -> EarlierReferral | None:
    """The most recent earlier referral (on or before ``referral_date``) closed as not engaged."""
    own = (police_reference or "").strip().casefold()
    best: EarlierReferral | None = None
    for item in earlier:
        if own and item.police_reference.strip().casefold() == own:
            continue
        if item.status != ReferralStatus.NOT_ENGAGED or item.referral_date > referral_date:
            continue
        if best is None or item.referral_date >= best.referral_date:
            best = item
    return best


def assess_eligibility(
    *,
    referral_date: date,
    date_of_birth: date,
    intent_to_supply: bool,
    appropriate_adult: AppropriateAdult | None,
    earlier_referrals: Sequence[EarlierReferral] = (),
    override_reason: str | None = None,
    police_reference: str | None = None,
    possible_matches: Sequence[Sequence[EarlierReferral]] = (),
) -> EligibilityResult:
    """Apply the eligibility rules in order and return the first that bars the referral.

    1. Intent to supply suspected: ineligible (cannot be overridden).
    2. Under 18 on the referral date without a complete appropriate adult: ineligible
       (cannot be overridden).
    3. An earlier referral (same day or before; ``police_reference`` names this referral so it is
       never counted against itself) closed as not engaged: ineligible, naming the most recent
       such referral, unless ``override_reason`` is given (then eligible and ``overridden``).
    4. No own bar, but one of ``possible_matches`` (the earlier referrals of each person this may
       be, not confirmed as the same person) has one: held in the same way (``possible_repeat``),
       so recording a barred person as "new" cannot step round rule 3 without a manager.

    Raises ValidationError when the date of birth is after the referral date.
    """
    young = is_young_person(date_of_birth, referral_date)
    if intent_to_supply:
        return intent_to_supply_result(young_person=young)
    if young and (appropriate_adult is None or not appropriate_adult.is_complete):
        return EligibilityResult(
            eligible=False,
            reason=IneligibleReason.NO_APPROPRIATE_ADULT,
            message=(
                "Not eligible: the person was under 18 on the referral date and no appropriate "
                "adult was recorded. Enter the adult's name and relationship."
            ),
            young_person=young,
        )
    bar = _barring_referral(referral_date, earlier_referrals, police_reference)
    if bar is not None:
        held = EligibilityResult(
            eligible=False,
            reason=IneligibleReason.PREVIOUS_NOT_ENGAGED,
            message=(
                f"Not offered DIVERT again: referral {bar.police_reference} was closed as not "
                "engaged. A manager can override this with a reason."
            ),
            barring_reference=bar.police_reference,
            young_person=young,
        )
        return apply_override(held, override_reason)
    possible = _latest(
        _barring_referral(referral_date, referrals, police_reference)
        for referrals in possible_matches
    )
    if possible is not None:
        held = EligibilityResult(
            eligible=False,
            reason=IneligibleReason.PREVIOUS_NOT_ENGAGED,
            message=possible_repeat_message(possible.police_reference),
            barring_reference=possible.police_reference,
            young_person=young,
            possible_repeat=True,
        )
        return apply_override(held, override_reason)
    return EligibilityResult(
        eligible=True,
        reason=None,
        message="Eligible for DIVERT.",
        young_person=young,
    )


def intent_to_supply_result(*, young_person: bool = False) -> EligibilityResult:
    """Rule 1: police suspect intent to supply, so the referral is not eligible (no override)."""
    return EligibilityResult(
        eligible=False,
        reason=IneligibleReason.INTENT_TO_SUPPLY,
        message=(
            "Not eligible: police suspect intent to supply. "
            "DIVERT is only for possession for personal use."
        ),
        young_person=young_person,
    )


def apply_override(result: EligibilityResult, override_reason: str | None) -> EligibilityResult:
    """What a manager's override reason makes of a result: one held by the repeat-referral bar
    (rules 3 and 4) becomes eligible and ``overridden``; any other result, or no reason, is
    returned unchanged (intent to supply and a missing appropriate adult cannot be overridden)."""
    reason = (override_reason or "").strip()
    if not reason or result.reason is not IneligibleReason.PREVIOUS_NOT_ENGAGED:
        return result
    reference = result.barring_reference or ""
    if result.possible_repeat:
        message = (
            "Eligible by manager override: this may be the same person as the one "
            f"referred under {reference}, which was closed as not engaged. "
            f"Reason given: {reason}"
        )
    else:
        message = (
            f"Eligible by manager override: referral {reference} was closed as not "
            f"engaged. Reason given: {reason}"
        )
    return replace(result, eligible=True, reason=None, message=message, overridden=True)


def possible_repeat_message(reference: str, dated: str = "") -> str:
    """What intake says when a likely match (not the confirmed person) was closed as not engaged."""
    return (
        "Not offered DIVERT yet: this may be the same person as the one referred under "
        f"{reference}{dated}, which was closed as not engaged. If it is them, choose them in the "
        "list of possible matches. If it is someone else, a manager must confirm that with a "
        "reason before anything is booked."
    )


def _latest(bars: Iterable[EarlierReferral | None]) -> EarlierReferral | None:
    found = [bar for bar in bars if bar is not None]
    return max(found, key=lambda bar: bar.referral_date) if found else None


def held_by_repeat_bar(status: ReferralStatus | str, status_reason: str | None = None) -> bool:
    """True for a referral held for a manager by the repeat-referral bar: the only kind of
    not-eligible referral a manager may let go ahead after it was recorded (intent to supply and a
    missing appropriate adult cannot be overridden). It stays held, neither eligible nor
    ineligible, until a manager overrides the bar or confirms it as ineligible.

    ``status_reason`` is kept for the callers that pass it; the status alone decides."""
    return ReferralStatus(status) is ReferralStatus.HELD


def status_when_not_eligible(reason: IneligibleReason | str | None) -> ReferralStatus:
    """The status a not-eligible intake is stored with: held for a manager when the
    repeat-referral bar is the reason (a manager decides), ineligible for any other reason."""
    if reason is not None and IneligibleReason(reason) is IneligibleReason.PREVIOUS_NOT_ENGAGED:
        return ReferralStatus.HELD
    return ReferralStatus.INELIGIBLE


def validate_override_reason(reason: str | None) -> str:
    """Return the override reason trimmed; raise ValidationError when under 10 characters."""
    text = (reason or "").strip()
    if len(" ".join(text.split())) < MIN_OVERRIDE_REASON_LENGTH:
        raise ValidationError(
            "Write the reason for the override (at least 10 characters)",
            field="override_reason",
        )
    return text
