"""``export evaluation`` and ``followup import --key-file`` as real processes, on both databases."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from divert_desktop.core.enums import FollowUpResult, ReferralStatus
from divert_desktop.paths import user_data_dir
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Referral
from tests.db.test_evaluation import KEY, population, read_rows, reference_hmac
from tests.e2e.test_cli_commands import cli, one_line_error


def test_export_evaluation_and_follow_ups_back_by_pseudonym(db: Database, tmp_path: Path) -> None:
    ids = population(db, 20, seed=7)
    with db.unit_of_work() as s:
        s.execute(sa.update(Referral).values(status=ReferralStatus.COMPLETED))
        # learned before the machine's own today, whenever the test runs (the CLI's real clock)
        first = sa.update(Referral).where(Referral.id == ids[0])
        s.execute(first.values(referral_datetime=datetime(2026, 1, 5, 10)))
        reference = s.execute(sa.select(Referral.police_reference).where(Referral.id == ids[0]))
        reference = reference.scalar_one()
    key = tmp_path / "divert-evaluation.key"
    key.write_bytes(KEY)
    out = tmp_path / "extract.csv"
    args = ("export", "evaluation", "--from", "2026-01-01", "--to", "2026-12-31")
    made = cli(db.url, *args, "--key-file", str(key), "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Wrote 20 referral(s) to {out}, every combination")
    assert "shared by 5 rows or more" in made.stdout
    assert "  Ethnicity shown as its broad group: " in made.stdout
    assert f"Key fingerprint: {hashlib.sha256(KEY).hexdigest()[:16]}" in made.stdout
    assert len(read_rows(out)) == 20
    inside = user_data_dir() / "cli-evaluation.key"
    inside.write_bytes(KEY)
    try:
        refused = cli(db.url, *args, "--key-file", str(inside), "--out", str(out))
    finally:
        inside.unlink()
    assert "must not be kept in the app's data folder" in one_line_error(refused)

    back = tmp_path / "followup.csv"
    back.write_text(
        f"pseudo_referral,rearrested,learned_on\n{reference_hmac(KEY, reference)},no,2026-02-01\n",
        encoding="utf-8",
    )
    no_key = cli(db.url, "followup", "import", str(back))
    assert no_key.returncode == 2 and "--key-file" in no_key.stderr
    done = cli(db.url, "followup", "import", str(back), "--key-file", str(key))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Recorded 1 follow-up(s) from 1 row(s)")
    with db.unit_of_work(write=False) as s:
        found = s.execute(sa.select(Referral.id, Referral.followup_rearrested)).all()
    assert {i for i, f in found if f is not None} == {ids[0]}
    assert dict(found)[ids[0]] == FollowUpResult.NO
