"""Connection profiles: a SQLite file on this computer or a shared PostgreSQL server (no password)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

from divert_desktop.core.errors import ValidationError

DEFAULT_PORT = 5432


class ConnectionKind(StrEnum):
    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"


class SslMode(StrEnum):
    """libpq's ``sslmode`` values offered, weakest first."""

    DISABLE = "disable"
    PREFER = "prefer"
    REQUIRE = "require"
    VERIFY_FULL = "verify-full"

    @property
    def label(self) -> str:
        return {
            SslMode.DISABLE: "Off (only on a trusted office network)",
            SslMode.PREFER: "Use if the server offers it",
            SslMode.REQUIRE: "Required (encrypted)",
            SslMode.VERIFY_FULL: "Required, and check the server's certificate",
        }[self]


@dataclass(frozen=True)
class ConnectionProfile:
    """One named way to reach a database. Never holds a password: that lives in the keyring."""

    name: str
    kind: ConnectionKind = ConnectionKind.SQLITE
    path: str = ""
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    """Never kept for a shared server (``to_dict`` drops it): only an address given with
    ``--database`` (the owner's, for an upgrade) or the connection dialog's test names one."""
    sslmode: SslMode = SslMode.PREFER

    @property
    def is_sqlite(self) -> bool:
        return self.kind is ConnectionKind.SQLITE

    @property
    def credential_key(self) -> str:
        """The keyring entry for this server account (the same for every profile using it)."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"

    @property
    def summary(self) -> str:
        if self.is_sqlite:
            return f"This computer: {self.path}"
        who = f" as {self.user}" if self.user else ""
        return f"Shared server: {self.database} on {self.host}:{self.port}{who}"

    def to_dict(self) -> dict[str, Any]:
        """What is kept in QSettings: never a password, and for a shared server no user either
        (each person signs in as their own login)."""
        data = asdict(self)
        data["kind"], data["sslmode"] = self.kind.value, self.sslmode.value
        if not self.is_sqlite:
            data["user"] = ""
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConnectionProfile:
        """A profile from stored settings; unknown keys (and any ``password``) are ignored."""
        try:
            port = int(data.get("port") or DEFAULT_PORT)
        except (TypeError, ValueError):
            port = DEFAULT_PORT
        kind = data.get("kind")
        sslmode = data.get("sslmode")
        return cls(
            name=str(data.get("name") or ""),
            kind=ConnectionKind(kind) if kind in set(ConnectionKind) else ConnectionKind.SQLITE,
            path=str(data.get("path") or ""),
            host=str(data.get("host") or ""),
            port=port,
            database=str(data.get("database") or ""),
            user=str(data.get("user") or ""),
            sslmode=SslMode(sslmode) if sslmode in set(SslMode) else SslMode.PREFER,
        )


def clean_profile(profile: ConnectionProfile) -> ConnectionProfile:
    """Trimmed and checked; raises ValidationError naming the field at fault."""
    p = replace(
        profile,
        name=profile.name.strip(),
        path=profile.path.strip(),
        host=profile.host.strip(),
        database=profile.database.strip(),
        user=profile.user.strip(),
    )
    if not p.name:
        raise ValidationError("Give this connection a name, like “Office server”.", field="name")
    if p.is_sqlite:
        if not p.path:
            raise ValidationError("Choose where the database file is kept.", field="path")
        return p
    if not p.host:
        raise ValidationError("Enter the server's name or address.", field="host")
    if any(ch.isspace() for ch in p.host) or "/" in p.host:
        raise ValidationError(
            "Enter just the server's name or address, like dbserver or 10.0.0.5.", field="host"
        )
    if not 1 <= p.port <= 65535:
        raise ValidationError("Enter a port between 1 and 65535 (usually 5432).", field="port")
    if not p.database:
        raise ValidationError("Enter the name of the database on the server.", field="database")
    return p  # no user: each person signs in as their own login
