"""Build the wheel as `pip install .` would, install it in a clean virtual environment, and check it."""

# Usage: python installer/check_wheel.py [--keep]
#
# 1. `python -m build` on a clean copy of the checkout: the sdist, then the wheel built from that
#    sdist (as packaging tools do), so a file missing from MANIFEST.in fails here too.
# 2. The wheel must hold every file under resources/ (setup.py copies them in).
# 3. A new virtual environment (no system site-packages) gets the wheel and its dependencies.
# 4. From a folder outside the checkout, with no screen and a temporary data folder: the installed
#    app finds every resource inside itself, passes `divert-desktop --self-test` (day sheet, letter,
#    summary, windows), creates a database, adds a staff account (which reads the common-passwords
#    list and refuses a common password) and prints a day sheet.
# Exits 0 when all of it worked, 1 with the reason otherwise. tests/e2e/test_wheel.py runs it.

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
INSIDE = "divert_desktop/resources"
"""Where setup.py puts resources/ inside the wheel (and so inside site-packages)."""


class CheckFailed(Exception):
    """One step went wrong; the message says which and why."""


def resource_files() -> list[str]:
    """Every file under resources/, as a path relative to it with forward slashes."""
    return sorted(
        path.relative_to(RESOURCES).as_posix()
        for path in RESOURCES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def missing_resources(wheel: Path) -> list[str]:
    """The files under resources/ that the wheel does not hold (an empty list when complete)."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    return [name for name in resource_files() if f"{INSIDE}/{name}" not in names]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a machine without the checkout: no PYTHONPATH, no screen, no database."""
    drop = {
        "PYTHONPATH",
        "PYTHONHOME",
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "VIRTUAL_ENV",
        "DIVERT_DATABASE_URL",
        "DIVERT_FORMS_DIR",
    }
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(extra)
    return env


def run(what: str, command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a command; raise CheckFailed with its output when it fails."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        output = (result.stdout[-3000:] + "\n" + result.stderr[-3000:]).strip()
        raise CheckFailed(f"{what} failed (exit {result.returncode}):\n{output}")
    return result


LEFT_BEHIND = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.py[cod]",
    ".*_cache",
    ".hypothesis",
    ".pytest_data",
)
"""What earlier builds and tools leave in a checkout. setuptools puts the files listed in an old
``*.egg-info/SOURCES.txt`` into the sdist, and an in-tree build reuses ``build/lib``: either would
hide a file missing from MANIFEST.in or setup.py, so the build starts from a copy without them."""


def build_wheel(folder: Path) -> Path:
    """The sdist, then the wheel built from it (``python -m build``), from a clean copy of the
    checkout; returns the wheel (in ``folder/dist``)."""
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=LEFT_BEHIND)
    out = folder / "dist"
    run(
        "Building the sdist and the wheel",
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
        env=clean_env(),
    )
    shutil.rmtree(source)
    wheels = sorted(out.glob("divert_desktop-*.whl"))
    if len(wheels) != 1:
        raise CheckFailed(f"expected one wheel in {out}, found {[p.name for p in wheels]}")
    return wheels[0]


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install(wheel: Path, venv: Path) -> Path:
    """A new, clean virtual environment holding the wheel and its dependencies."""
    run("Creating the virtual environment", [sys.executable, "-m", "venv", str(venv)])
    python = venv_python(venv)
    run(
        "Installing the wheel",
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-compile",
            "--disable-pip-version-check",
            str(wheel),
        ],
        env=clean_env(),
    )
    return python


FIND_RESOURCES = """
import sys
from pathlib import Path
import divert_desktop
from divert_desktop.paths import resource_path
package = Path(divert_desktop.__file__).resolve().parent
print(package)
for name in sys.stdin.read().split():
    path = resource_path(*name.split("/")).resolve()
    if not path.is_file() or not path.is_relative_to(package / "resources"):
        print(f"{name}: {path}")
"""


