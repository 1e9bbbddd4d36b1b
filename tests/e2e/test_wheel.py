"""A plain `pip install .`: the wheel holds every file under resources/, and installed in a clean
virtual environment the app finds them, passes its self-test, adds a user and prints a day sheet."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
_spec = importlib.util.spec_from_file_location("check_wheel", ROOT / "installer" / "check_wheel.py")
assert _spec and _spec.loader
check_wheel = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_wheel)


def test_the_wheel_holds_every_file_under_resources(tmp_path: Path) -> None:
    # `python -m build` on a clean copy of the checkout: the sdist, then the wheel made from it
    # (so MANIFEST.in counts, and no earlier build in build/ or *.egg-info can fill the gaps).
    wheel = check_wheel.build_wheel(tmp_path)
    expected = {
        path.relative_to(RESOURCES).as_posix(): path.read_bytes()
        for path in RESOURCES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    for needed in (
        "fonts/DejaVuSans.ttf",
        "fonts/LICENSE-DejaVu.txt",
        "style.qss",
        "common-passwords.txt",
        "LICENSE-common-passwords.txt",
        "icons/app.svg",
        "help/receptionist.md",
        "forms/divert_assessment.v1.json",
    ):
        assert needed in expected
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        inside = {
            n.removeprefix("divert_desktop/resources/"): archive.read(n)
            for n in names
            if n.startswith("divert_desktop/resources/")
        }
    assert sorted(inside) == sorted(expected)  # every file, nothing stale
    assert all(inside[name] == data for name, data in expected.items())
    assert not [n for n in names if n.startswith("resources/")]  # not a top-level package
    assert "divert_desktop/resources_data/sample_referrals.csv" in names


@pytest.mark.slow
def test_the_installed_wheel_passes_its_self_test_outside_the_checkout() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "check_wheel.py")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert any(line.startswith("ok    Self-test passed: ") for line in lines)
    assert any(line.startswith("ok    users add: Added kim") for line in lines)
    assert lines[-1].startswith("Wheel check passed in ")
