"""Letter batches on both databases: files and the combined PDF, people left out, skipping what
was already made, police outcomes not yet sent, and a cancelled batch."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from divert_desktop.core.enums import LetterTemplate, ReferralStatus
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.letters import LetterNotApplicable
from divert_desktop.persistence.models import Letter, Referral
from divert_desktop.services.context import cli_actor
from divert_desktop.services.letters.batches import run_batch
from tests.letters_seed import seed_letters

T = LetterTemplate


@pytest.fixture
def world(db):
    return seed_letters(db)


def logged(db) -> list[Letter]:
    with db.unit_of_work(write=False) as s:
        return list(s.execute(sa.select(Letter).order_by(Letter.id)).scalars())


def test_reminders_for_a_day_make_a_file_per_letter_and_one_combined_pdf(
    db, world, tmp_path
) -> None:
    day = world.today + timedelta(days=7)
    steps: list[tuple[int, int, str]] = []
    result = run_batch(
        db,
        cli_actor(),
        "appointment_reminder",
        day,
        None,
        tmp_path / "out",
        now=world.now,
        progress=lambda d, t, s: steps.append((d, t, s)),
    )
    assert (result.letters, result.people, result.already_made) == (3, 2, 0)
    assert [p.person_name for p in result.left_out] == ["Łukasz Nowak"]
    assert "must not be written to" in result.left_out[0].reason
    assert result.summary == "Made 3 letters for 2 people. Left out 1 person (listed)."
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert result.combined is not None and result.combined.name in files
    assert len(files) == 4 and not any(f.startswith(".") for f in files)
    assert steps[0][:2] == (0, 3) and steps[-1] == (3, 3, "Done")
    reader = PdfReader(result.combined)
    pages = [p.extract_text() for p in reader.pages]
    assert "Dear Siân," in pages[0] and "10:00" in pages[0]
    assert any("Dear Łukasz Kowalski," in p for p in pages)  # the adult's copy
    assert not any("Nowak" in p for p in pages)
    check = subprocess.run(
        ["qpdf", "--check", str(result.combined)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    rows = logged(db)
    assert {r.filename for r in rows} == set(result.files)
    for row in rows:
        assert (tmp_path / "out" / row.filename).read_bytes() == row.pdf
    again = run_batch(
        db, cli_actor(), "appointment_reminder", day, None, tmp_path / "again", now=world.now
    )
    assert (again.letters, again.already_made, again.combined) == (0, 2, None)


def test_police_outcomes_decided_in_a_range_and_not_yet_sent(db, world, tmp_path) -> None:
    first = world.today - timedelta(days=7)
    result = run_batch(
        db, cli_actor(), T.POLICE_OUTCOME, first, world.today, tmp_path, now=world.now
    )
    assert result.letters == 2 and result.left_out == ()
    text = "".join(p.extract_text() for p in PdfReader(result.combined).pages)
    assert "Completed DIVERT" in text and "Did not engage with DIVERT" in text
    with db.unit_of_work(write=False) as s:
        sent = s.execute(
            sa.select(Referral.outcome_sent_at).where(
                Referral.status.in_([ReferralStatus.COMPLETED, ReferralStatus.NOT_ENGAGED])
            )
        ).scalars()
        assert all(x is not None for x in sent)
    again = run_batch(
        db, cli_actor(), T.POLICE_OUTCOME, first, world.today, tmp_path, now=world.now
    )
    assert (again.letters, again.already_made) == (0, 2)
    earlier = run_batch(
        db,
        cli_actor(),
        T.POLICE_OUTCOME,
        first - timedelta(days=30),
        first - timedelta(days=1),
        tmp_path,
        now=world.now,
    )
    assert earlier.total == 0 and earlier.letters == 0


def test_a_police_outcome_batch_leaves_out_and_lists_referrals_without_consent(
    db, world, tmp_path
) -> None:
    with db.unit_of_work() as s:
        s.get(Referral, world.not_engaged).consent_to_share = False
    first = world.today - timedelta(days=7)
    result = run_batch(
        db, cli_actor(), T.POLICE_OUTCOME, first, world.today, tmp_path, now=world.now
    )
    assert (result.letters, result.people, result.total) == (1, 1, 2)
    (left,) = result.left_out
    assert (left.police_reference, left.person_name) == ("WMP-L-0006", "Oskar Lindqvist")
    assert "did not agree to the outcome being shared with the police" in left.reason
    assert result.summary == "Made 1 letter for 1 person. Left out 1 person (listed)."
    with db.unit_of_work(write=False) as s:
        assert s.get(Referral, world.not_engaged).outcome_sent_at is None
        assert s.get(Referral, world.completed).outcome_sent_at is not None
    with db.unit_of_work() as s:
        s.get(Referral, world.not_engaged).consent_to_share = None  # never asked: still left out
    again = run_batch(
        db, cli_actor(), T.POLICE_OUTCOME, first, world.today, tmp_path, now=world.now
    )
    assert again.letters == 0 and "does not record whether" in again.left_out[0].reason


def test_missed_appointments_of_yesterday(db, world, tmp_path) -> None:
    yesterday = world.today - timedelta(days=1)
    result = run_batch(
        db, cli_actor(), T.MISSED_APPOINTMENT, yesterday, None, tmp_path, now=world.now
    )
    assert result.letters == 1
    (row,) = logged(db)
    assert row.appointment_id == world.missed_appointment and row.large_print


def test_a_cancelled_batch_leaves_only_complete_logged_letters(db, world, tmp_path) -> None:
    day = world.today + timedelta(days=7)
    asked = []

    def cancel_after_first() -> bool:
        asked.append(1)
        return len(asked) > 1

    out = tmp_path / "out"
    result = run_batch(
        db,
        cli_actor(),
        T.APPOINTMENT_REMINDER,
        day,
        None,
        out,
        now=world.now,
        cancelled=cancel_after_first,
    )
    assert result.cancelled and result.people == 1 and result.total == 3
    assert result.summary.startswith("Stopped after 1 of 3.")
    rows = logged(db)
    assert (
        [r.filename for r in rows]
        == list(result.files)
        == [p.name for p in sorted(out.iterdir()) if "all-letters" not in p.name]
    )
    reader = PdfReader(BytesIO(result.combined.read_bytes()))
    assert len(reader.pages) == 1 and "Dear Siân," in reader.pages[0].extract_text()
    rest = run_batch(
        db, cli_actor(), T.APPOINTMENT_REMINDER, day, None, tmp_path / "rest", now=world.now
    )
    assert (rest.people, rest.already_made) == (1, 1)  # the young person and the adult's copy


def test_batches_refuse_letters_made_one_at_a_time_and_bad_ranges(db, world, tmp_path) -> None:
    with pytest.raises(LetterNotApplicable, match="Onward referral letters are made one at a time"):
        run_batch(db, cli_actor(), T.ONWARD_REFERRAL, world.today, None, tmp_path)
    with pytest.raises(ValidationError, match="on or after the first day"):
        run_batch(
            db,
            cli_actor(),
            T.POLICE_OUTCOME,
            world.today,
            world.today - timedelta(days=1),
            tmp_path,
        )


def _more_reminders(db, world, count: int) -> None:
    """``count`` more people booked on the reminder day (so a batch runs over several chunks)."""
    from datetime import datetime, time

    from divert_desktop.core.enums import AppointmentStatus, AppointmentType, PlaceKind
    from divert_desktop.persistence.models import Appointment, Person, Venue

    day = world.today + timedelta(days=7)
    with db.unit_of_work() as s:
        venue = s.execute(sa.select(Venue.id).where(Venue.name == "Coventry")).scalar_one()
        for n in range(count):
            person = Person(
                first_name="Amelia",
                last_name=f"Brindley-{n}",
                date_of_birth=date(1990, 6, 15) + timedelta(days=n),  # (no 29 Feb in 1990)
                search_first="amelia",
                search_last=f"brindley-{n}",
                address_line1=f"{n + 2} Sample Road",
                town="Coventry",
                postcode="CV1 2AB",
            )
            s.add(person)
            s.flush()
            referral = Referral(
                police_reference=f"WMP-C-{n:04d}",
                person_id=person.id,
                referral_datetime=datetime.combine(world.today, time(9)),
                officer_name="PC Ada Example",
                officer_number="4711",
                local_authority="Coventry",
                status=ReferralStatus.BOOKED,
                engagement_deadline=world.today + timedelta(days=42),
                created_by="test",
            )
            s.add(referral)
            s.flush()
            start = datetime.combine(day, time(16, 0)) + timedelta(minutes=n)
            s.add(
                Appointment(
                    person_id=person.id,
                    referral_id=referral.id,
                    type=AppointmentType.REVIEW,
                    caseworker_id=None,
                    start_at=start,
                    end_at=start + timedelta(minutes=30),
                    length_minutes=30,
                    place_kind=PlaceKind.VENUE,
                    venue_id=venue,
                    status=AppointmentStatus.BOOKED,
                    created_by="test",
                )
            )


def test_a_batch_reads_and_logs_each_chunk_of_letters_together_not_letter_by_letter(
    db, world, tmp_path
) -> None:
    from divert_desktop.services.letters.batches import CHUNK

    _more_reminders(db, world, CHUNK + 5)  # 28 people to write to, one left out: two chunks
    statements: list[str] = []

    def seen(conn, cursor, statement, params, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split()).lower())

    sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        result = run_batch(
            db,
            cli_actor(),
            T.APPOINTMENT_REMINDER,
            world.today + timedelta(days=7),
            None,
            tmp_path,
            now=world.now,
        )
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", seen)
    assert (result.total, result.people, result.letters) == (CHUNK + 8, CHUNK + 7, CHUNK + 8)
    letter_inserts = [x for x in statements if x.startswith("insert into letters")]
    fact_reads = [
        x for x in statements if x.startswith("select appointments.id, appointments.type")
    ]
    audit_inserts = [x for x in statements if x.startswith("insert into audit_events")]
    assert (len(fact_reads), len(audit_inserts)) == (2, 2)  # one each a chunk
    if db.engine.dialect.name == "postgresql":  # one INSERT … RETURNING a chunk
        assert len(letter_inserts) == 2
    else:  # SQLite's RETURNING order is not guaranteed: SQLAlchemy sends the rows one by one
        assert len(letter_inserts) == result.letters
    assert len(logged(db)) == result.letters


def test_a_batch_logs_and_audits_exactly_the_letters_made_one_at_a_time(
    db, world, tmp_path
) -> None:
    from divert_desktop.documents.letters import render_letter
    from divert_desktop.persistence.models import AuditEvent
    from divert_desktop.services.letters.production import draft_letter

    _more_reminders(db, world, 3)
    result = run_batch(
        db,
        cli_actor(),
        T.APPOINTMENT_REMINDER,
        world.today + timedelta(days=7),
        None,
        tmp_path / "reminders",
        now=world.now,
    )
    police = run_batch(
        db,
        cli_actor(),
        T.POLICE_OUTCOME,
        world.today - timedelta(days=7),
        world.today,
        tmp_path / "police",
        now=world.now,
    )
    rows = logged(db)
    assert result.letters == 6 and police.letters == 2 and len(rows) == 8
    assert [r.filename for r in rows] == [*result.files, *police.files]
    for row in rows:
        draft = draft_letter(
            db,
            cli_actor(),
            row.template,
            referral_id=row.referral_id,
            appointment_id=row.appointment_id,
            now=world.now,
        )
        (same,) = [x for x in draft.letters if x.recipient == row.recipient]
        assert render_letter(same.doc) == row.pdf, row.filename  # byte-identical
        assert (same.filename, draft.person_id) == (row.filename, row.person_id)
    with db.unit_of_work(write=False) as s:
        events = list(
            s.execute(
                sa.select(AuditEvent)
                .where(AuditEvent.action.in_(["letter.produce", "referral.outcome_sent"]))
                .order_by(AuditEvent.id)
            ).scalars()
        )
        sent_at = dict(s.execute(sa.select(Referral.id, Referral.outcome_sent_at)).all())
    produced = [e for e in events if e.action == "letter.produce"]
    assert [e.entity_id for e in produced] == [str(r.id) for r in rows]
    for event, row in zip(produced, rows, strict=True):
        assert event.person_id == row.person_id
        assert event.details == {
            "template": row.template.value,
            "version": row.template_version,
            "recipient": row.recipient,
            "sha256": row.sha256,
            "filename": row.filename,
            "referral_id": row.referral_id,
            "appointment_id": row.appointment_id,
            "onward_referral_id": None,
            "large_print": row.large_print,
        }
    police_rows = rows[-2:]
    assert [(e.action, e.entity_id) for e in events[-4:]] == [
        ("letter.produce", str(police_rows[0].id)),
        ("referral.outcome_sent", str(police_rows[0].referral_id)),
        ("letter.produce", str(police_rows[1].id)),
        ("referral.outcome_sent", str(police_rows[1].referral_id)),
    ]
    assert all(sent_at[r.referral_id] == r.created_at for r in police_rows)
