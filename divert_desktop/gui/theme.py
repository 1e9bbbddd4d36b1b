"""The app's look: Fusion style, the stylesheet with light or dark colours, icons, headings."""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtGui import QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QWidget

from divert_desktop.core.enums import AppointmentStatus, ReferralStatus
from divert_desktop.paths import resource_path

# Each colour is chosen for WCAG AA contrast against the palette background it sits on
# (text 4.5:1, borders and focus rings 3:1), in a light and in a dark palette.
LIGHT = {
    "accent": "#1d70b8",
    "accent_hover": "#145a94",
    "accent_text": "#ffffff",
    "accent_border": "#144e81",
    "focus": "#0b0c0c",
    "error_text": "#b3261e",
    "muted_text": "#505a5f",
    "disabled_text": "#6f777b",
    "input_border": "#6f777b",
    "banner_bg": "#fff4c2",
    "banner_text": "#0b0c0c",
    "banner_border": "#b58105",
    "nav_bg": "#f3f6f9",
    "nav_hover_bg": "#e4edf5",
    "nav_selected_bg": "#d2e2f1",
    "nav_selected_text": "#0b0c0c",
    "header_bg": "#f3f2f1",
    "button_hover_bg": "#e6e6e6",
    "notice_bg": "#eaf2fa",
    "notice_text": "#0b0c0c",
    "progress": "#5694ca",
}
DARK = {
    "accent": "#2b5e8c",
    "accent_hover": "#336fa5",
    "accent_text": "#ffffff",
    "accent_border": "#8ab4dc",
    "focus": "#ffdd00",
    "error_text": "#ff8a80",
    "muted_text": "#b1b4b6",
    "disabled_text": "#8a8d8f",
    "input_border": "#8a8d8f",
    "banner_bg": "#4a3b00",
    "banner_text": "#ffffff",
    "banner_border": "#ffdd00",
    "nav_bg": "#262a2e",
    "nav_hover_bg": "#30363c",
    "nav_selected_bg": "#1f3b57",
    "nav_selected_text": "#ffffff",
    "header_bg": "#33373b",
    "button_hover_bg": "#3a3f44",
    "notice_bg": "#1f3b57",
    "notice_text": "#ffffff",
    "progress": "#2b5e8c",
}

REFERRAL_ICONS = {
    ReferralStatus.RECEIVED: "status-waiting",
    ReferralStatus.BOOKED: "status-info",
    ReferralStatus.ENGAGED: "status-ok",
    ReferralStatus.COMPLETED: "status-ok",
    ReferralStatus.INELIGIBLE: "status-error",
    ReferralStatus.HELD: "status-held",
    ReferralStatus.NOT_ENGAGED: "status-warning",
    ReferralStatus.WITHDRAWN: "status-closed",
}
APPOINTMENT_ICONS = {
    AppointmentStatus.BOOKED: "status-waiting",
    AppointmentStatus.ARRIVED: "status-info",
    AppointmentStatus.ATTENDED: "status-ok",
    AppointmentStatus.DID_NOT_ATTEND: "status-warning",
    AppointmentStatus.CANCELLED_BY_PERSON: "status-closed",
    AppointmentStatus.CANCELLED_BY_PROVIDER: "status-closed",
    AppointmentStatus.MOVED: "status-closed",
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def stylesheet(dark: bool = False) -> str:
    """The stylesheet with its @tokens replaced by the light or dark colours."""
    text = resource_path("style.qss").read_text(encoding="utf-8")
    colours = DARK if dark else LIGHT
    for name in sorted(colours, key=len, reverse=True):
        text = text.replace(f"@{name}", colours[name])
    return text


def colour(name: str, palette: QPalette | None = None) -> str:
    """One of the theme's colours for the current palette (for code that paints)."""
    pal = palette if palette is not None else QGuiApplication.palette()
    return (DARK if is_dark(pal) else LIGHT)[name]


@cache
def icon(name: str) -> QIcon:
    """An icon drawn for the app (``resources/icons/<name>.svg``); empty if missing."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()


class _TextButtons(QProxyStyle):
    """Fusion, but dialog buttons are words only: its stock icons (a tick on OK, a cross on
    Cancel) crowded the words of the app's padded buttons (the About box's OK)."""

    def styleHint(self, hint: QStyle.StyleHint, *args: Any) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 0
        return super().styleHint(hint, *args)


def apply_theme(app: QApplication) -> None:
    """Fusion style (the same on every system), the stylesheet and the window icon."""
    app.setStyle(_TextButtons("Fusion"))
    app.setStyleSheet(stylesheet(is_dark(app.palette())))
    app.setWindowIcon(icon("app"))


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a stylesheet role (heading, hint, error, empty, notice) and restyle it."""
    if widget.property("role") == role:
        return  # polishing again would drop the padding the stylesheet gave it
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field as holding an error (a red border as well as the message next to it)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def make_heading(widget: QWidget, scale: float = 1.4) -> None:
    """A heading scaled from the system font (so the user's font size is respected)."""
    font = QFont(widget.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * scale)
    else:
        font.setPixelSize(round(font.pixelSize() * scale))
    font.setBold(True)
    widget.setFont(font)
    set_role(widget, "heading")
