"""Choosing the database: connection profiles and the connection dialog."""

from __future__ import annotations

from divert_desktop.gui.connection.dialog import ConnectionChoice, ConnectionDialog

__all__ = ["ConnectionChoice", "ConnectionDialog"]
