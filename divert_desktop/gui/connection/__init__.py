"""Choosing the database: connection profiles, the connection dialog, the password prompt."""

from __future__ import annotations

from divert_desktop.gui.connection.dialog import ConnectionChoice, ConnectionDialog
from divert_desktop.gui.connection.password_prompt import PasswordPrompt

__all__ = ["ConnectionChoice", "ConnectionDialog", "PasswordPrompt"]
