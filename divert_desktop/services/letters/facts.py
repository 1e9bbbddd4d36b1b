"""Loading what a letter is about (person, referral, appointment, onward referral) in a session."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    LetterTemplate,
    OnwardStatus,
    PlaceKind,
    ReferralStatus,
    Substance,
)
from divert_desktop.core.errors import NotFound
from divert_desktop.core.letters import (
    APPOINTMENT_TEMPLATES,
    ONWARD_LETTER_STATUSES,
    LetterNotApplicable,
    shared_items,
)
from divert_desktop.core.validation import UK_TIMEZONE, format_long_date
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    OnwardReferral,
    Person,
    Referral,
    ReferralSubstance,
    Service,
    StaffUser,
    Venue,
)
from divert_desktop.services.letters.content import (
    AppointmentFacts,
    LetterFacts,
    OnwardFacts,
    PersonFacts,
    ReferralFacts,
    summarise_scores,
)


def uk_date(moment: datetime) -> date:
    """The UK calendar day of a stored naive-UTC timestamp."""
    return moment.replace(tzinfo=UTC).astimezone(UK_TIMEZONE).date()


def utc_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Naive-UTC instants from the start of UK day ``first`` to the start of the day after
    ``last`` (for stored UTC timestamps such as ``status_changed_at``)."""
    from datetime import time, timedelta

    def start(d: date) -> datetime:
        local = datetime.combine(d, time.min, tzinfo=UK_TIMEZONE)
        return local.astimezone(UTC).replace(tzinfo=None)

    return start(first), start(last + timedelta(days=1))


_PERSON = (
    Person.id,
    Person.first_name,
    Person.last_name,
    Person.known_as,
    Person.date_of_birth,
    Person.address_line1,
    Person.address_line2,
    Person.town,
    Person.postcode,
    Person.phone,
    Person.email,
    Person.letters_allowed,
    Person.accessibility_needs,
)
_REFERRAL = (
    Referral.id,
    Referral.police_reference,
    Referral.referral_datetime,
    Referral.status,
    Referral.status_changed_at,
    Referral.engagement_deadline,
    Referral.consent_to_share,
    Referral.young_person,
    Referral.appropriate_adult_name,
    Referral.appropriate_adult_relationship,
    Referral.officer_name,
    Referral.officer_number,
    Referral.outcome_sent_at,
)
_APPOINTMENT = (
    Appointment.id,
    Appointment.type,
    Appointment.status,
    Appointment.start_at,
    Appointment.length_minutes,
    Appointment.place_kind,
    Venue.name,
    Venue.address,
    Appointment.place_detail,
    StaffUser.display_name,
)
"""Columns in the order of PersonFacts, ReferralFacts and AppointmentFacts (one query each)."""


def _person_facts(values: list) -> PersonFacts:  # type: ignore[type-arg]
    values[11] = bool(values[11])
    return PersonFacts(*values)


def _person(session: Session, person_id: int) -> PersonFacts:
    row = session.execute(sa.select(*_PERSON).where(Person.id == person_id)).first()
    if row is None:
        raise NotFound("That person's record could not be found.")
    return _person_facts(list(row))


def _referral_facts(values: list, substances: tuple[str, ...] = ()) -> ReferralFacts:  # type: ignore[type-arg]
    values[3] = ReferralStatus(values[3])
    values[7] = bool(values[7])
    values[10], values[11] = values[10] or "", values[11] or ""
    values.append(substances)
    return ReferralFacts(*values)


def _substances(session: Session, referral_id: int) -> tuple[str, ...]:
    rows = session.execute(
        sa.select(ReferralSubstance.substance, ReferralSubstance.other_text)
        .where(ReferralSubstance.referral_id == referral_id)
        .order_by(ReferralSubstance.id)
    ).all()
    return tuple(
        f"Other: {other.strip()}"
        if Substance(x) is Substance.OTHER and other
        else Substance(x).label
        for x, other in rows
    )


def _referral_select() -> sa.Select:
    """A referral with its person's id (then the person, when prefetched for a batch)."""
    return sa.select(*_REFERRAL, Referral.person_id)


