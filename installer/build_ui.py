"""Compile every Designer file ``ui/*.ui`` into ``divert_desktop/gui/forms/ui_<name>.py``.

Run ``python installer/build_ui.py`` after editing a ``.ui`` file (``--check`` only reports forms
that are out of date). The output is deterministic: the same ``.ui`` always gives the same bytes,
whatever the checkout path or the Qt patch version, so ``tests/unit/test_ui_forms_uptodate.py``
can compare the committed forms with a fresh build.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "divert_desktop" / "gui" / "forms"

HEADER = (
    "# Generated from ui/{ui_name} by installer/build_ui.py with pyside6-uic: generated, do not edit.\n"
    "# Edit the .ui file in Qt Designer, then run: python installer/build_ui.py\n"
    "# ruff: noqa\n"
)
_UIC_BANNER = re.compile(r"\A(?:#[^\n]*\n|\s*\n)*", re.MULTILINE)


def uic_executable() -> Path:
    """The ``uic`` program shipped inside PySide6 (what the ``pyside6-uic`` wrapper runs)."""
    import PySide6

    base = Path(PySide6.__file__).resolve().parent
    candidates = [base / "Qt" / "libexec" / "uic", base / "uic", base / "uic.exe"]
    for path in candidates:
        if path.exists():
            return path
    raise FileNotFoundError(f"pyside6-uic's uic program was not found under {base}")


def compile_ui(ui_file: Path) -> str:
    """Return the Python source uic generates for ``ui_file``, with our own stable header."""
    result = subprocess.run(
        [os.fspath(uic_executable()), "-g", "python", "--no-autoconnection", os.fspath(ui_file)],
        capture_output=True,
        text=True,
        check=False,
        encoding="utf-8",
    )
    if result.returncode != 0:
        raise RuntimeError(f"uic failed on {ui_file.name}:\n{result.stderr}")
    body = _UIC_BANNER.sub("", result.stdout, count=1).replace("\r\n", "\n")
    return HEADER.format(ui_name=ui_file.name) + "\n" + body.rstrip("\n") + "\n"


def form_path(ui_file: Path, forms_dir: Path = FORMS_DIR) -> Path:
    return forms_dir / f"ui_{ui_file.stem}.py"


def build(forms_dir: Path = FORMS_DIR, ui_dir: Path = UI_DIR) -> list[Path]:
    """Compile every ``.ui`` file into ``forms_dir``; returns the files written."""
    forms_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for ui_file in sorted(ui_dir.glob("*.ui")):
        target = form_path(ui_file, forms_dir)
        source = compile_ui(ui_file)
        if not target.exists() or target.read_text(encoding="utf-8") != source:
            target.write_text(source, encoding="utf-8", newline="\n")
            written.append(target)
    return written


def out_of_date(forms_dir: Path = FORMS_DIR, ui_dir: Path = UI_DIR) -> list[str]:
    """Names of forms that differ from a fresh build (or are missing)."""
    stale = []
    for ui_file in sorted(ui_dir.glob("*.ui")):
        target = form_path(ui_file, forms_dir)
        if not target.exists() or target.read_text(encoding="utf-8") != compile_ui(ui_file):
            stale.append(target.name)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale forms, change nothing")
    args = parser.parse_args(argv)
    if args.check:
        stale = out_of_date()
        for name in stale:
            print(f"out of date: {name}")
        return 1 if stale else 0
    for path in build():
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
