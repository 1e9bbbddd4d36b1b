"""Choosing the database: connection profiles, the connection dialog, the password prompt.

The dialogs are imported when first asked for (``from divert_desktop.gui.connection import
ConnectionDialog``): starting on a remembered profile shows neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from divert_desktop.gui.connection.choice import ConnectionChoice

if TYPE_CHECKING:
    from divert_desktop.gui.connection.dialog import ConnectionDialog
    from divert_desktop.gui.connection.password_prompt import PasswordPrompt

__all__ = ["ConnectionChoice", "ConnectionDialog", "PasswordPrompt"]


def __getattr__(name: str) -> Any:
    if name == "ConnectionDialog":
        from divert_desktop.gui.connection.dialog import ConnectionDialog

        return ConnectionDialog
    if name == "PasswordPrompt":
        from divert_desktop.gui.connection.password_prompt import PasswordPrompt

        return PasswordPrompt
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
