"""The referrals CSV export on both databases: columns, numbering, substances, appointments."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest

from divert_desktop.core.enums import ReferralStatus, Role
from divert_desktop.core.errors import PermissionDenied, ValidationError
from divert_desktop.services.diary import booking
from divert_desktop.services.reports import export
from divert_desktop.services.reports.export import export_referrals_csv
from tests.db.test_booking import MONDAY, TUESDAY, add_person, add_referral, at, audit_events, venue

HEADER = (
    "police_reference,referral_date,status,status_reason,local_authority,young_person,"
    "substances,person_id,referral_number,initial_appointment,referral_time,officer_number,"
    "appointment_status,engagement_deadline"
)


@pytest.fixture
def data(db, make_actor):
    """Three people, five referrals, appointments booked, moved and missed."""
    desk = make_actor(db, Role.RECEPTIONIST)
    sandwell = venue(db, "Sandwell")
    sky = add_person(db, "Sky", "Example")
    later = add_referral(
        db,
        sky,
        reference="WM/2026/0002",
        when=datetime(2026, 11, 2, 14, 5),
        area="Sandwell",
        substances=("cocaine", "other", "cannabis"),
    )
    earlier = add_referral(
        db,
        sky,
        reference="WM/2025/0001",
        when=datetime(2025, 6, 1, 9, 0),
        status=ReferralStatus.NOT_ENGAGED,
        status_reason="Nothing attended by the engagement deadline (13 July 2025)",
    )
    young = add_referral(
        db,
        add_person(db, "Kit", "Junior", date(2010, 1, 1)),
        reference="WM/YP/1",
        young=True,
        status=ReferralStatus.INELIGIBLE,
        status_reason="no appropriate adult",
        substances=("nitrous oxide",),
    )
    rowan = add_person(db, "Rowan", "Sample")
    missed = add_referral(db, rowan, reference="WM/DNA/1", when=datetime(2026, 11, 20, 8))
    moved = add_referral(
        db,
        rowan,
        reference="WM/MOV/1",
        when=datetime(2026, 11, 21, 8),
        status=ReferralStatus.WITHDRAWN,
        status_reason="Moved away — to Łódź",
    )

    first = booking.book_appointment(
        db, desk, referral_id=later, start_at=at(MONDAY, 10), venue_id=sandwell
    )
    dna = booking.book_appointment(
        db, desk, referral_id=missed, start_at=at(MONDAY, 11), venue_id=sandwell
    )
    booking.mark_did_not_attend(db, desk, dna.id, dna.version, now=dna.start_at)
    return {
        "sky": sky,
        "later": later,
        "earlier": earlier,
        "young": young,
        "rowan": rowan,
        "missed": missed,
        "moved": moved,
        "first": first,
        "sandwell": sandwell,
        "desk": desk,
    }


def _read(path) -> tuple[str, dict[str, dict[str, str]]]:
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return text.splitlines()[0], {r["police_reference"]: r for r in rows}


def test_export_writes_the_contract_columns_in_order(db, data, tmp_path, make_actor) -> None:
    out = tmp_path / "referrals.csv"
    count = export_referrals_csv(db, make_actor(db, Role.MANAGER), out)
    header, rows = _read(out)
    assert header == HEADER
    assert count == 5 and len(rows) == 5
    assert rows["WM/2026/0002"] == {
        "police_reference": "WM/2026/0002",
        "referral_date": "2026-11-02",
        "status": "booked",
        "status_reason": "",
        "local_authority": "Sandwell",
        "young_person": "no",
        "substances": "cannabis;cocaine;other",
        "person_id": str(data["sky"]),
        "referral_number": "2",
        "initial_appointment": "2026-12-07 10:00",
        "referral_time": "14:05",
        "officer_number": "4711",
        "appointment_status": "booked",
        "engagement_deadline": "2026-12-14",
    }


def test_referral_number_counts_each_persons_referrals_by_date(
    db, data, tmp_path, make_actor
) -> None:
    out = tmp_path / "r.csv"
    export_referrals_csv(db, make_actor(db, Role.MANAGER), out)
    _, rows = _read(out)
    # The 2025 referral was stored after the 2026 one, but it is the person's first.
    assert rows["WM/2025/0001"]["referral_number"] == "1"
    assert rows["WM/2025/0001"]["status"] == "not_engaged"
    assert rows["WM/2026/0002"]["referral_number"] == "2"
    assert (rows["WM/DNA/1"]["referral_number"], rows["WM/MOV/1"]["referral_number"]) == ("1", "2")
    assert rows["WM/YP/1"]["referral_number"] == "1"


def test_ineligible_young_person_and_text_survive_the_round_trip(
    db, data, tmp_path, make_actor
) -> None:
    out = tmp_path / "r.csv"
    export_referrals_csv(db, make_actor(db, Role.MANAGER), out)
    _, rows = _read(out)
    young = rows["WM/YP/1"]
    assert (young["status"], young["status_reason"], young["young_person"]) == (
        "ineligible",
        "no appropriate adult",
        "yes",
    )
    assert young["substances"] == "nitrous oxide" and young["initial_appointment"] == ""
    assert rows["WM/MOV/1"]["status_reason"] == "Moved away — to Łódź"
    assert rows["WM/MOV/1"]["substances"] == ""


def test_initial_appointment_follows_moves_and_ignores_missed_ones(
    db, data, tmp_path, make_actor
) -> None:
    manager = make_actor(db, Role.MANAGER)
    booking.move_appointment(
        db,
        data["desk"],
        data["first"].id,
        start_at=at(TUESDAY, 15, 45),
        expected_version=data["first"].version,
    )
    out = tmp_path / "r.csv"
    export_referrals_csv(db, manager, out)
    _, rows = _read(out)
    assert rows["WM/2026/0002"]["initial_appointment"] == "2026-12-08 15:45"
    assert rows["WM/DNA/1"]["initial_appointment"] == ""
    assert rows["WM/DNA/1"]["appointment_status"] == "did_not_attend"


def test_rows_stream_in_chunks_with_the_same_result(
    db, data, tmp_path, make_actor, monkeypatch
) -> None:
    manager = make_actor(db, Role.MANAGER)
    whole, chunked = tmp_path / "whole.csv", tmp_path / "chunked.csv"
    export_referrals_csv(db, manager, whole)
    monkeypatch.setattr(export, "CHUNK_ROWS", 2)
    assert export_referrals_csv(db, manager, chunked) == 5
    assert chunked.read_bytes() == whole.read_bytes()
    # In referral date order.
    dates = [line.split(",")[1] for line in whole.read_text(encoding="utf-8").splitlines()[1:]]
    assert dates == sorted(dates)


def test_export_is_audited(db, data, tmp_path, make_actor) -> None:
    out = tmp_path / "audited.csv"
    manager = make_actor(db, Role.MANAGER)
    export_referrals_csv(db, manager, out)
    [event] = audit_events(db, "export.referrals")
    assert event.username == manager.username
    assert event.details == {"file": str(out), "rows": 5}


def test_an_empty_database_gives_just_the_header(db, tmp_path, make_actor) -> None:
    out = tmp_path / "empty.csv"
    assert export_referrals_csv(db, make_actor(db, Role.MANAGER), out) == 0
    assert out.read_bytes() == (HEADER + "\r\n").encode()  # RFC 4180 line ends


def test_a_missing_folder_or_a_role_without_export_writes_nothing(
    db, data, tmp_path, make_actor
) -> None:
    with pytest.raises(ValidationError, match="does not exist") as err:
        export_referrals_csv(db, make_actor(db, Role.MANAGER), tmp_path / "nope" / "r.csv")
    assert err.value.field == "out"
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(PermissionDenied):
        export_referrals_csv(db, data["desk"], folder / "r.csv")
    assert list(folder.iterdir()) == []
    assert audit_events(db, "export.referrals") == []
