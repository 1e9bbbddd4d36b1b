"""The evaluation extract's rules: pseudonyms, age bands, coded columns and disclosure control."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from divert_desktop.core.enums import Ethnicity, IneligibleReason, ReferralStatus
from divert_desktop.core.errors import ValidationError

__all__ = [
    "AGE_BANDS",
    "EVALUATION_MIN_GROUP",
    "KEY_BYTES",
    "Generalised",
    "Quasi",
    "age_band",
    "broad_ethnic_group",
    "check_key",
    "comparison",
    "eligibility",
    "generalise",
    "ineligible_reason_code",
    "key_fingerprint",
    "outcome_code",
    "pseudo_person",
    "pseudo_referral",
    "smallest_group",
]

EVALUATION_MIN_GROUP = 5
"""Default of the setting ``evaluation_min_group``: the k of k-anonymity in the extract."""
KEY_BYTES = 32
"""A key file holds at least this many random bytes (README: how to make one)."""
MAX_KEY_BYTES = 1024
"""A longer file is not a key file (a spreadsheet or a document chosen by mistake)."""

AGE_BANDS = ("10–17", "18–24", "25–34", "35–44", "45+")
WIDER_AGE_BANDS = {
    "10–17": "10–17",
    "18–24": "18–34",
    "25–34": "18–34",
    "35–44": "35+",
    "45+": "35+",
}
"""Each age band's wider band, the third step of the disclosure control."""
WHOLE_AREA = "West Midlands"
ANY = "any"
NOT_RECORDED = "not recorded"
ETHNICITY_NOT_RECORDED = "Not recorded"

_BROAD = {
    "Asian or Asian British": "Asian or Asian British",
    "Black, Black British, Caribbean or African": "Black, Black British, Caribbean or African",
    "Mixed or Multiple": "Mixed or Multiple",
    "White": "White",
    "Other ethnic group": "Other ethnic group",
}
BROAD_ETHNIC_GROUPS: dict[Ethnicity, str] = {
    e: _BROAD[e.value.split(":", 1)[0]] if ":" in e.value else e.value for e in Ethnicity
}
"""The ONS 2021 five broad ethnic groups (plus "Not stated") of each of the 19 categories."""

_REASON_CODES = {
    IneligibleReason.INTENT_TO_SUPPLY.value: "intent_to_supply",
    IneligibleReason.NO_APPROPRIATE_ADULT.value: "no_appropriate_adult",
    IneligibleReason.PREVIOUS_NOT_ENGAGED.value: "previous_not_engaged",
}
OTHER_REASON = "other"


# --------------------------------------------------------------------------- the key
def check_key(data: bytes) -> bytes:
    """The key held in a key file's bytes (used as they are). Raises ValidationError when the
    file is too short to be a key (fewer than 32 bytes) or too long to be one."""
    if len(data) < KEY_BYTES:
        raise ValidationError(
            f"The key file holds {len(data)} bytes: a key is at least {KEY_BYTES} random bytes. "
            "Use the key file agreed with the police evaluators (the README says how to make one).",
            field="key_file",
        )
    if len(data) > MAX_KEY_BYTES:
        raise ValidationError(
            "This file is too big to be an evaluation key. Choose the key file agreed with the "
            "police evaluators.",
            field="key_file",
        )
    return data


def key_fingerprint(key: bytes) -> str:
    """A short fingerprint that tells two keys apart without revealing either (16 hex digits of
    the SHA-256 of the key)."""
    return hashlib.sha256(key).hexdigest()[:16]


def _mac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def pseudo_referral(key: bytes, police_reference: str) -> str:
    """HMAC-SHA256 under ``key`` of the police reference trimmed and in upper case, as lower-case
    hex: the police compute the same from their own references to link their records."""
    return _mac(key, police_reference.strip().upper())


def pseudo_person(key: bytes, person_id: int) -> str:
    """HMAC-SHA256 under ``key`` of ``"person:"`` and the person's id, as lower-case hex: the
    same for every referral of one person, and never equal to a referral's pseudonym."""
    return _mac(key, f"person:{int(person_id)}")


# --------------------------------------------------------------------------- coded columns
def age_band(age: int) -> str:
    """The extract's age band for an age in whole years on the referral date."""
    if age < 18:
        return AGE_BANDS[0]
    if age < 25:
        return AGE_BANDS[1]
    if age < 35:
        return AGE_BANDS[2]
    if age < 45:
        return AGE_BANDS[3]
    return AGE_BANDS[4]


def broad_ethnic_group(ethnicity: str) -> str:
    """The ONS broad group of an ethnicity as written in the extract (a broad group, "Not
    stated", "Not recorded" and "any" are their own broad group)."""
    try:
        return BROAD_ETHNIC_GROUPS[Ethnicity(ethnicity)]
    except ValueError:
        return ethnicity


def eligibility(status: ReferralStatus | str) -> str:
    """eligible or ineligible; "" for a referral held for a manager (neither, until decided)."""
    status = ReferralStatus(status)
    if status is ReferralStatus.HELD:
        return ""
    return "ineligible" if status == ReferralStatus.INELIGIBLE else "eligible"


