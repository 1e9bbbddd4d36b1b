"""``sync``: the scheduled task's one command, on both backends (the computer's own clock)."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from divert_desktop import cli
from divert_desktop.cli_slots import LOCK_NAME
from divert_desktop.core.calendar import open_days
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.open_lock import try_exclusive
from tests.clock import CLOCK
from tests.db.test_booking import venue
from tests.db.test_import import HEADER, adult, csv_text

TODAY = CLOCK.today()
DAY = open_days(TODAY + timedelta(days=7), 1)[0]  # an open weekday a week or more ahead
SATURDAY = DAY + timedelta(days=(5 - DAY.weekday()) % 7)
REFERRED = datetime.combine(TODAY - timedelta(days=1), time(10, 0)).isoformat()


def row(**values: str) -> dict[str, str]:
    return adult(referral_datetime=REFERRED, **values)


def at(moment: datetime | str, place: str = "Walsall") -> dict[str, str]:
    text = moment if isinstance(moment, str) else moment.isoformat(timespec="minutes")
    return {"appointment_datetime": text, "appointment_venue": place}


def folders(tmp_path: Path) -> tuple[Path, Path]:
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    inbox.mkdir()
    outbox.mkdir()
    return inbox, outbox


def sync(url: str, inbox: Path, outbox: Path, capsys, *more: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = cli.main(
        ["--database", url, "sync", "--inbox", str(inbox), "--outbox", str(outbox), *more]
    )
    out = capsys.readouterr()
    return code, out.out, out.err


def feed_ids(outbox: Path) -> set[str]:
    data = json.loads((outbox / "slots.json").read_text(encoding="utf-8"))
    return {s["slot_id"] for s in data["slots"]}


def test_sync_imports_files_moves_them_and_writes_the_feed(db_url, tmp_path, capsys):
    inbox, outbox = folders(tmp_path)
    code, _, _ = sync(db_url, inbox, outbox, capsys, "--days", "21")
    assert code == 0 and feed_ids(outbox)
    db = Database(db_url)
    walsall = venue(db, "Walsall", capacity=1)
    db.dispose()
    taken = sorted(i for i in feed_ids(outbox) if i.startswith(f"v{walsall}-"))[0]
    first = row(slot_id=taken)
    (inbox / "a.csv").write_text(csv_text([first], header=[*HEADER, "slot_id"]), encoding="utf-8")
    (inbox / "b.jsonl").write_text(
        json.dumps(row(**at(SATURDAY.isoformat() + "T10:00"))) + "\n", encoding="utf-8"
    )
    (inbox / "c.csv").write_bytes(b"PK\x03\x04\x00\x00binary")
    (inbox / "notes.txt").write_text("not a referral file", encoding="utf-8")
    code, out, err = sync(db_url, inbox, outbox, capsys, "--days", "21")
    assert code == 1  # one file could not be read
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == [
        "a.csv",
        "a.csv.json",
        "b.jsonl",
        "b.jsonl.json",
    ]
    assert sorted(p.name for p in (inbox / "failed").iterdir()) == ["c.csv", "c.csv.reason.txt"]
    assert "spreadsheet" in (inbox / "failed" / "c.csv.reason.txt").read_text(encoding="utf-8")
    assert "c.csv" in err and (inbox / "notes.txt").exists()
    a = json.loads((inbox / "processed" / "a.csv.json").read_text(encoding="utf-8"))
    b = json.loads((inbox / "processed" / "b.jsonl.json").read_text(encoding="utf-8"))
    assert (a["imported"], a["not_booked"]) == (1, 0)
    assert (b["imported"], b["not_booked"]) == (1, 1) and "Weekend" in b["warnings"][0]["message"]
    assert taken not in feed_ids(outbox)  # taken: gone from the next feed
    assert not [p for p in outbox.iterdir() if p.name != "slots.json"]  # no temporary left
    # A second run has nothing new: it only writes the feed again.
    code, out, _ = sync(db_url, inbox, outbox, capsys, "--days", "21")
    assert code == 0 and "imported" not in out


def test_every_booking_check_through_sync(db_url, tmp_path, capsys):
    inbox, outbox = folders(tmp_path)
    db = Database(db_url)
    venue(db, "Dudley", capacity=1)
    db.dispose()
    cases = [
        (at(datetime.combine(SATURDAY, time(10))), "Weekend"),
        (at(datetime.combine(DAY, time(7, 30))), "outside the service's opening hours"),
        (at(datetime.combine(DAY, time(16, 30))), "after the service's opening hours"),
        (at(datetime.combine(TODAY - timedelta(days=3), time(10))), "after the referral"),
        (at(datetime.combine(DAY, time(10)), "Narnia"), "is not a venue"),
        ({"slot_id": "v424242-20300101-0900"}, "not a slot"),
        (at(datetime.combine(DAY, time(10)), "Dudley"), None),
        (at(datetime.combine(DAY, time(10, 15)), "Dudley"), "in use"),
    ]
    rows = [row(**values) for values, _ in cases]
    (inbox / "today.csv").write_text(csv_text(rows, header=[*HEADER, "slot_id"]), encoding="utf-8")
    code, _, _ = sync(db_url, inbox, outbox, capsys)
    assert code == 0
    result = json.loads((inbox / "processed" / "today.csv.json").read_text(encoding="utf-8"))
    assert (result["imported"], result["rejected"], result["not_booked"]) == (8, 0, 7)
    warned = {w["row"]: w["message"] for w in result["warnings"]}
    for number, (_, words) in enumerate(cases, start=1):
        if words is None:
            assert number not in warned
        else:
            assert words in warned[number], (number, warned.get(number))


def test_a_second_sync_at_the_same_time_stops_with_a_message(db_url, tmp_path, capsys):
    inbox, outbox = folders(tmp_path)
    (inbox / "a.csv").write_text(csv_text([row()]), encoding="utf-8")
    with try_exclusive(inbox / LOCK_NAME) as held:
        assert held
        code, _, err = sync(db_url, inbox, outbox, capsys)
    assert code == 1 and "another sync is already running" in err
    assert (inbox / "a.csv").exists() and not (outbox / "slots.json").exists()
    code, _, _ = sync(db_url, inbox, outbox, capsys)  # the lock is gone with its holder
    assert code == 0 and (inbox / "processed" / "a.csv").exists()


def test_a_file_name_seen_before_is_kept_beside_the_first(db_url, tmp_path, capsys):
    inbox, outbox = folders(tmp_path)
    for _ in range(2):
        (inbox / "daily.csv").write_text(csv_text([row()]), encoding="utf-8")
        assert sync(db_url, inbox, outbox, capsys)[0] == 0
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == [
        "daily-2.csv",
        "daily-2.csv.json",
        "daily.csv",
        "daily.csv.json",
    ]
