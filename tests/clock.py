"""The tests' view of the app's clock: the system clock the app uses, as tests/conftest.py sets
it for a run (moved by ``DIVERT_TEST_CLOCK``; on a closed day, the next open day), never the wall
clock read directly. Tests that need a fixed moment use FixedClock."""

from __future__ import annotations

from divert_desktop.clock import SystemClock

CLOCK = SystemClock()