def _referral(
    session: Session, referral_id: int, *, substances: bool, found: object | None = None
) -> tuple[ReferralFacts, int]:
    """The referral's facts and its person's id (from ``found``, a prefetched row, if given)."""
    row = found
    if row is None:
        row = session.execute(_referral_select().where(Referral.id == referral_id)).first()
    if row is None:
        raise NotFound("That referral could not be found.")
    values = list(row)[: len(_REFERRAL) + 1]  # type: ignore[call-overload]
    found_substances = _substances(session, referral_id) if substances else ()
    return _referral_facts(values[:-1], found_substances), values[-1]


def _appointment_select() -> sa.Select:
    return (
        sa.select(*_APPOINTMENT, Appointment.person_id, Appointment.referral_id)
        .outerjoin(Venue, Venue.id == Appointment.venue_id)
        .outerjoin(StaffUser, StaffUser.id == Appointment.caseworker_id)
    )


def _appointment_facts_select() -> sa.Select:
    """An appointment with its referral and person, in one row (the columns in the order
    ``load_facts`` cuts them)."""
    return (
        _appointment_select()
        .add_columns(*_REFERRAL, *_PERSON)
        .outerjoin(Referral, Referral.id == Appointment.referral_id)
        .join(Person, Person.id == Appointment.person_id)
    )


@dataclass(frozen=True)
class Prefetched:
    """The rows of many letters, read in two set-based queries (a batch reads one chunk at a
    time): ``load_facts`` takes a letter's row from here instead of querying for it. Anything
    not here is read as usual."""

    appointments: dict[int, sa.Row[Any]]
    referrals: dict[int, sa.Row[Any]]


def prefetch(
    session: Session,
    *,
    appointment_ids: Iterable[int | None] = (),
    referral_ids: Iterable[int | None] = (),
) -> Prefetched:
    """The rows ``load_facts`` would read for these appointments and referrals (each referral
    with its person), in at most two queries."""
    wanted_a = sorted({x for x in appointment_ids if x is not None})
    wanted_r = sorted({x for x in referral_ids if x is not None})
    appointments: dict[int, sa.Row[Any]] = {}
    referrals: dict[int, sa.Row[Any]] = {}
    if wanted_a:
        stmt = _appointment_facts_select().where(Appointment.id.in_(wanted_a))
        appointments = {row[0]: row for row in session.execute(stmt)}
    if wanted_r:
        stmt = (
            _referral_select()
            .add_columns(*_PERSON)
            .outerjoin(Person, Person.id == Referral.person_id)
            .where(Referral.id.in_(wanted_r))
        )
        referrals = {row[0]: row for row in session.execute(stmt)}
    return Prefetched(appointments, referrals)


def _appointment(row: object) -> AppointmentFacts:
    values = list(row)[: len(_APPOINTMENT)]  # type: ignore[call-overload]
    values[1], values[2] = AppointmentType(values[1]), AppointmentStatus(values[2])
    values[5] = PlaceKind(values[5])
    return AppointmentFacts(*values)


def pick_appointment(
    session: Session, template: LetterTemplate, referral_id: int, now: datetime
) -> object | None:
    """The referral's appointment a letter is about: the next booked one (confirmation and
    reminder), or the most recent did-not-attend (missed appointment)."""
    a = Appointment
    stmt = _appointment_select().where(a.referral_id == referral_id)
    if template == LetterTemplate.MISSED_APPOINTMENT:
        stmt = stmt.where(a.status == AppointmentStatus.DID_NOT_ATTEND).order_by(
            a.start_at.desc(), a.id.desc()
        )
    else:
        stmt = stmt.where(a.status == AppointmentStatus.BOOKED, a.start_at >= now).order_by(
            a.start_at, a.id
        )
    return session.execute(stmt.limit(1)).first()


