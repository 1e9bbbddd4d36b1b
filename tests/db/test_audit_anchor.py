"""The audit trail anchored (issue 13): a keyed chain shows an edit even with every later hash
recomputed, checkpoints show deleted last events, and ``audit verify`` says what happened."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop import cli
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import AuditCheckpoint, AuditEvent
from divert_desktop.services.audit.checkpoints import write_checkpoint
from divert_desktop.services.audit.key import AuditKeyUnavailable, chain_state, keyring_name
from divert_desktop.services.audit.trail import AuditEntry, event_hash, record_many, verify_chain
from divert_desktop.services.context import cli_actor
from tests.keyrings import MemoryKeyring, fail_backend, using

NOW = datetime(2026, 12, 4, 10, 30)


@pytest.fixture(autouse=True)
def keyring_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[MemoryKeyring]:
    """An in-memory keyring, and a backups folder of this test's own."""
    monkeypatch.setenv("DIVERT_DATA_DIR", str(tmp_path / "data"))
    with using(MemoryKeyring()) as backend:
        yield backend  # type: ignore[misc]


def _events(db: Database, n: int = 6) -> list[int]:
    with db.unit_of_work() as session:
        record_many(
            session, cli_actor(), [AuditEntry("x", "person", i, i, {"n": i}) for i in range(n)]
        )
    with db.unit_of_work(write=False) as session:
        return list(session.execute(sa.select(AuditEvent.id).order_by(AuditEvent.id)).scalars())


