"""Only their owner can read what the app writes: with a umask of 022, the data folder, the
database and its -wal/-shm, backups, an upgraded old database, letters, exports and the log are
folders 0700 and files 0600, and stay so across backup, restore and upgrade (POSIX only)."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from divert_desktop.core.enums import LetterTemplate
from divert_desktop.paths import default_database_path, default_database_url
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.upgrade import upgrade_safely
from divert_desktop.private_files import (
    copy_private,
    open_private,
    private_folder,
    write_private_bytes,
)
from divert_desktop.services.admin import backups
from divert_desktop.services.audit.view import AuditFilter, export_audit_csv
from divert_desktop.services.context import cli_actor
from divert_desktop.services.data_protection.subject_access import export_person
from divert_desktop.services.letters.batches import run_batch
from divert_desktop.services.reports.export import export_referrals_csv
from divert_desktop.services.reports.summaries.report_file import write_report
from tests.db.old_schema import make_first_schema_database
from tests.letters_seed import seed_letters

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX file modes")

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, 0)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, under which files are made 0644 unless the app says otherwise."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def not_private(*roots: Path) -> list[str]:
    """Every folder not 0700 and every file not 0600 under ``roots`` (the roots included)."""
    wrong = []
    for root in roots:
        for path in [root, *root.rglob("*")]:
            want = 0o700 if path.is_dir() else 0o600
            if mode(path) != want:
                wrong.append(f"{path.relative_to(root.parent)} is {oct(mode(path))}")
    return wrong


def test_helpers_make_private_files_whatever_the_umask(tmp_path: Path, umask_022: None) -> None:
    folder = private_folder(tmp_path / "a" / "b")
    assert mode(tmp_path / "a") == mode(folder) == 0o700
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    private_folder(shared, tighten=False)  # a folder the user chose keeps its mode
    assert mode(shared) == 0o755
    old = shared / "old.pdf"
    old.write_bytes(b"x")
    old.chmod(0o644)
    write_private_bytes(old, b"new")  # writing over an existing file tightens it
    assert mode(old) == 0o600 and old.read_bytes() == b"new"
    with open_private(shared / "log.txt", "a", encoding="utf-8") as handle:
        handle.write("line\n")
    assert mode(shared / "log.txt") == 0o600
    assert mode(copy_private(old, shared / "copy.pdf")) == 0o600
    with pytest.raises(ValueError):
        with open_private(old, "rb"):
            pass


def test_everything_the_app_writes_is_readable_by_its_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None
) -> None:
    data = tmp_path / "home" / "DIVERT Desktop"
    monkeypatch.setenv("DIVERT_DATA_DIR", str(data))
    # An install made before this fix: an older schema, in a folder and file any user can read.
    data.mkdir(parents=True)
    make_first_schema_database(default_database_url())
    for path in (data, default_database_path()):
        path.chmod(0o755 if path.is_dir() else 0o644)

    # The app starts: it upgrades the database, taking a backup first, and logs.
    from divert_desktop.app import configure_logging

    handler = configure_logging()
    db = Database(default_database_url())
    try:
        result = upgrade_safely(db)
        assert result.upgraded_here and result.backup is not None
        logging.getLogger("divert_desktop.test").warning("a line in the log")
        world = seed_letters(db, TODAY)
        actor = cli_actor()

        made = backups.backup_now(db, actor, now=NOW)
        backups.daily_backup_if_due(db, now=NOW + timedelta(days=1))
        backups.restore(db, actor, made.path, now=NOW + timedelta(hours=1))

        # Letters into a folder the app makes; exports onto a "Desktop" any user can list.
        letters = tmp_path / "letters" / "december"
        batch = run_batch(
            db,
            actor,
            LetterTemplate.APPOINTMENT_REMINDER,
            TODAY + timedelta(days=7),
            None,
            letters,
            now=world.now,
        )
        assert batch.letters and batch.combined is not None
        desktop = tmp_path / "Desktop"
        desktop.mkdir(mode=0o755)
        export_referrals_csv(db, actor, desktop / "export.csv")
        export_audit_csv(db, actor, AuditFilter(), desktop / "audit.csv")
        for suffix in ("csv", "xlsx", "pdf"):
            write_report(
                db,
                actor,
                TODAY - timedelta(days=60),
                TODAY,
                None,
                desktop / f"summary.{suffix}",
                generated_on=TODAY,
            )
        export_person(db, actor, min(world.people.values()), desktop / "subject-access")

        db_file = default_database_path()
        for suffix in ("-wal", "-shm"):
            assert Path(f"{db_file}{suffix}").exists(), f"no {suffix} file to check"
        names = {p.name for p in data.rglob("*")}
        assert {"divert-desktop.log", "backups"} <= names
        kinds = {p.name.split("-2")[0] for p in (data / "backups").glob("*.sqlite3")}
        assert {"manual", "daily", "before-restore", "before-upgrade-0001"} <= kinds
        assert mode(desktop) == 0o755  # the user's own folder is left as it was
        exported = [p for p in desktop.iterdir()]
        assert len(exported) == 6
        assert not_private(data, letters.parent, *exported) == []
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
        db.dispose()
