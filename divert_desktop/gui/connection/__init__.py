"""Choosing the database: connection profiles, the connection dialog, the password prompt."""

from __future__ import annotations

from .dialog import ConnectionChoice, ConnectionDialog
from .password_prompt import PasswordPrompt

__all__ = ["ConnectionChoice", "ConnectionDialog", "PasswordPrompt"]
