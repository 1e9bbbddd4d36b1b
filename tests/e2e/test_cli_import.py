"""``divert-desktop import-referrals`` end to end: a real process against SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Base

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "sample_referrals.csv"
JSON_KEYS = {
    "rows",
    "imported",
    "duplicates",
    "rejected",
    "ineligible",
    "possible_matches",
    "errors",
    # added by the booking checks (issue 15): the contract grows only by adding keys
    "not_booked",
    "warnings",
    "ignored_columns",
    # held for a manager (issue 15): not counted in ineligible
    "held",
}
HEADER = (
    "police_reference,referral_datetime,officer_name,officer_number,first_name,last_name,"
    "date_of_birth,local_authority,substances,intent_to_supply,postcode"
)


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "divert_desktop", "--database", url, "import-referrals", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def counts(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        with db.unit_of_work(write=False) as s:
            return {
                t.name: s.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables
            }
    finally:
        db.dispose()


def assert_one_clean_line(stderr: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("divert-desktop: "), stderr
    assert "Traceback" not in stderr


def test_import_json_output_and_importing_twice_changes_nothing(db_url):
    first = cli(db_url, str(SAMPLE), "--json")
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout)
    assert set(result) == JSON_KEYS
    assert result == {
        "rows": 12,
        "imported": 12,
        "duplicates": 0,
        "rejected": 0,
        "ineligible": 1,
        "held": 0,
        "possible_matches": 0,
        "errors": [],
        "not_booked": 0,
        "warnings": [],
        "ignored_columns": [],
    }
    after_first = counts(db_url)
    assert after_first["referrals"] == 12 and after_first["appointments"] == 2
    second = cli(db_url, str(SAMPLE), "--json")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["duplicates"] == 12
    assert json.loads(second.stdout)["imported"] == 0
    assert counts(db_url) == after_first


def test_rejected_rows_exit_1_and_go_to_the_rejects_file(db_url, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        HEADER + "\n"
        "E2E-1,2025-05-01T10:00,PC Vale,101,Imogen,Tresize,1990-01-20,Coventry,weed,no,CV1 2GT\n"
        'E2E-2,2025-05-01T11:00,PC Vale,101,Rufus,Ambrose,1991-02-30,Coventry,weed,no,"CV1, 2GT"\n'
        "E2E-3,2025-05-02T12:00,PC Vale,101,Mabel,Strood,1992-03-21,Narnia,weed,no,\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    done = cli(db_url, str(path), "--json", "--rejects", str(rejects))
    assert done.returncode == 1, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == JSON_KEYS and (result["imported"], result["rejected"]) == (1, 2)
    assert {(e["row"], e["police_reference"], e["field"]) for e in result["errors"]} == {
        (2, "E2E-2", "date_of_birth"),
        (2, "E2E-2", "postcode"),
        (3, "E2E-3", "local_authority"),
    }
    assert all(set(e) == {"row", "police_reference", "field", "message"} for e in result["errors"])
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["row", "police_reference", "field", "message", *HEADER.split(",")]
    assert [line[:3] for line in lines[1:]] == [
        ["2", "E2E-2", "date_of_birth; postcode"],
        ["3", "E2E-3", "local_authority"],
    ]
    assert lines[1][4:] == [
        "E2E-2",
        "2025-05-01T11:00",
        "PC Vale",
        "101",
        "Rufus",
        "Ambrose",
        "1991-02-30",
        "Coventry",
        "weed",
        "no",
        "CV1, 2GT",
    ]
    plain = cli(db_url, str(path))  # without --json: a summary, then one line per problem
    assert plain.returncode == 1
    assert plain.stdout.startswith("Imported 0 of 3 row(s): 1 duplicate(s), 2 rejected")
    assert "row 3 (E2E-3): local_authority:" in plain.stderr


def test_dry_run_reports_and_stores_nothing(db_url):
    before = counts(db_url)
    done = cli(db_url, str(SAMPLE), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Would import 12 of 12 row(s)")
    assert counts(db_url) == before


def test_unreadable_files_exit_2(db_url, tmp_path):
    binary = tmp_path / "export.xlsx"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary\x00data")
    no_column = tmp_path / "short.csv"
    no_column.write_text(
        "police_reference,first_name,last_name\nE2E-9,Ann,Other\n", encoding="utf-8"
    )
    before = counts(db_url)
    for path, words in (
        (tmp_path / "missing.csv", "no file"),
        (binary, "not a CSV"),
        (no_column, "referral_datetime"),
    ):
        done = cli(db_url, str(path))
        assert done.returncode == 2, (path, done.stdout, done.stderr)
        assert_one_clean_line(done.stderr)
        assert words in done.stderr
    as_json = cli(db_url, str(no_column), "--json")
    assert as_json.returncode == 2
    payload = json.loads(as_json.stdout)
    assert set(payload) == JSON_KEYS and payload["imported"] == 0 and len(payload["errors"]) == 1
    assert counts(db_url) == before
