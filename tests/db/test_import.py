"""The police referral import on SQLite and PostgreSQL: reading, checking, matching, saving."""

from __future__ import annotations

import csv
import gc
import io
import itertools
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    LocalAuthority,
    PlaceKind,
    ReferralStatus,
    Role,
    Substance,
)
from divert_desktop.core.errors import PermissionDenied, ValidationError
from divert_desktop.persistence.models import (
    Appointment,
    AuditEvent,
    Base,
    Person,
    PossibleDuplicate,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
    Venue,
)
from divert_desktop.services.admin.settings import update_settings
from divert_desktop.services.audit.trail import verify_chain
from divert_desktop.services.context import cli_actor
from divert_desktop.services.intake.draft import (
    VenueRef,
    clean_email,
    clean_phone,
    clean_postcode,
    clean_text,
    draft_hash,
    validate_draft,
)
from divert_desktop.services.intake.import_rows import RawRow, parse_row
from divert_desktop.services.intake.police_import import (
    ImportCancelled,
    ImportFileError,
    import_referrals,
    write_rejects,
)
from divert_desktop.services.referral_state import change_status
from divert_desktop.services.reports.export import export_referrals_csv

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_referrals.csv"
TODAY = date(2026, 11, 27)
HEADER = [
    "police_reference",
    "referral_datetime",
    "officer_name",
    "officer_number",
    "first_name",
    "last_name",
    "date_of_birth",
    "local_authority",
    "substances",
    "intent_to_supply",
    "gender",
    "postcode",
    "phone",
    "email",
    "appropriate_adult_name",
    "appropriate_adult_relationship",
    "appropriate_adult_phone",
    "appointment_datetime",
    "appointment_venue",
    "consent_to_share",
    "notes",
]
_refs = itertools.count(1)
_names = itertools.count(1)
FIRST = ["Marlowe", "Tamsin", "Ezekiel", "Perpetua", "Lucan", "Wren", "Osric", "Isolde"]
LAST = ["Quenby", "Ardagh", "Pellow", "Trevithick", "Ravensworth", "Blakemore", "Ashdown"]


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 26)
        out += "abcdefghijklmnopqrstuvwxyz"[r]
    return out


