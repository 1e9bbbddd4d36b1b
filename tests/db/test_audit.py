"""The audit trail: every event hash-chained; verification finds the first broken link."""

from __future__ import annotations

from itertools import pairwise

import sqlalchemy as sa

from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services.audit import AuditEntry, record, record_many, verify_chain
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


def test_tampering_is_detected_at_the_changed_event(db: Database) -> None:
    actor = cli_actor()
    with db.unit_of_work() as session:
        record_many(session, actor, [AuditEntry("x", "person", i, i, {"n": i}) for i in range(4)])
    with db.unit_of_work() as session:
        third = session.execute(sa.select(AuditEvent.id).order_by(AuditEvent.id).offset(2)).scalar()
        session.execute(
            sa.update(AuditEvent).where(AuditEvent.id == third).values(details={"n": 99})
        )
    with db.unit_of_work(write=False) as session:
        check = verify_chain(session)
    assert not check.ok
    assert check.first_broken_id == third
    assert check.events == 2
