"""Synthetic demo data: staff, people, referrals, appointments and outcomes across the seven areas."""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.enums import LocalAuthority, Role, ServiceType
from divert_desktop.core.errors import DivertError, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Referral,
    Service,
    StaffUser,
    Venue,
    WorkingHours,
    clock_of,
)
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.admin.users import hash_password
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor
from divert_desktop.services.demo import names
from divert_desktop.services.demo.diary import SLOT, Diary
from divert_desktop.services.demo.timeline import FUTURE_DAYS, HISTORY_DAYS, Generator

CHUNK_PEOPLE = 5_000
DEFAULT_APPOINTMENTS_PER_PERSON = 10.0
APPOINTMENTS_PER_CASEWORKER_DAY = 6
MIN_CASEWORKERS = 8  # one per area, and a second for Birmingham
SATELLITE_CAPACITY = 10
DEMO_PREFIX = "demo."
SQLITE_CACHE_KIB = 512 * 1024  # during the run only

DEMO_SERVICES: tuple[tuple[str, ServiceType], ...] = (
    ("Demo Housing Advice (synthetic)", ServiceType.HOUSING),
    ("Demo Drug Treatment Service (synthetic)", ServiceType.DRUG_TREATMENT),
    ("Demo Alcohol Support (synthetic)", ServiceType.ALCOHOL_TREATMENT),
    ("Demo Citizens Advice (synthetic)", ServiceType.CITIZENS_ADVICE),
    ("Demo Mental Health Team (synthetic)", ServiceType.MENTAL_HEALTH),
    ("Demo Young People's Service (synthetic)", ServiceType.YOUNG_PEOPLE),
    ("Demo Employment and Skills (synthetic)", ServiceType.EMPLOYMENT_EDUCATION),
)


class DemoCancelled(DivertError):
    """The user cancelled the demo data run; nothing was added."""


@dataclass(frozen=True)
class DemoResult:
    """How many rows the run added (``users``: demo staff accounts created, 0 when reused)."""

    people: int
    referrals: int
    appointments: int
    users: int


Progress = Callable[[int, int, str], None]


def generate(
    db: Database,
    actor: Actor,
    *,
    people: int = 500,
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    appointments_per_person: float | None = None,
) -> DemoResult:
    """Add realistic synthetic data in one transaction and return the counts added.

    Deterministic for a seed on an empty database (a second run continues the ids and draws new
    people). Raises PermissionDenied for roles that may not manage the database, ValidationError for
    a bad size, and DemoCancelled when ``cancelled()`` turns true (everything is rolled back).
    """
    actor.require(Action.MANAGE_DATABASE)
    if people < 1 or people > 2_000_000:
        raise ValidationError("Choose between 1 and 2,000,000 people", field="people")
    per_person = (
        DEFAULT_APPOINTMENTS_PER_PERSON
        if appointments_per_person is None
        else appointments_per_person
    )
    if per_person < 0:
        raise ValidationError(
            "Appointments per person cannot be negative", field="appointments_per_person"
        )
    today = today or db.clock.today()
    with db.unit_of_work() as session, _bulk_mode(session):
        ids = _IdCounters(session)
        first_person = ids.peek("people")
        rng = random.Random(seed if first_person == 1 else f"divert-demo:{seed}:{first_person}")
        world = _World.build(session, ids, today, people, people * per_person, seed)
        gen = Generator(world, rng, ids, per_person, seed=seed)
        done = 0
        while done < people:
            if cancelled is not None and cancelled():
                raise DemoCancelled("Demo data cancelled: nothing was added.")
            size = min(CHUNK_PEOPLE, people - done)
            gen.chunk(session, size)
            done += size
            if progress is not None:
                progress(done, people, f"Added {done:,} of {people:,} people")
        if session.get_bind().dialect.name == "postgresql":
            _reset_sequences(session)
        counts = {
            "people": gen.count["people"],
            "referrals": gen.count["referrals"],
            "appointments": gen.count["appointments"],
            "users": world.staff_created,
            "educational_sessions": gen.count["sessions"],
            "onward_referrals": gen.count["onward"],
            "assessments": gen.count["assessments"],
            "possible_duplicates": gen.count["duplicates"],
            "seed": seed,
            "today": today.isoformat(),
            "appointments_per_person": per_person,
        }
        record(session, actor, AuditEntry("demo.generate", "database", None, None, counts))
    return DemoResult(
        gen.count["people"], gen.count["referrals"], gen.count["appointments"], world.staff_created
    )


