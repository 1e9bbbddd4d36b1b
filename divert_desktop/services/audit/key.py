"""The audit trail's hashes: plain SHA-256 before keying, then HMAC-SHA256 with a key kept in the
keyring (SQLite) or on the server (PostgreSQL)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.errors import DivertError
from divert_desktop.persistence.models import AuditChain, AuditEvent
from divert_desktop.services.admin import credentials

KEYRING_PREFIX = "audit-key:"
GENESIS_HASH = "0" * 64


# json.dumps(value, sort_keys=True, separators=(",", ":"), default=str), made once: dumps
# builds a new encoder on every call with options.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def canonical(value: Any) -> str:
    return _CANONICAL.encode(value)


def payload_of(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in sorted(row) if k not in ("id", "hash", "prev_hash")}


def event_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the event's fields (not its id): the rule of events
    written before the trail was keyed (keyed events use HMAC-SHA256 over the same text)."""
    return hashlib.sha256((prev_hash + canonical(payload_of(row))).encode("utf-8")).hexdigest()


def event_message(row: dict[str, Any]) -> str:
    """The text a keyed event's HMAC is computed over: its previous hash and its fields."""
    return row["prev_hash"] + canonical(payload_of(row))


class AuditKeyUnavailable(DivertError):
    """The audit trail is keyed but its key cannot be reached, so no event can be written."""


class Hasher(Protocol):
    def chain(self, prev: str, payloads: Sequence[str]) -> list[str]:
        """The next hashes: each over the previous hash and its payload."""

    def macs(self, messages: Sequence[str]) -> list[str]:
        """HMAC-SHA256 of each message (previous hash + payload), in hex."""


@dataclass(frozen=True)
class LocalKey:
    """The key itself (SQLite: from the keyring)."""

    key: bytes

    def macs(self, messages: Sequence[str]) -> list[str]:
        return [hmac.new(self.key, m.encode("utf-8"), hashlib.sha256).hexdigest() for m in messages]

    def chain(self, prev: str, payloads: Sequence[str]) -> list[str]:
        out = []
        for payload in payloads:
            prev = self.macs([prev + payload])[0]
            out.append(prev)
        return out


@dataclass(frozen=True)
class ServerKey:
    """PostgreSQL: the key stays on the server; its SECURITY DEFINER functions hash."""

    session: Session

    def macs(self, messages: Sequence[str]) -> list[str]:
        if not messages:
            return []
        return list(
            self.session.execute(
                sa.text("SELECT audit_hmac(CAST(:m AS text[]))"), {"m": list(messages)}
            ).scalar_one()
        )

    def chain(self, prev: str, payloads: Sequence[str]) -> list[str]:
        return list(
            self.session.execute(
                sa.text("SELECT audit_chain_hashes(:p, CAST(:m AS text[]))"),
                {"p": prev, "m": list(payloads)},
            ).scalar_one()
        )


@dataclass(frozen=True)
class ChainState:
    installation_id: str
    keyed_from: int | None


def chain_state(session: Session) -> ChainState:
    row = session.execute(
        sa.select(AuditChain.installation_id, AuditChain.keyed_from).order_by(AuditChain.id)
    ).first()
    if row is None:  # not expected after migration 0008
        return ChainState("", None)
    return ChainState(row.installation_id, row.keyed_from)


def keyring_name(installation_id: str) -> str:
    return f"{KEYRING_PREFIX}{installation_id}"


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


# Keys read from the keyring, per engine (one keyring call per process and database):
# {installation id: key, or None when the keyring could not be used}.
_cache: weakref.WeakKeyDictionary[object, dict[str, bytes | None]] = weakref.WeakKeyDictionary()


def keyring_key(installation_id: str) -> bytes | None:
    """The key kept in this computer's keyring, or None. Raises KeyringUnavailable."""
    stored = credentials.get_password(keyring_name(installation_id))
    return bytes.fromhex(stored) if stored else None


def _keyring_key_or_new(installation_id: str) -> bytes:
    key = keyring_key(installation_id)
    if key is None:
        key = secrets.token_bytes(32)
        credentials.set_password(keyring_name(installation_id), key.hex())
    return key


def writer_hasher(session: Session, state: ChainState) -> Hasher | None:
    """The hasher for new events (None: not keyed yet, plain SHA-256). On SQLite the first
    write that can reach the keyring makes the key and records where keying starts. Raises
    AuditKeyUnavailable when the trail is keyed and the key cannot be reached."""
    if _is_postgres(session):
        return ServerKey(session) if state.keyed_from is not None else None
    engine = session.get_bind()
    known = _cache.setdefault(engine, {})
    if state.installation_id in known:
        key = known[state.installation_id]
    else:
        try:
            key = (
                _keyring_key_or_new(state.installation_id)
                if state.keyed_from is None
                else keyring_key(state.installation_id)
            )
        except credentials.KeyringUnavailable as exc:
            if state.keyed_from is not None:
                raise AuditKeyUnavailable(_unreachable(_why(exc))) from exc
            key = None
        known[state.installation_id] = key
    if key is None:
        if state.keyed_from is not None:
            raise AuditKeyUnavailable(_unreachable("its key is not in this computer's keyring."))
        return None
    if state.keyed_from is None:
        top = session.execute(sa.select(sa.func.max(AuditEvent.id))).scalar_one_or_none() or 0
        session.execute(sa.update(AuditChain).values(keyed_from=top + 1))
    return LocalKey(key)


def _why(exc: credentials.KeyringUnavailable) -> str:
    """The keyring's problem without the wrapper's note about database passwords."""
    return exc.message.split(f", {credentials.ASK_EACH_TIME}")[0].rstrip(".") + "."


def _unreachable(reason: str) -> str:
    return (
        "Nothing was saved: the audit trail of this database is protected with a key kept in "
        f"this computer's keyring, and {reason[:1].lower() + reason[1:]} Unlock the keyring (or "
        "use the computer the database was made on) and try again."
    )


def verifier_hasher(session: Session, state: ChainState) -> tuple[Hasher | None, str]:
    """The hasher to check keyed events with, or None and why it cannot be had."""
    if _is_postgres(session):
        try:
            with session.begin_nested():
                ServerKey(session).macs(["check"])
        except sa.exc.DBAPIError:
            return None, (
                "This database login may not use the audit key on the server, so the keyed "
                "events were checked only for their links and against the checkpoints."
            )
        return ServerKey(session), ""
    try:
        key = keyring_key(state.installation_id)
    except credentials.KeyringUnavailable as exc:
        return None, (
            f"The audit key could not be read: {_why(exc)} So the keyed events were checked "
            "only for their links and against the checkpoints: an event changed with every "
            "later hash recomputed would not show."
        )
    if key is None:
        return None, (
            "This computer's keyring does not hold this database's audit key (it was made on "
            "another computer, or the key was removed), so the keyed events were checked only "
            "for their links and against the checkpoints: an event changed with every later "
            "hash recomputed would not show."
        )
    return LocalKey(key), ""
