"""The free-slot feed (JSON, CSV, FHIR) on both backends, and that it agrees with the import."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from divert_desktop import cli
from divert_desktop.core.calendar import parse_slot_id, slot_id
from divert_desktop.core.clock import FixedClock
from divert_desktop.core.errors import ValidationError
from divert_desktop.services.context import cli_actor
from divert_desktop.services.diary.slots_feed import feed_text, free_slot_feed, write_feed
from tests.db.test_booking import add_closure, venue
from tests.db.test_import import adult, run, write

NOW = datetime(2026, 11, 27, 10, 0)  # a Friday


def feed(db, first: date, last: date, where: str | None = "Walsall"):  # type: ignore[no-untyped-def]
    db.clock = FixedClock(NOW)
    return free_slot_feed(db, cli_actor(), from_date=first, to_date=last, venue=where)


def starts(result, day: date) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{s.start:%H:%M}" for s in result.slots if s.start.date() == day]


def test_feed_keeps_to_opening_hours_closures_bank_holidays_and_rooms(db, tmp_path):
    walsall = venue(db, "Walsall", capacity=1)
    add_closure(db, date(2026, 12, 2), "Staff training", walsall)
    run(
        db,
        write(
            tmp_path, [adult(appointment_datetime="2026-12-01T10:00", appointment_venue="Walsall")]
        ),
    )
    result = feed(db, date(2026, 11, 27), date(2026, 12, 28))
    mon, tue = date(2026, 11, 30), date(2026, 12, 1)
    # The grid from 09:00 to the last hour that ends by 17:00; nothing before now on the 27th.
    assert starts(result, mon)[0] == "09:00" and starts(result, mon)[-1] == "16:00"
    assert len(starts(result, mon)) == 29 and starts(result, date(2026, 11, 27))[0] == "10:00"
    # The only room is taken 10:00–11:00: nothing that overlaps it.
    assert "09:00" in starts(result, tue) and "11:00" in starts(result, tue)
    assert not {"09:15", "10:00", "10:45"} & set(starts(result, tue))
    for closed in (date(2026, 12, 2), date(2026, 12, 5), date(2026, 12, 25), date(2026, 12, 28)):
        assert starts(result, closed) == [], closed  # closure, weekend, Christmas, Boxing Day sub
    assert {s.venue for s in result.slots} == {"Walsall"}
    assert all(s.slot_id == slot_id(walsall, s.start) for s in result.slots)


def test_every_active_venue_and_an_unknown_venue(db):
    result = feed(db, date(2026, 11, 30), date(2026, 11, 30), None)
    assert len(result.venues) == 7 and len({s.venue for s in result.slots}) == 7
    with pytest.raises(ValidationError, match="not an open venue"):
        feed(db, date(2026, 11, 30), date(2026, 11, 30), "Narnia")


def test_the_feed_runs_in_time_order_then_venue_name_across_days_and_venues(db, tmp_path):
    # A full room at one venue leaves gaps in its starts; the feed is still one sequence by start,
    # the venues at each start in name order, across a weekend and several days.
    walsall = venue(db, "Walsall", capacity=1)
    run(
        db,
        write(
            tmp_path, [adult(appointment_datetime="2026-12-01T10:00", appointment_venue="Walsall")]
        ),
    )
    result = feed(db, date(2026, 11, 27), date(2026, 12, 2), None)
    keys = [(s.start, s.venue) for s in result.slots]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    names = sorted(v.name for v in result.venues)
    at_nine = [s.venue for s in result.slots if s.start == datetime(2026, 12, 1, 9, 0)]
    assert at_nine == names
    at_ten = [s.venue for s in result.slots if s.start == datetime(2026, 12, 1, 10, 0)]
    assert at_ten == [n for n in names if n != "Walsall"]
    assert all(s.end - s.start == timedelta(minutes=60) for s in result.slots)
    assert f"v{walsall}-20261201-1100" in {s.slot_id for s in result.slots}


def test_a_slot_in_the_feed_imports_as_booked_and_then_leaves_the_feed(db, tmp_path):
    venue(db, "Dudley", capacity=1)
    first = feed(db, date(2026, 12, 1), date(2026, 12, 1), "Dudley")
    chosen = first.slots[3]
    row = adult(slot_id=chosen.slot_id)
    result = run(db, write(tmp_path, [row], header=[*row]))
    assert (result.imported, result.not_booked) == (1, 0)
    after = feed(db, date(2026, 12, 1), date(2026, 12, 1), "Dudley")
    assert chosen.slot_id not in {s.slot_id for s in after.slots}
    # Slots that did not change keep their ids.
    assert first.slots[-1].slot_id in {s.slot_id for s in after.slots}
    # Taking it again (another officer with an older feed) needs rebooking.
    again = adult(slot_id=chosen.slot_id)
    late = run(db, write(tmp_path, [again], header=[*again], name="late.csv"))
    assert late.not_booked == 1 and "in use" in late.warnings[0].message


def test_json_and_csv_files(db, tmp_path):
    result = feed(db, date(2026, 11, 30), date(2026, 11, 30), "Coventry")
    write_feed(result, tmp_path / "slots.json")
    data = json.loads((tmp_path / "slots.json").read_text(encoding="utf-8"))
    assert set(data) == {"generated_at", "from", "to", "venues", "slots"}
    assert (data["from"], data["to"]) == ("2026-11-30", "2026-11-30")
    assert data["generated_at"] == "2026-11-27T10:00:00+00:00"
    assert set(data["venues"][0]) == {"name", "local_authority", "address"}
    assert data["slots"][0] == {
        "slot_id": data["slots"][0]["slot_id"],
        "venue": "Coventry",
        "start": "2026-11-30T09:00:00+00:00",
        "end": "2026-11-30T10:00:00+00:00",
    }
    assert all(re.fullmatch(r"[a-z0-9-]+", s["slot_id"]) for s in data["slots"])
    write_feed(result, tmp_path / "slots.csv")
    with (tmp_path / "slots.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["slot_id", "venue", "start", "end"] and len(rows) == len(data["slots"]) + 1


def test_summer_times_carry_the_british_summer_time_offset(db):
    db.clock = FixedClock(datetime(2027, 6, 1, 8, 0))
    result = free_slot_feed(
        db, cli_actor(), from_date=date(2027, 6, 1), to_date=date(2027, 6, 1), venue="Solihull"
    )
    data = json.loads(feed_text(result, "json"))
    assert data["slots"][0]["start"] == "2027-06-01T09:00:00+01:00"
    assert parse_slot_id(data["slots"][0]["slot_id"])[1] == datetime(2027, 6, 1, 9, 0)


def test_fhir_bundle_validates_as_fhir(db, tmp_path):
    walsall = venue(db, "Walsall")
    result = feed(db, date(2026, 11, 30), date(2026, 12, 1), None)
    write_feed(result, tmp_path / "slots.json", "fhir")
    text = (tmp_path / "slots.json").read_text(encoding="utf-8")
    bundle = Bundle.model_validate_json(text)
    kinds = [e.resource.__resource_type__ for e in bundle.entry]
    assert kinds.count("Schedule") == 7 and kinds.count("Slot") == len(result.slots)
    slots = [e.resource for e in bundle.entry if e.resource.__resource_type__ == "Slot"]
    assert all(s.status == "free" for s in slots)
    first = next(
        s for s in slots if s.identifier[0].value == slot_id(walsall, datetime(2026, 11, 30, 9))
    )
    schedules = {
        e.fullUrl: e.resource for e in bundle.entry if e.resource.__resource_type__ == "Schedule"
    }
    assert schedules[first.schedule.reference].actor[0].display == "Walsall"
    assert first.start.isoformat() == "2026-11-30T09:00:00+00:00"


def test_slots_export_command(db_url, tmp_path, capsys):
    out = tmp_path / "feed.csv"
    code = cli.main(
        [
            "--database",
            db_url,
            "slots",
            "export",
            "--from",
            "2030-01-07",
            "--to",
            "2030-01-11",
            "--venue",
            "Sandwell",
            "--out",
            str(out),
        ]
    )
    assert code == 0 and "free slot" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("slot_id,venue,start,end")
    fhir = tmp_path / "feed.json"
    code = cli.main(
        [
            "--database",
            db_url,
            "slots",
            "export",
            "--from",
            "2030-01-07",
            "--to",
            "2030-01-07",
            "--format",
            "fhir",
            "--out",
            str(fhir),
        ]
    )
    assert code == 0
    Bundle.model_validate_json(fhir.read_text(encoding="utf-8"))
    bad = cli.main(
        [
            "--database",
            db_url,
            "slots",
            "export",
            "--from",
            "2030-01-07",
            "--to",
            "2030-01-07",
            "--format",
            "fhir",
            "--out",
            str(tmp_path / "x.csv"),
        ]
    )
    assert bad == 1 and "FHIR" in capsys.readouterr().err
    assert not Path(tmp_path / "x.csv").exists()


def test_the_fast_json_and_csv_are_the_plain_encoders_text(db, tmp_path):
    """The JSON written from a template is json.dumps(indent=1) character for character, and the
    times with each day's offset worked out once are uk_time's, across the clocks going forward
    and back (a day the clocks change is converted slot by slot), with a venue named in Welsh."""
    import dataclasses

    from divert_desktop.services.diary.slots_feed import FreeSlot, _as_json, uk_time

    db.clock = FixedClock(datetime(2027, 3, 26, 8, 0))
    result = free_slot_feed(db, cli_actor(), from_date=date(2027, 3, 26), to_date=date(2027, 4, 2))
    moments = [
        datetime(2027, 3, 28, 0, 30),
        datetime(2027, 3, 28, 1, 30),
        datetime(2027, 10, 31, 1, 30),
    ]
    odd = [FreeSlot(f"v9-{i}", 9, "Caerdydd – Neuadd “Ŵ”", m, m) for i, m in enumerate(moments)]
    for found in (
        result,
        dataclasses.replace(result, slots=result.slots + odd),
        dataclasses.replace(result, slots=[]),
    ):
        assert (
            feed_text(found, "json")
            == json.dumps(_as_json(found), ensure_ascii=False, indent=1) + "\n"
        )
        rows = list(csv.reader(feed_text(found, "csv").splitlines()))[1:]
        assert [r[2:] for r in rows] == [[uk_time(s.start), uk_time(s.end)] for s in found.slots]
    assert len(result.slots) > 100
