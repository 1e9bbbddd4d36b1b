"""Parsing, validation and display formatting of typed and imported values (UK conventions)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from divert_desktop.core.errors import ValidationError

__all__ = [
    "MAX_RECORD_ID",
    "UK_TIMEZONE",
    "check_text",
    "format_date",
    "format_long_date",
    "format_time",
    "format_uk_phone",
    "is_record_id",
    "later_name_words",
    "normalise_postcode",
    "normalise_uk_phone",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "plural",
    "search_key",
    "text_problem",
    "validate_email",
    "visible_text",
]

UK_TIMEZONE = ZoneInfo("Europe/London")

# --------------------------------------------------------------------------- postcodes

# The standard UK postcode pattern (outward code, inward code), written on the compact form
# with every space removed. ASCII classes only, so no other script's digits or letters slip in.
_POSTCODE_RE = re.compile(
    r"(?:GIR0AA)"
    r"|(?:(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z])"
    r"[0-9][A-Z]{2})"
)
_POSTCODE_MESSAGE = "Enter a UK postcode, like B1 1AA"


def normalise_postcode(text: str, field: str = "postcode") -> str:
    """Return a UK postcode in its canonical form ("B1 1AA", "SW1A 2AA").

    Any case and any spacing are accepted. Raises ValidationError when it is not a UK postcode.
    """
    compact = "".join(str(text or "").split()).upper()
    if not _POSTCODE_RE.fullmatch(compact):
        raise ValidationError(_POSTCODE_MESSAGE, field=field)
    return f"{compact[:-3]} {compact[-3:]}"


# --------------------------------------------------------------------------- phone numbers

_PHONE_MESSAGE = "Enter a UK phone number, like 07700 900123"
_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
# 02, 03 and 07 numbers always have 11 digits; 01, 05 and 08 numbers have 10 or 11.
_ELEVEN_DIGITS_ONLY = ("02", "03", "07")
_VALID_PREFIXES = ("01", "02", "03", "05", "07", "08")


def normalise_uk_phone(text: str, field: str = "phone") -> str:
    """Return a UK phone number as national digits starting with 0 ("07700900123").

    Accepts spaces, dashes, dots, brackets and the +44, 0044 and +44 (0) forms.
    Raises ValidationError when the number is not a UK landline, mobile or non-geographic number.
    """
    raw = str(text or "").strip()
    # "+44 (0)121 …": the bracketed trunk zero is dropped together with the brackets below.
    compact = _PHONE_SEPARATORS.sub("", raw)
    if compact.startswith("+44"):
        rest = compact[3:]
    elif compact.startswith("0044"):
        rest = compact[4:]
    else:
        rest = None
    if rest is not None:
        national = rest if rest.startswith("0") else "0" + rest
    else:
        national = compact
    if not (national.isascii() and national.isdigit()):
        raise ValidationError(_PHONE_MESSAGE, field=field)
    if not national.startswith(_VALID_PREFIXES):
        raise ValidationError(_PHONE_MESSAGE, field=field)
    if national.startswith(_ELEVEN_DIGITS_ONLY):
        if len(national) != 11:
            raise ValidationError(_PHONE_MESSAGE, field=field)
    elif len(national) not in (10, 11):
        raise ValidationError(_PHONE_MESSAGE, field=field)
    return national


def format_uk_phone(digits: str) -> str:
    """Return a UK phone number spaced for display ("07700 900123", "0121 496 0000").

    Best effort: text that is not a UK number is returned trimmed and unchanged.
    """
    try:
        n = normalise_uk_phone(digits)
    except ValidationError:
        return str(digits or "").strip()
    if len(n) == 11:
        if n.startswith("02"):
            return f"{n[:3]} {n[3:7]} {n[7:]}"  # 020 7946 0000
        if n.startswith("07"):
            return f"{n[:5]} {n[5:]}"  # 07700 900123
        if n.startswith(("011", "03", "05", "08")) or n[3] == "1":
            return f"{n[:4]} {n[4:7]} {n[7:]}"  # 0121 496 0000, 0300 123 4567
        return f"{n[:5]} {n[5:]}"  # 01902 123456
    if n.startswith(("05", "08")):
        return f"{n[:4]} {n[4:]}"  # 0800 123456
    return f"{n[:5]} {n[5:]}"  # 01697 73456


# --------------------------------------------------------------------------- email

_EMAIL_MESSAGE = "Enter an email address, like name@example.com"
_EMAIL_RE = re.compile(
    r"(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
)


def validate_email(text: str, field: str = "email") -> str:
    """Return the email address trimmed, with its domain in lower case.

    Raises ValidationError when it does not look like name@example.com.
    """
    value = str(text or "").strip()
    match = _EMAIL_RE.fullmatch(value)
    if match is None or len(value) > 254 or len(match["local"]) > 64:
        raise ValidationError(_EMAIL_MESSAGE, field=field)
    return f"{match['local']}@{match['domain'].lower()}"


# --------------------------------------------------------------------------- dates and times

_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_UK_DATE_RE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO_DATETIME_RE = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[Tt ]\s*([0-9]{1,2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:[.,]([0-9]{1,6})[0-9]*)?)?"
    r"\s*(?P<zone>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
_UK_DATETIME_RE = re.compile(
    r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:\s*,\s*|\s+|[Tt])([0-9]{1,2})[:.]([0-9]{2})"
    r"(?::([0-9]{2}))?"
)
_DATE_EXAMPLE = "like 2/12/2026"
_DATETIME_EXAMPLE = "like 2/12/2026 14:30"


def parse_date(text: str, field: str) -> date:
    """Parse "YYYY-MM-DD", "D/M/YYYY" or "DD/MM/YYYY" (always day first, never US order).

    Raises ValidationError for an empty value, another layout or a date not on the calendar.
    """
    value = str(text or "").strip()
    if not value:
        raise ValidationError("Enter a date", field=field)
    if m := _ISO_DATE_RE.fullmatch(value):
        year, month, day = (int(g) for g in m.groups())
    elif m := _UK_DATE_RE.fullmatch(value):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise ValidationError(f"Enter a date as day/month/year, {_DATE_EXAMPLE}", field=field)
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            f"Enter a real date, {_DATE_EXAMPLE} ({value} is not on the calendar)", field=field
        ) from None


def _zone_offset(zone: str) -> timezone:
    """Turn "Z", "+01:00", "+0100" or "-05" into a fixed offset; ValueError when out of range."""
    if zone in ("Z", "z"):
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_datetime(text: str, field: str) -> datetime:
    """Parse a date and time into a naive datetime in UK local time (Europe/London).

    Accepts ISO 8601 ("2026-12-02T14:30", "2026-12-02 14:30:00", optional offset or Z: such a
    value is converted to UK local time) and "DD/MM/YYYY HH:MM" (also "D/M/YYYY H:MM").
    Raises ValidationError for anything else or for a date or time that does not exist.
    """
    value = str(text or "").strip()
    if not value:
        raise ValidationError("Enter a date and time", field=field)
    zone: str | None = None
    if m := _ISO_DATETIME_RE.fullmatch(value):
        year, month, day, hour, minute = (int(g) for g in m.groups()[:5])
        second = int(m.group(6) or 0)
        micro = int((m.group(7) or "0").ljust(6, "0"))
        zone = m.group("zone")
    elif m := _UK_DATETIME_RE.fullmatch(value):
        day, month, year, hour, minute = (int(g) for g in m.groups()[:5])
        second, micro = int(m.group(6) or 0), 0
    else:
        raise ValidationError(
            f"Enter a date and time as day/month/year hours:minutes, {_DATETIME_EXAMPLE}",
            field=field,
        )
    try:
        result = datetime(year, month, day, hour, minute, second, micro)
        if zone is not None:
            aware = result.replace(tzinfo=_zone_offset(zone))
            result = aware.astimezone(UK_TIMEZONE).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise ValidationError(
            f"Enter a real date and time, {_DATETIME_EXAMPLE} ({value} does not exist)",
            field=field,
        ) from None
    return result


_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0"})


def parse_bool(text: str, field: str) -> bool:
    """Parse yes/no, y/n, true/false or 1/0 in any case; raise ValidationError otherwise."""
    value = str(text if text is not None else "").strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValidationError("Answer yes or no", field=field)


# --------------------------------------------------------------------------- storable text

# Control characters (C0 but tab and newline, DEL, C1) and the halves of surrogate pairs
# (a "lone surrogate" is not a character: no database can store it as UTF-8).
_NOT_STORABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_STORABLE_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# What a terminal acts on instead of showing: every control character, the surrogate halves,
# and the marks that reverse the direction of the text after them.
_NOT_VISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_NOT_VISIBLE_LINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` cannot be stored, as words to put in brackets in a message, or None.

    The one rule for every text the app stores (import, intake, search, edits): no NUL, no
    other control character (tab and newline only where several lines are allowed: call with
    ``multiline=True`` after turning "\\r\\n" into "\\n"), and no lone surrogate.
    """
    found = (_NOT_STORABLE_LINES if multiline else _NOT_STORABLE).search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code == 0:
        return "a null character"
    if 0xD800 <= code <= 0xDFFF:
        return "a damaged character"
    return "a control character"


