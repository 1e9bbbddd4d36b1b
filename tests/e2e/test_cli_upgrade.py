"""The command line opens databases as the app does: an older one backed up and upgraded with a
note on standard error, a newer one refused, a failed upgrade reported in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from divert_desktop import cli
from divert_desktop.persistence.migrate import head_revision, upgrade
from divert_desktop.persistence.upgrade import BACKUP_PREFIX
from tests.db.old_schema import (
    empty_database_url,
    make_first_schema_database,
    scripts_with_extra_revision,
    use_migration_scripts,
)
from tests.db.test_upgrade import FAILING
from tests.e2e.test_cli_commands import one_line_error

ROOT = Path(__file__).resolve().parents[2]


def run_cli(url: str, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DIVERT_DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["DIVERT_DATA_DIR"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "divert_desktop", "--database", url, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=180,
    )


@pytest.fixture
def old_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = empty_database_url(backend, request, tmp_path)
    make_first_schema_database(url)
    return url


def test_db_upgrade_backs_up_an_older_database_and_says_where(
    old_url: str, backend: str, tmp_path: Path
) -> None:
    result = run_cli(old_url, tmp_path / "data", "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Database is at schema revision {head_revision()}.\n"
    note = result.stderr.strip().splitlines()
    if backend == "postgresql":  # no administrator account can sign in as themselves yet
        assert note[1:] == [
            "divert-desktop: no administrator can sign in yet: as the owner, run users add NAME "
            "--role administrator --password-stdin."
        ]
        note = note[:1]
    assert len(note) == 1
    assert note[0].startswith(
        f"divert-desktop: the database was upgraded from schema 0001 to {head_revision()}."
    )
    backups = sorted((tmp_path / "data" / "backups").glob(f"{BACKUP_PREFIX}-0001-*.sqlite3"))
    if backend == "sqlite":
        assert len(backups) == 1 and f"kept at {backups[0]}." in note[0]
    else:
        assert backups == [] and "kept at" not in note[0]
    again = run_cli(old_url, tmp_path / "data", "db", "current")
    assert (again.returncode, again.stdout, again.stderr) == (0, f"{head_revision()}\n", "")


def test_a_newer_database_is_refused_in_one_line(old_url: str, tmp_path: Path) -> None:
    import sqlalchemy as sa

    from divert_desktop.persistence.engine import make_engine

    engine = make_engine(old_url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()
    line = one_line_error(run_cli(old_url, tmp_path / "data", "db", "current"))
    assert "made by a newer version of DIVERT Desktop (schema 0999)" in line


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_failed_upgrade_is_one_line_and_the_file_is_put_back(
    old_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DIVERT_DATA_DIR", str(tmp_path / "data"))
    scripts = scripts_with_extra_revision(tmp_path, FAILING)
    use_migration_scripts(monkeypatch, scripts)
    assert cli.main(["--database", old_url, "db", "upgrade"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("divert-desktop: DIVERT Desktop could not")
    assert "put back exactly as it was" in lines[0]
    from divert_desktop.persistence.engine import make_engine
    from divert_desktop.persistence.migrate import current_revision

    engine = make_engine(old_url)
    assert current_revision(engine) == "0001"
    engine.dispose()
