"""The evaluation extract's pure rules: age bands, broad ethnic groups, codes, pseudonyms and the
disclosure control's generalisation (checked on generated data)."""

from __future__ import annotations

import hashlib
import hmac
import random
from collections import Counter

import pytest

from divert_desktop.core import evaluation as ev
from divert_desktop.core.enums import Ethnicity, Gender, LocalAuthority, ReferralStatus
from divert_desktop.core.errors import ValidationError


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (10, "10–17"),
        (17, "10–17"),
        (18, "18–24"),
        (24, "18–24"),
        (25, "25–34"),
        (34, "25–34"),
        (35, "35–44"),
        (44, "35–44"),
        (45, "45+"),
        (90, "45+"),
    ],
)
def test_age_bands(age: int, band: str) -> None:
    assert ev.age_band(age) == band


def test_the_ons_five_broad_groups_cover_every_category() -> None:
    groups = Counter(ev.BROAD_ETHNIC_GROUPS.values())
    assert groups == {
        "Asian or Asian British": 5,
        "Black, Black British, Caribbean or African": 3,
        "Mixed or Multiple": 4,
        "White": 5,
        "Other ethnic group": 2,
        "Not stated": 1,
    }
    assert ev.broad_ethnic_group(Ethnicity.BLACK_CARIBBEAN.value) == (
        "Black, Black British, Caribbean or African"
    )
    assert ev.broad_ethnic_group("White") == "White"  # a broad group stays itself


def test_codes() -> None:
    rs = ReferralStatus
    assert [ev.outcome_code(s) for s in rs] == [
        "open",
        "open",
        "open",
        "completed",
        "",
        "",  # held for a manager: no outcome until decided
        "not_engaged",
        "withdrawn",
    ]
    assert [ev.comparison(s) for s in rs] == ["no", "no", "no", "no", "yes", "no", "yes", "no"]
    # Held is neither eligible nor ineligible: the eligibility column stays empty.
    assert [ev.eligibility(s) for s in rs] == [
        "eligible",
        "eligible",
        "eligible",
        "eligible",
        "ineligible",
        "",
        "eligible",
        "eligible",
    ]
    assert ev.ineligible_reason_code(rs.HELD, "previous referral not engaged") == ""
    assert ev.ineligible_reason_code(rs.INELIGIBLE, "intent to supply") == "intent_to_supply"
    assert ev.ineligible_reason_code(rs.INELIGIBLE, "He had scales") == "other"
    assert ev.ineligible_reason_code(rs.BOOKED, "anything") == ""


def test_pseudonyms_are_hmac_sha256_and_the_key_is_checked() -> None:
    key = b"k" * 32
    want = hmac.new(key, b"WMP/1", hashlib.sha256).hexdigest()
    assert ev.pseudo_referral(key, "  wmp/1 ") == want
    assert ev.pseudo_person(key, 7) == hmac.new(key, b"person:7", hashlib.sha256).hexdigest()
    assert ev.key_fingerprint(key) == hashlib.sha256(key).hexdigest()[:16]
    with pytest.raises(ValidationError, match="32 random bytes"):
        ev.check_key(b"x" * 31)
    with pytest.raises(ValidationError, match="too big"):
        ev.check_key(b"x" * 4096)


def _population(rnd: random.Random, n: int) -> list[ev.Quasi]:
    return [
        ev.Quasi(
            rnd.choice(ev.AGE_BANDS),
            rnd.choice(list(Gender)).value,
            rnd.choice(list(Ethnicity)).value,
            rnd.choice(list(LocalAuthority)).value,
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("seed", range(30))
def test_generalisation_reaches_k_and_leaves_big_groups_alone(seed: int) -> None:
    rnd = random.Random(seed)
    k = rnd.choice([2, 3, 5, 10])
    # a big group of one kind plus scattered rare rows
    common = ev.Quasi("25–34", "male", Ethnicity.WHITE_BRITISH.value, "Birmingham")
    rows = [common] * (k + rnd.randrange(5)) + _population(rnd, rnd.randrange(k, 300))
    rnd.shuffle(rows)
    done = ev.generalise(rows, k)
    assert len(done.rows) == len(rows)
    assert min(Counter(done.rows).values()) >= k == done.k
    assert done.smallest >= k
    before = Counter(rows)
    changed = [old for old, new in zip(rows, done.rows, strict=True) if old != new]
    topped_up = dict(done.steps).get(ev.TOP_UP, 0)
    # only the last top-up may take rows from a group that held k already
    assert sum(1 for old in changed if before[old] >= k) <= topped_up
    assert sum(1 for old, new in zip(rows, done.rows, strict=True) if old == common == new) >= k


def test_generalisation_goes_step_by_step_and_says_so() -> None:
    a = ev.Quasi("18–24", "female", Ethnicity.ASIAN_INDIAN.value, "Walsall")
    b = a._replace(ethnicity_group=Ethnicity.ASIAN_PAKISTANI.value)
    done = ev.generalise([a, a, b, b, a._replace(ethnicity_group=Ethnicity.ASIAN_CHINESE.value)], 2)
    # a and b are pairs already; the lone row only needs its broad group... and then has none to
    # join, so it goes on until it shares a combination with two others
    assert done.steps[0] == ("Ethnicity shown as its broad group", 1)
    assert min(Counter(done.rows).values()) >= 2
    lone = [a._replace(local_authority=area.value) for area in LocalAuthority][:3] * 2
    done = ev.generalise(lone, 2)
    assert done.rows == tuple(lone) and done.lines()[0].startswith("Nothing needed generalising")
    areas = [a._replace(local_authority=area.value) for area in LocalAuthority][:3]
    done = ev.generalise(areas, 3)
    assert [what for what, _n in done.steps][:2] == [
        "Ethnicity shown as its broad group",
        "Area shown as West Midlands",
    ]
    assert set(done.rows) == {
        ev.Quasi("18–24", "female", "Asian or Asian British", "West Midlands")
    }
    with pytest.raises(ValidationError, match="at least 5"):
        ev.generalise(areas, 5)
    assert ev.generalise([], 5).rows == ()
