"""A shared database owned by a real owner role (LOGIN CREATEROLE, not a superuser), as README's
shared-server steps make it, and one as the version before staff logins left it (revision
0009, with an administrator account that has no login)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import os
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from divert_desktop.persistence.engine import make_engine
from divert_desktop.persistence.migrate import upgrade
from tests.conftest import PG_URL, _pg_exec, _skip_or_fail_pg, drop_server_roles
from tests.db.old_schema import CASEWORKER, make_first_schema_database

RUN = uuid.uuid4().hex[:6]
_made = itertools.count(1)


def scram_matches(verifier: str, password: str) -> bool:
    """Whether ``password`` is the one this SCRAM-SHA-256 verifier was made from (what the
    server checks at sign-in: the stored key is SHA-256 of the client key)."""
    method, rest = verifier.split("$", 1)
    params, keys = rest.split("$")
    iterations, salt = params.split(":")
    stored = keys.split(":")[0]
    salted = hashlib.pbkdf2_hmac(
        "sha256", password.encode(), base64.b64decode(salt), int(iterations)
    )
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return method == "SCRAM-SHA-256" and hashlib.sha256(client_key).digest() == base64.b64decode(
        stored
    )


def owner_database(request: pytest.FixtureRequest) -> str:
    """A new, empty database owned by its own owner role (LOGIN CREATEROLE, not a superuser),
    as README's shared-server steps make it; the URL connects as that owner."""
    if not PG_URL:
        _skip_or_fail_pg()
    assert PG_URL is not None
    base = make_url(PG_URL).database
    n = next(_made)
    owner, name = f"{base}_own{RUN}{n}", f"{base}_fa{os.getpid()}_{n}"

    def drop() -> None:  # roles are cluster-wide: the groups, their logins and the owner go
        _pg_exec(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        drop_server_roles(PG_URL, name)
        _pg_exec(PG_URL, f'DROP ROLE IF EXISTS "{owner}"')

    request.addfinalizer(drop)
    _pg_exec(PG_URL, f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
    _pg_exec(PG_URL, f'CREATE DATABASE "{name}" OWNER "{owner}"')
    database = make_url(PG_URL).set(database=name)
    engine = sa.create_engine(database.render_as_string(hide_password=False))
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS btree_gist"))
    engine.dispose()

    return database.set(username=owner, password=None).render_as_string(hide_password=False)


def old_database(url: str) -> str:
    """A database as the version before the shared server's logins left it (revision 0009):
    a row in every table, and an administrator account (with no login: none existed)."""
    make_first_schema_database(url)
    engine = make_engine(url)
    try:
        assert upgrade(engine, "0009") == "0009"
        with engine.begin() as conn:
            columns = [
                c["name"]
                for c in sa.inspect(conn).get_columns("staff_users")
                if c["name"] not in ("id", "username", "display_name", "role")
            ]
            admin = f"ada{RUN}{next(_made)}"
            conn.execute(
                sa.text(
                    f"INSERT INTO staff_users (username, display_name, role, {', '.join(columns)}) "
                    f"SELECT :u, 'Ada Administrator', 'administrator', {', '.join(columns)} "
                    "FROM staff_users WHERE username = :c"
                ),
                {"u": admin, "c": CASEWORKER},
            )
    finally:
        engine.dispose()
    return admin


def stored_password(url: str, name: str) -> str | None:
    engine = sa.create_engine(_superuser(url), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(
                sa.text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": name}
            ).scalar_one_or_none()
    finally:
        engine.dispose()


def _superuser(url: str) -> str:
    assert PG_URL is not None
    return make_url(url).set(username=make_url(PG_URL).username).render_as_string(False)
