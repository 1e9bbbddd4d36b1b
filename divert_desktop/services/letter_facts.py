"""Loading what a letter is about (person, referral, appointment, onward referral) in a session."""

from __future__ import annotations

from datetime import UTC, date, datetime

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

from .letter_content import (
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


def person_facts(person: Person) -> PersonFacts:
    return PersonFacts(
        person.id,
        person.first_name,
        person.last_name,
        person.known_as,
        person.date_of_birth,
        person.address_line1,
        person.address_line2,
        person.town,
        person.postcode,
        person.phone,
        person.email,
        bool(person.letters_allowed),
        person.accessibility_needs,
    )


def referral_facts(session: Session, r: Referral) -> ReferralFacts:
    rows = session.execute(
        sa.select(ReferralSubstance.substance, ReferralSubstance.other_text)
        .where(ReferralSubstance.referral_id == r.id)
        .order_by(ReferralSubstance.id)
    ).all()
    substances = tuple(
        f"Other: {other.strip()}"
        if Substance(s) is Substance.OTHER and other
        else Substance(s).label
        for s, other in rows
    )
    return ReferralFacts(
        r.id,
        r.police_reference,
        r.referral_datetime,
        ReferralStatus(r.status),
        r.status_changed_at,
        r.engagement_deadline,
        r.consent_to_share,
        bool(r.young_person),
        r.appropriate_adult_name,
        r.appropriate_adult_relationship,
        r.officer_name or "",
        r.officer_number or "",
        r.outcome_sent_at,
        substances,
    )


def appointment_facts(session: Session, a: Appointment) -> AppointmentFacts:
    venue = session.get(Venue, a.venue_id) if a.venue_id else None
    caseworker = session.get(StaffUser, a.caseworker_id) if a.caseworker_id else None
    return AppointmentFacts(
        a.id,
        AppointmentType(a.type),
        AppointmentStatus(a.status),
        a.start_at,
        a.length_minutes,
        PlaceKind(a.place_kind),
        venue.name if venue else None,
        venue.address if venue else None,
        a.place_detail,
        caseworker.display_name if caseworker else None,
    )


def pick_appointment(
    session: Session, template: LetterTemplate, referral_id: int, now: datetime
) -> Appointment | None:
    """The referral's appointment a letter is about: the next booked one (confirmation and
    reminder), or the most recent did-not-attend (missed appointment)."""
    a = Appointment
    if template == LetterTemplate.MISSED_APPOINTMENT:
        stmt = (
            sa.select(a)
            .where(a.referral_id == referral_id, a.status == AppointmentStatus.DID_NOT_ATTEND)
            .order_by(a.start_at.desc(), a.id.desc())
        )
    else:
        stmt = (
            sa.select(a)
            .where(
                a.referral_id == referral_id,
                a.status == AppointmentStatus.BOOKED,
                a.start_at >= now,
            )
            .order_by(a.start_at, a.id)
        )
    return session.execute(stmt.limit(1)).scalar_one_or_none()


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
) -> LetterFacts:
    """What the letter is about. Raises NotFound, and LetterNotApplicable when there is no
    appointment or onward referral it could be about."""
    appointment = onward = None
    if appointment_id is not None:
        found = session.get(Appointment, appointment_id)
        if found is None:
            raise NotFound("That appointment could not be found.")
        referral_id = found.referral_id if referral_id is None else referral_id
        if template in APPOINTMENT_TEMPLATES:
            appointment = found
    if onward_referral_id is not None and template == LetterTemplate.ONWARD_REFERRAL:
        onward = session.get(OnwardReferral, onward_referral_id)
        if onward is None:
            raise NotFound("That onward referral could not be found.")
        referral_id = onward.referral_id
    referral = session.get(Referral, referral_id) if referral_id is not None else None
    if referral_id is not None and referral is None:
        raise NotFound("That referral could not be found.")
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
    person_id = (
        referral.person_id if referral else appointment.person_id  # type: ignore[union-attr]
    )
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("That person's record could not be found.")
    return LetterFacts(
        template=template,
        person=person_facts(person),
        referral=referral_facts(session, referral) if referral else None,
        appointment=appointment_facts(session, appointment) if appointment else None,
        onward=_onward(session, onward) if onward else None,
        police_address=police_address,
    )
