"""Unit and property tests for parsing, validation and display formatting."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import (
    format_date,
    format_long_date,
    format_time,
    format_uk_phone,
    normalise_postcode,
    normalise_uk_phone,
    parse_bool,
    parse_date,
    parse_datetime,
    search_key,
    validate_email,
)

# --------------------------------------------------------------------------- postcodes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("B1 1AA", "B1 1AA"),
        ("b11aa", "B1 1AA"),
        ("  b1   1aa ", "B1 1AA"),
        ("sw1a2aa", "SW1A 2AA"),
        ("SW1A 2AA", "SW1A 2AA"),
        ("ec1a 1bb", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("CV1 5FB", "CV1 5FB"),
        ("WV1 1SH", "WV1 1SH"),
        ("gir 0aa", "GIR 0AA"),
        ("GIR0AA", "GIR 0AA"),
        ("b1\t1aa", "B1 1AA"),
    ],
)
def test_postcode_normalised(text: str, expected: str) -> None:
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "B1",
        "1AA",
        "B1 1A",
        "B1 1AAA",
        "BB1A 1AA1",
        "BI1 1AA",  # I is never the second letter
        "BZ1 1AA",  # nor Z
        "B1A1 1AA",
        "1B 1AA",
        "B1 AAA",
        "12345",
        "B1-1AA",
        "Ｂ１ １ＡＡ",  # full-width characters
        "B١ ١AA",  # Arabic-Indic digits
        "GIR 0AB",
    ],
)
def test_postcode_rejected_with_friendly_message(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        normalise_postcode(text)
    assert err.value.message == "Enter a UK postcode, like B1 1AA"
    assert err.value.field == "postcode"


def test_postcode_error_names_the_field_given() -> None:
    with pytest.raises(ValidationError) as err:
        normalise_postcode("nope", field="adult_postcode")
    assert err.value.field == "adult_postcode"


# --------------------------------------------------------------------------- phone numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07700 900123", "07700900123"),
        ("07700900123", "07700900123"),
        ("07700-900-123", "07700900123"),
        ("07700.900.123", "07700900123"),
        ("+44 7700 900123", "07700900123"),
        ("+447700900123", "07700900123"),
        ("0044 7700 900123", "07700900123"),
        ("+44 (0)7700 900123", "07700900123"),
        ("+44 (0) 121 496 0000", "01214960000"),
        ("(0121) 496 0000", "01214960000"),
        ("0121 496 0000", "01214960000"),
        ("020 7946 0000", "02079460000"),
        ("0300 123 4567", "03001234567"),
        ("0800 123 4567", "08001234567"),
        ("0800 123456", "0800123456"),
        ("01697 73456", "0169773456"),
        ("01902 123456", "01902123456"),
        ("0500 123456", "0500123456"),
        ("  07700 900123  ", "07700900123"),
    ],
)
def test_phone_normalised(text: str, expected: str) -> None:
    assert normalise_uk_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "phone me",
        "07700 90012",  # a mobile number one digit short
        "07700 9001234",  # a mobile number one digit long
        "020 7946 000",  # London numbers have 11 digits
        "0121 496 00000 0",
        "0900 123 4567",  # premium rate is not accepted
        "0400 123 4567",
        "00 33 1 23 45 67 89",  # French number
        "+33 1 23 45 67 89",
        "7700 900123",  # no leading 0
        "07700 900123 ext 4",
        "+44 07700 9001",
        "０７７００ ９００１２３",  # full-width digits
        "07700+900123",
    ],
)
def test_phone_rejected_with_friendly_message(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        normalise_uk_phone(text, field="adult_phone")
    assert err.value.message == "Enter a UK phone number, like 07700 900123"
    assert err.value.field == "adult_phone"


@pytest.mark.parametrize(
    ("digits", "shown"),
    [
        ("07700900123", "07700 900123"),
        ("01214960000", "0121 496 0000"),
        ("01134960000", "0113 496 0000"),
        ("02079460000", "020 7946 0000"),
        ("03001234567", "0300 123 4567"),
        ("08001234567", "0800 123 4567"),
        ("01902123456", "01902 123456"),
        ("0800123456", "0800 123456"),
        ("0169773456", "01697 73456"),
        ("+44 7700 900123", "07700 900123"),
    ],
)
def test_phone_formatted_for_display(digits: str, shown: str) -> None:
    assert format_uk_phone(digits) == shown


def test_phone_format_is_best_effort_for_non_uk_text() -> None:
    assert format_uk_phone("  +33 1 23 45 67 89 ") == "+33 1 23 45 67 89"
    assert format_uk_phone("") == ""


# --------------------------------------------------------------------------- email


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name@example.com", "name@example.com"),
        ("  Jo.Bloggs@Example.CO.UK ", "Jo.Bloggs@example.co.uk"),
        ("first.last+divert@mail.example.org", "first.last+divert@mail.example.org"),
        ("o'neill@example.com", "o'neill@example.com"),
        ("a_b-c@sub-domain.example.com", "a_b-c@sub-domain.example.com"),
    ],
)
def test_email_accepted_with_domain_lower_cased(text: str, expected: str) -> None:
    assert validate_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "name",
        "name@",
        "@example.com",
        "name@example",
        "name @example.com",
        "na me@example.com",
        "name@@example.com",
        "name@example..com",
        ".name@example.com",
        "name.@example.com",
        "na..me@example.com",
        "name@-example.com",
        "name@example.c",
        "name@exa_mple.com",
        "a" * 65 + "@example.com",
        "a@" + "b" * 60 + "." + ("c" * 60 + ".") * 4 + "com",  # over 254 characters
        "name@exam\nple.com",
        "name@example.com\nextra",
    ],
)
def test_email_rejected_with_friendly_message(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_email(text)
    assert err.value.message == "Enter an email address, like name@example.com"
    assert err.value.field == "email"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-02", date(2026, 12, 2)),
        ("2/12/2026", date(2026, 12, 2)),  # UK order: 2 December, never 12 February
        ("02/12/2026", date(2026, 12, 2)),
        ("12/2/2026", date(2026, 2, 12)),
        ("31/12/1999", date(1999, 12, 31)),
        ("29/02/2024", date(2024, 2, 29)),
        (" 2026-01-05 ", date(2026, 1, 5)),
    ],
)
def test_date_parsed_day_first(text: str, expected: date) -> None:
    assert parse_date(text, "referral_date") == expected


@pytest.mark.parametrize("text", ["31/02/2020", "29/02/2023", "2026-13-01", "0/1/2026", "1/1/0000"])
def test_impossible_date_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_date(text, "date_of_birth")
    assert err.value.message.startswith("Enter a real date, like 2/12/2026")
    assert err.value.field == "date_of_birth"


def test_us_order_date_is_not_read_as_us() -> None:
    # 12/31/2026 would be 31 December in US order; in UK order month 31 does not exist.
    with pytest.raises(ValidationError):
        parse_date("12/31/2026", "referral_date")


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_date_asks_for_a_date(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_date(text, "date_of_birth")
    assert err.value.message == "Enter a date"
    assert err.value.field == "date_of_birth"


@pytest.mark.parametrize("text", ["2 Dec 2026", "2/12/26", "20261202", "2026/12/02", "yesterday"])
def test_other_date_layouts_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_date(text, "referral_date")
    assert "2/12/2026" in err.value.message


# --------------------------------------------------------------------------- date-times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-02T14:30", datetime(2026, 12, 2, 14, 30)),
        ("2026-12-02 14:30", datetime(2026, 12, 2, 14, 30)),
        ("2026-12-02 14:30:00", datetime(2026, 12, 2, 14, 30)),
        ("2026-12-02T14:30:45", datetime(2026, 12, 2, 14, 30, 45)),
        ("2026-12-02T14:30:45.5", datetime(2026, 12, 2, 14, 30, 45, 500000)),
        ("02/12/2026 14:30", datetime(2026, 12, 2, 14, 30)),
        ("2/12/2026 9:05", datetime(2026, 12, 2, 9, 5)),
        # Winter: UK time is UTC.
        ("2026-12-02T14:30Z", datetime(2026, 12, 2, 14, 30)),
        ("2026-12-02T14:30:00+00:00", datetime(2026, 12, 2, 14, 30)),
        # Summer: UK time is UTC+1.
        ("2026-07-01T13:30:00Z", datetime(2026, 7, 1, 14, 30)),
        ("2026-07-01T14:30:00+01:00", datetime(2026, 7, 1, 14, 30)),
        ("2026-07-01T15:30:00+0200", datetime(2026, 7, 1, 14, 30)),
        ("2026-07-01T08:30-05", datetime(2026, 7, 1, 14, 30)),
        # The clocks go forward at 01:00 UTC on 29 March 2026.
        ("2026-03-29T00:59:00Z", datetime(2026, 3, 29, 0, 59)),
        ("2026-03-29T01:00:00Z", datetime(2026, 3, 29, 2, 0)),
    ],
)
def test_datetime_parsed_into_uk_local_time(text: str, expected: datetime) -> None:
    result = parse_datetime(text, "referral_datetime")
    assert result == expected
    assert result.tzinfo is None


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30T10:00",
        "31/02/2026 10:00",
        "2026-12-02T25:00",
        "2026-12-02T14:60",
        "2026-12-02T14:30+25:00",
        "9999-12-31T23:30-05:00",  # would fall after the last representable date
    ],
)
def test_impossible_datetime_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_datetime(text, "appointment_datetime")
    assert err.value.message.startswith("Enter a real date and time")
    assert err.value.field == "appointment_datetime"


@pytest.mark.parametrize("text", ["", "2026-12-02", "2/12/2026", "14:30", "12/31/2026 10:00 PM"])
def test_incomplete_datetime_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_datetime(text, "referral_datetime")
    assert err.value.field == "referral_datetime"
    assert "date and time" in err.value.message


# --------------------------------------------------------------------------- booleans


@pytest.mark.parametrize("text", ["yes", "YES", " Yes ", "y", "Y", "true", "TRUE", "1"])
def test_bool_true(text: str) -> None:
    assert parse_bool(text, "intent_to_supply") is True


@pytest.mark.parametrize("text", ["no", "No", "n", "N", "false", "False", "0", " no "])
def test_bool_false(text: str) -> None:
    assert parse_bool(text, "intent_to_supply") is False


@pytest.mark.parametrize("text", ["", "maybe", "2", "yes please", "t", "f", "nope"])
def test_bool_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_bool(text, "consent_to_share")
    assert err.value.message == "Answer yes or no"
    assert err.value.field == "consent_to_share"


# --------------------------------------------------------------------------- search keys


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Siân O’Neill-Smith", "sian oneill smith"),
        ("O'Brien", "obrien"),
        ("D`Souza", "dsouza"),
        ("  JOHN   smith ", "john smith"),
        ("Zoë", "zoe"),
        ("José", "jose"),
        ("Łukasz", "lukasz"),
        ("Søren", "soren"),
        ("Straße", "strasse"),
        ("Ælfred", "aelfred"),
        ("Œdipus", "oedipus"),
        ("Đorđe", "dorde"),
        ("Yıldız", "yildiz"),
        ("İlhan", "ilhan"),
        ("St. John-Smythe, Jr.", "st john smythe jr"),
        ("Mary_Ann", "mary ann"),
        ("", ""),
        ("---", ""),
        ("Nguyễn", "nguyen"),
    ],
)
def test_search_key(text: str, expected: str) -> None:
    assert search_key(text) == expected


def test_search_key_makes_spellings_equal() -> None:
    assert search_key("SIÂN o'neill smith") == search_key("Sian ONeill-Smith")


# --------------------------------------------------------------------------- display


def test_format_dates_and_times() -> None:
    assert format_date(date(2026, 12, 2)) == "Wed 2 Dec 2026"
    assert format_date(date(2027, 1, 10)) == "Sun 10 Jan 2027"
    assert format_long_date(date(2026, 12, 2)) == "2 December 2026"
    assert format_long_date(date(2024, 2, 29)) == "29 February 2024"
    assert format_time(time(14, 30)) == "14:30"
    assert format_time(datetime(2026, 12, 2, 9, 5)) == "09:05"


# --------------------------------------------------------------------------- properties

_PARSERS = [
    lambda t: normalise_postcode(t),
    lambda t: normalise_uk_phone(t),
    lambda t: validate_email(t),
    lambda t: parse_date(t, "date"),
    lambda t: parse_datetime(t, "datetime"),
    lambda t: parse_bool(t, "answer"),
]
_PARSER_IDS = ["postcode", "phone", "email", "date", "datetime", "bool"]

# Text that looks somewhat like the real thing reaches deeper into each parser than pure noise.
_shaped_text = st.one_of(
    st.text(),
    st.from_regex(r"[0-9]{1,5}[-/][0-9]{1,3}[-/][0-9]{1,5}([ T][0-9]{1,3}:[0-9]{1,3}.{0,8})?"),
    st.from_regex(r"[+(]?[0-9 ()+.-]{5,20}"),
    st.from_regex(r"[A-Za-z]{1,3}[0-9]{1,3}[A-Za-z]? ?[0-9][A-Za-z]{2}"),
    st.from_regex(r"[^@\s]{0,70}@[^@\s]{0,70}"),
)


@pytest.mark.parametrize("parse", _PARSERS, ids=_PARSER_IDS)
@given(text=_shaped_text)
def test_parsers_return_a_value_or_raise_validation_error(parse, text: str) -> None:  # type: ignore[no-untyped-def]
    try:
        result = parse(text)
    except ValidationError as err:
        assert err.message
        assert err.field
    else:
        assert result is not None


@given(st.text())
def test_search_key_is_idempotent_and_tidy(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key
    assert key == key.strip()
    assert "  " not in key


_POSTCODES = st.from_regex(
    r"(GIR ?0AA|[A-Z][0-9]{1,2} ?[0-9][A-Z]{2}|[A-Z][A-HJ-Y][0-9][A-Z]? ?[0-9][A-Z]{2})",
    fullmatch=True,
)


@given(_POSTCODES)
def test_postcode_normalisation_is_idempotent(text: str) -> None:
    once = normalise_postcode(text.lower())
    assert normalise_postcode(once) == once
    assert once.count(" ") == 1
    assert len(once.split()[1]) == 3


_UK_NUMBERS = st.from_regex(r"0(7[0-9]{9}|2[0-9]{9}|1[0-9]{8,9}|3[0-9]{9})", fullmatch=True)


@given(_UK_NUMBERS)
def test_phone_display_form_normalises_back(digits: str) -> None:
    shown = format_uk_phone(digits)
    assert normalise_uk_phone(shown) == digits
    assert normalise_uk_phone("+44 " + digits[1:]) == digits


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_date_round_trips_in_both_layouts(d: date) -> None:
    assert parse_date(d.isoformat(), "date") == d
    assert parse_date(f"{d.day}/{d.month}/{d.year}", "date") == d
    assert parse_date(d.strftime("%d/%m/%Y"), "date") == d


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)))
def test_naive_datetime_round_trips(dt: datetime) -> None:
    dt = dt.replace(second=0, microsecond=0)
    assert parse_datetime(dt.isoformat(timespec="minutes"), "when") == dt
    assert parse_datetime(dt.strftime("%d/%m/%Y %H:%M"), "when") == dt


def test_plural_counts_in_plain_english() -> None:
    from divert_desktop.core.validation import plural

    assert plural(1, "event") == "1 event" and plural(0, "event") == "0 events"
    assert plural(1204, "event") == "1,204 events"
    assert (
        plural(1, "person", "people") == "1 person" and plural(3, "person", "people") == "3 people"
    )
