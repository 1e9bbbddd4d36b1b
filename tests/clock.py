"""The tests' view of the app's clock: the same system clock the app uses (so CI can move it with
libfaketime), never the wall clock read directly. Tests that need a fixed moment use FixedClock."""

from __future__ import annotations

from divert_desktop.clock import SystemClock

CLOCK = SystemClock()