def _onward(session: Session, o: OnwardReferral) -> OnwardFacts:
    service = session.get(Service, o.service_id)
    keys = shared_items(o.share_items if isinstance(o.share_items, list) else ())
    assessment = None
    if "assessment_summary" in keys:
        latest = session.execute(
            sa.select(Assessment.created_at, Assessment.scores)
            .where(Assessment.referral_id == o.referral_id)
            .order_by(Assessment.created_at.desc(), Assessment.id.desc())
            .limit(1)
        ).first()
        if latest is not None:
            scores = summarise_scores(latest.scores)
            assessment = f"Assessed on {format_long_date(uk_date(latest.created_at))}" + (
                f". {scores}" if scores else ""
            )
    return OnwardFacts(
        o.id,
        OnwardStatus(o.status),
        o.reason,
        keys,
        service.organisation if service else "the service",
        service.contact_name if service else None,
        service.address if service else None,
        assessment,
    )


def load_facts(
    session: Session,
    template: LetterTemplate,
    *,
    referral_id: int | None = None,
    appointment_id: int | None = None,
    onward_referral_id: int | None = None,
    now: datetime,
    police_address: str = "",
    prefetched: Prefetched | None = None,
) -> LetterFacts:
    """What the letter is about (its rows taken from ``prefetched`` when there). Raises
    NotFound, and LetterNotApplicable when there is no appointment or onward referral it could
    be about."""
    appointment: object | None = None
    onward = None
    person_id: int | None = None
    person: PersonFacts | None = None
    referral: ReferralFacts | None = None
    if appointment_id is not None:  # the appointment, its referral and person in one query
        found = prefetched.appointments.get(appointment_id) if prefetched else None
        if found is None:
            stmt = _appointment_facts_select().where(Appointment.id == appointment_id)
            found = session.execute(stmt).first()
        if found is None:
            raise NotFound("That appointment could not be found.")
        cut = len(_APPOINTMENT) + 2
        person = _person_facts(list(found[cut + len(_REFERRAL) :]))
        if found.referral_id is not None and referral_id in (None, found.referral_id):
            if template != LetterTemplate.ONWARD_REFERRAL:
                referral = _referral_facts(list(found[cut : cut + len(_REFERRAL)]))
        referral_id = found.referral_id if referral_id is None else referral_id
        person_id = found.person_id
        if template in APPOINTMENT_TEMPLATES:
            appointment = found
    if onward_referral_id is not None and template == LetterTemplate.ONWARD_REFERRAL:
        onward = session.get(OnwardReferral, onward_referral_id)
        if onward is None:
            raise NotFound("That onward referral could not be found.")
        referral_id = onward.referral_id
    if referral_id is not None and referral is None:
        onward_letter = template == LetterTemplate.ONWARD_REFERRAL
        row = prefetched.referrals.get(referral_id) if prefetched and not onward_letter else None
        referral, person_id = _referral(session, referral_id, substances=onward_letter, found=row)
        if row is not None and row[len(_REFERRAL) + 1] is not None:
            person = _person_facts(list(row)[len(_REFERRAL) + 1 :])
    if referral is None and appointment is None:
        raise NotFound("Choose the referral the letter is about.")
    if template in APPOINTMENT_TEMPLATES and appointment is None:
        assert referral is not None
        appointment = pick_appointment(session, template, referral.id, now)
        if appointment is None:
            what = {
                LetterTemplate.APPOINTMENT_CONFIRMATION: "no booked appointment to confirm",
                LetterTemplate.APPOINTMENT_REMINDER: "no booked appointment to remind them about",
                LetterTemplate.MISSED_APPOINTMENT: "no appointment marked as did not attend",
            }[template]
            raise LetterNotApplicable(f"Referral {referral.police_reference} has {what}.")
    if template == LetterTemplate.ONWARD_REFERRAL and onward is None:
        assert referral is not None
        onward = session.execute(
            sa.select(OnwardReferral)
            .where(
                OnwardReferral.referral_id == referral.id,
                OnwardReferral.status.in_([s.value for s in ONWARD_LETTER_STATUSES]),
            )
            .order_by(OnwardReferral.created_at.desc(), OnwardReferral.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if onward is None:
            raise LetterNotApplicable(
                f"Referral {referral.police_reference} has no onward referral the person has "
                "agreed to."
            )
    assert person_id is not None
    return LetterFacts(
        template=template,
        person=person
        if person is not None and person.id == person_id
        else _person(session, person_id),
        referral=referral,
        appointment=_appointment(appointment) if appointment is not None else None,
        onward=_onward(session, onward) if onward else None,
        police_address=police_address,
    )
