"""The core layer stays pure: importing all of it never pulls in Qt, the database or PDF libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "shiboken6", "sqlalchemy", "alembic", "reportlab", "psycopg")

_SCRIPT = """
import importlib, json, pkgutil, sys
import divert_desktop.core as core
names = sorted(m.name for m in pkgutil.walk_packages(core.__path__, core.__name__ + "."))
for name in names:
    importlib.import_module(name)
forbidden = %r
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(forbidden))
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def test_core_imports_no_qt_database_or_pdf_library() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT % (FORBIDDEN,)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    expected = {
        "divert_desktop.core.assessment",
        "divert_desktop.core.casework",
        "divert_desktop.core.form_rules",
        "divert_desktop.core.forms",
        "divert_desktop.core.onward",
        "divert_desktop.core.scoring",
        "divert_desktop.core.eligibility",
        "divert_desktop.core.engagement",
        "divert_desktop.core.enums",
        "divert_desktop.core.errors",
        "divert_desktop.core.matching",
        "divert_desktop.core.permissions",
        "divert_desktop.core.status",
        "divert_desktop.core.substances",
        "divert_desktop.core.validation",
    }
    assert expected <= set(report["modules"])
    assert report["loaded"] == []


def _sqlalchemy_uses(path: Path) -> list[str]:
    """Imports of SQLAlchemy in ``path``, and string constants naming it (an exception
    recognised by its module name, as ``gui/tasks.py`` once did)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value] if node.value.startswith("sqlalchemy") else []
        else:
            continue
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno}: {name}"
            for name in names
            if name.split(".")[0] == "sqlalchemy"
        ]
    return found


def test_no_gui_module_imports_or_recognises_sqlalchemy() -> None:
    """The GUI gets the app's own errors (the unit of work translates the database's), so no
    module under divert_desktop/gui imports SQLAlchemy or names its exceptions."""
    gui = ROOT / "divert_desktop" / "gui"
    modules = sorted(gui.rglob("*.py"))
    assert len(modules) > 50
    uses = [use for path in modules for use in _sqlalchemy_uses(path)]
    assert uses == []


def _lint_imports(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    command = [
        sys.executable,
        "-c",
        "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
    ]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=300, env=env, check=False
    )


def test_the_import_contracts_hold() -> None:
    """core <- persistence | documents <- services <- gui <- app/cli, and no cycles (pyproject)."""
    run = _lint_imports(ROOT, ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Contracts: 2 kept, 0 broken." in run.stdout


def test_a_back_arrow_breaks_the_layer_contract(tmp_path: Path) -> None:
    """The check is real: core importing the GUI, or documents importing services, fails it."""
    import shutil

    shutil.copytree(
        ROOT / "divert_desktop",
        tmp_path / "divert_desktop",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    clock = tmp_path / "divert_desktop" / "core" / "clock.py"
    clock.write_text(
        clock.read_text("utf-8") + "\nimport divert_desktop.gui.shell.tasks  # noqa\n", "utf-8"
    )
    letters = tmp_path / "divert_desktop" / "documents" / "day_sheet.py"
    letters.write_text(
        letters.read_text("utf-8") + "\nimport divert_desktop.services.diary.slots  # noqa\n",
        "utf-8",
    )
    run = _lint_imports(tmp_path, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "divert_desktop.core.clock -> divert_desktop.gui.shell.tasks" in run.stdout
    assert "divert_desktop.documents.day_sheet -> divert_desktop.services.diary.slots" in run.stdout
