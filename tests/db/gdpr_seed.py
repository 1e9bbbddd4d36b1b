"""A person with something in every table (invented data), for the data-protection tests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    OnwardStatus,
    PlaceKind,
    ReferralStatus,
    ServiceType,
)
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    EducationalSession,
    Letter,
    OnwardReferral,
    Person,
    PossibleDuplicate,
    ReferralStatusChange,
    Service,
)
from divert_desktop.services.people.name_parts import insert_parts
from tests.db.test_booking import add_referral

PDF = b"%PDF-1.4\n% an invented letter\n%%EOF\n"


@dataclass(frozen=True)
class Seeded:
    person_id: int
    referral_id: int
    appointment_id: int
    letter_id: int
    assessment_id: int
    session_id: int
    onward_id: int


def add_named_person(
    db,
    first: str,
    last: str,
    dob: date = date(1990, 5, 17),
    *,
    known_as: str | None = None,
    postcode: str | None = "B1 1AA",
    phone: str | None = "07700900123",
) -> int:
    from divert_desktop.core.validation import search_key

    row = {
        "first_name": first,
        "last_name": last,
        "known_as": known_as,
        "date_of_birth": dob,
        "search_first": search_key(first),
        "search_last": search_key(last),
        "search_known_as": search_key(known_as) if known_as else None,
        "address_line1": "1 Invented Row",
        "town": "Testville",
        "postcode": postcode,
        "phone": phone,
        "email": "someone@example.com",
        "accessibility_needs": "Step-free access",
        "language_needs": "Polish interpreter",
        "pnc_id": "12/345678X",
        "local_authority": "Dudley",
        "gender": "female",
    }
    with db.unit_of_work() as s:
        pid = s.execute(sa.insert(Person).returning(Person.id), [row]).scalar_one()
        insert_parts(s, [{"id": pid, **row}])
        return pid


def seed_everything(
    db,
    person_id: int,
    *,
    closed_at: datetime = datetime(2018, 3, 1, 12, 0),
    status: ReferralStatus = ReferralStatus.COMPLETED,
    reference: str | None = None,
) -> Seeded:
    """One referral (closed at ``closed_at`` with ``status``) and one of everything attached."""
    referred = closed_at - timedelta(days=20)
    rid = add_referral(
        db, person_id, when=referred, status=status, substances=("cannabis",), reference=reference
    )
    with db.unit_of_work() as s:
        s.execute(
            sa.text(
                "UPDATE referrals SET status_changed_at = :at, notes = 'Said she lives with her aunt',"
                " appropriate_adult_name = 'Invented Adult', override_reason = 'Manager agreed'"
                " WHERE id = :id"
            ),
            {"at": closed_at, "id": rid},
        )
        s.add(
            ReferralStatusChange(
                referral_id=rid,
                from_status=None,
                to_status="received",
                at=referred,
                username="test",
                reason=None,
            )
        )
        s.add(
            ReferralStatusChange(
                referral_id=rid,
                from_status="received",
                to_status=status,
                at=closed_at,
                username="test",
                reason="Moved away to live with family",
            )
        )
        appt = Appointment(
            person_id=person_id,
            referral_id=rid,
            type=AppointmentType.INITIAL_ASSESSMENT,
            start_at=referred + timedelta(days=3),
            end_at=referred + timedelta(days=3, hours=1),
            length_minutes=60,
            place_kind=PlaceKind.OUTREACH,
            place_detail="Invented Academy, room 4",
            status=AppointmentStatus.ATTENDED,
            status_reason="Came with her aunt",
            created_by="test",
        )
        s.add(appt)
        s.flush()
        assessment = Assessment(
            referral_id=rid,
            person_id=person_id,
            appointment_id=appt.id,
            form_id="divert-core",
            form_version="1",
            created_by="test",
            answers={
                "frequency": "weekly",
                "route": "smoked",
                "age_first_use": 15,
                "substance": "crack cocaine",
                "housing_notes": "Sofa surfing at a friend's",
                "goals": ["stop_using", "Get back into college"],
            },
            scores={"assist": {"cannabis": 12}},
        )
        session_row = EducationalSession(
            referral_id=rid,
            appointment_id=appt.id,
            session_date=(referred + timedelta(7)).date(),
            length_minutes=60,
            attended=True,
            topics=["drug_harms", "the_law"],
            topics_other="Her brother's arrest",
            reflections="Worried about her brother",
            next_steps="Call the housing team",
            created_by="test",
        )
        service = Service(
            organisation="Invented Housing Trust",
            service_type=ServiceType.HOUSING,
            areas=["Dudley"],
        )
        s.add_all([assessment, session_row, service])
        s.flush()
        onward = OnwardReferral(
            referral_id=rid,
            person_id=person_id,
            service_id=service.id,
            status=OnwardStatus.SENT,
            reason="Needs a place to live",
            notes="Prefers calls after 5pm",
            share_items=["contact"],
            created_by="test",
        )
        s.add(onward)
        s.flush()
        letter = Letter(
            person_id=person_id,
            referral_id=rid,
            appointment_id=appt.id,
            template="completion",
            template_version=1,
            recipient="person",
            created_by="test",
            sha256=hashlib.sha256(PDF).hexdigest(),
            filename=f"completion-{person_id}.pdf",
            pdf=PDF,
        )
        s.add(letter)
        s.flush()
        return Seeded(person_id, rid, appt.id, letter.id, assessment.id, session_row.id, onward.id)


def add_duplicate(db, person_id: int, candidate_id: int, status: str = "open") -> int:
    with db.unit_of_work() as s:
        row = {
            "person_id": person_id,
            "candidate_id": candidate_id,
            "score": 90,
            "reasons": "same date of birth",
            "status": status,
        }
        return s.execute(
            sa.insert(PossibleDuplicate).returning(PossibleDuplicate.id), [row]
        ).scalar_one()