def adult(**overrides: Any) -> dict[str, str]:
    """A valid adult referral row with a fresh reference and a distinct invented person."""
    n = next(_names)
    row = {
        "police_reference": f"T-{next(_refs):06d}",
        "referral_datetime": "2026-11-10T10:30",
        "officer_name": "PC Ada Fenwick",
        "officer_number": "4410",
        "first_name": FIRST[n % len(FIRST)],
        "last_name": f"{LAST[n % len(LAST)]}{_letters(n)}",
        # Unique per row and never day/month-swappable, so generated people never match.
        "date_of_birth": date(1950 + n // 192, 1 + (n % 192) // 16, 13 + n % 16).isoformat(),
        "local_authority": "Birmingham",
        "substances": "cannabis",
        "intent_to_supply": "no",
    }
    row.update(overrides)
    return row


def csv_text(
    rows: list[dict[str, str]], header: list[str] | None = None, newline: str = "\n"
) -> str:
    header = header or HEADER
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return out.getvalue()


def write(
    tmp_path: Path, rows: list[dict[str, str]], name: str = "referrals.csv", **kw: Any
) -> Path:
    path = tmp_path / name
    path.write_text(csv_text(rows, **kw), encoding="utf-8", newline="")
    return path


def run(db, path: Path, **kw: Any):  # type: ignore[no-untyped-def]
    kw.setdefault("today", TODAY)
    return import_referrals(db, cli_actor(), path, **kw)


def table_counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.unit_of_work(write=False) as s:
        return {
            t.name: s.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }


def referrals(db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with db.unit_of_work(write=False) as s:
        return {r.police_reference: r for r in s.execute(sa.select(Referral)).scalars()}


# --------------------------------------------------------------------------- the sample file


def test_sample_file_imports_every_row_with_history_audit_and_appointments(db, tmp_path):
    result = run(db, SAMPLE)
    assert (result.rows, result.imported, result.rejected, result.duplicates) == (12, 12, 0, 0)
    assert result.ineligible == 1 and result.errors == []
    refs = referrals(db)
    assert refs["WM-26-100006"].status == ReferralStatus.INELIGIBLE
    assert refs["WM-26-100006"].status_reason == "intent to supply"
    young = refs["WM-26-100002"]
    assert young.young_person and young.status == ReferralStatus.RECEIVED
    assert (young.appropriate_adult_name, young.appropriate_adult_relationship) == (
        "Grace Okonkwo",
        "mother",
    )
    assert young.appropriate_adult_phone == "07700900202"
    assert {r for r, v in refs.items() if v.status == ReferralStatus.BOOKED} == {
        "WM-26-100001",
        "WM-26-100007",
    }
    assert all(r.source == "import" and r.created_by == cli_actor().username for r in refs.values())
    assert all(len(r.source_hash) == 64 for r in refs.values())
    assert refs["WM-26-100001"].engagement_deadline == date(2026, 12, 14)
    with db.unit_of_work(write=False) as s:
        history = s.execute(sa.select(ReferralStatusChange.referral_id)).scalars().all()
        audited = s.execute(
            sa.select(AuditEvent.entity_id, AuditEvent.person_id).where(
                AuditEvent.action == "referral.import"
            )
        ).all()
        files = (
            s.execute(sa.select(AuditEvent.details).where(AuditEvent.action == "import.file"))
            .scalars()
            .all()
        )
        subs = (
            s.execute(
                sa.select(ReferralSubstance.substance).where(
                    ReferralSubstance.referral_id == refs["WM-26-100002"].id
                )
            )
            .scalars()
            .all()
        )
        person = s.get(Person, refs["WM-26-100003"].person_id)
        assert verify_chain(s).ok
    assert {str(r.id) for r in refs.values()} == {a.entity_id for a in audited}
    assert all(a.person_id is not None for a in audited)
    assert {r.id for r in refs.values()} == set(history)
    assert files[0]["imported"] == 12 and files[0]["file"] == "sample_referrals.csv"
    assert subs == [Substance.CANNABIS, Substance.NITROUS_OXIDE]
    assert (person.first_name, person.search_first, person.search_last) == (
        "Siân",
        "sian",
        "oneill",
    )
    assert (person.postcode, person.phone) == ("DY1 1HL", "01384496000")


def test_appointment_booked_at_the_named_venue(db, tmp_path):
    row = adult(appointment_datetime="01/12/2026 09:30", appointment_venue="  coventry ")
    result = run(db, write(tmp_path, [row]))
    assert result.imported == 1 and result.outcomes[0].status == "booked"
    with db.unit_of_work(write=False) as s:
        appt = s.execute(sa.select(Appointment)).scalar_one()
        venue = s.get(Venue, appt.venue_id)
        history = s.execute(
            sa.select(ReferralStatusChange.from_status, ReferralStatusChange.to_status).order_by(
                ReferralStatusChange.id
            )
        ).all()
    assert venue.name == "Coventry"
    assert appt.type == AppointmentType.INITIAL_ASSESSMENT and appt.caseworker_id is None
    assert appt.place_kind == PlaceKind.VENUE and appt.status == AppointmentStatus.BOOKED
    assert (appt.start_at, appt.end_at) == (
        datetime(2026, 12, 1, 9, 30),
        datetime(2026, 12, 1, 10, 30),
    )
    assert history == [
        (None, ReferralStatus.RECEIVED),
        (ReferralStatus.RECEIVED, ReferralStatus.BOOKED),
    ]


def test_settings_decide_deadline_and_appointment_length(db, tmp_path):
    update_settings(
        db, cli_actor(), {"engagement_deadline_days": 30, "initial_assessment_minutes": 45}
    )
    run(
        db,
        write(
            tmp_path, [adult(appointment_datetime="2026-11-20T10:00", appointment_venue="Dudley")]
        ),
    )
    with db.unit_of_work(write=False) as s:
        ref = s.execute(sa.select(Referral)).scalar_one()
        appt = s.execute(sa.select(Appointment)).scalar_one()
    assert ref.engagement_deadline == date(2026, 12, 10)
    assert appt.length_minutes == 45 and appt.end_at == datetime(2026, 11, 20, 10, 45)


# --------------------------------------------------------------------------- rejects

# An appointment asked for at an unknown venue, before the referral or years ahead no longer
# rejects the referral: it is imported without the appointment (tests/db/test_import_booking.py).
REJECT_CASES: list[tuple[dict[str, str], str]] = [
    *[({name: "  "}, name) for name in HEADER[:10]],
    ({"date_of_birth": "31/02/2001"}, "date_of_birth"),
    ({"date_of_birth": "2001-02-30"}, "date_of_birth"),
    ({"date_of_birth": "12.03.2001"}, "date_of_birth"),
    ({"referral_datetime": "2026-13-01T10:00"}, "referral_datetime"),
    ({"referral_datetime": "yesterday"}, "referral_datetime"),
    ({"date_of_birth": "2027-01-01"}, "date_of_birth"),
    ({"date_of_birth": "2026-11-11", "referral_datetime": "2026-11-10T10:00"}, "date_of_birth"),
    ({"referral_datetime": "2026-11-28T09:00"}, "referral_datetime"),
    ({"local_authority": "Atlantis"}, "local_authority"),
    ({"substances": "cannabis;moonrock"}, "substances"),
    ({"postcode": "ZZ99 ZZZ"}, "postcode"),
    ({"phone": "12345"}, "phone"),
    ({"email": "not-an-email"}, "email"),
    ({"appropriate_adult_phone": "call me"}, "appropriate_adult_phone"),
    ({"intent_to_supply": "maybe"}, "intent_to_supply"),
    ({"consent_to_share": "perhaps"}, "consent_to_share"),
    ({"appointment_datetime": "2026-12-01T10:00"}, "appointment_venue"),
    ({"appointment_venue": "Walsall"}, "appointment_datetime"),
    ({"gender": "robot"}, "gender"),
    ({"police_reference": "R" * 41}, "police_reference"),
    ({"first_name": "N" * 101}, "first_name"),
]


def test_every_reject_reason_is_reported_with_its_row_and_field(db, tmp_path):
    rows = [adult(**overrides) for overrides, _ in REJECT_CASES]
    rows.insert(0, adult())  # row 1 is fine
    result = run(db, write(tmp_path, rows))
    assert result.rows == len(rows) and result.imported == 1
    assert result.rejected == len(REJECT_CASES)
    by_row: dict[int, set[str]] = {}
    for error in result.errors:
        by_row.setdefault(error.row, set()).add(error.field)
        assert error.message and (error.message[0].isupper() or error.message[0] == '"')
    for number, (_, field) in enumerate(REJECT_CASES, start=2):
        assert field in by_row.get(number, set()), (number, field, by_row.get(number))
    assert 1 not in by_row
    missing_ref = [e for e in result.errors if e.row == 2]
    assert missing_ref[0].police_reference is None
    assert table_counts(db)["referrals"] == 1 and table_counts(db)["people"] == 1


def test_a_row_with_several_problems_is_rejected_once(db, tmp_path):
    row = adult(date_of_birth="99/99/1999", postcode="nowhere", phone="1", local_authority="Mars")
    result = run(db, write(tmp_path, [row]))
    assert result.rejected == 1 and result.rows == 1
    assert {e.field for e in result.errors} == {
        "date_of_birth",
        "postcode",
        "phone",
        "local_authority",
    }
    assert [o.outcome for o in result.outcomes] == ["rejected"]


def test_accepted_spellings_of_gender_booleans_and_dates(db, tmp_path):
    rows = [
        adult(gender="M", intent_to_supply="N", consent_to_share="Y"),
        adult(gender="Female", intent_to_supply="FALSE", consent_to_share="1"),
        adult(gender="NON-BINARY", intent_to_supply="0", consent_to_share="no"),
        adult(gender="not stated", referral_datetime="10/11/2026 10:30", date_of_birth="5/6/1990"),
        adult(
            substances="skunk; coke ;ket;laughing gas;other: glue", local_authority="wOLVERHAMPTON"
        ),
    ]
    result = run(db, write(tmp_path, rows))
    assert result.rejected == 0, result.errors
    refs = referrals(db)
    assert refs[rows[1]["police_reference"]].consent_to_share is True
    assert refs[rows[2]["police_reference"]].consent_to_share is False
    with db.unit_of_work(write=False) as s:
        subs = s.execute(
            sa.select(ReferralSubstance.substance, ReferralSubstance.other_text)
            .where(ReferralSubstance.referral_id == refs[rows[4]["police_reference"]].id)
            .order_by(ReferralSubstance.id)
        ).all()
    assert subs == [
        (Substance.CANNABIS, None),
        (Substance.COCAINE, None),
        (Substance.KETAMINE, None),
        (Substance.NITROUS_OXIDE, None),
        (Substance.OTHER, "glue"),
    ]


# --------------------------------------------------------------------------- file formats


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_line_endings_bom_and_quoted_fields(db, tmp_path, newline):
    rows = [
        adult(notes="Said: it's mine, all of it", officer_name="PC Ng, Lee"),
        adult(notes=f"first line{newline}second line"),
        adult(),
    ]
    text = "\ufeff" + csv_text(rows, newline=newline)
    path = tmp_path / "bom.csv"
    path.write_bytes(text.encode("utf-8"))
    result = run(db, path)
    assert (result.imported, result.rejected) == (3, 0), result.errors
    refs = referrals(db)
    first = refs[rows[0]["police_reference"]]
    assert first.notes == "Said: it's mine, all of it" and first.officer_name == "PC Ng, Lee"
    assert refs[rows[1]["police_reference"]].notes == "first line\nsecond line"
    # Row numbers count records, not physical lines.
    assert [o.row for o in result.outcomes] == [1, 2, 3]


def test_header_case_order_spacing_and_extra_columns(db, tmp_path):
    header = [
        " Substances",
        "FIRST_NAME",
        "Last Name ",
        "police_reference",
        "Colour",
        "DATE_OF_BIRTH",
        "local_authority",
        "Intent_To_Supply",
        "officer_number",
        "Officer_Name",
        "referral_datetime",
        "POSTCODE",
    ]
    row = adult(postcode="b5 4tr")
    keyed = {h: row.get(" ".join(h.split()).lower().replace(" ", "_"), "blue") for h in header}
    path = tmp_path / "odd.csv"
    path.write_text(csv_text([keyed], header=header), encoding="utf-8")
    result = run(db, path)
    assert result.imported == 1, result.errors
    with db.unit_of_work(write=False) as s:
        person = s.execute(sa.select(Person)).scalar_one()
    assert (person.first_name, person.postcode) == (row["first_name"], "B5 4TR")


def test_blank_lines_are_ignored_and_not_counted(db, tmp_path):
    rows = [adult(), adult(first_name=""), adult()]
    lines = csv_text(rows).split("\n")
    text = "\n\n" + lines[0] + "\n\n" + lines[1] + "\n,,,,\n   \n" + "\n".join(lines[2:]) + "\n\n"
    path = tmp_path / "blank.csv"
    path.write_text(text, encoding="utf-8")
    result = run(db, path)
    assert (result.rows, result.imported, result.rejected) == (3, 2, 1)
    assert [e.row for e in result.errors] == [2]


def test_json_lines(db, tmp_path):
    a = adult(appointment_datetime="2026-12-02T11:00", appointment_venue="Solihull")
    b = adult()
    objects = [
        {k.upper(): v for k, v in a.items()} | {"intent_to_supply": False, "officer_number": 4410},
        {**b, "intent_to_supply": 0, "consent_to_share": True, "gender": None, "extra": {"x": 1}},
        {**adult(), "substances": ["cannabis"]},
        {**adult(), "date_of_birth": None},
    ]
    text = "\n" + "\n\n".join(json.dumps(o, ensure_ascii=False) for o in objects) + "\n"
    path = tmp_path / "referrals.txt"  # sniffed from the first "{"
    path.write_text(text, encoding="utf-8")
    result = run(db, path)
    assert (result.rows, result.imported, result.rejected) == (4, 2, 2)
    assert {(e.row, e.field) for e in result.errors} == {(3, "substances"), (4, "date_of_birth")}
    refs = referrals(db)
    assert refs[a["police_reference"]].status == ReferralStatus.BOOKED
    assert refs[a["police_reference"]].officer_number == "4410"
    assert refs[b["police_reference"]].consent_to_share is True


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("bin.csv", b"PK\x03\x04\x00\x00binary", "binary"),
        ("latin1.csv", csv_text([adult(first_name="Zoë")]).encode("latin-1"), "UTF-8"),
        ("nocol.csv", b"police_reference,first_name\nX-1,Ann\n", "date_of_birth"),
        ("empty.csv", b"\n \n", "empty"),
        ("list.json", b'[{"police_reference": "X"}]', "JSON Lines"),
        ("bad.jsonl", b"{not json\n[1]\n", "line 1"),  # no line read: per-line rejects in
        # tests/db/test_import_booking.py once one line is a referral
    ],
)
def test_unreadable_files_raise_and_store_nothing(db, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    before = table_counts(db)
    with pytest.raises(ImportFileError, match=words):
        run(db, path)
    assert table_counts(db) == before


def test_missing_file_and_folder(db, tmp_path):
    with pytest.raises(ImportFileError, match="no file"):
        run(db, tmp_path / "nope.csv")
    with pytest.raises(ImportFileError, match="folder"):
        run(db, tmp_path)


# --------------------------------------------------------------------------- duplicates


def test_duplicate_and_conflict_within_one_file(db, tmp_path):
    first = adult()
    same = dict(first, intent_to_supply="No", referral_datetime="10/11/2026 10:30")  # same content
    changed = dict(first, substances="cocaine")
    result = run(db, write(tmp_path, [first, same, changed]))
    assert (result.imported, result.duplicates, result.rejected) == (1, 1, 1)
    assert [o.outcome for o in result.outcomes] == ["imported", "duplicate", "rejected"]
    (error,) = result.errors
    assert (error.row, error.field, error.police_reference) == (
        3,
        "police_reference",
        first["police_reference"],
    )
    assert "row 1" in error.message


def test_duplicate_and_conflict_across_files(db, tmp_path):
    a, b = adult(), adult()
    run(db, write(tmp_path, [a, b], name="one.csv"))
    result = run(db, write(tmp_path, [a, dict(b, last_name="Different"), adult()], name="two.csv"))
    assert (result.imported, result.duplicates, result.rejected) == (1, 1, 1)
    assert result.errors[0].field == "police_reference" and "different" in result.errors[0].message
    assert referrals(db)[b["police_reference"]].source_hash is not None


def test_reference_typed_in_by_hand_is_a_conflict(db, tmp_path):
    a = adult()
    run(db, write(tmp_path, [a], name="one.csv"))
    with db.unit_of_work() as s:
        s.execute(sa.update(Referral).values(source="manual", source_hash=None))
    result = run(db, write(tmp_path, [a], name="two.csv"))
    assert result.rejected == 1 and "by hand" in result.errors[0].message


def test_importing_the_same_file_twice_changes_nothing(db, tmp_path):
    rows = [adult(), adult(intent_to_supply="yes"), adult(date_of_birth="bad")]
    rows.append(adult(appointment_datetime="2026-12-01T10:00", appointment_venue="Sandwell"))
    path = write(tmp_path, rows)
    first = run(db, path)
    after_first = table_counts(db)
    second = run(db, path)
    assert (first.imported, first.rejected) == (3, 1)
    assert (second.imported, second.duplicates, second.rejected) == (0, 3, 1)
    assert table_counts(db) == after_first


def test_dry_run_decides_everything_and_stores_nothing(db, tmp_path):
    rows = [adult(), adult(intent_to_supply="y"), adult(phone="x"), adult()]
    rows.append(dict(rows[0]))
    path = write(tmp_path, rows)
    before = table_counts(db)
    dry = run(db, path, dry_run=True)
    assert table_counts(db) == before
    real = run(db, path)
    assert dry.dry_run and not real.dry_run
    assert dry.to_json() == real.to_json()
    assert [(o.outcome, o.status) for o in dry.outcomes] == [
        (o.outcome, o.status) for o in real.outcomes
    ]


# --------------------------------------------------------------------------- eligibility


def test_young_people_intent_to_supply_and_ineligible_rows_are_never_booked(db, tmp_path):
    appt = {"appointment_datetime": "2026-12-01T10:00", "appointment_venue": "Walsall"}
    with_adult = adult(
        date_of_birth="2010-03-04",
        appropriate_adult_name="Bea Quenby",
        appropriate_adult_relationship="aunt",
        **appt,
    )
    without = adult(date_of_birth="2010-05-06", **appt)
    half = adult(date_of_birth="2010-07-08", appropriate_adult_name="Someone")
    supply = adult(intent_to_supply="yes", **appt)
    turns_18 = adult(date_of_birth="2008-11-10", referral_datetime="2026-11-10T08:00")
    result = run(db, write(tmp_path, [with_adult, without, half, supply, turns_18]))
    assert (result.imported, result.ineligible) == (5, 3)
    refs = referrals(db)
    ok = refs[with_adult["police_reference"]]
    assert ok.young_person and ok.status == ReferralStatus.BOOKED
    for row, reason in (
        (without, "no appropriate adult"),
        (half, "no appropriate adult"),
        (supply, "intent to supply"),
    ):
        ref = refs[row["police_reference"]]
        assert (ref.status, ref.status_reason) == (ReferralStatus.INELIGIBLE, reason)
    assert refs[without["police_reference"]].young_person
    assert not refs[turns_18["police_reference"]].young_person
    with db.unit_of_work(write=False) as s:
        booked_for = s.execute(sa.select(Appointment.referral_id)).scalars().all()
    assert booked_for == [ok.id]
    message = next(
        o.message for o in result.outcomes if o.police_reference == supply["police_reference"]
    )
    assert "not booked" in message


def test_earlier_referral_closed_not_engaged_bars_the_next(db, tmp_path):
    person = {"first_name": "Orla", "last_name": "Kestrelby", "date_of_birth": "1993-06-15"}
    first = adult(referral_datetime="2026-06-01T10:00", **person)
    run(db, write(tmp_path, [first], name="june.csv"))
    with db.unit_of_work() as s:
        referral = s.execute(sa.select(Referral)).scalar_one()
        change_status(
            s, cli_actor(), referral, ReferralStatus.NOT_ENGAGED, "Nothing attended in 42 days"
        )
    second = adult(appointment_datetime="2026-12-01T10:00", appointment_venue="Dudley", **person)
    result = run(db, write(tmp_path, [second], name="nov.csv"))
    assert (result.imported, result.ineligible, result.held) == (1, 0, 1)
    assert result.to_json()["held"] == 1
    refs = referrals(db)
    new = refs[second["police_reference"]]
    assert new.person_id == refs[first["police_reference"]].person_id
    assert (new.status, new.status_reason) == (
        ReferralStatus.HELD,
        "previous referral not engaged",
    )
    assert table_counts(db)["appointments"] == 0


def test_a_likely_match_closed_not_engaged_holds_the_new_person_too(db, tmp_path):
    """A typo in the surname makes a new person, but they may be the barred one: held (rules 3, 4)."""
    person = {"first_name": "Orla", "last_name": "Kestrelby", "date_of_birth": "1993-06-15"}
    first = adult(referral_datetime="2026-06-01T10:00", **person)
    run(db, write(tmp_path, [first], name="june.csv"))
    with db.unit_of_work() as s:
        referral = s.execute(sa.select(Referral)).scalar_one()
        change_status(
            s, cli_actor(), referral, ReferralStatus.NOT_ENGAGED, "Nothing attended in 42 days"
        )
    typo = dict(person, last_name="Kestrelbie")
    second = adult(appointment_datetime="2026-12-01T10:00", appointment_venue="Dudley", **typo)
    third = adult(referral_datetime="2026-11-20T10:00", **typo)  # the same "new" person again
    result = run(db, write(tmp_path, [second, third], name="nov.csv"))
    assert (result.imported, result.ineligible, result.held, result.possible_matches) == (
        2,
        0,
        2,
        1,
    )
    refs = referrals(db)
    new = refs[second["police_reference"]]
    assert new.person_id != refs[first["police_reference"]].person_id
    assert refs[third["police_reference"]].person_id == new.person_id
    for ref in (second, third):
        assert (
            refs[ref["police_reference"]].status,
            refs[ref["police_reference"]].status_reason,
        ) == (
            ReferralStatus.HELD,
            "previous referral not engaged",
        )
    message = next(
        o.message for o in result.outcomes if o.police_reference == second["police_reference"]
    )
    assert "may be the same person" in message and first["police_reference"] in message
    assert table_counts(db)["appointments"] == 0

    # A later file, after the flag is still open: the stored "new" person still meets the bar.
    fourth = adult(referral_datetime="2026-11-25T10:00", **typo)
    later = run(db, write(tmp_path, [fourth], name="late-nov.csv"))
    assert (later.ineligible, later.held) == (0, 1)
    assert referrals(db)[fourth["police_reference"]].person_id == new.person_id


# --------------------------------------------------------------------------- matching


def test_certain_match_links_to_the_same_person(db, tmp_path):
    person = {
        "first_name": "Ysolde",
        "last_name": "Barrowclough",
        "date_of_birth": "1989-02-14",
        "postcode": "B1 1AA",
    }
    run(db, write(tmp_path, [adult(referral_datetime="2026-03-01T10:00", **person)], name="a.csv"))
    later = [
        adult(
            referral_datetime="2026-08-01T10:00", **dict(person, first_name="YSOLDE", postcode="")
        ),
        adult(**dict(person, last_name="Barrow-Clough")),
    ]
    result = run(db, write(tmp_path, later, name="b.csv"))
    assert result.imported == 2 and result.possible_matches == 0
    counts = table_counts(db)
    assert counts["people"] == 1 and counts["possible_duplicates"] == 0
    assert len({r.person_id for r in referrals(db).values()}) == 1
    assert {o.person_id for o in result.outcomes} == {next(iter(referrals(db).values())).person_id}
    # The export numbers the person's referrals 1, 2, 3 in date order.
    out = tmp_path / "export.csv"
    export_referrals_csv(db, cli_actor(), out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert [(r["referral_date"], r["referral_number"]) for r in exported] == [
        ("2026-03-01", "1"),
        ("2026-08-01", "2"),
        ("2026-11-10", "3"),
    ]
    assert len({r["person_id"] for r in exported}) == 1


def test_same_person_twice_in_one_file_is_one_person(db, tmp_path):
    person = {"first_name": "Cassius", "last_name": "Threlfall", "date_of_birth": "1999-09-19"}
    rows = [adult(referral_datetime="2026-02-01T10:00", **person), adult(**person)]
    result = run(db, write(tmp_path, rows))
    assert result.imported == 2 and table_counts(db)["people"] == 1
    assert result.outcomes[0].person_id == result.outcomes[1].person_id


def test_possible_matches_are_new_people_flagged_for_review(db, tmp_path):
    base = {"first_name": "Philippa", "last_name": "Castellane", "date_of_birth": "1992-03-07"}
    run(db, write(tmp_path, [adult(referral_datetime="2026-01-05T10:00", **base)], name="a.csv"))
    typo = adult(**dict(base, last_name="Castelane"))
    swapped = adult(**dict(base, date_of_birth="1992-07-03"))
    typo_in_file = adult(
        **{"first_name": "Gwendolen", "last_name": "Abernathy", "date_of_birth": "1980-10-10"}
    )
    typo_in_file_2 = adult(
        **{"first_name": "Gwendolen", "last_name": "Abernethy", "date_of_birth": "1980-10-10"}
    )
    result = run(db, write(tmp_path, [typo, swapped, typo_in_file, typo_in_file_2], name="b.csv"))
    assert result.imported == 4 and result.possible_matches >= 3
    with db.unit_of_work(write=False) as s:
        people = {p.id: p for p in s.execute(sa.select(Person)).scalars()}
        dups = s.execute(sa.select(PossibleDuplicate)).scalars().all()
    original = next(
        p
        for p in people.values()
        if p.last_name == "Castellane" and p.date_of_birth == date(1992, 3, 7)
    )
    assert not original.needs_review
    flagged = {people[d.person_id].last_name: d for d in dups if d.candidate_id == original.id}
    assert "Castelane" in flagged and flagged["Castelane"].score >= 70
    assert "Same date of birth" in flagged["Castelane"].reasons.split("; ")
    swap = next(d for d in dups if people[d.person_id].date_of_birth == date(1992, 7, 3))
    assert swap.candidate_id == original.id and "swapped" in swap.reasons
    abernethy = next(p for p in people.values() if p.last_name == "Abernethy")
    assert abernethy.needs_review
    assert any(
        d.person_id == abernethy.id and people[d.candidate_id].last_name == "Abernathy"
        for d in dups
    )
    assert all(d.status == "open" for d in dups)
    assert len(people) == 5


# --------------------------------------------------------------------------- rejects file, roles, progress


def test_rejects_file_keeps_the_original_columns_and_values(db, tmp_path):
    good, bad = adult(), adult(postcode="nope", phone="123", notes="keep, this")
    result = run(db, write(tmp_path, [good, bad, dict(good, substances="heroin")]))
    out = tmp_path / "rejects.csv"
    assert write_rejects(result, out) == 2
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["row", "police_reference", "field", "message", *HEADER]
    assert [line[0] for line in lines[1:]] == ["2", "3"]
    second = dict(zip(lines[0][4:], lines[1][4:], strict=True))
    assert second == {h: bad.get(h, "") for h in HEADER}
    assert lines[1][1] == bad["police_reference"] and lines[1][2] == "postcode; phone"
    assert lines[2][2] == "police_reference"
    # The rejects file can be fixed and imported again: the original columns win.
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(
        out.read_text(encoding="utf-8-sig")
        .replace("nope", "B1 1AA")
        .replace(",123,", ",07700900123,"),
        encoding="utf-8",
    )
    again = run(db, fixed)
    assert again.imported == 1 and again.rejected == 1


def test_roles(db, tmp_path, make_actor):
    path = write(tmp_path, [adult()])
    receptionist = make_actor(db, Role.RECEPTIONIST)
    admin = make_actor(db, Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        import_referrals(db, admin, path, today=TODAY)
    result = import_referrals(db, receptionist, path, today=TODAY)
    assert result.imported == 1
    assert referrals(db)[result.outcomes[0].police_reference].created_by == receptionist.username


def test_progress_and_cancel(db, tmp_path):
    path = write(tmp_path, [adult() for _ in range(450)])
    seen: list[tuple[int, int, str]] = []
    before = table_counts(db)
    with pytest.raises(ImportCancelled):
        run(
            db,
            path,
            progress=lambda d, t, text: seen.append((d, t, text)),
            cancelled=lambda: len(seen) >= 3,
        )
    assert table_counts(db) == before
    seen.clear()
    result = run(db, path, progress=lambda d, t, text: seen.append((d, t, text)))
    assert result.imported == 450
    dones = [d for d, _, _ in seen]
    assert dones == sorted(dones) and seen[-1][0] == seen[-1][1] and len(seen) >= 5


def test_a_larger_file_with_repeats_in_one_transaction(db, tmp_path):
    rows = [adult(referral_datetime="2026-10-01T10:00") for _ in range(2000)]
    rows += rows[:200]  # exact repeats inside the file
    result = run(db, write(tmp_path, rows))
    assert (result.imported, result.duplicates) == (2000, 200)
    assert table_counts(db)["referrals"] == 2000


def test_header_only_file_and_rows_with_too_many_values(db, tmp_path):
    empty = tmp_path / "header.csv"
    empty.write_text(",".join(HEADER) + "\r\n", encoding="utf-8")
    before = table_counts(db)
    result = run(db, empty)
    assert (result.rows, result.imported, result.errors) == (0, 0, [])
    assert table_counts(db) == before  # not even an audit event: nothing changed
    text = csv_text([adult()]).rstrip("\n") + ",surplus,values\n"
    spilled = tmp_path / "spilled.csv"
    spilled.write_text(text, encoding="utf-8")
    result = run(db, spilled)
    assert result.rejected == 1 and result.errors[0].field == "row"
    assert "more values" in result.errors[0].message


def test_sample_json_lines_file(db):
    result = run(db, SAMPLE.with_suffix(".jsonl"))
    assert (result.rows, result.imported, result.rejected) == (3, 3, 0), result.errors
    refs = referrals(db)
    assert refs["WM-26-200001"].status == ReferralStatus.BOOKED
    assert (
        refs["WM-26-200002"].young_person and refs["WM-26-200002"].status == ReferralStatus.RECEIVED
    )
    assert refs["WM-26-200003"].referral_datetime == datetime(
        2026, 11, 21, 18, 45
    )  # UTC = UK in November


# --------------------------------------------------------------------------- any row at all (no database)

_VENUES = {
    la.value.casefold(): VenueRef(i + 1, la.value, la, True) for i, la in enumerate(LocalAuthority)
}
_NOW = datetime(2026, 11, 27, 12, 0)
_BASE = adult(
    appointment_datetime="2026-12-01T10:00", appointment_venue="Dudley", postcode="B1 1AA"
)
_texts = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "yes",
            "no",
            "2026-11-01T10:00",
            "31/12/9999 23:59",
            "0001-01-01",
            "2008-02-29",
            "Birmingham",
            "weed;other: ",
            "B1 1AA",
            "+44 7700 900123",
            "a@b.co",
            "Dudley",
            "M",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(HEADER), _texts, max_size=6), st.booleans())
def test_any_row_gives_a_draft_or_problems_never_a_crash(changes, from_valid_row):
    values = {**(_BASE if from_valid_row else {}), **changes}
    raw = RawRow(1, values, {k: v or "" for k, v in values.items()})
    draft, problems = parse_row(raw, _VENUES, now=_NOW, today=_NOW.date())
    assert (draft is None) == bool(problems)
    assert all(field and message for field, message in problems)
    if draft is not None:
        assert draft_hash(draft) == draft_hash(validate_draft(draft, now=_NOW, venues=_VENUES)[0])
        # Each field is checked once on import: the full check of what the row gave must
        # find nothing more and change nothing.
        tidied, more = validate_draft(draft, now=_NOW, venues=_VENUES, check_booking=False)
        assert (tidied, more) == (draft, [])


_FIELD_CHECKS = [
    *((lambda v, n=n: clean_text(v, n)) for n in ("first_name", "notes", "officer_number")),
    clean_postcode,
    clean_phone,
    clean_email,
]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(range(len(_FIELD_CHECKS))),
    st.one_of(
        st.text(max_size=40),
        st.text(alphabet=" \t\r\n\x00\x1b\u202e\u00a0\u2028aZ0+@.-()İı", max_size=40),
        st.sampled_from(["b1 1aa", "+44 (0)7700 900123", "A@EXAMPLE.COM", " a \r\n b "]),
    ),
)
def test_a_field_check_gives_back_what_it_passed(which, text):
    """The import checks each field once: that is only right because a second check of the
    cleaned text passes and gives it back unchanged (what validate_draft would do)."""
    check = _FIELD_CHECKS[which]
    try:
        cleaned = check(text)
    except ValidationError:
        return
    assert check(cleaned) == cleaned


