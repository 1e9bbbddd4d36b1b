"""What the PyInstaller builds leave out: Qt parts the app never loads (Qt Quick and QML, the
virtual keyboard, network plugins, Qt's translations: the app is in English). Qt PDF stays (the
letter preview) and with it the Qt Network library it links to.

Used by ``installer/divert-desktop.spec`` and by the start-up benchmark's minimal window, so the
two are built the same way.
"""

from __future__ import annotations

import re

EXCLUDED_MODULES = [
    "tkinter",
    "pytest",
    "hypothesis",
    "pypdf",
    "IPython",
    "numpy",
    "PySide6.QtNetwork",
]

_DROP = re.compile(
    r"(Qt6(Quick|Qml|VirtualKeyboard)\w*\.(so|dll|dylib))"
    r"|(/platforminputcontexts/(lib)?qtvirtualkeyboardplugin)"
    r"|(/imageformats/(lib)?qpdf\.)"
    r"|(/(networkinformation|tls)/)"
    r"|(/generic/(lib)?qtuiotouchplugin\.)"
    r"|(/platforms/(lib)?qvnc\.)"
    r"|(/translations/q[^/]*\.qm$)",
    re.IGNORECASE,
)


def dropped(dest: str) -> bool:
    """True for a bundle entry (its destination path) the app does not need."""
    return bool(_DROP.search("/" + dest.replace("\\", "/")))


def trim(entries: list) -> list:
    """A PyInstaller TOC (``a.binaries`` or ``a.datas``) without the dropped entries."""
    return [entry for entry in entries if not dropped(entry[0])]
