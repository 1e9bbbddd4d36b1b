"""Build DIVERT Desktop for the platform this runs on: one command, from a source checkout.

    python installer/build.py            (after: pip install ".[build]")

- Linux: the one-folder app in ``dist/divert-desktop/`` and the tarball
  ``dist/divert-desktop-<version>-linux-<machine>.tar.gz`` (with a ``.desktop`` file, the icon
  and ``install.sh``).
- Windows: the one-folder app, then the installer ``dist/divert-desktop-<version>-setup.exe``
  made by Inno Setup 6 (``iscc`` on the PATH or in its usual folder).
- macOS: the one-folder app only.

``--dist`` and ``--work`` choose the output and scratch folders; ``--no-package`` stops after
the one-folder app. Every build ends by running the built app's ``--self-test``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SPEC = ROOT / "installer" / "divert-desktop.spec"
APP = "divert-desktop"
ISCC_PLACES = (
    r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe",
    r"C:\Program Files\Inno Setup 6\ISCC.exe",
)


def say(text: str) -> None:
    print(f"build: {text}", flush=True)


def version() -> str:
    from divert_desktop import __version__

    return __version__


def executable(folder: Path, name: str = APP) -> Path:
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


def check_forms() -> None:
    """The compiled Designer forms must match ``ui/`` (the build never edits sources)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "build_ui.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(
            "build: the compiled forms are out of date; run python installer/build_ui.py\n"
            + result.stdout
            + result.stderr
        )


def pyinstaller(dist: Path, work: Path, icons: Path) -> Path:
    """Run PyInstaller on the spec; returns the one-folder app."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit('build: PyInstaller is missing: pip install ".[build]"') from None
    env = dict(
        os.environ, DIVERT_BUILD_ICONS=str(icons), PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1"
    )
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work / "pyinstaller"),
        str(SPEC),
    ]
    subprocess.run(command, check=True, env=env, cwd=ROOT)
    return dist / APP


def add_linux_files(app: Path, icons: Path) -> None:
    shutil.copy2(ROOT / "installer" / "linux" / f"{APP}.desktop", app / f"{APP}.desktop")
    shutil.copy2(ROOT / "installer" / "linux" / "install.sh", app / "install.sh")
    shutil.copy2(icons / "app.png", app / f"{APP}.png")
    (app / "install.sh").chmod(0o755)


def linux_tarball(app: Path, dist: Path) -> Path:
    """``<app>`` packed as ``divert-desktop-<version>/`` (symlinks and modes kept)."""
    name = f"{APP}-{version()}"
    out = dist / f"{name}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(app, arcname=name)
    return out


def inno_setup(app: Path, dist: Path, icons: Path) -> Path:
    iscc = shutil.which("iscc") or next((p for p in ISCC_PLACES if Path(p).is_file()), None)
    if iscc is None:
        raise SystemExit(
            "build: Inno Setup 6 (iscc) was not found; install it, e.g. choco install innosetup"
        )
    script = ROOT / "installer" / "windows" / f"{APP}.iss"
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={version()}",
            f"/DSourceDir={app}",
            f"/DOutputDir={dist}",
            f"/DIconFile={icons / 'app.ico'}",
            str(script),
        ],
        check=True,
    )
    return dist / f"{APP}-{version()}-setup.exe"


def self_test(app: Path) -> None:
    """Run the built app's own check (the console executable on Windows)."""
    name = f"{APP}-cli" if sys.platform == "win32" else APP
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DISPLAY")}
    result = subprocess.run(
        [str(executable(app, name)), "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    print(result.stdout, end="")
    if result.returncode != 0:
        raise SystemExit(f"build: the built app failed its self-test\n{result.stderr}")


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="scratch folder")
    parser.add_argument("--no-package", action="store_true", help="stop after the app folder")
    parser.add_argument("--no-self-test", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    started = time.monotonic()
    say(f"DIVERT Desktop {version()} for {sys.platform} ({platform.machine()})")
    check_forms()
    sys.path.insert(0, str(ROOT / "installer"))
    from icons import make_icons

    icons = work / "icons"
    make_icons(icons)
    app = pyinstaller(dist, work, icons)
    if sys.platform.startswith("linux"):
        add_linux_files(app, icons)
    say(f"app folder {app} ({folder_size(app) / 1e6:.0f} MB)")
    if not args.no_self_test:
        self_test(app)
    if not args.no_package:
        if sys.platform.startswith("linux"):
            say(f"package {linux_tarball(app, dist)}")
        elif sys.platform == "win32":
            say(f"installer {inno_setup(app, dist, icons)}")
        else:
            say("no installer for this platform: the app folder is the result")
    say(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