def check_installed(python: Path, folder: Path) -> list[str]:
    """Run the installed app outside the checkout; return what each check printed."""
    outside = folder / "elsewhere"
    outside.mkdir()
    env = clean_env(
        QT_QPA_PLATFORM="offscreen",
        DIVERT_DATA_DIR=str(folder / "data"),
        TMPDIR=str(folder / "tmp"),
        PYTHONNOUSERSITE="1",
    )
    Path(env["TMPDIR"]).mkdir()
    report = []

    found = run(
        "Finding the resources",
        [str(python), "-c", FIND_RESOURCES],
        cwd=outside,
        env=env,
        input="\n".join(resource_files()),
    )
    package, *wrong = found.stdout.strip().splitlines()
    venv = python.parent.parent.resolve()
    if not Path(package).is_relative_to(venv):
        raise CheckFailed(f"the app was imported from {package}, not from the new environment")
    if wrong:
        raise CheckFailed("resources not found inside the installed app:\n" + "\n".join(wrong))
    report.append(f"ok    {len(resource_files())} resources found in {package}")

    app = python.parent / ("divert-desktop.exe" if os.name == "nt" else "divert-desktop")
    selftest = run("The self-test", [str(app), "--self-test"], cwd=outside, env=env, timeout=300)
    last = selftest.stdout.strip().splitlines()[-1]
    if not last.startswith("Self-test passed"):
        raise CheckFailed(f"the self-test ended with: {last}")
    report.append(f"ok    {last}")

    url = f"sqlite:///{(folder / 'data' / 'check.sqlite3').as_posix()}"
    run("Creating a database", [str(app), "--database", url, "db", "upgrade"], cwd=outside, env=env)
    add = [
        str(app),
        "--database",
        url,
        "users",
        "add",
        "kim",
        "--role",
        "administrator",
        "--password-stdin",
    ]
    weak = subprocess.run(
        add, input="qwerty123456\n", capture_output=True, text=True, cwd=outside, env=env
    )
    if weak.returncode != 1 or "most common passwords" not in weak.stderr:
        raise CheckFailed(
            "users add did not refuse a common password "
            f"(exit {weak.returncode}): {(weak.stdout + weak.stderr).strip()[-2000:]}"
        )
    added = run("users add", add, input="Plum-Orchard-Lantern-42\n", cwd=outside, env=env)
    report.append(f"ok    users add: {added.stdout.strip()} (a common password was refused)")

    sheet = folder / "day-sheet.pdf"
    run(
        "Printing a day sheet",
        [str(app), "--database", url, "diary", "--date", "2026-12-02", "--out", str(sheet)],
        cwd=outside,
        env=env,
    )
    data = sheet.read_bytes() if sheet.is_file() else b""
    if not data.startswith(b"%PDF-") or b"/FontFile2" not in data:
        raise CheckFailed("the day sheet is not a PDF with the app's fonts embedded")
    report.append(f"ok    diary: a day sheet PDF of {len(data):,} bytes")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="divert-wheel-check-")).resolve()
    started = time.perf_counter()
    try:
        wheel = build_wheel(folder)
        missing = missing_resources(wheel)
        if missing:
            raise CheckFailed(f"the wheel {wheel.name} lacks resources: {', '.join(missing)}")
        print(
            f"ok    built {wheel.name} with all {len(resource_files())} resources "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        step = time.perf_counter()
        python = install(wheel, folder / "venv")
        print(
            f"ok    installed it in a new virtual environment ({time.perf_counter() - step:.0f} s)",
            flush=True,
        )
        for line in check_installed(python, folder):
            print(line, flush=True)
    except (CheckFailed, subprocess.TimeoutExpired) as exc:
        print(f"FAIL  {exc}", flush=True)
        print(f"Wheel check failed after {time.perf_counter() - started:.0f} s.")
        return 1
    finally:
        if args.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"Wheel check passed in {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
