"""The data-protection commands as real processes: backup and restore (a damaged backup refused
with the database untouched), export-person, and retention --list / --apply."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import sqlite_path
from divert_desktop.persistence.models import AuditEvent, Person
from tests.clock import CLOCK
from tests.db.gdpr_seed import add_named_person, seed_everything
from tests.e2e.test_cli_commands import cli, one_line_error


def _venues(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM venues").fetchone()[0]


def test_backup_then_restore_a_sqlite_database(sqlite_db: Database, tmp_path: Path) -> None:
    url, source = sqlite_db.url, sqlite_path(sqlite_db.url)
    out = tmp_path / "copies" / "before-change.sqlite3"
    made = cli(url, "backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Backed up the database to {out}")
    assert out.is_file() and Path(f"{out}.sha256").is_file()
    with sqlite3.connect(source) as conn:
        conn.execute("DELETE FROM venues WHERE name = 'Solihull'")
    assert _venues(source) == 6
    restored = cli(url, "restore", str(out))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Restored the database from {out} (made ")
    assert "kept in" in restored.stdout
    assert _venues(source) == 7
    with sqlite_db.unit_of_work(write=False) as s:
        actions = list(s.execute(sa.select(AuditEvent.action).order_by(AuditEvent.id)).scalars())
    # the backup.create event was written after the copy was taken, so the restore replaced it
    assert actions == ["backup.restore"]


@pytest.mark.parametrize("damage", ["truncate", "no_checksum", "not_a_backup"])
def test_restore_refuses_a_damaged_file_and_leaves_the_database_untouched(
    sqlite_db: Database, tmp_path: Path, damage: str
) -> None:
    url, source = sqlite_db.url, sqlite_path(sqlite_db.url)
    out = tmp_path / "b.sqlite3"
    assert cli(url, "backup", "--out", str(out)).returncode == 0
    if damage == "truncate":
        out.write_bytes(out.read_bytes()[:8192])
    elif damage == "no_checksum":
        Path(f"{out}.sha256").unlink()
    else:
        out.write_text("these are not the rows you are looking for")
    sqlite_db.dispose()
    before = {p.name: p.read_bytes() for p in source.parent.glob(f"{source.name}*")}
    refused = cli(url, "restore", str(out))
    line = one_line_error(refused)
    assert ("damaged or incomplete" in line) or ("checksum" in line)
    assert {p.name: p.read_bytes() for p in source.parent.glob(f"{source.name}*")} == before


def test_backup_of_a_postgresql_database_points_to_pg_dump(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "b.sqlite3"
    result = cli(db.url, "backup", "--out", str(out))
    if db.is_sqlite:
        assert result.returncode == 0 and out.is_file(), result.stderr
        return
    line = one_line_error(result)
    assert "PostgreSQL" in line and "pg_dump" in line
    assert "pg_dump --host=" in result.stdout and "--format=custom" in result.stdout
    assert not out.exists()
    assert "pg_restore" in one_line_error(cli(db.url, "restore", str(out)))


def test_export_person_writes_the_pdf_json_and_letters(db: Database, tmp_path: Path) -> None:
    pid = add_named_person(db, "Łucja", "Exportcase")
    seed_everything(db, pid, closed_at=datetime(2026, 6, 1, 12))
    out = tmp_path / "sar"
    result = cli(db.url, "export-person", str(pid), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"Wrote everything held about person {pid} to {out}: subject-access-{pid}.pdf, "
        f"subject-access-{pid}.json and 1 letter(s)."
    )
    data = json.loads((out / f"subject-access-{pid}.json").read_text(encoding="utf-8"))
    assert data["person"]["first_name"] == "Łucja" and len(data["referrals"]) == 1
    assert (out / f"subject-access-{pid}.pdf").read_bytes().startswith(b"%PDF")
    assert len(list((out / "letters").iterdir())) == 1
    with db.unit_of_work(write=False) as s:
        event = s.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "person.export")
        ).scalar_one()
    assert event.source == "cli" and event.person_id == pid
    missing = one_line_error(cli(db.url, "export-person", "999999", "--out", str(tmp_path / "x")))
    assert "could not be found" in missing


def test_retention_list_then_apply(db: Database) -> None:
    due = add_named_person(db, "Wilhelmina", "Oldcase")
    seed_everything(db, due, closed_at=datetime(2015, 1, 5, 10))
    recent = add_named_person(db, "Rosalind", "Recentcase")
    seed_everything(db, recent, closed_at=CLOCK.now().replace(microsecond=0))
    listed = cli(db.url, "retention", "--list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.strip().splitlines()
    assert lines[0].split("\t")[:2] == [str(due), "Wilhelmina Oldcase"]
    assert "last referral closed Mon 5 Jan 2015" in lines[0]
    assert lines[-1] == "1 person(s) due for anonymising (retention 6 years)."
    applied = cli(db.url, "retention", "--apply")
    assert (applied.returncode, applied.stdout.strip()) == (0, "Anonymised 1 person(s).")
    with db.unit_of_work(write=False) as s:
        names = dict(s.execute(sa.select(Person.id, Person.first_name)).all())
        [event] = s.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "person.anonymise")
        ).scalars()
    assert (names[due], names[recent]) == ("Anonymised", "Rosalind")
    assert event.username.startswith("os:") and event.source == "cli"
    again = cli(db.url, "retention", "--list")
    assert again.stdout.strip() == "0 person(s) due for anonymising (retention 6 years)."


def test_backup_into_a_folder_uses_the_usual_name(sqlite_db: Database, tmp_path: Path) -> None:
    import re

    url = sqlite_db.url
    folder = tmp_path / "backups"
    folder.mkdir()
    made = cli(url, "backup", "--out", str(folder))
    assert made.returncode == 0, made.stderr
    (inside,) = folder.glob("*.sqlite3")
    assert re.fullmatch(r"manual-\d{8}-\d{6}\.sqlite3", inside.name)
    assert Path(f"{inside}.sha256").is_file()
    assert made.stdout.startswith(f"Backed up the database to {inside} (")
    new = cli(url, "backup", "--out", f"{tmp_path / 'not-yet'}/")  # a folder still to make
    assert new.returncode == 0, new.stderr
    assert len(list((tmp_path / "not-yet").glob("manual-*.sqlite3"))) == 1
    assert _venues(inside) == 7
    helped = cli(url, "backup", "--help")
    assert "FILE|DIR" in helped.stdout and "folder" in helped.stdout


def test_restore_is_refused_while_the_database_is_open_elsewhere(
    sqlite_db: Database, tmp_path: Path
) -> None:
    url, source = sqlite_db.url, sqlite_path(sqlite_db.url)
    out = tmp_path / "b.sqlite3"
    assert cli(url, "backup", "--out", str(out)).returncode == 0
    with sqlite_db.unit_of_work() as s:  # this process has it open, as a running app would
        s.execute(sa.text("DELETE FROM venues WHERE name = 'Solihull'"))
    # (never read the file's bytes here: closing them would drop this process's SQLite locks)
    before = source.stat()
    line = one_line_error(cli(url, "restore", str(out)))
    assert "open in another copy of DIVERT Desktop (or a command)" in line
    assert "Close it and try again" in line
    after = source.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    with sqlite_db.unit_of_work() as s:  # and its later saves still reach the file
        s.execute(sa.text("DELETE FROM venues WHERE name = 'Dudley'"))
    sqlite_db.dispose()
    assert _venues(source) == 5


def test_restore_refuses_a_backup_from_a_newer_version_whatever_its_checksum_file_says(
    sqlite_db: Database, tmp_path: Path
) -> None:
    import hashlib

    from divert_desktop.persistence.migrate import head_revision

    url, source = sqlite_db.url, sqlite_path(sqlite_db.url)
    out = tmp_path / "b.sqlite3"
    assert cli(url, "backup", "--out", str(out)).returncode == 0
    with sqlite3.connect(out) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff00000001'")
    conn.close()
    sidecar = Path(f"{out}.sha256")
    manifest = json.loads(sidecar.read_text())  # the checksum matches; the revision it names lies
    manifest.update(
        sha256=hashlib.sha256(out.read_bytes()).hexdigest(), schema_revision=head_revision()
    )
    sidecar.write_text(json.dumps(manifest))
    sqlite_db.dispose()
    before = {p.name: p.read_bytes() for p in source.parent.glob(f"{source.name}*")}
    line = one_line_error(cli(url, "restore", str(out)))
    assert "made by a newer version of DIVERT Desktop" in line and "nothing was restored" in line
    assert {p.name: p.read_bytes() for p in source.parent.glob(f"{source.name}*")} == before
    current = cli(url, "db", "current")  # and the app still starts on it
    assert (current.returncode, current.stdout.strip()) == (0, head_revision())
