"""Upgrading a database made by an older release, on SQLite and PostgreSQL: every row kept and
readable by the app, a failed migration undone (the SQLite file put back from its backup), a
newer database refused untouched, and one workstation migrating while the others wait."""

from __future__ import annotations

import hashlib
import threading
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import ReferralStatus
from divert_desktop.persistence.backup import verify_backup
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.engine import sqlite_path
from divert_desktop.persistence.migrate import (
    PG_MIGRATION_LOCK,
    WAITING_MESSAGE,
    SchemaError,
    UpgradeCancelled,
    current_revision,
    head_revision,
    upgrade,
)
from divert_desktop.persistence.upgrade import UpgradeFailed, plan_upgrade, upgrade_safely
from tests.db.old_schema import (
    ADULT_ID,
    APPOINTMENT_DAY,
    CASEWORKER,
    FIRST_REVISION,
    MANAGER,
    PASSWORD,
    YOUNG_ID,
    column_names,
    empty_database_url,
    make_first_schema_database,
    scripts_with_extra_revision,
    snapshot,
    sqlite_dump,
    use_migration_scripts,
    without_added_wordings,
)

TODAY = date(2026, 12, 1)
FAILING = """
op.create_table("upgrade_probe", sa.Column("id", sa.Integer, primary_key=True))
with op.batch_alter_table("people") as batch:
    batch.add_column(sa.Column("probe", sa.Text()))
op.execute("UPDATE people SET probe = 'changed'")
op.execute("DELETE FROM letters")
raise RuntimeError("simulated failure in migration 0099")
"""
REBUILD = """
with op.batch_alter_table("people", recreate="always") as batch:
    batch.add_column(sa.Column("probe", sa.Text()))
with op.batch_alter_table("onward_referrals", recreate="always") as batch:
    batch.alter_column("notes", existing_type=sa.Text(), type_=sa.String(2000))
"""


