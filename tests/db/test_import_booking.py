"""The import books only what reception would book: every booking check, slot ids, Needs rebooking."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime

import sqlalchemy as sa

from divert_desktop.core.calendar import slot_id
from divert_desktop.core.enums import ReferralStatus
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Appointment, Referral
from divert_desktop.services.context import cli_actor
from divert_desktop.services.lists.today import today_overview
from tests.db.test_booking import add_closure, venue
from tests.db.test_import import HEADER, TODAY, adult, run, write


def at(text: str, place: str = "Walsall") -> dict[str, str]:
    return {"appointment_datetime": text, "appointment_venue": place}


def by_reference(db) -> dict[str, Referral]:  # type: ignore[no-untyped-def]
    with db.unit_of_work(write=False) as s:
        return {r.police_reference: r for r in s.execute(sa.select(Referral)).scalars()}


def appointment_count(db) -> int:  # type: ignore[no-untyped-def]
    with db.unit_of_work(write=False) as s:
        return s.execute(sa.select(sa.func.count()).select_from(Appointment)).scalar_one()


def test_every_booking_check_imports_the_referral_without_the_appointment(db, tmp_path):
    walsall = venue(db, "Walsall", capacity=1)
    add_closure(db, date(2026, 12, 2), "Staff training", walsall)
    add_closure(db, date(2026, 12, 3), "Heating broken")
    cases = [
        (at("25/12/2026 10:00"), "appointment_datetime", "Christmas Day"),
        (at("2026-12-05T10:00"), "appointment_datetime", "Weekend"),
        (at("2026-12-02T10:00"), "appointment_datetime", "Staff training"),
        (at("2026-12-03T10:00"), "appointment_datetime", "Heating broken"),
        (at("2026-12-01T08:00"), "appointment_datetime", "outside the service's opening hours"),
        (at("2026-12-01T16:30"), "appointment_datetime", "after the service's opening hours"),
        (at("2026-11-01T10:00"), "appointment_datetime", "after the referral date"),
        (at("9999-12-31T10:00"), "appointment_datetime", "more than a year"),
        (at("2026-12-01T10:00", "Narnia"), "appointment_venue", '"Narnia" is not a venue'),
        ({"slot_id": "v99999-20261201-1000"}, "slot_id", "not a slot this service offers"),
        ({"slot_id": "tomorrow please"}, "slot_id", "not a slot this service offers"),
        (at("2026-12-01T11:00"), None, None),  # fine: booked, and takes the only room
        (at("2026-12-01T11:30"), "appointment_datetime", "The only room at Walsall is in use"),
    ]
    rows = [adult(**values) for values, _, _ in cases]
    result = run(db, write(tmp_path, rows, header=[*HEADER, "slot_id"]))
    assert (result.imported, result.rejected, result.errors) == (len(rows), 0, [])
    assert result.not_booked == len(rows) - 1
    warned = {w.row: w for w in result.warnings}
    for number, (_, field, words) in enumerate(cases, start=1):
        if field is None:
            assert number not in warned
            continue
        assert warned[number].field == field and words in warned[number].message, number
        assert warned[number].police_reference == rows[number - 1]["police_reference"]
    refs = by_reference(db)
    christmas = refs[rows[0]["police_reference"]]
    assert christmas.status == ReferralStatus.RECEIVED
    assert christmas.rebook_requested_at == datetime(2026, 12, 25, 10, 0)
    assert christmas.rebook_venue == "Walsall" and "Christmas Day" in christmas.rebook_reason
    assert refs[rows[11]["police_reference"]].status == ReferralStatus.BOOKED
    assert appointment_count(db) == 1
    out = result.to_json()
    assert out["not_booked"] == len(rows) - 1 and len(out["warnings"]) == len(rows) - 1
    assert set(out["warnings"][0]) == {"row", "police_reference", "field", "message"}
    assert {
        "rows",
        "imported",
        "duplicates",
        "rejected",
        "ineligible",
        "possible_matches",
        "errors",
    } <= set(out)
    message = next(o.message for o in result.outcomes if o.row == 1)
    assert "Needs rebooking" in message and "Christmas Day" in message


def test_needs_rebooking_lists_the_requested_time_and_why_until_booked(db, tmp_path):
    rows = [adult(**at("25/12/2026 10:00")), adult(**at("2026-12-01T10:00"))]
    run(db, write(tmp_path, rows))
    listed = today_overview(db, cli_actor(), TODAY).rebooking
    assert [r.police_reference for r in listed] == [rows[0]["police_reference"]]
    row = listed[0]
    assert row.requested_text == "Fri 25 Dec 2026 10:00" or "25" in row.requested_text
    assert row.venue_text == "Walsall" and row.venue_id == venue(db, "Walsall")
    assert "Christmas Day" in row.reason


def test_a_slot_id_row_books_that_slot(db, tmp_path):
    coventry = venue(db, "Coventry")
    row = adult(slot_id=slot_id(coventry, datetime(2026, 12, 1, 9, 30)))
    result = run(db, write(tmp_path, [row], header=[*row]))
    assert (result.imported, result.not_booked) == (1, 0)
    with db.unit_of_work(write=False) as s:
        appt = s.execute(sa.select(Appointment)).scalar_one()
    assert (appt.venue_id, appt.start_at) == (coventry, datetime(2026, 12, 1, 9, 30))
    again = run(db, write(tmp_path, [row], header=[*row], name="again.csv"))
    assert again.duplicates == 1 and appointment_count(db) == 1


def test_the_last_room_taken_by_an_earlier_booking_is_not_double_booked(db, tmp_path):
    venue(db, "Dudley", capacity=1)
    run(db, write(tmp_path, [adult(**at("2026-12-01T10:00", "Dudley"))], name="a.csv"))
    result = run(db, write(tmp_path, [adult(**at("2026-12-01T10:30", "Dudley"))], name="b.csv"))
    assert result.not_booked == 1 and "in use" in result.warnings[0].message
    assert appointment_count(db) == 1


def test_two_officers_taking_the_last_room_at_once(db_url, tmp_path):
    """Two imports at the same moment for the last room: one booked, one needs rebooking."""
    setup = Database(db_url)
    venue(setup, "Sandwell", capacity=1)
    files = [
        write(tmp_path, [adult(**at("2026-12-01T14:00", "Sandwell"))], name=f"{i}.csv")
        for i in range(2)
    ]
    results, barrier = [], threading.Barrier(2)

    def one(path):  # type: ignore[no-untyped-def]
        db = Database(db_url)
        barrier.wait()
        results.append(run(db, path))
        db.dispose()

    threads = [threading.Thread(target=one, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(r.not_booked for r in results) == [0, 1]
    assert appointment_count(setup) == 1
    statuses = sorted(r.status for r in by_reference(setup).values())
    assert statuses == [ReferralStatus.BOOKED, ReferralStatus.RECEIVED]
    setup.dispose()


def test_json_lines_slot_rows(db, tmp_path):
    solihull = venue(db, "Solihull")
    row = adult(slot_id=slot_id(solihull, datetime(2026, 12, 2, 13, 0)))
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert run(db, path).to_json()["not_booked"] == 0
    assert appointment_count(db) == 1


# --------------------------------------------------------------------------- what it keeps and tells


def test_address_columns_are_stored_on_a_new_person(db, tmp_path):
    from divert_desktop.persistence.models import Person

    row = adult(
        address_line_1="12 Canal Street",
        address_line_2="Flat 3",
        town="Walsall",
        postcode="WS1 1AA",
    )
    result = run(
        db, write(tmp_path, [row], header=[*HEADER, "address_line_1", "address_line_2", "town"])
    )
    assert result.imported == 1 and result.ignored_columns == ()
    with db.unit_of_work(write=False) as s:
        person = s.execute(sa.select(Person)).scalar_one()
    assert (person.address_line1, person.address_line2, person.town, person.postcode) == (
        "12 Canal Street",
        "Flat 3",
        "Walsall",
        "WS1 1AA",
    )


def test_a_matched_person_keeps_their_address_and_the_difference_is_listed(db, tmp_path):
    from divert_desktop.persistence.models import Person

    header = [*HEADER, "address_line_1", "town"]
    person = {
        "first_name": "Orla",
        "last_name": "Kestrelby",
        "date_of_birth": "1993-06-15",
        "postcode": "WS1 1AA",
    }
    first = adult(
        referral_datetime="2026-06-01T10:00",
        address_line_1="12 Canal Street",
        town="Walsall",
        **person,
    )
    run(db, write(tmp_path, [first], header=header, name="a.csv"))
    second = adult(address_line_1="40 Mill Lane", town="Walsall", **person)
    result = run(db, write(tmp_path, [second], header=header, name="b.csv"))
    assert result.imported == 1 and result.not_booked == 0
    [warning] = result.warnings
    assert warning.field == "address_line_1" and "40 Mill Lane" in warning.message
    assert "12 Canal Street" in warning.message
    with db.unit_of_work(write=False) as s:
        people = s.execute(sa.select(Person)).scalars().all()
    assert [p.address_line1 for p in people] == ["12 Canal Street"]


def test_columns_the_app_does_not_use_are_reported(db, tmp_path, capsys):
    from divert_desktop import cli

    row = adult(custody_suite="Bournville Lane", Shoe_Size="9")
    path = write(tmp_path, [row], header=[*HEADER, "custody_suite", "Shoe_Size"])
    result = run(db, path)
    assert result.ignored_columns == ("custody_suite", "Shoe_Size")
    assert result.to_json()["ignored_columns"] == ["custody_suite", "Shoe_Size"]
    capsys.readouterr()
    url = db.engine.url.render_as_string(hide_password=False)
    again = write(
        tmp_path, [adult(custody_suite="x")], header=[*HEADER, "custody_suite"], name="again.csv"
    )
    assert cli.main(["--database", url, "import-referrals", str(again), "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["ignored_columns"] == ["custody_suite"]
    assert "custody_suite" in out.err and "ignored" in out.err


def test_a_json_lines_line_that_is_not_an_object_rejects_only_that_row(db, tmp_path):
    good = [adult(), adult()]
    path = tmp_path / "r.jsonl"
    path.write_text(
        json.dumps(good[0]) + "\n{not json\n42\n" + json.dumps(good[1]) + "\n", encoding="utf-8"
    )
    result = run(db, path)
    assert (result.rows, result.imported, result.rejected) == (4, 2, 2)
    assert [(e.row, e.field) for e in result.errors] == [(2, "row"), (3, "row")]
    assert "Line 2" in result.errors[0].message and "Line 3" in result.errors[1].message
