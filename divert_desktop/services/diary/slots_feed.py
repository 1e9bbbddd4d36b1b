"""The free-slot feed for the police booking app: every free initial-assessment slot, as JSON, CSV
or an HL7 FHIR R4 Bundle of Schedule and Slot resources, written whole or not at all."""

from __future__ import annotations

import io
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from divert_desktop.core.calendar import slot_id
from divert_desktop.core.errors import DivertError, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.context import Actor
from divert_desktop.services.diary.facts import VenueFacts, load_diary_facts
from divert_desktop.services.sheet_files import csv_writer

__all__ = [
    "FORMATS",
    "MAX_FEED_DAYS",
    "FreeSlot",
    "SlotFeed",
    "feed_text",
    "free_slot_feed",
    "write_atomically",
    "write_feed",
]

UK = ZoneInfo("Europe/London")
MAX_FEED_DAYS = 366
FORMATS = ("json", "csv", "fhir")
CSV_COLUMNS = ("slot_id", "venue", "start", "end")
SLOT_SYSTEM = "urn:divert-desktop:slot-id"
VENUE_SYSTEM = "urn:divert-desktop:venue"
_NAMESPACE = uuid.UUID("5d1f3c1e-8f1a-4a57-9a56-6a3c1b7f0d10")


class FreeSlot(NamedTuple):
    """One free slot: ``start`` and ``end`` in UK local time (naive, as the diary keeps them).
    A named tuple, not a frozen dataclass: a feed makes thousands and a tuple is made in a
    fraction of the time."""

    slot_id: str
    venue_id: int
    venue: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class SlotFeed:
    """The feed: when it was made, the days it covers, the venues and their free slots."""

    generated_at: datetime
    from_date: date
    to_date: date
    venues: list[VenueFacts]
    slots: list[FreeSlot]


def free_slot_feed(
    db: Database,
    actor: Actor,
    *,
    from_date: date,
    to_date: date,
    venue: str | None = None,
    now: datetime | None = None,
) -> SlotFeed:
    """Return every free initial-assessment slot from ``from_date`` to ``to_date`` (inclusive)
    at each active venue (or the one named), on the diary's grid, with the diary's rules (the
    same facts and checks as Find a slot and the import). Slots before ``now`` (default: the
    clock) are left out. Raises PermissionDenied and ValidationError."""
    actor.require(Action.BOOK_APPOINTMENT)
    if to_date < from_date:
        raise ValidationError("The last day must not be before the first day.", field="to")
    if (to_date - from_date).days >= MAX_FEED_DAYS:
        raise ValidationError("The feed can cover at most a year. Choose fewer days.", field="to")
    now = now or db.clock.now()
    with db.unit_of_work(write=False) as session:
        facts = load_diary_facts(session, from_date, to_date)
        length = int(settings_service.read(session, "initial_assessment_minutes") or 60)
    venues = [v for v in facts.venues.values() if v.active]
    if venue is not None:
        wanted = " ".join(venue.split()).casefold()
        venues = [v for v in venues if v.name.casefold() == wanted]
        if not venues:
            known = ", ".join(v.name for v in facts.venues.values() if v.active)
            raise ValidationError(
                f'"{venue}" is not an open venue. Use one of: {known}.', field="venue"
            )
    # In feed order as it is made (by start, then venue name), without sorting the whole feed:
    # each day's starts in time order, and at each start the venues that have it free.
    by_name = sorted(venues, key=lambda v: v.name)
    slots: list[FreeSlot] = []
    append = slots.append
    step = timedelta(minutes=length)
    day = from_date
    while day <= to_date:
        free: list[tuple[VenueFacts, set[datetime]]] = [
            (place, set(found))
            for place in by_name
            if (found := facts.free_starts(place.id, day, length, not_before=now))
        ]
        for start in sorted(set().union(*(starts for _, starts in free))):
            end = start + step
            for place, free_at in free:
                if start in free_at:
                    append(FreeSlot(slot_id(place.id, start), place.id, place.name, start, end))
        day += timedelta(days=1)
    return SlotFeed(db.clock.utc_now(), from_date, to_date, venues, slots)


def uk_time(moment: datetime) -> str:
    """ISO 8601 with the UK offset of that moment: ``2026-12-01T09:30:00+00:00``."""
    return moment.replace(tzinfo=UK).isoformat(timespec="seconds")


def _uk_times() -> Callable[[datetime], str]:
    """``uk_time`` with each day's offset worked out once: the same text, without a time-zone
    conversion per slot (a day the clocks change on is converted moment by moment)."""
    offsets: dict[date, str | None] = {}

    texts: dict[datetime, str] = {}

    def text(moment: datetime) -> str:
        # The venues share the grid: most moments come round once per venue.
        found = texts.get(moment)
        if found is None:
            found = texts[moment] = _text(moment)
        return found

    def _text(moment: datetime) -> str:
        day = moment.date()
        if day not in offsets:
            first = datetime.combine(day, time()).replace(tzinfo=UK)
            last = datetime.combine(day, time(23, 59, 59)).replace(tzinfo=UK)
            same = first.utcoffset() == last.utcoffset()
            offsets[day] = first.isoformat(timespec="seconds")[19:] if same else None
        offset = offsets[day]
        if offset is None or moment.tzinfo is not None or moment.microsecond:
            return uk_time(moment)
        return moment.isoformat(timespec="seconds") + offset

    return text


