"""An invented diary day for the diary tests and screenshots (no real people's names)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa

from divert_desktop.core.enums import AppointmentType, PlaceKind, Role
from divert_desktop.core.validation import search_key
from divert_desktop.persistence.models import Person
from divert_desktop.services.context import cli_actor
from divert_desktop.services.diary import booking
from tests.db.test_booking import add_person, add_referral, add_staff, venue

DAY = date(2026, 12, 2)  # a Wednesday
REFERRED = datetime(2026, 11, 25, 10, 0)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


def seed_diary(db: Any) -> dict[str, Any]:
    """Three caseworkers and seven people on Wed 2 Dec 2026, in every status; returns their ids."""
    actor = cli_actor()
    ids: dict[str, Any] = {
        "jo": add_staff(db, "Jo Bloggs"),
        "sam": add_staff(db, "Sam Okafor"),
        "priya": add_staff(db, "Priya Lal", Role.MANAGER),
        "coventry": venue(db, "Coventry"),
        "birmingham": venue(db, "Birmingham"),
    }
    people = [
        ("amelia", "Amelia", "Hartwell", date(1994, 3, 8), False),
        ("tomasz", "Tomasz", "Brindley", date(1988, 7, 21), False),
        ("zainab", "Zainab", "Idowu", date(2010, 1, 14), True),
        ("callum", "Callum", "Vasquez", date(1999, 11, 2), False),
        ("niamh", "Niamh", "Pemberton", date(2001, 5, 30), False),
        ("oskar", "Oskar", "Lindqvist", date(1996, 9, 9), False),
        ("kwame", "Kwame", "Okonjo", date(1991, 2, 17), False),
        ("siân", "Siân", "Öztürk-Jones", date(1985, 12, 1), False),
    ]
    for n, (key, first, last, dob, young) in enumerate(people):
        person = add_person(db, first, last, dob)
        with db.unit_of_work() as session:  # searchable as the intake service stores names
            session.execute(
                sa.update(Person)
                .where(Person.id == person)
                .values(search_first=search_key(first), search_last=search_key(last))
            )
        ids[f"{key}_ref"] = add_referral(
            db, person, reference=f"WMP-D-{n + 1:05d}", when=REFERRED, young=young
        )

    def book(key: str, start: datetime, who: str | None, where: str | None, **kw: Any) -> Any:
        return booking.book_appointment(
            db,
            actor,
            referral_id=ids[f"{key}_ref"],
            start_at=start,
            caseworker_id=ids[who] if who else None,
            venue_id=ids[where] if where else None,
            place_kind=PlaceKind.VENUE if where else PlaceKind.PHONE,
            **kw,
        )

    ids["amelia"] = book("amelia", at(10), "jo", "coventry")
    tomasz = book("tomasz", at(11, 30), "jo", "coventry")
    ids["tomasz"] = booking.mark_attended(db, actor, tomasz.id, tomasz.version, now=tomasz.start_at)
    zainab = book("zainab", at(9, 30), "sam", "birmingham")
    ids["zainab"] = booking.mark_arrived(db, actor, zainab.id, zainab.version, now=zainab.start_at)
    callum = book("callum", at(13), "sam", "birmingham")
    ids["callum"] = booking.mark_did_not_attend(
        db, actor, callum.id, callum.version, now=callum.start_at
    )
    niamh = book("niamh", at(14), "priya", "coventry")
    ids["niamh"] = booking.cancel_appointment(
        db,
        actor,
        niamh.id,
        by="person",
        reason="Rang to say they are unwell",
        expected_version=niamh.version,
    )
    ids["oskar"] = book("oskar", at(10), None, "birmingham")
    ids["kwame"] = book("kwame", at(15), "jo", None, length_minutes=45)
    ids["review"] = book(
        "tomasz", at(15, 30), "priya", "coventry", type=AppointmentType.EDUCATIONAL_SESSION
    )
    return ids