def test_the_import_still_applies_the_rules_across_fields():
    born_after = {**_BASE, "date_of_birth": "2026-11-01", "referral_datetime": "2026-10-01T10:00"}
    future = {**_BASE, "referral_datetime": "2030-01-01T10:00"}
    alone = {k: v for k, v in _BASE.items() if k != "appointment_venue"}
    for values, field_name in (
        (born_after, "date_of_birth"),
        (future, "referral_datetime"),
        (alone, "appointment_venue"),
    ):
        raw = RawRow(1, values, dict(values))
        draft, problems = parse_row(raw, _VENUES, now=_NOW, today=_NOW.date())
        assert draft is None and [f for f, _ in problems] == [field_name], problems


def test_the_cycle_collector_rests_during_an_import_and_is_restored_after(db):
    """The import pauses Python's cycle collector (its full collections found nothing to free
    and took a fifth of the time) and puts it back as it was, also when it fails."""
    seen: list[bool] = []

    def progress(done: int, total: int, text: str) -> None:
        seen.append(gc.isenabled())

    assert gc.isenabled()
    result = run(db, SAMPLE, progress=progress)
    assert result.imported == 12 and seen and not any(seen)
    assert gc.isenabled()
    with pytest.raises(ImportCancelled):
        run(db, SAMPLE, progress=progress, cancelled=lambda: True)
    assert gc.isenabled()
    gc.disable()
    try:
        run(db, SAMPLE, dry_run=True)
        assert not gc.isenabled()  # left off: whoever turned it off turns it on
    finally:
        gc.enable()
