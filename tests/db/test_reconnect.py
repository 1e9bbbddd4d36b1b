"""Losing the shared server during a save: nothing half-written, and the next try works once
the server is back (a real private PostgreSQL cluster is stopped and started)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from divert_desktop.core.enums import LocalAuthority, Substance
from divert_desktop.core.errors import DatabaseUnavailableError
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.migrate import upgrade
from divert_desktop.persistence.models import AuditEvent, Person, Referral
from divert_desktop.services.context import cli_actor
from divert_desktop.services.intake.draft import ReferralDraft
from divert_desktop.services.intake.referrals import create_referral
from tests.clock import CLOCK
from tests.pg_cluster import PrivateCluster, private_pg  # noqa: F401

pytestmark = pytest.mark.pg


def draft(reference: str) -> ReferralDraft:
    return ReferralDraft(
        police_reference=reference,
        referral_datetime=CLOCK.now().replace(microsecond=0) - timedelta(days=1),
        officer_name="PC Testa Vane",
        officer_number="9001",
        first_name="Ione",
        last_name="Quillfeather",
        date_of_birth=datetime(1990, 3, 4).date(),
        local_authority=LocalAuthority.WALSALL,
        substances=[(Substance.CANNABIS, None)],
        intent_to_supply=False,
    )


def stop_server_at(db: Database, cluster: PrivateCluster, table: str) -> threading.Event:
    """Stop the server just before the first INSERT into ``table`` (mid-transaction)."""
    fired = threading.Event()

    def before(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if not fired.is_set() and statement.lstrip().upper().startswith(
            f"INSERT INTO {table.upper()}"
        ):
            fired.set()
            cluster.stop()

    event.listen(db.engine, "before_cursor_execute", before)
    return fired


def counts(db: Database) -> tuple[int, int, int]:
    with db.unit_of_work(write=False) as session:
        return tuple(  # type: ignore[return-value]
            session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
            for model in (Person, Referral, AuditEvent)
        )


def test_a_save_cut_off_by_the_server_stopping_leaves_nothing_and_succeeds_after(
    private_pg: PrivateCluster,  # noqa: F811
) -> None:
    db = Database(private_pg.url)
    upgrade(db.engine)
    assert counts(db) == (0, 0, 0)
    fired = stop_server_at(db, private_pg, "referrals")  # after the person's row went in
    with pytest.raises(DatabaseUnavailableError):  # the unit of work's own error
        create_referral(db, cli_actor(), draft("WMP-2026-700001"))
    assert fired.is_set()
    private_pg.start()
    assert counts(db) == (0, 0, 0)  # the person written before the cut was rolled back
    saved = create_referral(db, cli_actor(), draft("WMP-2026-700001"))  # the same save again
    assert saved.police_reference == "WMP-2026-700001"
    assert counts(db)[:2] == (1, 1)
    db.dispose()
