"""Why an attendance button is greyed out: core's reason in its tooltip and on the hint line."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QAbstractButton

from divert_desktop.core.enums import AppointmentStatus
from divert_desktop.core.status import attendance_waits_for
from divert_desktop.gui.widgets import plain

USUAL_TIP = "usual_tip"


def explain_marks(
    buttons: dict[AppointmentStatus, QAbstractButton],
    status: AppointmentStatus | None,
    start_at: datetime | None,
    now: datetime,
) -> list[str]:
    """Give each disabled mark's button the reason it waits for (from core) as its tooltip, the
    usual tooltip otherwise; returns the hint line's parts ("Did not attend: available from
    10:00, once the appointment has started")."""
    hints: list[str] = []
    for mark, button in buttons.items():
        usual = button.property(USUAL_TIP)
        if usual is None:
            usual = button.toolTip()
            button.setProperty(USUAL_TIP, usual)
        reason = None
        if status is not None and start_at is not None and not button.isEnabled():
            reason = attendance_waits_for(mark, status, start_at, now)
        button.setToolTip(reason or usual)
        if reason and not button.isHidden():
            hints.append(f"{plain(button.text())}: {reason[0].lower()}{reason[1:]}")
    return hints
