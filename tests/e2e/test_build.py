"""The Linux build, as IT would use it: the one documented command builds the one-folder app
and its tarball; unpacked and installed, the app passes its self-test, reaches its first window
with no screen and opens a shared PostgreSQL database. Slow (a minute or two); in CI."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from divert_desktop import __version__
from divert_desktop.clock import epoch_seconds
from divert_desktop.paths import migrations_path
from divert_desktop.persistence.migrate import head_revision
from divert_desktop.selftest import STEPS

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build"),
]


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """About 1 GB of build output, outside the repository, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="divert-build-test-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a machine without the source checkout: no PYTHONPATH, no screen."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "DISPLAY", "QT_QPA_PLATFORM", "DIVERT_DATABASE_URL")
    }
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def built(scratch: Path) -> dict[str, Path]:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "--dist",
            str(scratch / "dist"),
            "--work",
            str(scratch / "work"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1200,
        env=clean_env(),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Self-test passed" in result.stdout
    tarball = scratch / "dist" / f"divert-desktop-{__version__}-linux-x86_64.tar.gz"
    assert tarball.is_file(), sorted(p.name for p in (scratch / "dist").iterdir())
    shutil.rmtree(scratch / "work")
    return {"app": scratch / "dist" / "divert-desktop", "tarball": tarball}


def test_the_tarball_holds_the_app_its_desktop_entry_icon_and_installer(
    built: dict[str, Path],
) -> None:
    top = f"divert-desktop-{__version__}"
    with tarfile.open(built["tarball"]) as tar:
        members = {m.name: m for m in tar.getmembers()}
        entry = tar.extractfile(f"{top}/divert-desktop.desktop").read().decode()  # type: ignore[union-attr]
        png = tar.extractfile(f"{top}/divert-desktop.png").read()  # type: ignore[union-attr]
    assert members[f"{top}/divert-desktop"].mode & 0o111
    assert members[f"{top}/install.sh"].mode & 0o111
    lines = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert entry.startswith("[Desktop Entry]\n")
    assert lines["Name"] == "DIVERT Desktop" and lines["Exec"] == "divert-desktop"
    assert lines["Type"] == "Application" and lines["Terminal"] == "false"
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (256, 256)
    inside = f"{top}/_internal"
    versions = Path(migrations_path()) / "versions"
    revisions = [
        f"divert_desktop/persistence/migrations/versions/{p.name}"
        for p in sorted(versions.glob("0*.py"))
    ]
    assert any(r.split("/")[-1].startswith(f"{head_revision()}_") for r in revisions)
    for needed in (
        "resources/fonts/DejaVuSans.ttf",
        "resources/help/receptionist.md",
        "resources/style.qss",
        "resources/icons/app.svg",
        "divert_desktop/persistence/migrations/env.py",
        *revisions,
        "divert_desktop/resources_data/sample_referrals.csv",
    ):
        assert f"{inside}/{needed}" in members, needed
    assert not [n for n in members if "Qt6Quick" in n or n.endswith(".qm")]  # trimmed


def test_unpacked_and_installed_the_app_passes_its_self_test_and_starts(
    built: dict[str, Path], scratch: Path
) -> None:
    with tarfile.open(built["tarball"]) as tar:
        tar.extractall(scratch / "unpacked", filter="tar")
    folder = scratch / "unpacked" / f"divert-desktop-{__version__}"
    home = scratch / "home"
    places = {
        "PREFIX": str(home / "opt" / "divert-desktop"),
        "APPLICATIONS_DIR": str(home / "applications"),
        "ICONS_DIR": str(home / "icons"),
        "BIN_DIR": str(home / "bin"),
    }
    env = clean_env(HOME=str(home), DIVERT_DATA_DIR=str(home / "data"), **places)
    installed = subprocess.run(
        ["sh", str(folder / "install.sh")], capture_output=True, text=True, env=env, timeout=600
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "Self-test passed" in installed.stdout
    entry = (home / "applications" / "divert-desktop.desktop").read_text()
    assert f'Exec="{places["PREFIX"]}/divert-desktop"' in entry
    shutil.rmtree(scratch / "unpacked")

    command = home / "bin" / "divert-desktop"  # a symlink into the installed folder
    check = subprocess.run(
        [str(command), "--self-test"], capture_output=True, text=True, env=env, timeout=300
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert (
        check.stdout.strip().splitlines()[-1].startswith(f"Self-test passed: {len(STEPS)} checks")
    )

    probe = home / "shown.txt"
    started = epoch_seconds()
    run = subprocess.run(
        [str(command)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(env, QT_QPA_PLATFORM="offscreen", DIVERT_STARTUP_PROBE=str(probe)),
    )
    assert run.returncode == 0, run.stderr
    shown_at = float(probe.read_text())
    assert started < shown_at < epoch_seconds()  # the first window (the connection choice) painted

    # Told which database to use, the first start creates and migrates it, then asks for the
    # administrator account (the first-run window is painted).
    database = home / "data" / "divert.sqlite3"
    probe.unlink()
    run = subprocess.run(
        [str(command), "--database", f"sqlite:///{database}"],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(env, QT_QPA_PLATFORM="offscreen", DIVERT_STARTUP_PROBE=str(probe)),
    )
    assert run.returncode == 0, run.stderr
    assert probe.is_file() and database.is_file()

    uninstalled = subprocess.run(
        ["sh", f"{places['PREFIX']}/install.sh", "--uninstall"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert uninstalled.returncode == 0, uninstalled.stderr
    assert not Path(places["PREFIX"]).exists() and not command.exists()
    assert (home / "data" / "divert.sqlite3").is_file()  # the user's data is kept


@pytest.mark.pg
def test_the_built_app_opens_a_shared_postgresql_database(
    built: dict[str, Path], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from tests.db.old_schema import empty_database_url

    url = empty_database_url("postgresql", request, tmp_path)
    result = subprocess.run(
        [str(built["app"] / "divert-desktop"), "--database", url, "db", "upgrade"],
        capture_output=True,
        text=True,
        timeout=300,
        env=clean_env(DIVERT_DATA_DIR=str(tmp_path / "data")),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Database is at schema revision {head_revision()}.\n"
