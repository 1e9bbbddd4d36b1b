"""The demo generator's people: invented names, contact details, dates of birth and near-duplicates."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from divert_desktop.core.enums import ContactMethod, Ethnicity, Gender, LocalAuthority
from divert_desktop.core.matching import PersonKey, score_match, swapped_date_of_birth
from divert_desktop.core.validation import search_key
from divert_desktop.services.demo import names

if TYPE_CHECKING:
    from divert_desktop.services.demo.generate import _IdCounters

_HOUR_WEIGHTS = (1, 1, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 5, 5, 6, 7, 8, 8, 8, 7, 6, 5, 3, 2)
_LANGUAGES = {
    "eastern_european": ("Polish interpreter", "Romanian interpreter", "Lithuanian interpreter"),
    "south_asian": ("Urdu interpreter", "Punjabi interpreter", "Bengali interpreter"),
    "east_asian": ("Vietnamese interpreter", "Mandarin interpreter", "Cantonese interpreter"),
    "arab": ("Arabic interpreter",),
    "african": ("Somali interpreter", "Tigrinya interpreter"),
}
_ACCESS = (
    "Wheelchair user: needs step-free access",
    "Dyslexia: please read letters through at appointments",
    "Hearing impairment: prefers text messages",
    "Large print letters",
    "Anxiety: prefers a quiet room and a set time",
)


@dataclass
class DemoPerson:
    """A generated person, as the referral simulation needs to know them."""

    id: int
    first: str
    last: str
    known_as: str | None
    dob: date
    area: LocalAuthority
    postcode: str
    times: list[datetime]
    sex: Gender
    group: Ethnicity


def soon_after(rng: random.Random, when: datetime, now: datetime) -> datetime:
    """A few minutes to an hour and a half after ``when``, but never after ``now``."""
    later = when + timedelta(minutes=rng.randint(3, 90))
    return min(later, max(when, now - timedelta(minutes=1)))


class PeopleMaker:
    """Makes people rows (and possible-duplicate rows) with their referral times."""

    def __init__(
        self, rng: random.Random, ids: _IdCounters, now: datetime, start: datetime
    ) -> None:
        self.rng, self.ids, self.now, self.start = rng, ids, now, start
        self.areas = list(LocalAuthority)
        self.area_weights = [names.AREAS[a].weight for a in self.areas]
        self.rows: list[dict[str, Any]] = []
        self.duplicates: list[dict[str, Any]] = []

    def make(
        self, size: int, rows: list[dict[str, Any]], duplicates: list[dict[str, Any]]
    ) -> list[DemoPerson]:
        """``size`` people, appended to ``rows``; about one in 150 is a near-duplicate of another."""
        self.rows, self.duplicates = rows, duplicates
        return self._people(size)

    def _people(self, size: int) -> list[DemoPerson]:
        rng = self.rng
        duplicates = (
            set(rng.sample(range(1, size), min(size - 1, max(1, size // 150))))
            if size > 1
            else set()
        )
        out: list[DemoPerson] = []
        for i in range(size):
            person = self._duplicate_of(rng.choice(out)) if i in duplicates else None
            out.append(person or self._person())
        return out

    def _referral_times(self) -> list[datetime]:
        rng, now = self.rng, self.now
        count = rng.choices((1, 2, 3), (64, 25, 11))[0]
        span = (now - self.start).days
        day = self.start.date() + timedelta(days=rng.randrange(span + 1))
        times: list[datetime] = []
        while len(times) < count:
            when = datetime.combine(
                day, time(rng.choices(range(24), _HOUR_WEIGHTS)[0], rng.randrange(60))
            )
            if when >= now:
                if times:
                    break
                when -= timedelta(days=1)
            times.append(when)
            day = when.date() + timedelta(days=rng.randint(90, 420))
        return times

    def _dob(self, on: date) -> date:
        rng = self.rng
        band = rng.random()
        if band < 0.135:
            age = 13 + 5 * math.sqrt(rng.random())
        elif band < 0.62:
            age = rng.uniform(18, 30)
        elif band < 0.85:
            age = rng.uniform(30, 40)
        elif band < 0.96:
            age = rng.uniform(40, 50)
        else:
            age = rng.uniform(50, 60)
        return on - timedelta(days=int(age * 365.25))

    def _person(
        self,
        base: DemoPerson | None = None,
        name: names.Name | None = None,
        dob: date | None = None,
        postcode: str | None = None,
    ) -> DemoPerson:
        rng = self.rng
        sex = base.sex if base else names.gender(rng)
        group = base.group if base else names.ethnicity(rng)
        name = name or names.person_name(rng, sex, group)
        times = self._referral_times()
        dob = dob or self._dob(times[0].date())
        area = base.area if base else rng.choices(self.areas, self.area_weights)[0]
        postcode = postcode or names.postcode(rng, area)
        line1, line2 = names.address(rng)
        phone = names.phone(rng) if rng.random() < 0.88 else None
        email = names.email(rng, name.first, name.last) if rng.random() < 0.55 else None
        contact = self._contact(phone, email)
        pool = names.ETHNICITIES[group][1][0]
        language = (
            rng.choice(_LANGUAGES[pool]) if pool in _LANGUAGES and rng.random() < 0.08 else None
        )
        created = soon_after(rng, times[0], self.now)
        pid = self.ids.take("people")
        self.rows.append(
            {
                "id": pid,
                "first_name": name.first,
                "last_name": name.last,
                "known_as": name.known_as,
                "date_of_birth": dob,
                "gender": sex.value,
                "ethnicity": group.value,
                "address_line1": line1,
                "address_line2": line2,
                "town": rng.choice(names.AREAS[area].towns),
                "postcode": postcode,
                "local_authority": area.value,
                "phone": phone,
                "email": email,
                "preferred_contact": contact,
                "letters_allowed": rng.random() < 0.92,
                "accessibility_needs": rng.choice(_ACCESS) if rng.random() < 0.05 else None,
                "language_needs": language,
                "pnc_id": self._pnc() if rng.random() < 0.35 else None,
                "search_first": search_key(name.first),
                "search_last": search_key(name.last),
                "search_known_as": search_key(name.known_as) if name.known_as else None,
                "needs_review": False,
                "merged_into_id": None,
                "anonymised_at": None,
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
        )
        return DemoPerson(
            pid, name.first, name.last, name.known_as, dob, area, postcode, times, sex, group
        )

    def _contact(self, phone: str | None, email: str | None) -> str:
        u = self.rng.random()
        if email and u < 0.2:
            return ContactMethod.EMAIL.value
        if phone:
            return (ContactMethod.TEXT if u < 0.65 else ContactMethod.PHONE).value
        return ContactMethod.LETTER.value

    def _pnc(self) -> str:
        rng = self.rng
        return f"{rng.randrange(5, 25):02d}/{rng.randrange(100000, 999999)}{rng.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}"

    def _duplicate_of(self, base: DemoPerson) -> DemoPerson | None:
        """A second record of the same person with a keying slip, flagged for review (never merged)."""
        rng = self.rng
        first, last, dob = base.first, base.last, base.dob
        kind = rng.random()
        swapped = swapped_date_of_birth(dob)
        if kind < 0.4 or (kind < 0.75 and swapped is None):
            last = names.typo(rng, last)
        elif kind < 0.75 and swapped is not None:
            dob = swapped
        elif base.known_as:
            first = base.known_as
        else:
            last = names.typo(rng, last)
        postcode = base.postcode if rng.random() < 0.6 else names.postcode(rng, base.area)
        new_key = PersonKey(None, first, last, dob, None, postcode)
        old_key = PersonKey(base.id, base.first, base.last, base.dob, base.known_as, base.postcode)
        match = score_match(new_key, old_key)
        if match is None or match.certain or match.score < 70:
            return None
        person = self._person(base, names.Name(first, last, None), dob, postcode)
        row = self.rows[-1]
        row["needs_review"] = True
        self.duplicates.append(
            {
                "id": self.ids.take("possible_duplicates"),
                "person_id": person.id,
                "candidate_id": base.id,
                "score": match.score,
                "reasons": "; ".join(match.reasons),
                "status": "open",
                "created_at": row["created_at"],
                "resolved_by": None,
                "resolved_at": None,
            }
        )
        return person
