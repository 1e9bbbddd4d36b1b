"""``divert-desktop followup import FILE.csv [--json]`` as a real process, on both databases."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from divert_desktop.core.enums import FollowUpResult, ReferralStatus
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import AuditEvent, Referral
from tests.db.test_booking import add_referral
from tests.e2e.test_cli_commands import cli


def test_followups_from_a_file_exit_codes_and_json(db_url: str, tmp_path: Path) -> None:
    db = Database(db_url)
    try:
        when = datetime(2026, 3, 2, 10)
        add_referral(db, reference="WMP-E-1", when=when, status=ReferralStatus.COMPLETED)
        add_referral(db, reference="WMP-E-2", when=when, status=ReferralStatus.COMPLETED)
        good = tmp_path / "good.csv"
        good.write_text(
            "police_reference,rearrested,rearrest_date,learned_on,source\n"
            "WMP-E-1,no,,2026-10-01,WMP check\n"
            "WMP-E-2,yes,2026-05-20,2026-10-01,WMP check\n",
            encoding="utf-8",
        )
        dry = cli(db_url, "followup", "import", str(good), "--dry-run", "--json")
        assert dry.returncode == 0, dry.stderr
        assert json.loads(dry.stdout) == {
            "rows": 2,
            "updated": 2,
            "unchanged": 0,
            "rejected": 0,
            "errors": [],
        }
        done = cli(db_url, "followup", "import", str(good))
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Recorded 2 follow-up(s) from 2 row(s)")
        with db.unit_of_work(write=False) as s:
            found = dict(
                s.execute(sa.select(Referral.police_reference, Referral.followup_rearrested)).all()
            )
            sources = s.execute(
                sa.select(AuditEvent.source).where(AuditEvent.action == "referral.followup")
            )
            assert set(sources.scalars()) == {"cli"}
        assert found == {"WMP-E-1": FollowUpResult.NO, "WMP-E-2": FollowUpResult.YES}
        bad = tmp_path / "bad.csv"
        bad.write_text(
            "police_reference,rearrested,learned_on\nWMP-NONE,no,2026-10-01\n", encoding="utf-8"
        )
        rejected = cli(db_url, "followup", "import", str(bad), "--json")
        assert rejected.returncode == 1
        report = json.loads(rejected.stdout)
        assert report["rejected"] == 1
        assert report["errors"] == [
            {
                "row": 1,
                "police_reference": "WMP-NONE",
                "field": "police_reference",
                "message": "No referral has this police reference",
            }
        ]
        missing = cli(db_url, "followup", "import", str(tmp_path / "nope.csv"))
        assert missing.returncode == 2 and "There is no file called" in missing.stderr
    finally:
        db.dispose()
