"""Unit tests for person matching (DOMAIN rule 4), with invented people only."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from divert_desktop.core.matching import (
    NICKNAMES,
    MatchCandidate,
    PersonKey,
    find_matches,
    names_equivalent,
    normalise_name,
    score_match,
    swapped_date_of_birth,
)
from divert_desktop.core.validation import search_key

DOB = date(1998, 4, 7)
THRESHOLD = 70

# The stored record most cases compare against.
STORED = PersonKey(
    person_id=1,
    first_name="William",
    last_name="Smith-Jones",
    date_of_birth=DOB,
    known_as=None,
    postcode="B1 1AA",
)


def new(
    first: str = "William",
    last: str = "Smith-Jones",
    dob: date = DOB,
    known_as: str | None = None,
    postcode: str | None = None,
) -> PersonKey:
    return PersonKey(None, first, last, dob, known_as, postcode)


def match(person: PersonKey, stored: PersonKey = STORED) -> MatchCandidate:
    candidate = score_match(person, stored)
    assert candidate is not None
    return candidate


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("text", "key"),
    [("Siân", "sian"), ("O’Neill", "oneill"), ("Smith-Jones", "smith jones"), (None, "")],
)
def test_normalise_name(text: str | None, key: str) -> None:
    assert normalise_name(text) == key  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("d", "swapped"),
    [
        (date(1998, 4, 7), date(1998, 7, 4)),
        (date(2001, 12, 1), date(2001, 1, 12)),
        (date(1998, 5, 5), None),  # day and month the same
        (date(1998, 4, 13), None),  # no 13th month
        (date(1998, 1, 31), None),
    ],
)
def test_swapped_date_of_birth(d: date, swapped: date | None) -> None:
    assert swapped_date_of_birth(d) == swapped


@given(st.dates())
def test_swapping_twice_gives_the_date_back(d: date) -> None:
    once = swapped_date_of_birth(d)
    if once is not None:
        assert once != d
        assert swapped_date_of_birth(once) == d


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bill", "William"),
        ("Will", "Billy"),
        ("Bob", "Robert"),
        ("Robbie", "Rob"),
        ("Jimmy", "James"),
        ("Mike", "Michael"),
        ("Tommy", "Thomas"),
        ("Dave", "David"),
        ("Liz", "Elizabeth"),
        ("Beth", "Lizzie"),
        ("Kate", "Katherine"),
        ("Katie", "Catherine"),
        ("Catherine", "Katherine"),
        ("Danny", "Daniel"),
        ("Jonny", "Jonathan"),
        ("Jack", "John"),
        ("Joe", "Joseph"),
        ("Ben", "Benjamin"),
        ("Charlie", "Charles"),
        ("Harry", "Henry"),
        ("Sam", "Samuel"),
        ("Sam", "Samantha"),
        ("Alex", "Alexander"),
        ("Alex", "Alexandra"),
        ("Chris", "Christopher"),
        ("Matt", "Matthew"),
        ("Steve", "Stephen"),
        ("Steve", "Steven"),
        ("Tony", "Anthony"),
        ("Nick", "Nicholas"),
        ("Sue", "Susan"),
        ("Jenny", "Jennifer"),
        ("Becky", "Rebecca"),
        ("Mo", "Mohammed"),
        ("Muhammad", "Mohammed"),
        ("Mohamed", "Mohammad"),
        ("MOHAMMED", "muhammad"),
    ],
)
def test_nicknames_are_equivalent(a: str, b: str) -> None:
    assert names_equivalent(a, b)
    assert names_equivalent(b, a)


@pytest.mark.parametrize(
    ("a", "b"), [("Samuel", "Samantha"), ("William", "Robert"), ("Sam", "Ben"), ("", "")]
)
def test_different_names_are_not_equivalent(a: str, b: str) -> None:
    assert not names_equivalent(a, b)


def test_nickname_table_is_written_in_search_keys() -> None:
    for nickname, formals in NICKNAMES.items():
        assert nickname == search_key(nickname)
        assert formals and all(f == search_key(f) for f in formals)


# --------------------------------------------------------------------------- certain matches


@pytest.mark.parametrize(
    "person",
    [
        new(),
        new(first="WILLIAM", last="smith jones"),
        new(last="Smith Jones", postcode="b11aa"),
        new(postcode="B1 1AA"),
    ],
    ids=["exact", "case and hyphen", "postcode spaced", "same postcode"],
)
def test_same_name_and_birth_date_is_certain(person: PersonKey) -> None:
    candidate = match(person)
    assert candidate.certain is True
    assert candidate.score == 100
    assert "Same date of birth" in candidate.reasons
    assert "Same name" in candidate.reasons


def test_accents_and_apostrophes_do_not_prevent_a_certain_match() -> None:
    stored = PersonKey(7, "Siân", "O’Neill", date(2004, 9, 30))
    candidate = match(new(first="Sian", last="ONeill", dob=date(2004, 9, 30)), stored)
    assert candidate.certain is True
    assert candidate.person_id == 7


def test_known_as_name_counts_as_the_same_first_name() -> None:
    stored = PersonKey(3, "Olusegun", "Adeyemi", DOB, known_as="Shegs")
    candidate = match(new(first="Shegs", last="Adeyemi"), stored)
    assert candidate.certain is True
    assert "Known-as name matches" in candidate.reasons


def test_new_known_as_matching_stored_first_name() -> None:
    stored = PersonKey(3, "Tiffany", "Okoro", DOB)
    candidate = match(new(first="Ifeoma", last="Okoro", known_as="Tiffany"), stored)
    assert candidate.certain is True
    assert "Known-as name matches" in candidate.reasons


def test_different_postcode_makes_a_perfect_name_match_only_possible() -> None:
    candidate = match(new(postcode="WV1 1SH"))
    assert candidate.certain is False
    assert candidate.score >= THRESHOLD
    assert "Same postcode" not in candidate.reasons


# --------------------------------------------------------------------------- possible matches


def test_nickname_with_same_birth_date_is_possible() -> None:
    candidate = match(new(first="Bill"))
    assert candidate.certain is False
    assert candidate.score >= THRESHOLD
    assert "Nickname of the same first name" in candidate.reasons


def test_typos_in_both_names_are_possible() -> None:
    candidate = match(new(first="Wiliam", last="Smith-Jonse"))
    assert candidate.certain is False
    assert candidate.score >= THRESHOLD
    assert "Similar first name" in candidate.reasons
    assert "Similar surname" in candidate.reasons


@pytest.mark.parametrize("last", ["Jones", "Smith", "Jones-Smith"])
def test_part_of_a_double_barrelled_surname_is_possible(last: str) -> None:
    candidate = match(new(last=last))
    assert candidate.certain is False
    assert candidate.score >= THRESHOLD
    assert "Surname is part of a double-barrelled surname" in candidate.reasons


def test_day_and_month_swapped_is_possible() -> None:
    candidate = match(new(dob=date(1998, 7, 4)))
    assert candidate.certain is False
    assert candidate.score >= THRESHOLD
    assert "Date of birth with day and month swapped" in candidate.reasons


def test_swapped_date_is_weaker_than_the_same_date() -> None:
    same = match(new(first="Bill"))
    swapped = match(new(first="Bill", dob=date(1998, 7, 4)))
    assert swapped.score < same.score


def test_changed_surname_with_same_birth_date_and_postcode_is_possible() -> None:
    stored = PersonKey(5, "Chloe", "Baker", date(1990, 11, 23), postcode="CV1 5FB")
    married = new(first="Chloe", last="Okafor", dob=date(1990, 11, 23), postcode="cv15fb")
    candidate = match(married, stored)
    assert candidate.certain is False
    assert candidate.score >= THRESHOLD
    assert "Same postcode" in candidate.reasons


def test_first_name_and_surname_the_wrong_way_round_is_possible() -> None:
    candidate = match(new(first="Smith-Jones", last="William"))
    assert candidate.certain is False
    assert candidate.score >= THRESHOLD
    assert "First name and surname swapped" in candidate.reasons


def test_twins_are_flagged_for_review_but_never_certain() -> None:
    twin = new(first="Peter", postcode="B1 1AA")
    candidate = match(twin)
    assert candidate.certain is False
    assert "Similar first name" not in candidate.reasons


# --------------------------------------------------------------------------- not matches


def test_same_common_name_different_birth_date_and_postcode_is_not_a_match() -> None:
    stored = PersonKey(9, "John", "Smith", date(1985, 3, 14), postcode="B33 8TH")
    someone_else = new(first="John", last="Smith", dob=date(1992, 10, 2), postcode="WS1 1AA")
    candidate = score_match(someone_else, stored)
    assert candidate is not None and candidate.score < THRESHOLD
    assert find_matches(someone_else, [stored]) == []


def test_similar_name_different_birth_date_no_postcode_is_not_a_match() -> None:
    stored = PersonKey(9, "Jon", "Smyth", date(1985, 3, 14))
    assert find_matches(new(first="John", last="Smith", dob=date(1985, 3, 15)), [stored]) == []


def test_same_name_and_postcode_but_different_birth_date_is_not_a_match() -> None:
    # A father and son with the same name at the same address.
    father = PersonKey(11, "Daniel", "Hughes", date(1972, 1, 5), postcode="DY1 1HF")
    son = new(first="Daniel", last="Hughes", dob=date(2007, 8, 19), postcode="DY1 1HF")
    assert find_matches(son, [father]) == []


def test_one_digit_birth_date_typo_needs_supporting_evidence() -> None:
    typo = date(1998, 4, 8)
    assert find_matches(new(dob=typo, postcode="B2 4QA"), [STORED]) == []
    with_postcode = find_matches(new(dob=typo, postcode="B1 1AA"), [STORED])
    assert [c.person_id for c in with_postcode] == [1]
    assert "Date of birth differs by one digit" in with_postcode[0].reasons


def test_nothing_in_common_scores_nothing() -> None:
    assert score_match(new(first="Aisha", last="Begum", dob=date(2005, 6, 1)), STORED) is None


def test_same_birth_date_alone_is_not_a_match() -> None:
    candidate = score_match(new(first="Aisha", last="Begum"), STORED)
    assert candidate is None or candidate.score < THRESHOLD


def test_stored_record_without_an_id_is_ignored() -> None:
    assert score_match(new(), PersonKey(None, "William", "Smith-Jones", DOB)) is None


# --------------------------------------------------------------------------- find_matches


def test_find_matches_sorts_best_first_and_applies_the_threshold() -> None:
    people = [
        PersonKey(20, "Bill", "Smith-Jones", DOB),  # nickname
        PersonKey(21, "William", "Smith-Jones", DOB, postcode="B1 1AA"),  # certain
        PersonKey(22, "William", "Smith-Jones", date(1998, 7, 4)),  # swapped date
        PersonKey(23, "Grace", "Smith-Jones", date(2001, 2, 2)),  # sister
        PersonKey(24, "Aisha", "Begum", date(1970, 1, 1)),
    ]
    found = find_matches(new(postcode="B1 1AA"), people)
    assert [c.person_id for c in found] == [21, 20, 22]
    assert found[0].certain is True
    assert all(not c.certain for c in found[1:])
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_find_matches_threshold_is_adjustable() -> None:
    people = [PersonKey(30, "William", "Smith-Jones", date(1991, 1, 20))]
    assert find_matches(new(), people) == []
    assert [c.person_id for c in find_matches(new(), people, possible_threshold=40)] == [30]


def test_find_matches_skips_the_person_themselves() -> None:
    me = PersonKey(1, "William", "Smith-Jones", DOB)
    assert find_matches(me, [STORED]) == []


@given(
    st.text(max_size=20),
    st.text(max_size=20),
    st.dates(),
    st.none() | st.text(max_size=10),
    st.none() | st.text(max_size=10),
)
def test_scores_are_always_in_range(
    first: str, last: str, dob: date, known_as: str | None, postcode: str | None
) -> None:
    candidate = score_match(PersonKey(None, first, last, dob, known_as, postcode), STORED)
    if candidate is not None:
        assert 0 <= candidate.score <= 100
        assert candidate.person_id == 1
        assert all(isinstance(r, str) and r for r in candidate.reasons)
        if candidate.certain:
            assert dob == DOB
