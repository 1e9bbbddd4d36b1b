"""Invented people, referrals and appointments for the letters tests (no real people's names)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    OnwardStatus,
    PlaceKind,
    ReferralStatus,
    Role,
    ServiceType,
)
from divert_desktop.core.validation import UK_TIMEZONE
from divert_desktop.persistence.models import (
    Appointment,
    OnwardReferral,
    Person,
    Referral,
    ReferralSubstance,
    Service,
    Setting,
    StaffUser,
    Venue,
)
from tests.clock import CLOCK

LETTERHEAD = {
    "organisation_name": "Example Recovery Trust",
    "organisation_address": "Unit 4, Sample Works\n12 Example Lane\nCoventry CV1 9ZZ",
    "organisation_phone": "024 7600 0000",
    "organisation_email": "divert@example.org",
    "signatory_name": "Jo Sample",
    "signatory_title": "DIVERT Service Manager",
    "police_address": "West Midlands Police\nCommunity Resolutions Team\nPO Box 0000, Birmingham B1 1AA",
}


@dataclass
class World:
    today: date
    now: datetime
    adult: int  # Siân, booked initial assessment in a week
    young: int  # Zoë, 16, appropriate adult Łukasz Kowalski, booked in a week
    no_letters: int  # Łukasz Nowak: do not send letters, booked in a week
    missed: int  # Nguyễn Văn An: did not attend yesterday
    completed: int  # decided three days ago
    not_engaged: int  # decided two days ago
    onward: int  # the completed referral's onward referral (consent given)
    adult_appointment: int
    young_appointment: int
    missed_appointment: int
    caseworker: int
    people: dict[str, int]
    references: dict[str, str]


def _utc(local: datetime) -> datetime:
    return local.replace(tzinfo=UK_TIMEZONE).astimezone(UTC).replace(tzinfo=None)


def set_letterhead(db) -> None:  # type: ignore[no-untyped-def]
    """The invented letterhead every letter needs."""
    with db.unit_of_work() as s:
        for key, value in LETTERHEAD.items():
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value, updated_by="test"))
            else:
                row.value = value


def seed_letters(db, today: date | None = None) -> World:  # type: ignore[no-untyped-def]
    """Seven referrals in the states letters are about, around ``today`` (default: today)."""
    today = today or CLOCK.today()
    now = datetime.combine(today, time(9, 0))
    week = today + timedelta(days=7)
    set_letterhead(db)
    with db.unit_of_work() as s:
        coventry = s.execute(sa.select(Venue).where(Venue.name == "Coventry")).scalar_one()
        coventry.address = "Coventry hub\n1 Example Street\nCoventry CV1 1AA"
        worker = StaffUser(
            username="sam.okafor",
            display_name="Sam Okafor",
            role=Role.CASEWORKER,
            password_hash="-",
        )
        s.add(worker)
        s.flush()

        def person(first: str, last: str, born: date, **kw: object) -> int:
            row = Person(
                first_name=first,
                last_name=last,
                date_of_birth=born,
                search_first=first.lower(),
                search_last=last.lower(),
                address_line1=kw.pop("line1", "1 Sample Road"),
                town=kw.pop("town", "Coventry"),
                postcode=kw.pop("postcode", "CV1 2AB"),
                **kw,
            )
            s.add(row)
            s.flush()
            return row.id

        refs: dict[str, str] = {}

        def referral(pid: int, ref: str, status: ReferralStatus, **kw: object) -> int:
            when = kw.pop("when", datetime.combine(today - timedelta(days=20), time(14, 5)))
            row = Referral(
                police_reference=ref,
                person_id=pid,
                referral_datetime=when,
                officer_name="PC Ada Example",
                officer_number="4711",
                local_authority="Coventry",
                status=status,
                engagement_deadline=when.date() + timedelta(days=42),
                created_by="test",
                **kw,
            )
            s.add(row)
            s.flush()
            s.add(ReferralSubstance(referral_id=row.id, substance="cannabis"))
            refs[ref] = ref
            return row.id

        def appointment(pid: int, rid: int, start: datetime, status: AppointmentStatus) -> int:
            row = Appointment(
                person_id=pid,
                referral_id=rid,
                type=AppointmentType.INITIAL_ASSESSMENT,
                caseworker_id=worker.id,
                start_at=start,
                end_at=start + timedelta(minutes=60),
                length_minutes=60,
                place_kind=PlaceKind.VENUE,
                venue_id=coventry.id,
                status=status,
                created_by="test",
            )
            s.add(row)
            s.flush()
            return row.id

        sian = person("Siân", "Öztürk-Jones", date(1994, 3, 14), phone="07700900123")
        sixteen = date(today.year - 16, today.month, min(today.day, 28))  # safe on 29 February
        zoe = person("Zoë", "Nguyễn", sixteen - timedelta(days=30))
        lukasz = person("Łukasz", "Nowak", date(1988, 7, 2), letters_allowed=False)
        an = person(
            "An",
            "Nguyễn Văn",
            date(1999, 1, 9),
            known_as="Annie",
            accessibility_needs="Large print letters, please",
        )
        done = person(
            "Zoë", "Hartwell-Ng", date(1990, 5, 17), email="zoe@example.com", phone="07700900456"
        )
        gone = person("Oskar", "Lindqvist", date(1985, 11, 30))
        adult = referral(sian, "WMP-L-0001", ReferralStatus.BOOKED, consent_to_share=True)
        young = referral(
            zoe,
            "WMP-L-0002",
            ReferralStatus.BOOKED,
            young_person=True,
            appropriate_adult_name="Łukasz Kowalski",
            appropriate_adult_relationship="Father",
            appropriate_adult_phone="07700900789",
        )
        no_letters = referral(lukasz, "WMP-L-0003", ReferralStatus.BOOKED)
        missed = referral(an, "WMP-L-0004", ReferralStatus.BOOKED)
        completed = referral(
            done,
            "WMP-L-0005",
            ReferralStatus.COMPLETED,
            consent_to_share=True,
            status_changed_at=_utc(now - timedelta(days=3)),
        )
        not_engaged = referral(
            gone,
            "WMP-L-0006",
            ReferralStatus.NOT_ENGAGED,
            consent_to_share=True,
            status_reason="nothing attended by the deadline",
            status_changed_at=_utc(now - timedelta(days=2)),
        )
        adult_appt = appointment(
            sian, adult, datetime.combine(week, time(10, 0)), AppointmentStatus.BOOKED
        )
        young_appt = appointment(
            zoe, young, datetime.combine(week, time(15, 30)), AppointmentStatus.BOOKED
        )
        appointment(
            lukasz, no_letters, datetime.combine(week, time(11, 0)), AppointmentStatus.BOOKED
        )
        missed_appt = appointment(
            an,
            missed,
            datetime.combine(today - timedelta(days=1), time(13, 0)),
            AppointmentStatus.DID_NOT_ATTEND,
        )
        service = Service(
            organisation="Example Housing Advice",
            service_type=ServiceType.HOUSING,
            areas=["Coventry"],
            contact_name="Alex Sample",
            address="2 Sample Street\nCoventry CV1 3CD",
        )
        s.add(service)
        s.flush()
        onward = OnwardReferral(
            referral_id=completed,
            person_id=done,
            service_id=service.id,
            status=OnwardStatus.CONSENT_GIVEN,
            reason="Wants advice about a housing problem",
            share_items=["contact_details", "referral_reason", "pin_number"],
            consent_at=_utc(now - timedelta(days=4)),
            created_by="test",
        )
        s.add(onward)
        s.flush()
        return World(
            today,
            now,
            adult,
            young,
            no_letters,
            missed,
            completed,
            not_engaged,
            onward.id,
            adult_appt,
            young_appt,
            missed_appt,
            worker.id,
            {"sian": sian, "zoe": zoe, "lukasz": lukasz, "an": an, "done": done, "gone": gone},
            refs,
        )
