"""Letter batches on both databases: files and the combined PDF, people left out, skipping what
was already made, police outcomes not yet sent, and a cancelled batch."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from divert_desktop.core.enums import LetterTemplate, ReferralStatus
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.letters import LetterNotApplicable
from divert_desktop.persistence.models import Letter, Referral
from divert_desktop.services.context import cli_actor
from divert_desktop.services.letter_batches import run_batch
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
    result = run_batch(db, cli_actor(), "appointment_reminder", day, None, tmp_path / "out",
                       now=world.now, progress=lambda d, t, s: steps.append((d, t, s)))  # fmt: skip
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
        sent = s.execute(sa.select(Referral.outcome_sent_at).where(
            Referral.status.in_([ReferralStatus.COMPLETED, ReferralStatus.NOT_ENGAGED]))).scalars()  # fmt: skip
        assert all(x is not None for x in sent)
    again = run_batch(
        db, cli_actor(), T.POLICE_OUTCOME, first, world.today, tmp_path, now=world.now
    )
    assert (again.letters, again.already_made) == (0, 2)
    earlier = run_batch(db, cli_actor(), T.POLICE_OUTCOME, first - timedelta(days=30),
                        first - timedelta(days=1), tmp_path, now=world.now)  # fmt: skip
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
    result = run_batch(db, cli_actor(), T.APPOINTMENT_REMINDER, day, None, out, now=world.now,
                       cancelled=cancel_after_first)  # fmt: skip
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
