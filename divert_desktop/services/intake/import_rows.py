"""Reading a police referral file (CSV or JSON Lines) into rows, and parsing each row into a draft."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from divert_desktop.core.calendar import parse_slot_id
from divert_desktop.core.eligibility import AppropriateAdult
from divert_desktop.core.enums import Gender, LocalAuthority
from divert_desktop.core.errors import DivertError, ValidationError
from divert_desktop.core.spreadsheet import restore_cell
from divert_desktop.core.substances import parse_substances
from divert_desktop.core.validation import parse_bool, parse_date, parse_datetime, visible_text
from divert_desktop.services.intake.draft import (
    FIELD_LABELS,
    ReferralDraft,
    VenueRef,
    check_parsed_draft,
    clean_email,
    clean_phone,
    clean_postcode,
    clean_text,
    resolve_venue,
)

REQUIRED_COLUMNS = (
    "police_reference",
    "referral_datetime",
    "officer_name",
    "officer_number",
    "first_name",
    "last_name",
    "date_of_birth",
    "local_authority",
    "substances",
    "intent_to_supply",
)
OPTIONAL_COLUMNS = (
    "gender",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
    "appropriate_adult_name",
    "appropriate_adult_relationship",
    "appropriate_adult_phone",
    "appointment_datetime",
    "appointment_venue",
    "slot_id",
    "consent_to_share",
    "notes",
)
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
REJECTS_COLUMNS = ("row", "police_reference", "field", "message")
"""The columns a rejects file (``importer.write_rejects``) puts before the row's own."""

_AUTHORITIES = {la.value.casefold(): la for la in LocalAuthority}
_GENDERS: dict[str, Gender] = {g.value.casefold(): g for g in Gender}
_GENDERS.update(
    {
        "m": Gender.MALE,
        "f": Gender.FEMALE,
        "man": Gender.MALE,
        "woman": Gender.FEMALE,
        "non binary": Gender.NON_BINARY,
        "nonbinary": Gender.NON_BINARY,
        "not_stated": Gender.NOT_STATED,
    }
)


class ImportFileError(DivertError):
    """The file cannot be read as a referral file at all; nothing was imported."""


@dataclass(frozen=True)
class RowError:
    """One problem with one row of an import file (``row`` 1 is the first data record)."""

    row: int
    police_reference: str | None
    field: str
    message: str


@dataclass(frozen=True)
class RawRow:
    """One data record as read: values by normalised column name, and the original text."""

    row: int
    values: Mapping[str, str | None]
    raw: Mapping[str, str]
    problems: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RawFile:
    """A whole referral file as read, before any row is checked."""

    name: str
    kind: str
    sha256: str
    columns: tuple[str, ...]
    rows: list[RawRow] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()


