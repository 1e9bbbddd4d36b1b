"""Double booking is impossible: several processes racing for one caseworker, and the database's
own guard (PostgreSQL exclusion constraint, SQLite trigger) refusing overlapping rows directly."""

from __future__ import annotations

import multiprocessing
import queue as queue_module
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import AppointmentStatus, AppointmentType, PlaceKind, Role
from divert_desktop.core.errors import ConflictError
from divert_desktop.persistence.database import DOUBLE_BOOKED_MARKERS
from divert_desktop.persistence.models import Appointment
from tests.db.test_booking import MONDAY, add_person, add_referral, add_staff, at, venue

PROCESSES = 6


def _book_in_process(
    url, actor, referral_id, caseworker_id, start, place_kind, venue_id, barrier, results
):
    """Runs in a fresh (spawned) process: connect, wait for the others, then book at once."""
    from divert_desktop.persistence.database import Database
    from divert_desktop.services.diary.booking import book_appointment

    db = Database(url)
    try:
        with db.unit_of_work(write=False) as session:  # connect first: race the booking only
            session.execute(sa.text("SELECT 1"))
        barrier.wait(timeout=120)
        appt = book_appointment(
            db,
            actor,
            referral_id=referral_id,
            start_at=start,
            caseworker_id=caseworker_id,
            place_kind=place_kind,
            venue_id=venue_id,
        )
        results.put(("booked", appt.id))
    except ConflictError as exc:
        results.put(("conflict", str(exc)))
    except Exception as exc:  # reported to the parent, which fails the test
        results.put(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        db.dispose()


def _race(url: str, jobs: list[tuple]) -> list[tuple[str, object]]:
    """Start one spawned process per job, release them together, and collect what each got."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(len(jobs)), ctx.Queue()
    procs = [
        ctx.Process(target=_book_in_process, args=(url, *job, barrier, results)) for job in jobs
    ]
    for proc in procs:
        proc.start()
    try:
        outcomes = [results.get(timeout=180) for _ in procs]
    except queue_module.Empty:  # pragma: no cover - a hung child
        pytest.fail("a booking process did not answer within three minutes")
    finally:
        for proc in procs:
            proc.join(timeout=60)
            if proc.is_alive():  # pragma: no cover
                proc.terminate()
    return outcomes


def _active(db, **where) -> list:
    with db.unit_of_work(write=False) as s:
        stmt = sa.select(Appointment).where(
            Appointment.status.in_(["booked", "arrived", "attended"])
        )
        for key, value in where.items():
            stmt = stmt.where(getattr(Appointment, key) == value)
        return list(s.execute(stmt).scalars())


@pytest.mark.parametrize(
    ("backend", "place_kind"),
    [("postgresql", PlaceKind.PHONE), ("postgresql", PlaceKind.VENUE), ("sqlite", PlaceKind.PHONE)],
    indirect=["backend"],
)
def test_processes_racing_for_one_caseworker_give_exactly_one_booking(
    db, db_url, backend, place_kind, make_actor
) -> None:
    """Phone bookings take no venue lock, so on PostgreSQL the exclusion constraint decides the
    race; venue bookings are also serialised by the venue's lock. Either way: one wins."""
    actor = make_actor(db, Role.RECEPTIONIST)
    jo = add_staff(db, "Jo Bloggs")
    hub = venue(db, "Coventry", capacity=PROCESSES) if place_kind == PlaceKind.VENUE else None
    jobs = [
        (actor, add_referral(db), jo, at(MONDAY, 10) + timedelta(minutes=5 * i), place_kind, hub)
        for i in range(PROCESSES)
    ]  # every pair of these hour-long slots overlaps
    outcomes = _race(db_url, jobs)

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["booked"] + ["conflict"] * (PROCESSES - 1), outcomes
    for kind, message in outcomes:
        if kind == "conflict":
            assert "already has an appointment" in str(message), message
            assert "Traceback" not in str(message)
    [kept] = _active(db, caseworker_id=jo)
    assert kept.id == next(value for kind, value in outcomes if kind == "booked")


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"], indirect=True)
def test_processes_racing_for_the_last_rooms_never_overfill_a_venue(
    db, db_url, backend, make_actor
) -> None:
    actor = make_actor(db, Role.RECEPTIONIST)
    hub = venue(db, "Dudley", capacity=2)
    jobs = [
        (
            actor,
            add_referral(db),
            add_staff(db, f"Case Worker{i}"),
            at(MONDAY, 14),
            PlaceKind.VENUE,
            hub,
        )
        for i in range(PROCESSES)
    ]
    outcomes = _race(db_url, jobs)
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["booked"] * 2 + ["conflict"] * (PROCESSES - 2), outcomes
    refusals = [m for k, m in outcomes if k == "conflict"]
    assert {m.split(" Next free time for ")[0] for m in refusals} == {
        "All 2 rooms at Dudley are in use at 14:00."
    }
    assert all(m.endswith("at 15:00.") for m in refusals), refusals  # once the rooms are free
    assert len(_active(db, venue_id=hub)) == 2


# --------------------------------------------------------------------------- the database's own guard


def _row(
    person_id: int,
    caseworker_id: int | None,
    start: datetime,
    minutes: int = 60,
    status: AppointmentStatus = AppointmentStatus.BOOKED,
) -> dict:
    return {
        "person_id": person_id,
        "type": AppointmentType.REVIEW,
        "caseworker_id": caseworker_id,
        "start_at": start,
        "end_at": start + timedelta(minutes=minutes),
        "length_minutes": minutes,
        "place_kind": PlaceKind.PHONE,
        "status": status,
        "created_by": "raw test",
    }


def _raw_insert(db, row: dict) -> None:
    """A plain Core insert on its own connection: no service, no unit of work."""
    with db.engine.begin() as conn:
        conn.execute(sa.insert(Appointment.__table__), [row])


def test_the_database_refuses_an_overlapping_insert_that_bypasses_the_service(db) -> None:
    person, jo = add_person(db), add_staff(db)
    _raw_insert(db, _row(person, jo, at(MONDAY, 10)))
    with pytest.raises(sa.exc.IntegrityError) as err:
        _raw_insert(db, _row(person, jo, at(MONDAY, 10, 59)))
    assert any(marker in str(err.value) for marker in DOUBLE_BOOKED_MARKERS)
    # Through a unit of work the refusal becomes a ConflictError for the user.
    with pytest.raises(ConflictError, match="already has an appointment at that time"):
        with db.unit_of_work() as s:
            s.execute(sa.insert(Appointment), [_row(person, jo, at(MONDAY, 9, 30))])
    assert len(_active(db)) == 1


def test_the_guard_allows_back_to_back_other_caseworkers_and_unassigned(db) -> None:
    person, jo, sam = add_person(db), add_staff(db), add_staff(db, "Sam Example")
    _raw_insert(db, _row(person, jo, at(MONDAY, 10)))
    _raw_insert(db, _row(person, jo, at(MONDAY, 11)))  # starts as the other ends
    _raw_insert(db, _row(person, jo, at(MONDAY, 9)))  # ends as the other starts
    _raw_insert(db, _row(person, sam, at(MONDAY, 10)))
    _raw_insert(db, _row(person, None, at(MONDAY, 10)))
    _raw_insert(db, _row(person, None, at(MONDAY, 10)))
    assert len(_active(db)) == 6


@pytest.mark.parametrize(
    "status",
    [
        AppointmentStatus.CANCELLED_BY_PERSON,
        AppointmentStatus.CANCELLED_BY_PROVIDER,
        AppointmentStatus.MOVED,
        AppointmentStatus.DID_NOT_ATTEND,
    ],
)
def test_cancelled_moved_and_missed_appointments_do_not_block_the_slot(db, status) -> None:
    person, jo = add_person(db), add_staff(db)
    _raw_insert(db, _row(person, jo, at(MONDAY, 10), status=status))
    _raw_insert(db, _row(person, jo, at(MONDAY, 10)))  # the same slot, booked again
    assert len(_active(db, caseworker_id=jo)) == 1
    # Bringing the old one back into the diary on top of the new one is refused.
    with pytest.raises(sa.exc.IntegrityError):
        with db.engine.begin() as conn:
            t = Appointment.__table__
            conn.execute(sa.update(t).where(t.c.status == status).values(status="booked"))


def test_moving_a_booking_onto_another_by_update_is_refused(db) -> None:
    person, jo = add_person(db), add_staff(db)
    _raw_insert(db, _row(person, jo, at(MONDAY, 10)))
    _raw_insert(db, _row(person, jo, at(MONDAY, 14)))
    t = Appointment.__table__
    with pytest.raises(sa.exc.IntegrityError):
        with db.engine.begin() as conn:
            conn.execute(
                sa.update(t)
                .where(t.c.start_at == at(MONDAY, 14))
                .values(start_at=at(MONDAY, 10, 30), end_at=at(MONDAY, 11, 30))
            )
