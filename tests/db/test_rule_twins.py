"""Every SQL twin of a core rule agrees with the rule on generated data, on both databases."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from typing import Any, cast

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from divert_desktop.core.anonymisation import keep_reason
from divert_desktop.core.eligibility import age_on, held_by_repeat_bar, is_young_person
from divert_desktop.core.engagement import due_to_close_not_engaged
from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    IneligibleReason,
    PlaceKind,
    ReferralStatus,
)
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    EducationalSession,
    Referral,
)
from divert_desktop.services.casework.engagement import due_to_close_not_engaged_sql
from divert_desktop.services.rule_sql import (
    age_on_sql,
    held_by_repeat_bar_sql,
    is_young_person_sql,
    keep_reason_sql,
)
from tests.db.test_booking import add_person, add_referral

TWIN = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TODAY = date(2026, 12, 14)
_refs = itertools.count(1)


def _pg(db: Any) -> bool:
    return db.engine.dialect.name == "postgresql"


# --------------------------------------------------------------------------- age on a date

_births = st.dates(date(1900, 1, 1), date(2026, 12, 31))
_leap_births = st.sampled_from([date(2008, 2, 29), date(2004, 2, 29), date(2008, 3, 1)])


@TWIN
@given(
    st.lists(
        st.tuples(
            st.one_of(_births, _leap_births), st.integers(0, 120 * 366), st.integers(0, 1439)
        ),
        min_size=1,
        max_size=25,
    )
)
def test_age_on_sql_agrees_with_core(db, cases: list[tuple[date, int, int]]) -> None:
    """Ages and "under 18" on referral dates (timestamps), 29 February birthdays included."""
    pg = _pg(db)
    facts = [
        (born, datetime.combine(born + timedelta(days=days), time()) + timedelta(minutes=m))
        for born, days, m in cases
    ]
    with db.unit_of_work(write=False) as s:
        for born, when in facts:
            dob, on = sa.literal(born, sa.Date), sa.literal(when, sa.DateTime)
            age, young = s.execute(
                sa.select(age_on_sql(dob, on, pg), is_young_person_sql(dob, on, pg))
            ).one()
            assert age == age_on(born, when.date()), (born, when)
            assert bool(young) is is_young_person(born, when.date()), (born, when)


# --------------------------------------------------------------------------- the repeat bar

_statuses = st.sampled_from(list(ReferralStatus))
_reasons = st.one_of(
    st.none(),
    st.sampled_from([r.value for r in IneligibleReason]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20),
)


@TWIN
@given(st.lists(st.tuples(_statuses, _reasons), min_size=1, max_size=12))
def test_held_by_repeat_bar_sql_agrees_with_core(db, cases: list[tuple[Any, str | None]]) -> None:
    person = add_person(db)
    ids = {
        add_referral(
            db, person, reference=f"TWIN/BAR/{next(_refs)}", status=status, status_reason=reason
        ): (status, reason)
        for status, reason in cases
    }
    r = Referral
    with db.unit_of_work(write=False) as s:
        held = set(
            s.execute(
                sa.select(r.id).where(
                    r.id.in_(ids), held_by_repeat_bar_sql(r.status, r.status_reason)
                )
            ).scalars()
        )
    assert held == {rid for rid, facts in ids.items() if held_by_repeat_bar(*facts)}


@TWIN
@given(st.lists(_reasons, min_size=1, max_size=12))
def test_keep_reason_sql_agrees_with_core(db, reasons: list[str | None]) -> None:
    with db.unit_of_work(write=False) as s:
        for reason in reasons:
            kept = s.execute(sa.select(keep_reason_sql(sa.literal(reason, sa.String)))).scalar()
            assert kept == keep_reason(reason), reason


# --------------------------------------------------------------------------- engagement deadline

_referral = st.fixed_dictionaries(
    {
        "status": _statuses,
        "deadline": st.integers(-3, 3),  # days from TODAY
        "appointment": st.sampled_from([None, *AppointmentStatus]),
        "type": st.sampled_from(list(AppointmentType)),
        "assessment": st.booleans(),
        "note": st.sampled_from([None, True, False]),
    }
)


def _store(db: Any, facts: dict[str, Any]) -> int:
    deadline = TODAY + timedelta(days=facts["deadline"])
    when = datetime.combine(deadline - timedelta(days=42), time(10))
    rid = add_referral(db, reference=f"TWIN/ENG/{next(_refs)}", when=when, status=facts["status"])
    with db.unit_of_work() as s:
        person = s.get(Referral, rid).person_id
        if facts["appointment"] is not None:
            start = datetime.combine(deadline - timedelta(days=next(_refs) % 300 + 1), time(10))
            s.add(
                Appointment(
                    person_id=person,
                    referral_id=rid,
                    type=facts["type"],
                    start_at=start,
                    end_at=start + timedelta(minutes=30),
                    length_minutes=30,
                    place_kind=PlaceKind.PHONE,
                    status=facts["appointment"],
                    created_by="test",
                )
            )
        if facts["assessment"]:
            s.add(
                Assessment(
                    referral_id=rid,
                    person_id=person,
                    form_id="divert_assessment",
                    form_version="1",
                    answers={},
                    scores={},
                    created_by="test",
                )
            )
        if facts["note"] is not None:
            s.add(
                EducationalSession(
                    referral_id=rid,
                    session_date=when.date(),
                    length_minutes=45,
                    attended=facts["note"],
                    topics=[],
                    created_by="test",
                )
            )
    return rid


@settings(TWIN, max_examples=80)
@given(st.lists(_referral, min_size=1, max_size=8))
def test_due_to_close_not_engaged_sql_agrees_with_core(db, cases: list[dict[str, Any]]) -> None:
    """The bulk update's condition (services.engagement) against core.engagement's rule:
    anything attended is an attended appointment of any kind, an assessment recorded or a
    session note saying the person came."""
    ids = {_store(db, facts): facts for facts in cases}
    r = cast(sa.Table, Referral.__table__)
    forms = (False,) if db.is_sqlite else (False, True)  # and as a shared server asks it
    with db.unit_of_work(write=False) as s:
        found = [
            set(
                s.execute(
                    sa.select(r.c.id).where(
                        r.c.id.in_(ids), due_to_close_not_engaged_sql(r, TODAY, server=server)
                    )
                ).scalars()
            )
            for server in forms
        ]
    due = found[0]
    assert all(other == due for other in found)
    expected = {
        rid
        for rid, facts in ids.items()
        if due_to_close_not_engaged(
            status=facts["status"],
            deadline=TODAY + timedelta(days=facts["deadline"]),
            today=TODAY,
            anything_attended=facts["appointment"] == AppointmentStatus.ATTENDED
            or facts["assessment"]
            or facts["note"] is True,
        )
    }
    assert due == expected