def _generated(feed: SlotFeed) -> str:
    from datetime import UTC

    return feed.generated_at.replace(tzinfo=UTC).astimezone(UK).isoformat(timespec="seconds")


def _as_json(feed: SlotFeed, slots: bool = True) -> dict[str, Any]:
    out = {
        "generated_at": _generated(feed),
        "from": feed.from_date.isoformat(),
        "to": feed.to_date.isoformat(),
        "venues": [
            {"name": v.name, "local_authority": v.local_authority, "address": v.address}
            for v in feed.venues
        ],
        "slots": [
            {
                "slot_id": s.slot_id,
                "venue": s.venue,
                "start": uk_time(s.start),
                "end": uk_time(s.end),
            }
            for s in (feed.slots if slots else ())
        ],
    }
    if not slots:
        del out["slots"]
    return out


def _json_text(feed: SlotFeed) -> str:
    """``json.dumps(_as_json(feed), ensure_ascii=False, indent=1)``, the same text character for
    character, with the slots written from a template (the indenting encoder is pure Python and
    was most of the feed's time). tests/db/test_slots_feed.py checks they agree."""
    head = json.dumps({**_as_json(feed, slots=False), "slots": []}, ensure_ascii=False, indent=1)
    if not feed.slots:
        return head + "\n"
    assert head.endswith('"slots": []\n}')
    quote = json.encoder.encode_basestring  # what ensure_ascii=False writes strings with
    names: dict[str, str] = {}
    when = _uk_times()
    parts = [head[: -len("[]\n}")], "[\n"]
    last = len(feed.slots) - 1
    for i, s in enumerate(feed.slots):
        venue = names.get(s.venue)
        if venue is None:
            venue = names[s.venue] = quote(s.venue)
        parts.append(
            f'  {{\n   "slot_id": {quote(s.slot_id)},\n   "venue": {venue},\n'
            f'   "start": "{when(s.start)}",\n   "end": "{when(s.end)}"\n  }}'
            + (",\n" if i < last else "\n")
        )
    parts.append(" ]\n}\n")
    return "".join(parts)


def _as_csv(feed: SlotFeed) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    when = _uk_times()
    for s in feed.slots:
        writer.writerow([s.slot_id, s.venue, when(s.start), when(s.end)])
    return out.getvalue()


def _urn(kind: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}:{key}')}"


def _as_fhir(feed: SlotFeed) -> dict[str, Any]:
    """A FHIR R4 searchset Bundle: one Schedule per venue, one free Slot per slot."""
    horizon = {
        "start": uk_time(datetime.combine(feed.from_date, datetime.min.time())),
        "end": uk_time(datetime.combine(feed.to_date, datetime.max.time().replace(microsecond=0))),
    }
    entries: list[dict[str, Any]] = []
    for v in feed.venues:
        schedule: dict[str, Any] = {
            "resourceType": "Schedule",
            "id": f"venue-{v.id}",
            "identifier": [{"system": VENUE_SYSTEM, "value": str(v.id)}],
            "active": True,
            "serviceType": [{"text": "Initial assessment"}],
            "actor": [{"display": v.name}],
            "planningHorizon": horizon,
            "comment": f"{v.name} ({v.local_authority}){': ' + v.address if v.address else ''}",
        }
        entries.append(
            {
                "fullUrl": _urn("schedule", str(v.id)),
                "resource": schedule,
                "search": {"mode": "include"},
            }
        )
    for s in feed.slots:
        slot = {
            "resourceType": "Slot",
            "id": s.slot_id,
            "identifier": [{"system": SLOT_SYSTEM, "value": s.slot_id}],
            "serviceType": [{"text": "Initial assessment"}],
            "schedule": {"reference": _urn("schedule", str(s.venue_id)), "display": s.venue},
            "status": "free",
            "start": uk_time(s.start),
            "end": uk_time(s.end),
        }
        entries.append(
            {"fullUrl": _urn("slot", s.slot_id), "resource": slot, "search": {"mode": "match"}}
        )
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": _generated(feed),
        "total": len(feed.slots),
        "entry": entries,
    }


def feed_text(feed: SlotFeed, fmt: str) -> str:
    """The feed as ``json``, ``csv`` or ``fhir`` (JSON) text."""
    if fmt == "csv":
        return _as_csv(feed)
    if fmt == "json":
        return _json_text(feed)
    return json.dumps(_as_fhir(feed), ensure_ascii=False, indent=1) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it into place, so a reader
    sees the old file or the new one, never half of one. Raises DivertError."""
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or Path(".")
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise DivertError(
            f"Cannot write {path}: {exc.strerror or exc}. Choose another folder."
        ) from None


def write_feed(feed: SlotFeed, path: Path, fmt: str | None = None) -> str:
    """Write the feed to ``path`` (format from ``fmt`` or the extension); return the format."""
    path = Path(path)
    fmt = fmt or ("csv" if path.suffix.casefold() == ".csv" else "json")
    if fmt not in FORMATS:
        raise ValidationError(f"Choose a format: {', '.join(FORMATS)}.", field="format")
    write_atomically(path, feed_text(feed, fmt))
    return fmt
