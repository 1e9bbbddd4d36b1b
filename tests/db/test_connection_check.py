"""Checking connection profiles: files on this computer, network shares, real servers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from divert_desktop.core.connection import ConnectionKind, ConnectionProfile, SslMode
from divert_desktop.core.errors import ValidationError
from divert_desktop.persistence import engine as engine_module
from divert_desktop.persistence.engine import profile_url
from divert_desktop.services.admin.connection import check_connection
from tests.conftest import PG_URL, _skip_or_fail_pg


def test_a_new_file_on_this_computer_will_be_made(tmp_path: Path) -> None:
    check = check_connection(ConnectionProfile("Here", path=str(tmp_path / "new" / "d.sqlite3")))
    assert check.ok and "new database file will be made" in check.message


def test_an_existing_database_file_reports_its_state(sqlite_db) -> None:
    path = make_url(sqlite_db.url).database
    check = check_connection(ConnectionProfile("Here", path=path))
    assert check.ok and "ready for this version" in check.message


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("not a database at all " * 100)
    check = check_connection(ConnectionProfile("Here", path=str(bogus)))
    assert not check.ok and check.field == "path"


def test_a_network_share_is_refused_with_the_reason(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(engine_module, "is_network_path", lambda _path: True)
    check = check_connection(ConnectionProfile("Share", path=str(tmp_path / "d.sqlite3")))
    assert not check.ok and check.field == "path" and "network drive" in check.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "name"),
        ({"host": ""}, "host"),
        ({"host": "a b"}, "host"),
        ({"port": 0}, "port"),
        ({"database": ""}, "database"),
    ],
)
def test_incomplete_server_profiles_name_the_field(changes: dict, field: str) -> None:
    base = {
        "name": "Office",
        "kind": ConnectionKind.POSTGRESQL,
        "host": "dbserver",
        "database": "divert",
        "user": "divert_app",
    }
    check = check_connection(ConnectionProfile(**{**base, **changes}))
    assert not check.ok and check.field == field


def test_the_url_of_a_server_profile_holds_the_tls_mode_and_no_password() -> None:
    profile = ConnectionProfile(
        "Office",
        ConnectionKind.POSTGRESQL,
        host="dbserver",
        port=6543,
        database="divert",
        user="divert_app",
        sslmode=SslMode.VERIFY_FULL,
    )
    url = make_url(profile_url(profile))
    assert (url.host, url.port, url.database, url.username) == (
        "dbserver",
        6543,
        "divert",
        "divert_app",
    )
    assert url.query == {"sslmode": "verify-full"} and url.password is None
    assert profile.credential_key == "postgresql://divert_app@dbserver:6543/divert"
    stored = {**profile.to_dict(), "password": "never read"}
    assert "password" not in profile.to_dict()
    # Kept without its user: on a shared server everyone signs in as themselves.
    assert profile.to_dict()["user"] == ""
    assert ConnectionProfile.from_dict(stored) == replace(profile, user="")
    assert make_url(profile_url(replace(profile, user=""))).username is None


def _server_profile(**changes) -> ConnectionProfile:
    if not PG_URL:
        _skip_or_fail_pg()
    url = make_url(PG_URL)
    base = ConnectionProfile(
        "Test server",
        ConnectionKind.POSTGRESQL,
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        database=url.database or "postgres",
        user=url.username or "postgres",
        sslmode=SslMode.PREFER,
    )
    return ConnectionProfile(
        **{**base.to_dict(), **changes}
        | {"kind": ConnectionKind.POSTGRESQL, "sslmode": SslMode(changes.get("sslmode", "prefer"))}
    )


@pytest.mark.pg
def test_a_real_server_answers_and_a_wrong_database_is_explained() -> None:
    ok = check_connection(_server_profile())
    assert ok.ok and ok.message.startswith("Connected to PostgreSQL")
    missing = check_connection(_server_profile(database="no_such_database_here"))
    assert not missing.ok and "no database called no_such_database_here" in missing.message


@pytest.mark.pg
def test_nothing_listening_is_explained() -> None:
    check = check_connection(_server_profile(host="127.0.0.1", port=1))
    assert not check.ok and "Nothing answered at 127.0.0.1:1" in check.message


@pytest.mark.pg
def test_a_server_without_tls_refuses_required_tls_with_an_explanation() -> None:
    check = check_connection(_server_profile(sslmode="require"))
    if check.ok:
        pytest.skip("this server offers TLS")
    assert "encryption (TLS)" in check.message


def test_a_profile_needs_a_name() -> None:
    from divert_desktop.core.connection import clean_profile

    with pytest.raises(ValidationError):
        clean_profile(ConnectionProfile(""))
