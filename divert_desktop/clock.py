"""The system clock: the only module that reads the wall clock (a lint rule bans it elsewhere)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from divert_desktop.core.clock import Clock


class SystemClock(Clock):
    """The computer's clock. Built once by each composition root and passed down."""

    def aware_now(self) -> datetime:
        return datetime.now(UTC)


def epoch_seconds() -> float:
    """Seconds since the epoch, for start-up measurements compared across processes."""
    return time.time()
