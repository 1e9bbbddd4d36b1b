"""The audit trail: every event hash-chained; verification finds the first broken link."""

from __future__ import annotations

from itertools import pairwise

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services.audit.trail import AuditEntry, record, record_many, verify_chain
from divert_desktop.services.context import cli_actor


def test_events_chain_and_verify(db: Database) -> None:
    actor = cli_actor()
    with db.unit_of_work() as session:
        record(session, actor, AuditEntry("person.view", "person", 1, 1))
        record_many(
            session,
            actor,
            [AuditEntry("referral.import", "referral", i, i, {"ref": f"R{i}"}) for i in range(5)],
        )
    with db.unit_of_work(write=False) as session:
        rows = session.execute(sa.select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
        assert len(rows) == 6
        for earlier, later in pairwise(rows):
            assert later.prev_hash == earlier.hash
        assert rows[0].source == "cli"
        assert rows[0].username.startswith("os:")
        check = verify_chain(session)
    assert check.ok and check.events == 6


def _tamper(session, statement) -> None:  # type: ignore[no-untyped-def]
    """Change audit rows as an attacker with superuser rights would: around the guard."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    else:
        session.execute(sa.text("DROP TRIGGER IF EXISTS trg_audit_events_no_update"))
        session.execute(sa.text("DROP TRIGGER IF EXISTS trg_audit_events_no_delete"))
    session.execute(statement)


def _four_events(db: Database) -> list[int]:
    with db.unit_of_work() as session:
        record_many(
            session, cli_actor(), [AuditEntry("x", "person", i, i, {"n": i}) for i in range(4)]
        )
    with db.unit_of_work(write=False) as session:
        return list(session.execute(sa.select(AuditEvent.id).order_by(AuditEvent.id)).scalars())


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_events SET action = 'nothing'",
        "UPDATE audit_events SET details = NULL WHERE id = (SELECT min(id) FROM audit_events)",
        "DELETE FROM audit_events",
        "DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)",
    ],
)
def test_the_database_refuses_to_change_or_delete_audit_events(db: Database, sql: str) -> None:
    ids = _four_events(db)
    with pytest.raises(sa.exc.DBAPIError, match="audit_events_append_only"):
        with db.unit_of_work() as session:
            session.execute(sa.text(sql))
    with db.unit_of_work(write=False) as session:
        assert (
            list(session.execute(sa.select(AuditEvent.id).order_by(AuditEvent.id)).scalars()) == ids
        )
        assert verify_chain(session).ok


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite has no TRUNCATE (DELETE: above)
def test_postgresql_refuses_truncate_of_the_audit_trail(db: Database) -> None:
    _four_events(db)
    with pytest.raises(sa.exc.DBAPIError, match="audit_events_append_only"):
        with db.unit_of_work() as session:
            session.execute(sa.text("TRUNCATE audit_events"))
    with db.unit_of_work(write=False) as session:
        assert session.execute(sa.select(sa.func.count(AuditEvent.id))).scalar_one() == 4


def test_tampering_is_detected_at_the_changed_event(db: Database) -> None:
    ids = _four_events(db)
    with db.unit_of_work() as session:
        _tamper(
            session, sa.update(AuditEvent).where(AuditEvent.id == ids[2]).values(details={"n": 99})
        )
    with db.unit_of_work(write=False) as session:
        check = verify_chain(session)
    assert not check.ok
    assert check.first_broken_id == ids[2]
    assert check.events == 2
    assert f"event {ids[2]}" in check.message


def test_a_deleted_event_breaks_the_chain_at_the_next_one(db: Database) -> None:
    ids = _four_events(db)
    with db.unit_of_work() as session:
        _tamper(session, sa.delete(AuditEvent).where(AuditEvent.id == ids[1]))
    with db.unit_of_work(write=False) as session:
        check = verify_chain(session, batch=2)
    assert (check.ok, check.first_broken_id, check.events) == (False, ids[2], 1)


def test_verify_reports_progress_and_can_be_cancelled(db: Database) -> None:
    _four_events(db)
    seen: list[tuple[int, int]] = []
    with db.unit_of_work(write=False) as session:
        check = verify_chain(session, batch=2, progress=lambda d, t, _x: seen.append((d, t)))
    assert check.ok and seen[-1][0] == seen[-1][1]
    with db.unit_of_work(write=False) as session:
        stopped = verify_chain(session, batch=2, cancelled=lambda: True)
    assert stopped.cancelled and not stopped.ok


def test_0006_downgrade_removes_the_guard_and_upgrade_puts_it_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from divert_desktop.persistence.engine import make_engine
    from divert_desktop.persistence.migrate import alembic_config, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'guard.sqlite3'}")
    try:
        upgrade(engine)
        with Session(engine) as session, session.begin():
            record_many(session, cli_actor(), [AuditEntry("x", "person", 1, 1)])

        def triggers() -> set[str]:
            with engine.connect() as conn:
                return set(
                    conn.execute(
                        sa.text(
                            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"
                        )
                    ).scalars()
                )

        assert triggers() == {"trg_audit_events_no_update", "trg_audit_events_no_delete"}
        from alembic import command

        cfg = alembic_config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")
        assert triggers() == set()
        upgrade(engine)
        assert len(triggers()) == 2
        with engine.connect() as conn:  # the events survived both ways
            assert conn.execute(sa.text("SELECT count(*) FROM audit_events")).scalar() == 1
    finally:
        engine.dispose()