def check_text(text: str, field: str, label: str = "This", *, multiline: bool = False) -> str:
    """Return ``text`` unchanged, or raise ValidationError(field=``field``) saying in plain words
    that ``label`` (a sentence start such as "The first name") holds characters that cannot be
    stored (see ``text_problem``)."""
    problem = text_problem(text, multiline=multiline)
    if problem is not None:
        raise ValidationError(
            f"{label} contains characters that cannot be stored ({problem})",
            field=field,
        )
    return text


def visible_text(text: object, *, lines: bool = False) -> str:
    """``text`` safe to print on a terminal: control and escape characters (ESC, bell, CR …),
    lone surrogates and direction overrides shown as ``\\x1b`` or ``\\u202e``; newlines (and
    tabs) kept only when ``lines`` is True."""
    pattern = _NOT_VISIBLE_LINES if lines else _NOT_VISIBLE
    return pattern.sub(_escape, str(text))


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# --------------------------------------------------------------------------- record ids

MAX_RECORD_ID = 2**31 - 1
"""The largest id a record can have (the primary keys are 32-bit INTEGER on PostgreSQL)."""


def is_record_id(value: int) -> bool:
    """Whether ``value`` can be the id of a stored record (1 to ``MAX_RECORD_ID``): anything
    else is found by nobody, and must not reach the database (it overflows the driver)."""
    return 1 <= value <= MAX_RECORD_ID


