"""One word for one thing on screen: staff and server accounts have a "username" (as on the
sign-in, first-run and Add user forms), never a "user name" in one dialog and not in another."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPLIT = re.compile(r"\buser[ -]name", re.IGNORECASE)


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def test_username_is_written_one_way_on_every_screen_and_message() -> None:
    found = [
        f"{p.name}: {m.group(0)}"
        for p in sorted((ROOT / "ui").glob("*.ui"))
        for m in SPLIT.finditer(p.read_text(encoding="utf-8"))
    ]
    for path in sorted((ROOT / "divert_desktop").rglob("*.py")):
        found += [f"{path.name}: {text!r}" for text in _strings(path) if SPLIT.search(text)]
    assert found == []
    login = (ROOT / "ui" / "login_dialog.ui").read_text(encoding="utf-8")
    assert "&amp;Username" in login and "Use the username and password" in login