def column_key(name: str) -> str:
    """A header name as compared: trimmed, case-folded, spaces and hyphens as underscores."""
    return "_".join(str(name).strip().casefold().replace("-", " ").split())


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_referral_file(path: Path) -> RawFile:
    """Read a CSV or JSON Lines referral file. Raises ImportFileError when it cannot be used."""
    path = Path(path)
    # A name as shown and audited: undecodable bytes and control characters made visible.
    name = visible_text(os.fsencode(path.name).decode("utf-8", "replace"))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(
            f"There is no file called {path}. Check the name and folder."
        ) from None
    except IsADirectoryError:
        raise ImportFileError(
            f"{path} is a folder, not a file. Choose the referral file."
        ) from None
    except OSError as exc:
        raise ImportFileError(f"Cannot open {path}: {exc.strerror or exc}.") from None
    if b"\x00" in data:
        raise ImportFileError(
            f"{name} is not a CSV or JSON Lines file (it looks like a spreadsheet or other "
            "binary file). Export the referrals as CSV UTF-8 and try again."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            f'{name} is not saved as UTF-8 text. Save it as "CSV UTF-8" and try again.'
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    stripped = text.lstrip()
    if not stripped:
        raise ImportFileError(f"{name} is empty. There are no referrals to import.")
    if stripped.startswith("["):
        raise ImportFileError(
            f"{name} holds a JSON list. Export the referrals as JSON Lines (one object per line) "
            "or as CSV."
        )
    if path.suffix.casefold() in (".jsonl", ".ndjson") or stripped.startswith("{"):
        columns, rows = _read_jsonl(name, text)
        kind = "jsonl"
    else:
        columns, rows = _read_csv(name, text)
        kind = "csv"
    if not columns and rows:  # JSON Lines of which no line could be read
        problem = rows[0].problems[0][1]
        raise ImportFileError(f"{name} cannot be imported: {problem[:1].lower()}{problem[1:]}.")
    present = {column_key(c) for c in columns}
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        raise ImportFileError(
            f"{name} is not a referral file: it has no {', '.join(missing)} column"
            f"{'s' if len(missing) > 1 else ''}. The first line must name the columns."
        )
    skipped = set(REJECTS_COLUMNS) if kind == "csv" and _is_rejects_file(columns) else set()
    ignored = tuple(
        c
        for c in columns
        if column_key(c) and column_key(c) not in KNOWN_COLUMNS and column_key(c) not in skipped
    )
    return RawFile(
        name=name,
        kind=kind,
        sha256=digest,
        columns=tuple(columns),
        rows=rows,
        ignored_columns=ignored,
    )


def _is_rejects_file(columns: list[str]) -> bool:
    keys = tuple(column_key(c) for c in columns[: len(REJECTS_COLUMNS)])
    return keys == REJECTS_COLUMNS


def _read_csv(name: str, text: str) -> tuple[list[str], list[RawRow]]:
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportFileError(f"{name} cannot be read as CSV: {exc}.") from None
    # A file this app wrote (a rejects file put right) has "'" before text starting = + - @
    records = [[restore_cell(c) for c in r] for r in records if any(c.strip() for c in r)]
    if not records:
        raise ImportFileError(f"{name} is empty. There are no referrals to import.")
    header = records[0]
    keys = [column_key(h) for h in header]
    if tuple(keys[: len(REJECTS_COLUMNS)]) == REJECTS_COLUMNS:
        # A rejects file, fixed to import again: its report columns are not the referral's
        # (the original police_reference column after them is).
        keys[: len(REJECTS_COLUMNS)] = [""] * len(REJECTS_COLUMNS)
    refuse_repeated_columns(name, header, keys)
    rows: list[RawRow] = []
    for number, record in enumerate(records[1:], start=1):
        values: dict[str, str | None] = {}
        raw: dict[str, str] = {}
        for i, cell in enumerate(record[: len(header)]):
            raw[header[i]] = cell
            if keys[i]:
                values[keys[i]] = _normalise_newlines(cell)
        problems: tuple[tuple[str, str], ...] = ()
        extra = [cell for cell in record[len(header) :] if cell.strip()]
        if extra:
            for j, cell in enumerate(record[len(header) :], start=len(header) + 1):
                raw[f"column {j}"] = cell
            problems = (
                (
                    "row",
                    "This row has more values than the file has columns. Put text that "
                    "contains a comma inside double quotes.",
                ),
            )
        rows.append(RawRow(number, values, raw, problems))
    return header, rows


def refuse_repeated_columns(name: str, header: list[str], keys: list[str]) -> None:
    """Refuse a header naming a column twice (in any case or spacing): which of the two
    columns holds the referral's value cannot be known, so neither is guessed."""
    seen: set[str] = set()
    for title, key in zip(header, keys, strict=True):
        if key and key in seen:
            raise ImportFileError(
                f"{name} cannot be imported: the column '{title.strip()}' appears twice in the "
                "header. Remove or rename one of them and try again."
            )
        seen.add(key)


MAX_JSON_DEPTH = 20
"""How deeply a JSON Lines record may nest lists and objects (a referral needs 1)."""
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKETS = re.compile(r"[\[\]{}]")


def _json_depth(line: str) -> int:
    """How deeply ``line`` nests lists and objects (brackets inside strings do not count)."""
    if line.count("[") + line.count("{") <= MAX_JSON_DEPTH:
        return 0  # the quick answer for every ordinary line: it cannot be too deep
    depth = deepest = 0
    for bracket in _JSON_BRACKETS.findall(_JSON_STRING.sub("", line)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return _normalise_newlines(str(value))


def _read_jsonl(name: str, text: str) -> tuple[list[str], list[RawRow]]:
    columns: dict[str, None] = {}
    rows: list[RawRow] = []
    for line_number, line in enumerate(_normalise_newlines(text).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            if _json_depth(line) > MAX_JSON_DEPTH:
                raise RecursionError
            obj = json.loads(line, object_pairs_hook=_Pairs)
        except RecursionError:
            rows.append(_unreadable_line(len(rows) + 1, line_number, line))
            continue
        except ValueError:
            rows.append(_not_an_object(len(rows) + 1, line_number, line, "is not valid JSON"))
            continue
        if not isinstance(obj, _Pairs):  # every JSON object is read as _Pairs
            rows.append(_not_an_object(len(rows) + 1, line_number, line, "is not a JSON object"))
            continue
        values: dict[str, str | None] = {}
        raw: dict[str, str] = {}
        problems: list[tuple[str, str]] = []
        for key, value in obj.pairs:
            norm = column_key(key)
            if key in columns and key in raw and norm in KNOWN_COLUMNS:  # which one is meant?
                problems.append((norm, f"The key '{key}' appears twice in this line. Keep one"))
                continue
            columns.setdefault(str(key), None)
            if isinstance(value, dict | list):
                raw[str(key)] = json.dumps(value, ensure_ascii=False)
                if norm in KNOWN_COLUMNS:
                    problems.append((norm, "Give a single value here, not a list or an object"))
                continue
            raw[str(key)] = (
                ""
                if value is None
                else (json.dumps(value) if isinstance(value, bool) else str(value))
            )
            values[norm] = _json_text(value)
        rows.append(RawRow(len(rows) + 1, values, raw, tuple(problems)))
    return list(columns), rows


class _Pairs(dict):  # type: ignore[type-arg]
    """A JSON object that remembers every key in order, repeats included."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.pairs = pairs


def _not_an_object(row: int, line_number: int, line: str, what: str) -> RawRow:
    """A line that is not one referral object: rejected as a row of its own."""
    message = f"Line {line_number} {what}. Each line must be one referral in {{…}}"
    return RawRow(row, {}, {"line": line[:1000]}, (("row", message),))


def _unreadable_line(row: int, line_number: int, line: str) -> RawRow:
    """A line nested too deeply to read: rejected as a row of its own, nothing read from it."""
    message = (
        f"Line {line_number} nests lists or objects more than {MAX_JSON_DEPTH} deep, so it "
        "cannot be read. Each line must be one referral with a single value for each key"
    )
    return RawRow(row, {}, {"line": line[:1000]}, (("row", message),))


# --------------------------------------------------------------------------- one row


class _Row:
    """Collects the parsed values and problems of one row."""

    def __init__(self, raw: RawRow) -> None:
        self.raw = raw
        self.errors: list[tuple[str, str]] = list(raw.problems)
        self.bad = {f for f, _ in raw.problems}

    def text(self, name: str) -> str | None:
        value = self.raw.values.get(name)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def fail(self, name: str, message: str) -> None:
        self.errors.append((name, message))
        self.bad.add(name)

    def required(self, name: str) -> str | None:
        value = self.text(name)
        if value is None and name not in self.bad:
            self.fail(name, f"The {FIELD_LABELS.get(name, name)} is missing")
        return value

    def apply(self, name: str, func: Any, value: str | None, *args: Any) -> Any:
        """``func(value, *args)``; None when there is no value or the field already failed."""
        if value is None or name in self.bad:
            return None
        try:
            return func(value, *args)
        except ValidationError as exc:
            self.fail(name, exc.message)
            return None


def police_reference_of(raw: RawRow) -> str | None:
    value = raw.values.get("police_reference")
    return value.strip() or None if value else None


def _authority(text: str) -> LocalAuthority:
    found = _AUTHORITIES.get(" ".join(text.split()).casefold())
    if found is None:
        raise ValidationError(
            f'"{text}" is not one of the seven areas: '
            + ", ".join(la.value for la in LocalAuthority),
            field="local_authority",
        )
    return found


def _gender(text: str) -> Gender:
    key = " ".join(text.replace("_", " ").split()).casefold()
    found = _GENDERS.get(key) or _GENDERS.get(key.replace(" ", "-"))
    if found is None:
        raise ValidationError(
            f'"{text}" is not a gender the app records. Use female, male, non-binary, other '
            "or not stated",
            field="gender",
        )
    return found


@dataclass(frozen=True)
class BookingRequest:
    """The appointment a row asks for: its start and venue (None: not a venue that can be
    booked, ``problem`` says why), given by time and venue or by ``slot_id``."""

    start: datetime | None
    venue: VenueRef | None
    field: str
    problem: str | None = None


def _slot_request(text: str, venues: Mapping[str, VenueRef]) -> BookingRequest:
    found = parse_slot_id(text)
    by_id = {v.id: v for v in venues.values()}
    if found is None or found[0] not in by_id:
        return BookingRequest(
            found[1] if found else None,
            None,
            "slot_id",
            f'"{text}" is not a slot this service offers. Use a slot_id from the free-slot feed',
        )
    venue = by_id[found[0]]
    if not venue.active:
        return BookingRequest(found[1], None, "slot_id", _inactive(venue))
    return BookingRequest(found[1], venue, "slot_id")


def _inactive(venue: VenueRef) -> str:
    return f"The {venue.name} venue is closed for bookings"


def _venue_request(start: datetime, text: str, venues: Mapping[str, VenueRef]) -> BookingRequest:
    try:
        venue = resolve_venue(venues, text)
    except ValidationError as exc:
        return BookingRequest(start, None, "appointment_venue", exc.message)
    return BookingRequest(start, venue, "appointment_venue")


def parse_row(
    raw: RawRow, venues: Mapping[str, VenueRef], *, now: datetime, today: date
) -> tuple[ReferralDraft | None, list[tuple[str, str]]]:
    """Check one row; return its draft (None when rejected) and its problems as (field, message).

    The appointment asked for is not checked here (see ``parse_row_booking``)."""
    draft, problems, _ = parse_row_booking(raw, venues, now=now, today=today)
    return draft, problems


def parse_row_booking(
    raw: RawRow, venues: Mapping[str, VenueRef], *, now: datetime, today: date
) -> tuple[ReferralDraft | None, list[tuple[str, str]], BookingRequest | None]:
    """Check one row; return its draft (None when rejected), its problems as (field, message)
    and the appointment it asks for (None: none), which the import checks against the diary."""
    if raw.problems and not raw.values:  # nothing could be read from it
        return None, list(raw.problems), None
    r = _Row(raw)
    values: dict[str, Any] = {}
    for name in ("police_reference", "officer_name", "officer_number", "first_name", "last_name"):
        values[name] = r.apply(name, clean_text, r.required(name), name)
    values["referral_datetime"] = r.apply(
        "referral_datetime", parse_datetime, r.required("referral_datetime"), "referral_datetime"
    )
    values["date_of_birth"] = r.apply(
        "date_of_birth", parse_date, r.required("date_of_birth"), "date_of_birth"
    )
    values["local_authority"] = r.apply(
        "local_authority", _authority, r.required("local_authority")
    )
    values["substances"] = r.apply("substances", parse_substances, r.required("substances"))
    values["intent_to_supply"] = r.apply(
        "intent_to_supply", parse_bool, r.required("intent_to_supply"), "intent_to_supply"
    )
    values["gender"] = r.apply("gender", _gender, r.text("gender"))
    values["postcode"] = r.apply("postcode", clean_postcode, r.text("postcode"))
    for name in ("address_line_1", "address_line_2", "town"):
        values[name] = r.apply(name, clean_text, r.text(name), name)
    values["phone"] = r.apply("phone", clean_phone, r.text("phone"))
    values["email"] = r.apply("email", clean_email, r.text("email"))
    aa_name = r.apply(
        "appropriate_adult_name",
        clean_text,
        r.text("appropriate_adult_name"),
        "appropriate_adult_name",
    )
    aa_relationship = r.apply(
        "appropriate_adult_relationship",
        clean_text,
        r.text("appropriate_adult_relationship"),
        "appropriate_adult_relationship",
    )
    aa_phone = r.apply(
        "appropriate_adult_phone",
        clean_phone,
        r.text("appropriate_adult_phone"),
        "appropriate_adult_phone",
    )
    values["appointment_datetime"] = r.apply(
        "appointment_datetime",
        parse_datetime,
        r.text("appointment_datetime"),
        "appointment_datetime",
    )
    venue_text = r.apply(
        "appointment_venue", clean_text, r.text("appointment_venue"), "appointment_venue"
    )
    slot_text = r.apply("slot_id", clean_text, r.text("slot_id"), "slot_id")
    request: BookingRequest | None = None
    if slot_text is not None:
        request = _slot_request(slot_text, venues)
        known = request.venue is not None
        values["appointment_datetime"] = request.start if known else None
        venue_text = request.venue.name if request.venue else None
    values["appointment_venue"] = venue_text
    values["consent_to_share"] = r.apply(
        "consent_to_share", parse_bool, r.text("consent_to_share"), "consent_to_share"
    )
    values["notes"] = r.apply("notes", clean_text, r.text("notes"), "notes")
    if r.errors:
        return None, r.errors, None
    adult = None
    if aa_name or aa_relationship or aa_phone:
        adult = AppropriateAdult(aa_name or "", aa_relationship or "", aa_phone)
    draft = ReferralDraft(
        appropriate_adult=adult, substances=tuple(values.pop("substances")), **values
    )
    # The rules across fields; each field's own check was done once, above.
    problems = check_parsed_draft(draft, now=now, today=today)
    if problems:
        return None, [(p.field or "row", p.message) for p in problems], None
    if request is None and draft.appointment_datetime is not None:
        request = _venue_request(draft.appointment_datetime, draft.appointment_venue or "", venues)
    return draft, [], request