_TABLES = (
    "staff_users",
    "working_hours",
    "venues",
    "services",
    "people",
    "possible_duplicates",
    "referrals",
    "referral_substances",
    "referral_status_history",
    "appointments",
    "educational_sessions",
    "onward_referrals",
    "assessments",
)


@contextmanager
def _bulk_mode(session: Session) -> Iterator[None]:
    """PostgreSQL: keep other writers out while ids are handed out. SQLite: a page cache big enough
    that a long transaction does not spill the same pages to the WAL again and again."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text(f"LOCK TABLE {', '.join(_TABLES)} IN EXCLUSIVE MODE"))
        yield
        return
    previous = session.execute(sa.text("PRAGMA cache_size")).scalar_one()
    session.execute(sa.text(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}"))
    try:
        yield
    finally:
        session.execute(sa.text(f"PRAGMA cache_size = {int(previous)}"))


class _IdCounters:
    """Explicit primary keys from max(id)+1, so bulk inserts need no RETURNING."""

    def __init__(self, session: Session) -> None:
        self._next = {
            t: session.execute(sa.text(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {t}")).scalar_one()
            for t in _TABLES
        }

    def peek(self, table: str) -> int:
        return self._next[table]

    def take(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value


def _reset_sequences(session: Session) -> None:
    for table in _TABLES:
        session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1), "
                f"(SELECT MAX(id) FROM {table}) IS NOT NULL)"
            )
        )


# --------------------------------------------------------------------------- staff, venues, services


@dataclass
class _World:
    """Everything a run shares: calendar, staff, venues, services, officers and settings."""

    today: date
    now: datetime
    diary: Diary
    settings: dict[str, Any]
    manager: str
    receptionists: list[str]
    caseworkers: dict[int, str]
    caseworkers_by_area: dict[LocalAuthority, list[int]]
    venues_by_area: dict[LocalAuthority, list[int]]
    services: list[tuple[int, ServiceType]]
    officers: dict[LocalAuthority, list[tuple[str, str]]]
    reference_counters: dict[int, int]
    staff_created: int = 0

    @classmethod
    def build(
        cls,
        session: Session,
        ids: _IdCounters,
        today: date,
        people: int,
        appointments: float,
        seed: int,
    ) -> _World:
        values = settings_service.read_all(session)
        day_start = time.fromisoformat(values.get("day_start") or "09:00")
        day_end = time.fromisoformat(values.get("day_end") or "17:00")
        minutes = (day_end.hour * 60 + day_end.minute) - (day_start.hour * 60 + day_start.minute)
        slots = max(8, min(60, minutes // SLOT))
        first = today - timedelta(days=HISTORY_DAYS + 7)
        diary = Diary(first, today + timedelta(days=400), day_start, slots)
        window = sum(
            1 for d in diary.days if d <= (today + timedelta(days=FUTURE_DAYS)).toordinal()
        )
        existing = _existing_demo_load(session, first)
        expected = max(appointments, 3.0 * people) + existing
        needed = max(
            MIN_CASEWORKERS, math.ceil(expected / (window * APPOINTMENTS_PER_CASEWORKER_DAY))
        )
        staff_rng = random.Random(f"divert-demo-staff:{seed}")
        manager, receptionists, caseworkers, created = _ensure_staff(
            session, staff_rng, ids, needed, day_start, day_end
        )
        world = cls(
            today=today,
            now=datetime.combine(today, time(8, 0)),
            diary=diary,
            settings=values,
            manager=manager,
            receptionists=receptionists,
            caseworkers={cid: name for cid, name, _ in caseworkers},
            caseworkers_by_area={
                la: [c for c, _, a in caseworkers if a == la] for la in LocalAuthority
            },
            venues_by_area=_ensure_venues(session, ids, diary, expected, window),
            services=_ensure_services(session, ids),
            officers=_officers(staff_rng, people),
            reference_counters=_reference_counters(session),
            staff_created=created,
        )
        _load_busy_time(session, world, first)
        return world


def _area_sequence(count: int) -> list[LocalAuthority]:
    """Home areas of caseworkers 1..count: one per area first, then by each area's share."""
    areas = list(LocalAuthority)
    out = areas[: min(count, len(areas))]
    total = sum(names.AREAS[a].weight for a in areas)
    held = {a: out.count(a) for a in areas}
    while len(out) < count:
        n = len(out) + 1
        best = max(areas, key=lambda a: n * names.AREAS[a].weight / total - held[a])
        held[best] += 1
        out.append(best)
    return out