# --------------------------------------------------------------------------- search keys

_APOSTROPHES = "'\u2019\u2018\u201b\u02bc\u0060\u00b4\u2032"
_REMOVE_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
_SPECIAL_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i", "ð": "d", "þ": "th"}
)


@lru_cache(maxsize=1 << 14)
def search_key(text: str) -> str:
    """Return a case- and accent-folded key for searching and matching names.

    "Siân O’Neill-Smith" becomes "sian oneill smith": accents dropped, case folded, apostrophes
    removed, hyphens and other punctuation turned into single spaces. Remembered for the last
    16,384 texts: an import folds each name once, however often matching compares it.
    """
    value = str(text or "").translate(_REMOVE_APOSTROPHES)
    # Decompose first so compatibility forms ("𝕊", "ﬁ") fold too, and again after case folding.
    value = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = value.translate(_REMOVE_APOSTROPHES).translate(_SPECIAL_LETTERS)
    value = "".join(ch if ch.isalnum() else " " for ch in value)
    return " ".join(value.split())


def later_name_words(*keys: str | None) -> list[str]:
    """The words after the first of each folded name key, without repeats: "ozturk jones" gives
    ["jones"], so searching "jones" finds "Öztürk-Jones" through an index."""
    words: dict[str, None] = {}
    for key in keys:
        for word in (key or "").split()[1:]:
            words.setdefault(word[:100], None)
    return list(words)


# --------------------------------------------------------------------------- display

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(d: date) -> str:
    """Return a short display date such as "Wed 2 Dec 2026" (English, whatever the locale)."""
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1][:3]} {d.year}"


def format_long_date(d: date) -> str:
    """Return a date for letters such as "2 December 2026"."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def format_time(t: time | datetime) -> str:
    """Return the 24-hour clock time of a time or datetime, such as "14:30"."""
    return f"{t.hour:02d}:{t.minute:02d}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 event", "2 events", "1,204 events"; ``many`` for irregular words ("person", "people")."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"
