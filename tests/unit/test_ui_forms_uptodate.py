"""The committed forms in divert_desktop/gui/forms are exactly what pyside6-uic makes of ui/*.ui."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _build_ui():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_ui", ROOT / "installer" / "build_ui.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_ui", module)
    spec.loader.exec_module(module)
    return module


build_ui = _build_ui()
UI_FILES = sorted((ROOT / "ui").glob("*.ui"))


def test_there_is_a_designer_file_for_each_window() -> None:
    names = {path.stem for path in UI_FILES}
    assert {
        "first_run_dialog",
        "login_dialog",
        "import_dialog",
        "add_user_dialog",
        "main_window",
        "person_dialog",
    } <= names


def test_every_form_is_committed_for_its_ui_file() -> None:
    forms = {path.name for path in (ROOT / "divert_desktop" / "gui" / "forms").glob("ui_*.py")}
    assert forms == {f"ui_{path.stem}.py" for path in UI_FILES}


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda p: p.name)
def test_regenerating_the_form_changes_nothing(ui_file: Path, tmp_path: Path) -> None:
    build_ui.build(forms_dir=tmp_path, ui_dir=ui_file.parent)  # the same path the script takes
    fresh = (tmp_path / f"ui_{ui_file.stem}.py").read_text(encoding="utf-8")
    committed = build_ui.form_path(ui_file).read_text(encoding="utf-8")
    assert fresh == committed, (
        f"divert_desktop/gui/forms/ui_{ui_file.stem}.py is out of date: run "
        "python installer/build_ui.py and commit the result"
    )
    assert fresh.startswith("# Generated from ui/") and "do not edit" in fresh.splitlines()[0]


def test_the_output_does_not_depend_on_where_the_checkout_is(tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "ui"
    moved.mkdir(parents=True)
    source = UI_FILES[0]
    (moved / source.name).write_bytes(source.read_bytes())
    assert build_ui.compile_ui(moved / source.name) == build_ui.compile_ui(source)