@pytest.fixture
def old_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database as the first release left it: schema 0001 with rows in every table."""
    url = empty_database_url(backend, request, tmp_path)
    make_first_schema_database(url)
    return url


@pytest.fixture
def old_db(old_url: str):  # type: ignore[no-untyped-def]
    database = Database(old_url)
    yield database
    database.dispose()


def _table_exists(url: str, name: str) -> bool:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return name in sa.inspect(conn).get_table_names()
    finally:
        engine.dispose()


def test_every_row_of_a_first_release_database_survives_the_upgrade_and_reads_in_the_app(
    old_db: Database, tmp_path: Path
) -> None:
    columns = column_names(old_db.url)
    before = snapshot(old_db.url, columns)
    assert plan_upgrade(old_db).needs_upgrade
    result = upgrade_safely(old_db, tmp_path / "backups")
    assert (result.from_revision, result.to_revision) == (FIRST_REVISION, head_revision())
    assert result.upgraded_here and "upgraded from schema 0001" in result.message
    assert without_added_wordings(snapshot(old_db.url, columns), before, columns) == before
    if old_db.is_sqlite:
        assert result.backup is not None and result.backup.parent == tmp_path / "backups"
        assert verify_backup(result.backup).schema_revision == FIRST_REVISION
        assert snapshot(f"sqlite:///{result.backup}", columns) == before
    else:
        assert result.backup is None  # no file backup of a server: the transaction is the net

    from divert_desktop.services.admin.users import authenticate
    from divert_desktop.services.diary.views import load_diary
    from divert_desktop.services.lists.people import person_record, search_people
    from divert_desktop.services.lists.referrals import list_referrals
    from divert_desktop.services.reports.summaries.query import build_summary

    caseworker = authenticate(old_db, CASEWORKER, PASSWORD)
    record = person_record(old_db, caseworker, ADULT_ID, today=TODAY)
    assert record.contact.full_name.startswith("Mary Ann Quillfeather-Jones")
    assert record.contact.known_as == "Annie" and record.contact.postcode == "DY1 1AA"
    assert {r.police_reference for r in record.referrals or ()} == {"OLD-0001", "OLD-0003"}
    engaged = next(r for r in record.referrals or () if r.police_reference == "OLD-0001")
    assert engaged.status is ReferralStatus.ENGAGED and len(engaged.history) == 2
    assert [a.id for a in record.appointments or ()] == [81]
    assert record.clinical and record.letters and record.letters[0].filename == "letter.pdf"
    referrals = list_referrals(old_db, caseworker, today=TODAY)
    assert {r.police_reference for r in referrals.rows} == {"OLD-0001", "OLD-0002", "OLD-0003"}
    young = next(r for r in referrals.rows if r.police_reference == "OLD-0002")
    assert young.young_person and young.person_id == YOUNG_ID
    diary = load_diary(old_db, caseworker, APPOINTMENT_DAY)
    assert {a.id for a in diary.appointments} == {81, 82}
    assert "Example outreach room" in {v.name for v in diary.venues}
    assert date(2026, 12, 24) not in diary.closed  # outside the day loaded
    later = search_people(old_db, caseworker, "jones")  # a later surname word: 0002's new table
    assert [p.id for p in later.rows] == [ADULT_ID]
    summary = build_summary(
        old_db, authenticate(old_db, MANAGER, PASSWORD), date(2026, 11, 1), date(2026, 11, 30)
    )
    assert summary.headline.referrals == 3


def test_a_failed_migration_leaves_the_original_database_as_it_was(
    old_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    columns = column_names(old_db.url)
    before = snapshot(old_db.url, columns)
    path = sqlite_path(old_db.url)
    dump = sqlite_dump(path) if path else None
    scripts = scripts_with_extra_revision(tmp_path, FAILING)
    use_migration_scripts(monkeypatch, scripts)
    assert head_revision() == "0099"

    with pytest.raises(UpgradeFailed) as caught:
        upgrade_safely(old_db, tmp_path / "backups")
    failure = caught.value
    assert "simulated failure in migration 0099" in str(failure)
    if path is not None:
        assert failure.restored and failure.backup is not None
        assert "put back exactly as it was" in str(failure)
        assert path.read_bytes() == failure.backup.read_bytes()  # the checked copy, byte for byte
        assert sqlite_dump(path) == dump  # schema and every row as before
    else:
        assert not failure.restored and "undone completely" in str(failure)
        assert "pg_dump" in str(failure)
    assert snapshot(old_db.url, columns) == before
    assert current_revision(old_db.engine) == FIRST_REVISION
    assert not _table_exists(old_db.url, "upgrade_probe")
    assert not _table_exists(old_db.url, "person_name_parts")  # 0002 was undone with 0099

    monkeypatch.undo()  # the real scripts again: the same database now upgrades normally
    assert upgrade_safely(old_db, tmp_path / "backups").to_revision == head_revision()
    assert without_added_wordings(snapshot(old_db.url, columns), before, columns) == before


@pytest.mark.parametrize("backend", ["sqlite"])  # PostgreSQL alters tables in place
def test_a_table_rebuild_in_a_later_migration_keeps_every_row_and_link(
    old_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite rebuilds a table to alter it; with rows in other tables pointing at it that only
    works with foreign keys off during the upgrade (and checked before the commit)."""
    columns = column_names(old_db.url)
    before = snapshot(old_db.url, columns)
    scripts = scripts_with_extra_revision(tmp_path, REBUILD)
    use_migration_scripts(monkeypatch, scripts)
    assert upgrade_safely(old_db, tmp_path / "backups").to_revision == "0099"
    assert snapshot(old_db.url, columns) == before
    with old_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_database_newer_than_the_app_is_refused_and_not_touched(
    old_db: Database, tmp_path: Path
) -> None:
    upgrade(old_db.engine)
    with old_db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0999'"))
    old_db.dispose()
    path = sqlite_path(old_db.url)
    if path is not None:
        with old_db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        old_db.dispose()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    before = snapshot(old_db.url)

    for attempt in (plan_upgrade, lambda d: upgrade_safely(d, tmp_path / "backups")):
        with pytest.raises(SchemaError, match="newer version of DIVERT Desktop") as caught:
            attempt(old_db)
        assert not isinstance(caught.value, UpgradeFailed)
    old_db.dispose()
    assert snapshot(old_db.url) == before
    assert not (tmp_path / "backups").exists()
    if path is not None:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_second_workstation_waits_while_the_first_migrates(old_url: str, tmp_path: Path) -> None:
    columns = column_names(old_url)
    before = snapshot(old_url, columns)
    first, second = Database(old_url), Database(old_url)
    first_has_lock, second_is_waiting = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def hold_then_migrate(_conn: object) -> None:
        first_has_lock.set()
        outcome["second waited"] = second_is_waiting.wait(30)

    def first_workstation() -> None:
        try:
            outcome["first"] = upgrade(first.engine, on_locked=hold_then_migrate)
        except Exception as exc:  # reported by the assertions below
            outcome["first"] = exc

    thread = threading.Thread(target=first_workstation)
    thread.start()
    try:
        assert first_has_lock.wait(30)
        said: list[str] = []

        def progress(_done: int, _total: int, text: str) -> None:
            said.append(text)
            if text == WAITING_MESSAGE:
                outcome["while waiting"] = current_revision(first.engine)
                second_is_waiting.set()

        result = upgrade_safely(second, tmp_path / "backups", progress=progress, poll_seconds=0.05)
    finally:
        second_is_waiting.set()
        thread.join(60)
        first.dispose()
        second.dispose()
    assert said[0] == WAITING_MESSAGE
    assert outcome["second waited"] is True and outcome["while waiting"] == FIRST_REVISION
    assert outcome["first"] == head_revision()
    assert result.to_revision == head_revision() and not result.upgraded_here
    assert result.message == ""  # the other workstation did the upgrade
    assert without_added_wordings(snapshot(old_url, columns), before, columns) == before


@pytest.mark.parametrize("backend", ["postgresql"])
def test_giving_up_waiting_for_another_workstation_changes_nothing(
    old_db: Database, tmp_path: Path
) -> None:
    holder = sa.create_engine(old_db.url, poolclass=sa.pool.NullPool)
    said: list[str] = []
    try:
        with holder.connect() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": PG_MIGRATION_LOCK})
            with pytest.raises(UpgradeCancelled, match="not changed"):
                upgrade_safely(
                    old_db,
                    tmp_path / "backups",
                    progress=lambda _d, _t, text: said.append(text),
                    cancelled=lambda: bool(said),
                    poll_seconds=0.05,
                )
            conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": PG_MIGRATION_LOCK})
    finally:
        holder.dispose()
    assert said == [WAITING_MESSAGE]
    assert current_revision(old_db.engine) == FIRST_REVISION


@pytest.mark.parametrize("backend", ["sqlite"])  # PostgreSQL checks every link as it goes
def test_a_migration_that_would_break_a_link_is_undone(
    old_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(old_db.url)
    scripts = scripts_with_extra_revision(
        tmp_path, 'op.execute("UPDATE letters SET person_id = 999999")'
    )
    use_migration_scripts(monkeypatch, scripts)
    with pytest.raises(UpgradeFailed, match="broken link in table letters") as caught:
        upgrade_safely(old_db, tmp_path / "backups")
    assert caught.value.restored
    assert snapshot(old_db.url) == before
