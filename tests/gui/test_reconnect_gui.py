"""The shared server stops during a save in the intake form: a clear banner, the form kept as
typed, nothing half-written; once the server is back the banner goes and Save works."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from divert_desktop.app import build_main_window
from divert_desktop.core.enums import Role
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.migrate import upgrade
from tests.db.test_reconnect import counts, stop_server_at
from tests.gui.conftest import wait_idle
from tests.gui.intake_helpers import checked, fill_referral
from tests.pg_cluster import PrivateCluster, private_pg  # noqa: F401

pytestmark = pytest.mark.pg


def test_the_intake_form_survives_the_server_stopping_during_save(
    qtbot: Any,
    runner: Any,
    make_actor: Any,
    private_pg: PrivateCluster,  # noqa: F811
) -> None:
    db = Database(private_pg.url)
    upgrade(db.engine)
    actor = make_actor(db, Role.RECEPTIONIST)
    window = build_main_window(db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, window.ui.page_stack.currentWidget())
    dialog = window.open_intake_dialog()
    qtbot.waitUntil(lambda: dialog.ui.appointment_venue_combo.count() > 1, timeout=10_000)
    fill_referral(qtbot, dialog, reference="WMP-2026-700002")
    checked(qtbot, dialog)
    before = counts(db)
    fired = stop_server_at(db, private_pg, "referrals")
    qtbot.mouseClick(dialog.ui.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fired.is_set() and not dialog.saving, timeout=60_000)
    qtbot.waitUntil(window.ui.connection_banner.isVisible, timeout=5000)
    assert "cannot be reached — your work is kept; retrying…" in window.ui.banner_label.text()
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.ui.police_reference_edit.text() == "WMP-2026-700002"
    assert dialog.ui.first_name_edit.text() == "Orla"
    assert "cannot be reached" in " ".join(dialog.summary.messages.values())
    private_pg.start()
    assert counts(db) == before  # nothing of the cut-off save was kept
    qtbot.mouseClick(window.ui.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.ui.connection_banner.isVisible(), timeout=20_000)
    assert "back" in window.ui.status_bar.currentMessage()
    qtbot.mouseClick(dialog.ui.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=20_000)
    after = counts(db)
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)
    window.close()
    runner.wait_for_done(10_000)
    db.dispose()
