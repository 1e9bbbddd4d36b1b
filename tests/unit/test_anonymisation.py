"""Retention and anonymisation rules, with examples worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from divert_desktop.core.anonymisation import (
    add_years,
    age_on,
    coarse_date_of_birth,
    is_coded,
    is_due,
    keep_reason,
    retention_due_on,
    strip_free_text,
)


def test_retention_counts_whole_years_from_the_last_closure() -> None:
    assert retention_due_on(date(2020, 12, 1), 6) == date(2026, 12, 1)
    assert retention_due_on(date(2020, 2, 29), 6) == date(2026, 2, 28)  # no 29 Feb in 2026
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert is_due(date(2020, 12, 1), False, 6, date(2026, 12, 1))
    assert not is_due(date(2020, 12, 2), False, 6, date(2026, 12, 1))
    assert not is_due(date(2000, 1, 1), True, 6, date(2026, 12, 1))  # something still open
    assert not is_due(None, False, 6, date(2026, 12, 1))


@pytest.mark.parametrize(
    ("born", "referred", "kept"),
    [
        (date(1990, 5, 17), [date(2026, 11, 30)], date(1990, 5, 1)),  # far from the birthday
        # 5 Mar 2019, aged 17: from the 1st to the 5th she would already be 18 that day
        (date(2001, 3, 20), [date(2019, 3, 5)], date(2001, 3, 6)),
        (date(2001, 3, 20), [date(2019, 3, 5), date(2019, 3, 12)], date(2001, 3, 13)),
        (date(2008, 7, 31), [date(2026, 7, 30)], date(2008, 7, 31)),  # the day before: exact
        (date(1999, 9, 9), [], date(1999, 9, 1)),
    ],
)
def test_date_of_birth_kept_to_the_month_without_changing_any_age(
    born: date, referred: list[date], kept: date
) -> None:
    assert coarse_date_of_birth(born, referred) == kept
    assert all(age_on(kept, d) == age_on(born, d) for d in referred)


def test_free_text_answers_go_and_coded_ones_stay() -> None:
    answers = {
        "frequency": "weekly",
        "route": "smoked",
        "age": 15,
        "injects": False,
        "substance": "MDMA",
        "last_use": "2026-11-01",
        "notes": "Lives with her aunt",
        "goals": ["stop_using", "Back to college"],
        "nested": {"why": "Bored at night"},
    }
    assert strip_free_text(answers) == {
        "frequency": "weekly",
        "route": "smoked",
        "age": 15,
        "injects": False,
        "substance": "MDMA",
        "last_use": "2026-11-01",
        "notes": None,
        "goals": ["stop_using", None],
        "nested": {"why": None},
    }
    assert is_coded("Asian or Asian British: Bangladeshi")  # a stored ethnicity value
    assert not is_coded("Tipton High Street")


def test_only_coded_reasons_survive() -> None:
    assert keep_reason("intent to supply") == "intent to supply"
    assert keep_reason("Moved to Leeds with her mum") is None
    assert keep_reason(None) is None