def _unguarded(session: Session) -> None:
    """Around the append-only triggers, as a superuser (or the SQLite file's owner) could."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    else:
        for name in (
            "trg_audit_events_no_update",
            "trg_audit_events_no_delete",
            "trg_audit_checkpoints_no_update",
            "trg_audit_checkpoints_no_delete",
        ):
            session.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))


def _rewrite_from(db: Database, first: int, details: dict) -> None:
    """Edit event ``first`` and recompute its hash and every later one (and link) with the only
    rule someone without the key can compute: plain SHA-256."""
    with db.unit_of_work() as session:
        _unguarded(session)
        rows = [
            dict(r._mapping)
            for r in session.execute(sa.select(*AuditEvent.__table__.c).order_by(AuditEvent.id))
        ]
        prev = None
        for row in rows:
            if row["id"] == first:
                row["details"] = details
            if row["id"] >= first:
                row["prev_hash"] = prev if prev is not None else row["prev_hash"]
                row["hash"] = event_hash(row["prev_hash"], row)
                session.execute(
                    sa.update(AuditEvent)
                    .where(AuditEvent.id == row["id"])
                    .values(details=row["details"], prev_hash=row["prev_hash"], hash=row["hash"])
                )
            prev = row["hash"]


def _delete(db: Database, where: sa.ColumnElement[bool]) -> None:
    with db.unit_of_work() as session:
        _unguarded(session)
        session.execute(sa.delete(AuditEvent).where(where))


def _verify(db: Database, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = cli.main(["--database", db.url, "audit", "verify", *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_an_untouched_keyed_trail_verifies_with_its_count(
    db: Database, keyring_store: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _events(db)
    with db.unit_of_work(write=False) as session:
        state = chain_state(session)
    assert state.keyed_from == ids[0]  # keyed from the first event written
    if db.is_sqlite:  # the key is in the keyring, under this database's installation id
        assert (("DIVERT Desktop", keyring_name(state.installation_id))) in keyring_store.store
    code, out = _verify(db, capsys)
    assert (code, out.strip()) == (0, "All 6 audit events are intact.")


def test_an_edit_with_every_later_hash_recomputed_is_found(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _events(db)
    _rewrite_from(db, ids[2], {"n": 99})
    code, out = _verify(db, capsys)
    assert code == 1
    assert out.startswith(f"The audit trail is broken at event {ids[2]}: that event was changed")
    with db.unit_of_work(write=False) as session:
        check = verify_chain(session)
    assert (check.problem, check.first_broken_id, check.events) == ("edited", ids[2], 2)


def test_a_deleted_middle_event_is_found(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _events(db)
    _delete(db, AuditEvent.id == ids[3])
    code, out = _verify(db, capsys)
    assert code == 1
    assert f"broken at event {ids[4]}: the event or events just before it were removed" in out


def test_the_last_events_deleted_are_found_against_a_checkpoint(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _events(db)
    with db.unit_of_work() as session:
        write_checkpoint(session, now=NOW, reason="test")
    _delete(db, AuditEvent.id >= ids[4])
    code, out = _verify(db, capsys)
    assert code == 1
    assert out.startswith(
        f"The audit trail was cut off after event {ids[3]}: the last 2 events were removed since "
        "the checkpoint of Fri 4 Dec 2026 10:30 UTC (in the database), which counted 6 events up to "
        f"event {ids[5]}."
    )
    # New events written over the gap do not hide it.
    _events(db, 3)
    with db.unit_of_work(write=False) as session:
        check = verify_chain(session)
    assert not check.ok and check.problem in ("removed", "edited")
    assert check.first_broken_id is not None and check.first_broken_id <= ids[5] + 1


def test_checkpoints_refuse_change_and_the_cli_records_one(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    _events(db, 2)
    code, out = _verify(db, capsys, "--checkpoint")
    assert code == 0 and "Recorded a checkpoint" in out
    with db.unit_of_work(write=False) as session:
        [point] = session.execute(sa.select(AuditCheckpoint)).scalars().all()
    assert (point.events, point.reason) == (3, "verify")  # the verify event is in it
    for sql in ("UPDATE audit_checkpoints SET events = 0", "DELETE FROM audit_checkpoints"):
        with pytest.raises(sa.exc.DBAPIError, match="audit_checkpoints_append_only"):
            with db.unit_of_work() as session:
                session.execute(sa.text(sql))
    with pytest.raises(sa.exc.DBAPIError, match="audit_chain_set_once"):
        with db.unit_of_work() as session:
            session.execute(sa.text("UPDATE audit_chain SET keyed_from = NULL"))


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_backup_and_its_manifest_carry_a_checkpoint_that_shows_a_cut(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from divert_desktop.services.admin.backups import backup_to

    ids = _events(db)
    made = backup_to(db, cli_actor(), tmp_path / "elsewhere" / "copy.sqlite3")
    manifest = json.loads(Path(f"{made.path}.sha256").read_text(encoding="utf-8"))
    point = manifest["audit_checkpoint"]
    assert (point["events"], point["head_id"], point["reason"]) == (6, ids[5], "backup")
    inside = sa.create_engine(f"sqlite:///{made.path}")
    with inside.connect() as conn:  # the same checkpoint inside the backup file
        assert conn.execute(sa.text("SELECT events, head_hash FROM audit_checkpoints")).one() == (
            6,
            point["head_hash"],
        )
    inside.dispose()
    _delete(db, AuditEvent.id >= ids[3])  # the backup-creation event and the last 3
    with db.unit_of_work(write=False) as session:  # without the backup nothing shows it
        assert verify_chain(session).ok
    code, out = _verify(db, capsys, "--backup", str(made.path))
    assert code == 1
    assert f"cut off after event {ids[2]}: the last 3 events were removed" in out
    assert "(in the backup copy.sqlite3)" in out


@pytest.mark.parametrize("backend", ["sqlite"])
def test_without_the_keyring_verify_says_what_it_could_still_check(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _events(db)
    with using(fail_backend()):
        code, out = _verify(db, capsys)
        assert code == 0
        assert out.startswith("All 6 audit events are intact.\n")
        assert "checked only for their links and against the checkpoints" in out
        assert "This check was not recorded: Nothing was saved" in out
        fresh = Database(db.url)  # another process: the key is not at hand
        try:
            with pytest.raises(AuditKeyUnavailable, match="Nothing was saved"):
                _events(fresh, 1)
        finally:
            fresh.dispose()
    _rewrite_from(db, ids[1], {"n": 42})  # and with the keyring back, the edit shows
    assert _verify(db, capsys)[0] == 1


def test_an_upgraded_trail_keeps_its_old_events_and_keys_the_new_ones(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from divert_desktop.persistence.migrate import upgrade
    from tests.db.old_schema import empty_database_url

    url = empty_database_url(backend, request, tmp_path)
    db = Database(url)
    try:
        upgrade(db.engine, "0007")
        prev = "0" * 64
        with db.unit_of_work() as session:  # events written by the previous version
            for i in range(3):
                row = {
                    "at": NOW,
                    "username": "old",
                    "role": None,
                    "source": "cli",
                    "workstation": "pc",
                    "action": "x",
                    "entity_type": "person",
                    "entity_id": str(i),
                    "person_id": i,
                    "details": {"n": i},
                }
                row["prev_hash"], row["hash"] = prev, event_hash(prev, row)
                prev = row["hash"]
                session.execute(sa.insert(AuditEvent), [row])
        upgrade(db.engine)
        ids = _events(db, 3)
        with db.unit_of_work(write=False) as session:
            assert chain_state(session).keyed_from == ids[3]
            assert verify_chain(session).ok and verify_chain(session).events == 6
        _rewrite_from(db, ids[4], {"n": 7})
        with db.unit_of_work(write=False) as session:
            check = verify_chain(session)
        assert (check.ok, check.first_broken_id) == (False, ids[4])
    finally:
        db.dispose()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_keeps_the_key_from_other_roles_and_hashes_as_hmac(db: Database) -> None:
    key = bytes(range(32))
    block = key.ljust(64, b"\0")
    with db.unit_of_work() as session:
        session.execute(sa.text("SET LOCAL session_replication_role = replica"))
        session.execute(
            sa.text("UPDATE audit_key SET inner_pad = :i, outer_pad = :o"),
            {"i": bytes(b ^ 0x36 for b in block), "o": bytes(b ^ 0x5C for b in block)},
        )
    with db.unit_of_work(write=False) as session:
        [mac] = session.execute(sa.text("SELECT audit_hmac(ARRAY['abc é'])")).scalar_one()
    assert mac == hmac.new(key, "abc é".encode(), hashlib.sha256).hexdigest()
    with db.engine.connect() as conn:
        grants = conn.execute(
            sa.text(
                "SELECT has_table_privilege('public', 'audit_key', 'SELECT'), "
                "has_table_privilege('public', 'audit_checkpoints', 'UPDATE'), "
                "has_function_privilege('public', 'audit_hmac(text[])', 'EXECUTE')"
            )
        ).one()
        definer = conn.execute(
            sa.text(
                "SELECT bool_and(prosecdef) FROM pg_proc WHERE proname IN "
                "('audit_hmac', 'audit_chain_hashes')"
            )
        ).scalar_one()
    # Since 0010 only the audit readers' group roles may use the key (not PUBLIC).
    assert tuple(grants) == (False, False, False) and definer


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_sign_in_on_postgresql_records_a_checkpoint(db: Database, make_actor) -> None:  # type: ignore[no-untyped-def]
    make_actor(db, "manager")
    with db.unit_of_work(write=False) as session:
        points = session.execute(sa.select(AuditCheckpoint)).scalars().all()
        events = session.execute(sa.select(sa.func.count(AuditEvent.id))).scalar_one()
    assert [p.reason for p in points] == ["sign-in"] and points[0].events == events


@pytest.mark.parametrize("backend", ["sqlite"])
def test_backups_in_the_backups_folder_are_read_and_a_restore_is_not_a_cut(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    from divert_desktop.services.admin.backups import backup_now, restore

    _events(db, 3)
    older = backup_now(db, cli_actor(), now=datetime(2026, 12, 1, 9, 0))
    ids = _events(db, 3)
    backup_now(db, cli_actor(), now=datetime(2026, 12, 2, 9, 0))
    _delete(db, AuditEvent.id > ids[-2])  # the last event, and the newest backup's own after it
    code, out = _verify(db, capsys)  # the backups folder is read without being named
    assert code == 1 and "the last 1 event was removed" in out and "(in the backup manual-" in out
    restore(db, cli_actor(), older.path)  # events since the older backup are gone, on purpose
    code, out = _verify(db, capsys)
    assert code == 0 and out.startswith("All 4 audit events are intact")