def ineligible_reason_code(status: ReferralStatus | str, reason: str | None) -> str:
    """The coded reason of an ineligible referral ("" for an eligible one)."""
    if ReferralStatus(status) != ReferralStatus.INELIGIBLE:
        return ""
    return _REASON_CODES.get((reason or "").strip(), OTHER_REASON)


def outcome_code(status: ReferralStatus | str) -> str:
    """completed, not_engaged, withdrawn or open ("" for an ineligible referral: it was never
    offered the service, so it has no outcome; "" too for one held for a manager)."""
    status = ReferralStatus(status)
    if status in (ReferralStatus.INELIGIBLE, ReferralStatus.HELD):
        return ""
    if status.is_open:
        return "open"
    return status.value


def comparison(status: ReferralStatus | str) -> str:
    """yes for the natural comparison rows: referrals that were ineligible or never engaged."""
    closed_out = (ReferralStatus.INELIGIBLE, ReferralStatus.NOT_ENGAGED)
    return "yes" if ReferralStatus(status) in closed_out else "no"


# --------------------------------------------------------------------------- disclosure control
class Quasi(NamedTuple):
    """The four columns that could single a person out when combined."""

    age_band: str
    gender: str
    ethnicity_group: str
    local_authority: str


@dataclass(frozen=True)
class Generalised:
    """The quasi-identifiers after disclosure control, in the input's order, and what was
    generalised: (what, rows changed) per step that changed any row."""

    rows: tuple[Quasi, ...]
    steps: tuple[tuple[str, int], ...]
    k: int

    @property
    def smallest(self) -> int:
        return smallest_group(self.rows)

    def lines(self) -> list[str]:
        """What was generalised, one line per step, for a person to read."""
        if not self.steps:
            return [f"Nothing needed generalising: every combination holds {self.k} rows or more."]
        return [f"{what}: {n} row{'s' if n != 1 else ''}" for what, n in self.steps]


def smallest_group(rows: Iterable[Sequence[str]]) -> int:
    """The fewest rows sharing one combination of values (0 when there are no rows)."""
    counts = Counter(tuple(r) for r in rows)
    return min(counts.values(), default=0)


_STEPS = (
    (
        "Ethnicity shown as its broad group",
        lambda q: q._replace(ethnicity_group=broad_ethnic_group(q.ethnicity_group)),
    ),
    (f"Area shown as {WHOLE_AREA}", lambda q: q._replace(local_authority=WHOLE_AREA)),
    (
        "Age shown in a wider band",
        lambda q: q._replace(age_band=WIDER_AGE_BANDS.get(q.age_band, q.age_band)),
    ),
    ("Ethnicity left out (any)", lambda q: q._replace(ethnicity_group=ANY)),
    ("Age left out (any)", lambda q: q._replace(age_band=ANY)),
    ("Gender left out (any)", lambda q: q._replace(gender=ANY)),
)
"""The generalisation steps in order: the first three as agreed with the evaluators, the last
three only for the few rows still in a group smaller than k after them."""
TOP_UP = "More rows fully generalised so the last group holds enough"
FULLY = Quasi(ANY, ANY, ANY, WHOLE_AREA)


def generalise(rows: Sequence[Quasi], k: int) -> Generalised:
    """Generalise the rows in combinations shared by fewer than ``k`` rows, step by step
    (ethnicity to its broad group, then area to West Midlands, then age to a wider band, then
    leaving out ethnicity, age and gender), until every combination holds ``k`` rows or more.

    Rows in combinations of ``k`` or more are never changed by a step. If rows are still left in
    a group smaller than ``k`` after every step, rows are taken from the largest groups (that
    keep ``k``) into it. Raises ValidationError when there are fewer than ``k`` rows in all.
    """
    if k < 1:
        raise ValueError("k must be 1 or more")
    out = list(rows)
    if 0 < len(out) < k:
        raise ValidationError(
            f"Only {len(out)} referral{'s were' if len(out) != 1 else ' was'} made in this "
            f"period: an extract needs at least {k}, so that nobody can be picked out. Choose a "
            "longer period.",
            field="date_to",
        )
    steps: list[tuple[str, int]] = []
    for what, step in _STEPS:
        counts = Counter(out)
        changed = 0
        for i, q in enumerate(out):
            if counts[q] < k:
                new = step(q)
                if new != q:
                    out[i] = new
                    changed += 1
        if changed:
            steps.append((what, changed))
    moved = _top_up(out, k)
    if moved:
        steps.append((TOP_UP, moved))
    return Generalised(tuple(out), tuple(steps), k)


def _top_up(out: list[Quasi], k: int) -> int:
    """Fill a last group smaller than ``k`` (every value generalised) with rows taken from the
    largest other groups; returns how many rows were moved."""
    moved = 0
    while True:
        counts = Counter(out)
        small = {q for q, n in counts.items() if n < k and q != FULLY}
        if not small and not 0 < counts[FULLY] < k:
            return moved
        if small:  # cannot happen after every step; kept so the promise holds whatever the input
            donors = small
        else:
            n, donor = max((n, q) for q, n in counts.items() if q != FULLY)
            donors = {donor}
            take = 1 if n > k else n  # a group of exactly k moves whole: none is left small
        for i in range(len(out) - 1, -1, -1):
            if out[i] in donors and (small or take):
                out[i] = FULLY
                moved += 1
                if not small:
                    take -= 1