def _ensure_staff(
    session: Session,
    rng: random.Random,
    ids: _IdCounters,
    caseworkers_needed: int,
    day_start: time,
    day_end: time,
) -> tuple[str, list[str], list[tuple[int, str, LocalAuthority]], int]:
    """Reuse demo staff from an earlier run and add what the volume needs (random passwords)."""
    existing = {
        name: (uid, Role(role))
        for uid, name, role in session.execute(
            sa.select(StaffUser.id, StaffUser.username, StaffUser.role).where(
                StaffUser.username.like(f"{DEMO_PREFIX}%")
            )
        )
    }
    receptionists_needed = max(3, math.ceil(caseworkers_needed / 10))
    wanted = [(f"{DEMO_PREFIX}manager", Role.MANAGER)]
    wanted += [
        (f"{DEMO_PREFIX}receptionist{i:02d}", Role.RECEPTIONIST)
        for i in range(1, receptionists_needed + 1)
    ]
    wanted += [
        (f"{DEMO_PREFIX}caseworker{i:02d}", Role.CASEWORKER)
        for i in range(1, caseworkers_needed + 1)
    ]
    missing = [(u, r) for u, r in wanted if u not in existing]
    hashes: list[str] = []
    if missing:
        with ThreadPoolExecutor(max_workers=4) as pool:  # argon2 releases the GIL
            hashes = list(pool.map(lambda _: hash_password(secrets.token_urlsafe(24)), missing))
    users, hours = [], []
    now = clock_of(session).now()
    for (username, role), pw_hash in zip(missing, hashes, strict=True):
        uid = ids.take("staff_users")
        existing[username] = (uid, role)
        users.append(
            {
                "id": uid,
                "username": username,
                "display_name": names.full_name(rng),
                "role": role.value,
                "password_hash": pw_hash,
                "active": True,
                "must_change_password": True,
                "failed_logins": 0,
                "locked_until": None,
                "last_login_at": None,
                "created_at": now,
                "version": 1,
            }
        )
        if role in (Role.CASEWORKER, Role.MANAGER):
            for weekday in range(5):
                hours.append(
                    {
                        "id": ids.take("working_hours"),
                        "user_id": uid,
                        "weekday": weekday,
                        "start_time": day_start,
                        "end_time": day_end,
                    }
                )
    if users:
        session.execute(sa.insert(cast(sa.Table, StaffUser.__table__)), users)
        session.execute(sa.insert(cast(sa.Table, WorkingHours.__table__)), hours)
    all_caseworkers = sorted(
        (int(u.rsplit("caseworker", 1)[1]), uid, u)
        for u, (uid, role) in existing.items()
        if role == Role.CASEWORKER and u.rsplit("caseworker", 1)[-1].isdigit()
    )
    areas = _area_sequence(max((n for n, _, _ in all_caseworkers), default=0))
    caseworkers = [(uid, u, areas[n - 1]) for n, uid, u in all_caseworkers]
    receptionists = sorted(u for u, (_, role) in existing.items() if role == Role.RECEPTIONIST)
    manager = next(
        (u for u, (_, role) in sorted(existing.items()) if role == Role.MANAGER),
        DEMO_PREFIX + "manager",
    )
    return manager, receptionists, caseworkers, len(users)


