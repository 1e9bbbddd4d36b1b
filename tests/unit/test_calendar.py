"""Unit tests for the service calendar: closed days, working hours, the grid and slot conflicts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from divert_desktop.core import calendar
from divert_desktop.core.calendar import (
    DEFAULT_HOURS,
    WEEKEND,
    BookingProblemKind,
    booking_problems,
    capacity_message,
    closed_reason,
    double_booking_messages,
    grid_starts,
    hours_message,
    is_bank_holiday,
    open_days,
    overlaps,
    parse_slot_id,
    slot_id,
    working_window,
)

D = datetime  # short for readable worked examples


def at(hour: int, minute: int = 0, day: date = date(2026, 12, 2)) -> datetime:
    return datetime.combine(day, time(hour, minute))


NINE_TO_FIVE = (at(9), at(17))

# --------------------------------------------------------------------------- bank holidays


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 26), "Boxing Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 5, 4), "May Day"),
        (date(2026, 8, 31), "Late Summer Bank Holiday"),
        (date(2027, 1, 1), "New Year's Day"),
    ],
)
def test_england_and_wales_bank_holidays_are_named(day: date, name: str) -> None:
    assert is_bank_holiday(day) == name


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 2),  # an ordinary Wednesday
        date(2026, 3, 17),  # St Patrick's Day: a holiday in Northern Ireland only
        date(2026, 11, 30),  # St Andrew's Day: Scotland only
        date(2026, 8, 3),  # Scotland's summer bank holiday, not England's
    ],
)
def test_other_days_and_other_nations_holidays_are_not_bank_holidays(day: date) -> None:
    assert is_bank_holiday(day) is None


# --------------------------------------------------------------------------- closed days


def test_christmas_day_is_closed_with_its_name() -> None:
    assert closed_reason(date(2026, 12, 25)) == "Christmas Day"


def test_easter_monday_2026_is_closed() -> None:
    assert closed_reason(date(2026, 4, 6)) == "Easter Monday"


def test_weekend_is_closed_by_default_and_open_when_weekends_are_worked() -> None:
    saturday, sunday = date(2026, 12, 5), date(2026, 12, 6)
    assert closed_reason(saturday) == WEEKEND
    assert closed_reason(sunday) == "Weekend"
    assert closed_reason(saturday, weekends_closed=False) is None


def test_a_bank_holiday_on_a_weekend_gives_the_holiday_name() -> None:
    assert closed_reason(date(2026, 12, 26)) == "Boxing Day"  # a Saturday


def test_manager_closure_gives_its_reason_and_weekday_is_otherwise_open() -> None:
    training = {date(2026, 12, 2): "Staff training"}
    assert closed_reason(date(2026, 12, 2), training) == "Staff training"
    assert closed_reason(date(2026, 12, 3), training) is None


def test_bank_holiday_wins_over_a_closure_on_the_same_day() -> None:
    assert closed_reason(date(2026, 12, 25), {date(2026, 12, 25): "Party"}) == "Christmas Day"


def test_open_days_skip_christmas_boxing_day_and_the_weekend() -> None:
    days = open_days(date(2026, 12, 24), 3)
    assert days == [date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 30)]


def test_open_days_stop_searching_instead_of_hanging() -> None:
    every_day = {date(2026, 1, 1) + timedelta(days=i): "Closed" for i in range(400)}
    assert open_days(date(2026, 1, 1), 5, every_day, search_days=30) == []


# --------------------------------------------------------------------------- working hours


def test_default_window_is_nine_to_five() -> None:
    assert DEFAULT_HOURS == (time(9), time(17))
    assert working_window(date(2026, 12, 2), None) == (at(9), at(17))


def test_settings_hours_replace_the_default() -> None:
    window = working_window(date(2026, 12, 2), None, (time(8, 30), time(16)))
    assert window == (at(8, 30), at(16))


def test_caseworker_hours_by_weekday_and_a_day_off() -> None:
    part_time = {0: (time(10), time(14)), 2: (time(12), time(18))}  # Mondays and Wednesdays
    assert working_window(date(2026, 12, 2), part_time) == (at(12), at(18))  # Wednesday
    assert working_window(date(2026, 12, 3), part_time) is None  # Thursday: not working


def test_an_empty_or_backwards_window_is_no_window() -> None:
    assert working_window(date(2026, 12, 2), {2: (time(17), time(9))}) is None


# --------------------------------------------------------------------------- half-open intervals


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((at(10), at(11)), (at(11), at(12)), False),  # back to back: 11:00 belongs to the second
        ((at(11), at(12)), (at(10), at(11)), False),
        ((at(10), at(11)), (at(10, 59), at(12)), True),  # one minute of overlap
        ((at(10), at(12)), (at(10, 30), at(11)), True),  # one inside the other
        ((at(10), at(11)), (at(10), at(11)), True),  # the same slot
        ((at(9), at(10)), (at(14), at(15)), False),
    ],
)
def test_overlaps_is_half_open(a, b, expected: bool) -> None:
    assert overlaps(*a, *b) is expected


@given(st.integers(0, 2000), st.integers(1, 600), st.integers(0, 2000), st.integers(1, 600))
def test_overlaps_is_symmetric_and_matches_minute_sets(s1: int, l1: int, s2: int, l2: int) -> None:
    base = datetime(2026, 12, 2)
    a = (base + timedelta(minutes=s1), base + timedelta(minutes=s1 + l1))
    b = (base + timedelta(minutes=s2), base + timedelta(minutes=s2 + l2))
    shared = set(range(s1, s1 + l1)) & set(range(s2, s2 + l2))
    assert overlaps(*a, *b) is overlaps(*b, *a) is bool(shared)


# --------------------------------------------------------------------------- conflicts


def find_conflicts(**facts: Any) -> list[str]:
    return [problem.message for problem in booking_problems(**facts)]


def test_free_slot_has_no_conflicts() -> None:
    assert find_conflicts(start=at(10), end=at(11), window=NINE_TO_FIVE) == []


def test_double_booking_names_the_caseworker_and_the_times() -> None:
    messages = find_conflicts(
        start=at(10, 30),
        end=at(11, 30),
        caseworker_busy=[(at(10), at(11), "")],
        window=NINE_TO_FIVE,
        caseworker_name="Jo Bloggs",
    )
    assert messages == ["Jo Bloggs already has an appointment from 10:00 to 11:00"]


def test_double_booking_label_is_added_and_back_to_back_is_fine() -> None:
    busy = [(at(9), at(10), "Review"), (at(11), at(12), "Initial assessment")]
    messages = double_booking_messages(at(10), at(11, 15), busy, "Sam Example")
    assert messages == [
        "Sam Example already has an appointment from 11:00 to 12:00 (Initial assessment)"
    ]


def test_start_outside_working_hours() -> None:
    part_time = (at(11), at(15))
    assert find_conflicts(
        start=at(10, 30), end=at(11, 30), window=part_time, caseworker_name="Jo Bloggs"
    ) == ["10:30 is outside Jo Bloggs's working hours (11:00–15:00)"]


def test_start_at_closing_time_is_outside_and_ending_at_closing_time_is_not() -> None:
    assert hours_message(at(17), at(18), NINE_TO_FIVE, "Jo Bloggs") == (
        "17:00 is outside Jo Bloggs's working hours (09:00–17:00)"
    )
    assert hours_message(at(16), at(17), NINE_TO_FIVE, "Jo Bloggs") is None
    assert hours_message(at(9), at(10), NINE_TO_FIVE) is None


def test_running_past_the_end_of_the_day() -> None:
    assert hours_message(at(16, 30), at(17, 30), NINE_TO_FIVE) == (
        "The appointment would end at 17:30, after the service's opening hours (09:00–17:00)"
    )


def test_not_working_that_day() -> None:
    assert hours_message(at(10), at(11), None, "Jo Bloggs") == (
        "Jo Bloggs is not working on Wed 2 Dec 2026"
    )
    assert hours_message(at(10), at(11), None) == "The service is not open on Wed 2 Dec 2026"


def test_christmas_is_refused_as_a_closed_day_without_hours_or_rooms_noise() -> None:
    xmas = date(2026, 12, 25)
    messages = find_conflicts(
        start=at(10, day=xmas),
        end=at(11, day=xmas),
        venue_busy=[(at(10, day=xmas), at(11, day=xmas))],
        venue_capacity=1,
        window=None,
        closed=closed_reason(xmas),
    )
    assert messages == ["The service is closed on Fri 25 Dec 2026 (Christmas Day)"]


def test_weekend_message() -> None:
    saturday = date(2026, 12, 5)
    messages = find_conflicts(
        start=at(10, day=saturday),
        end=at(11, day=saturday),
        window=working_window(saturday, None),
        closed=closed_reason(saturday),
    )
    assert messages == ["The service is closed on Sat 5 Dec 2026 (Weekend)"]


def test_all_rooms_in_use_names_the_venue_and_the_first_full_moment() -> None:
    # Four rooms: three are busy from 13:00; the fourth fills at 14:00, inside the asked slot.
    busy = [(at(13), at(15))] * 3 + [(at(14), at(15))]
    messages = find_conflicts(
        start=at(13, 30),
        end=at(14, 30),
        venue_busy=busy,
        venue_capacity=4,
        window=NINE_TO_FIVE,
        venue_name="Coventry",
    )
    assert messages == ["All 4 rooms at Coventry are in use at 14:00"]


def test_rooms_free_again_when_the_last_one_ends_exactly_at_the_start() -> None:
    busy = [(at(13), at(14))] * 4
    assert capacity_message(at(14), at(15), busy, 4, "Coventry") is None
    assert capacity_message(at(13, 45), at(14, 45), busy, 4, "Coventry") == (
        "All 4 rooms at Coventry are in use at 13:45"
    )


def test_rooms_that_never_overlap_each_other_leave_a_room_free() -> None:
    # Two rooms; the two bookings inside the slot never run at the same time.
    busy = [(at(10), at(10, 30)), (at(10, 30), at(11))]
    assert capacity_message(at(10), at(11), busy, 2, "Dudley") is None


def test_single_room_and_no_room_wording() -> None:
    assert capacity_message(at(10), at(11), [(at(10), at(11))], 1, "Walsall") == (
        "The only room at Walsall is in use at 10:00"
    )
    assert capacity_message(at(10), at(11), [], 0, "Walsall") == (
        "Walsall has no rooms that can be booked"
    )


def test_no_capacity_given_skips_the_room_check() -> None:
    busy = [(at(10), at(11))] * 10
    assert find_conflicts(start=at(10), end=at(11), venue_busy=busy, window=NINE_TO_FIVE) == []


def test_every_clash_is_listed_in_order() -> None:
    messages = find_conflicts(
        start=at(16, 30),
        end=at(17, 30),
        caseworker_busy=[(at(16), at(17), "")],
        venue_busy=[(at(16), at(18))],
        venue_capacity=1,
        window=NINE_TO_FIVE,
        caseworker_name="Jo Bloggs",
        venue_name="Coventry",
    )
    assert messages == [
        "The appointment would end at 17:30, after Jo Bloggs's working hours (09:00–17:00)",
        "Jo Bloggs already has an appointment from 16:00 to 17:00",
        "The only room at Coventry is in use at 16:30",
    ]


# --------------------------------------------------------------------------- the grid


def test_grid_starts_on_quarter_hours_and_the_last_slot_ends_at_closing() -> None:
    starts = grid_starts(NINE_TO_FIVE, 60)
    assert starts[0] == at(9) and starts[1] == at(9, 15)
    assert starts[-1] == at(16)
    assert len(starts) == 29


def test_grid_rounds_an_odd_opening_time_up() -> None:
    assert grid_starts((at(9, 10), at(10, 30)), 45) == [at(9, 15), at(9, 30), at(9, 45)]


def test_grid_is_empty_without_a_window_or_when_too_long() -> None:
    assert grid_starts(None, 60) == []
    assert grid_starts((at(9), at(9, 30)), 60) == []


def test_grid_ends_on_the_last_start_that_fits_whole() -> None:
    # Closing at 16:50 with 45-minute appointments on a 15-minute grid: the last start is 16:00
    # (16:00–16:45); a window exactly one appointment long has one start.
    assert grid_starts((at(9), at(16, 50)), 45)[-1] == at(16)
    assert grid_starts((at(9), at(10)), 60) == [at(9)]
    assert grid_starts((at(9), at(17)), 60, step_minutes=30)[-2:] == [at(15, 30), at(16)]


def test_a_slot_id_names_the_venue_day_and_time_with_leading_zeros() -> None:
    assert slot_id(3, datetime(2026, 1, 5, 9, 5)) == "v3-20260105-0905"
    assert slot_id(1234, datetime(2027, 12, 31, 16, 45)) == "v1234-20271231-1645"
    assert parse_slot_id(slot_id(7, datetime(2028, 2, 29, 10, 0))) == (
        7,
        datetime(2028, 2, 29, 10, 0),
    )


def test_booking_problems_are_typed_and_skip_checks_whose_facts_are_not_given() -> None:
    xmas = date(2026, 12, 25)
    referred = at(12, day=date(2026, 12, 20))
    problems = booking_problems(
        start=at(10, day=xmas),
        end=at(11, day=xmas),
        closed=closed_reason(xmas),
        now=at(9, day=date(2026, 12, 26)),
        referral_at=referred,
        next_open=date(2026, 12, 29),
    )
    assert [p.kind for p in problems] == [BookingProblemKind.IN_THE_PAST, BookingProblemKind.CLOSED]
    assert problems[1].message == (
        "The service is closed on Fri 25 Dec 2026 (Christmas Day). "
        "The next open day is Tue 29 Dec 2026"
    )
    # No hours, rooms, clock or referral given: nothing but the closed day is checked.
    assert booking_problems(start=at(10), end=at(11)) == []
    early = booking_problems(
        start=referred - timedelta(hours=1), end=referred, referral_at=referred
    )
    assert [p.kind for p in early] == [BookingProblemKind.BEFORE_REFERRAL]
    late = booking_problems(
        start=referred + timedelta(days=367),
        end=referred + timedelta(days=367, hours=1),
        referral_at=referred,
    )
    assert [p.kind for p in late] == [BookingProblemKind.TOO_FAR_AHEAD]


# --------------------------------------------------------------------------- a day at once

_DAY = datetime(2026, 12, 1)
_moments = st.integers(min_value=7 * 60, max_value=19 * 60).map(
    lambda m: _DAY + timedelta(minutes=m)
)
_intervals = st.tuples(_moments, st.integers(min_value=-30, max_value=240)).map(
    lambda t: (t[0], t[0] + timedelta(minutes=t[1]))
)


@given(
    opening=st.tuples(st.integers(6 * 60, 11 * 60), st.integers(12 * 60, 20 * 60)),
    length=st.sampled_from([15, 30, 45, 60, 90, 125]),
    capacity=st.one_of(st.none(), st.integers(min_value=-1, max_value=4)),
    venue_busy=st.lists(_intervals, max_size=12),
    caseworker_busy=st.lists(_intervals, max_size=4),
    not_before=st.one_of(st.none(), _moments),
    closed_all_day=st.booleans(),
)
def test_free_grid_starts_agrees_with_booking_problems_start_by_start(
    opening: tuple[int, int],
    length: int,
    capacity: int | None,
    venue_busy: list[tuple[datetime, datetime]],
    caseworker_busy: list[tuple[datetime, datetime]],
    not_before: datetime | None,
    closed_all_day: bool,
) -> None:
    """The whole-day form (the free-slot feed) and the per-slot rule give the same free starts."""
    from divert_desktop.core.calendar import booking_problems, free_grid_starts, grid_starts

    window = (
        None
        if closed_all_day
        else (_DAY + timedelta(minutes=opening[0]), _DAY + timedelta(minutes=opening[1]))
    )
    mine = [(s, e, "") for s, e in caseworker_busy]
    expected = [
        start
        for start in grid_starts(window, length)
        if (not_before is None or start >= not_before)
        and not booking_problems(
            start=start,
            end=start + timedelta(minutes=length),
            window=window,
            caseworker_busy=mine,
            venue_busy=venue_busy,
            venue_capacity=capacity,
        )
    ]
    assert (
        free_grid_starts(
            window,
            length,
            venue_busy=venue_busy,
            venue_capacity=capacity,
            caseworker_busy=mine,
            not_before=not_before,
        )
        == expected
    )


def test_a_place_is_said_once_on_every_screen_and_sheet() -> None:
    from divert_desktop.core.calendar import place_text

    assert place_text("video", None, "Video call") == "Video call"  # not "Video: Video call"
    assert place_text("phone", None, "Phone call") == "Phone call"
    assert place_text("phone", None, None) == "Phone"
    assert place_text("outreach", None, "Timberlane Library") == "Outreach: Timberlane Library"
    assert place_text("venue", "Coventry hub", "Room 2") == "Coventry hub"


def test_a_next_free_time_is_named_only_where_another_time_cures_the_refusal() -> None:
    start, end = datetime(2026, 12, 7, 10), datetime(2026, 12, 7, 11)
    busy = [(start, end, "")]
    clash = calendar.booking_problems(start=start, end=end, caseworker_busy=busy)
    assert calendar.wants_next_free(clash)
    closed = calendar.booking_problems(start=start, end=end, closed="Staff training day")
    assert calendar.wants_next_free(closed)
    past = calendar.booking_problems(
        start=start, end=end, caseworker_busy=busy, now=datetime(2026, 12, 7, 12)
    )
    assert not calendar.wants_next_free(past)  # the date itself is wrong: no time will do
    assert not calendar.wants_next_free([])


def test_the_next_free_time_in_words() -> None:
    when = datetime(2026, 12, 8, 11)
    assert (
        calendar.next_free_message(when, caseworker_name="Sam Taylor", venue_name="Coventry")
        == "Next free time for Sam Taylor: Tue 8 Dec 2026 at 11:00"
    )
    assert calendar.next_free_message(when, venue_name="Coventry") == (
        "Next free time at Coventry: Tue 8 Dec 2026 at 11:00"
    )
    assert calendar.next_free_message(when) == "Next free time: Tue 8 Dec 2026 at 11:00"
    assert calendar.next_free_message(None, caseworker_name="Sam Taylor").startswith(
        "There is no free time for Sam Taylor in the next 10 open days"
    )
