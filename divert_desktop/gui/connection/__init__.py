"""Choosing the database: connection profiles and the connection dialog.

The dialog is imported when first asked for (``from divert_desktop.gui.connection import
ConnectionDialog``): starting on a remembered profile does not show it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from divert_desktop.gui.connection.choice import ConnectionChoice

if TYPE_CHECKING:
    from divert_desktop.gui.connection.dialog import ConnectionDialog

__all__ = ["ConnectionChoice", "ConnectionDialog"]


def __getattr__(name: str) -> Any:
    if name == "ConnectionDialog":
        from divert_desktop.gui.connection.dialog import ConnectionDialog

        return ConnectionDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