def _ensure_venues(
    session: Session, ids: _IdCounters, diary: Diary, expected: float, window: int
) -> dict[LocalAuthority, list[int]]:
    """The hub of each area, plus demo satellites when the volume needs more rooms."""
    rows = session.execute(
        sa.select(Venue.id, Venue.name, Venue.local_authority, Venue.capacity).where(Venue.active)
    ).all()
    total = sum(names.AREAS[a].weight for a in LocalAuthority)
    by_area: dict[LocalAuthority, list[int]] = {}
    new = []
    for area in LocalAuthority:
        hub = [r for r in rows if r.name == area.value]
        satellites = sorted(
            (r for r in rows if r.name.startswith(f"{area.value} demo satellite")),
            key=lambda r: r.name,
        )
        mine: list[Any] = [*hub, *satellites]
        # Half the appointments are at a venue, about three slots long, rooms kept half free.
        rooms_needed = (
            expected * 0.5 * names.AREAS[area].weight / total * 3 / (window * diary.slots * 0.5)
        )
        rooms = sum(r.capacity for r in mine)
        number = len(satellites)
        while rooms < rooms_needed:
            number += 1
            vid = ids.take("venues")
            new.append(
                {
                    "id": vid,
                    "name": f"{area.value} demo satellite {number} (synthetic)",
                    "local_authority": area.value,
                    "address": None,
                    "capacity": SATELLITE_CAPACITY,
                    "active": True,
                    "version": 1,
                }
            )
            mine.append(_VenueRow(vid, SATELLITE_CAPACITY))
            rooms += SATELLITE_CAPACITY
        by_area[area] = [r.id for r in mine]
        for r in mine:
            diary.capacity[r.id] = max(1, r.capacity)
            diary.rooms[r.id] = {}
    if new:
        session.execute(sa.insert(cast(sa.Table, Venue.__table__)), new)
    return by_area


@dataclass(frozen=True)
class _VenueRow:
    id: int
    capacity: int


def _ensure_services(session: Session, ids: _IdCounters) -> list[tuple[int, ServiceType]]:
    """Demo services for onward referrals, clearly named as synthetic (the real directory is empty)."""
    found = dict(
        session.execute(
            sa.select(Service.organisation, Service.id).where(
                Service.organisation.like("Demo %(synthetic)")
            )
        ).all()
    )
    out: list[tuple[int, ServiceType]] = []
    new: list[dict[str, Any]] = []
    for organisation, kind in DEMO_SERVICES:
        sid = found.get(organisation)
        if sid is None:
            sid = ids.take("services")
            new.append(
                {
                    "id": sid,
                    "organisation": organisation,
                    "service_type": kind.value,
                    "areas": [a.value for a in LocalAuthority],
                    "contact_name": None,
                    "phone": f"{names.DRAMA_LANDLINE_PREFIX}{len(new) + 1:03d}",
                    "email": f"referrals{len(new) + 1}@example.org",
                    "address": None,
                    "referral_method": "Email",
                    "notes": "Synthetic demo service.",
                    "active": True,
                    "version": 1,
                }
            )
        out.append((sid, kind))
    if new:
        session.execute(sa.insert(cast(sa.Table, Service.__table__)), new)
    return out


def _officers(rng: random.Random, people: int) -> dict[LocalAuthority, list[tuple[str, str]]]:
    per_area = max(8, people // 400)
    return {
        area: [(names.full_name(rng), str(rng.randrange(1000, 99999))) for _ in range(per_area)]
        for area in LocalAuthority
    }


def _reference_counters(session: Session) -> dict[int, int]:
    counters: dict[int, int] = {}
    for (ref,) in session.execute(
        sa.select(Referral.police_reference).where(Referral.police_reference.like("WMP-%"))
    ):
        parts = ref.split("-")
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            year, number = int(parts[1]), int(parts[2])
            counters[year] = max(counters.get(year, 0), number)
    return counters


def _existing_demo_load(session: Session, since: date) -> int:
    return session.execute(
        sa.select(sa.func.count(Appointment.id))
        .join(StaffUser, StaffUser.id == Appointment.caseworker_id)
        .where(StaffUser.username.like(f"{DEMO_PREFIX}%"), Appointment.start_at >= since)
    ).scalar_one()


def _load_busy_time(session: Session, world: _World, since: date) -> None:
    """On a second run, mark the time demo caseworkers and rooms are already booked."""
    venue_ids = [v for vs in world.venues_by_area.values() for v in vs]
    cw_ids = list(world.caseworkers)
    query = sa.select(
        Appointment.caseworker_id, Appointment.venue_id, Appointment.start_at, Appointment.end_at
    ).where(
        Appointment.start_at >= since,
        sa.or_(Appointment.caseworker_id.in_(cw_ids), Appointment.venue_id.in_(venue_ids)),
    )
    for cw, venue, start, end in session.execute(query):
        world.diary.occupy(cw if cw in world.caseworkers else None, venue, start, end)
