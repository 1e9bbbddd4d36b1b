"""Finding records of the same person despite typos, nicknames, changed surnames and swapped dates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from rapidfuzz.distance import OSA, JaroWinkler

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import normalise_postcode, search_key

__all__ = [
    "DEFAULT_POSSIBLE_THRESHOLD",
    "NICKNAMES",
    "MatchCandidate",
    "PersonKey",
    "find_matches",
    "names_equivalent",
    "normalise_name",
    "score_match",
    "swapped_date_of_birth",
]

DEFAULT_POSSIBLE_THRESHOLD = 70

# Points for each piece of evidence; a score is their sum, clamped to 0-100.
# Worked out so that a similar name alone (different date of birth, different postcode) stays
# well below the threshold, while the same date of birth plus a similar name reaches it.
DOB_EXACT = 45
DOB_SWAPPED = 35
DOB_ONE_DIGIT = 10
SURNAME_EXACT = 30
SURNAME_DOUBLE_BARRELLED = 25
SURNAME_SIMILAR = 22
SURNAME_SHARED_PART = 18
FIRST_EXACT = 25
FIRST_NICKNAME = 20
FIRST_SIMILAR = 17
FIRST_DIFFERENT = -10
NAMES_SWAPPED = 40
POSTCODE_SAME = 10
POSTCODE_DIFFERENT = -5

# Formal name -> its nicknames and spelling variants (all written as search keys).
_NAME_GROUPS: dict[str, str] = {
    "abigail": "abi abby abbie",
    "alexander": "alex alec alexandre",
    "alexandra": "alex alexa lexi",
    "andrew": "andy drew",
    "anthony": "tony antony",
    "benjamin": "ben benny benji",
    "charles": "charlie chas chaz",
    "christopher": "chris",
    "daniel": "dan danny",
    "david": "dave davey davy",
    "deborah": "debbie debra deb",
    "edward": "ed eddie eddy ted ned",
    "elizabeth": "liz lizzie lizzy beth betty eliza libby elisabeth",
    "frederick": "fred freddie freddy",
    "gregory": "greg",
    "henry": "harry hal",
    "jacqueline": "jackie jacqui",
    "james": "jim jimmy jimmie jamie",
    "jennifer": "jenny jen jenni jennie",
    "john": "jack johnny jonny",
    "jonathan": "jon jonny johnny jonathon",
    "joseph": "joe joey",
    "katherine": "kate katie kat kath kathy cathy catherine kathryn katharine catharine",
    "margaret": "maggie meg peggy",
    "matthew": "matt matty",
    "michael": "mike mikey mick micky mickey",
    "mohammed": "mo mohammad muhammad mohamed muhammed mohamad mohd",
    "nicholas": "nick nicky nico",
    "patricia": "pat patty trish tricia",
    "patrick": "pat paddy",
    "peter": "pete",
    "rebecca": "becky becca bex",
    "richard": "rich richie rick ricky dick",
    "robert": "bob bobby rob robbie robby bert",
    "samantha": "sam sammy sammie",
    "samuel": "sam sammy",
    "stephen": "steve stevie steven stephan",
    "susan": "sue susie suzy suzanne",
    "thomas": "tom tommy",
    "victoria": "vicky vikki tori",
    "william": "bill billy will willy",
    "zachary": "zach zak zack",
}


def _build_nicknames() -> Mapping[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for formal, variants in _NAME_GROUPS.items():
        for name in variants.split():
            table.setdefault(name, set()).add(formal)
    return MappingProxyType({name: frozenset(formals) for name, formals in table.items()})


NICKNAMES: Mapping[str, frozenset[str]] = _build_nicknames()
"""Nickname or spelling variant -> the formal names it stands for ("sam" -> samuel, samantha)."""


@dataclass(frozen=True, slots=True)
class PersonKey:
    """What matching looks at for one person (a new intake or a stored record)."""

    person_id: int | None
    first_name: str
    last_name: str
    date_of_birth: date
    known_as: str | None = None
    postcode: str | None = None


@dataclass(frozen=True, slots=True)
class MatchCandidate:
    """A stored person who may be the same as the new one; ``reasons`` are shown to the user."""

    person_id: int
    score: int
    certain: bool
    reasons: tuple[str, ...]


def normalise_name(text: str | None) -> str:
    """Return a name folded for comparison: case, accents, apostrophes and hyphens ignored."""
    return search_key(text or "")


def _formal_names(name: str) -> frozenset[str]:
    return NICKNAMES.get(name, frozenset()) | {name}


def names_equivalent(a: str, b: str) -> bool:
    """Return True when two first names are the same or nicknames/variants of one formal name."""
    a, b = normalise_name(a), normalise_name(b)
    return bool(a and b) and (a == b or bool(_formal_names(a) & _formal_names(b)))


def swapped_date_of_birth(d: date) -> date | None:
    """Return the date with day and month swapped, or None when that is the same or no date."""
    if d.day == d.month or d.day > 12:
        return None
    try:
        return date(d.year, d.day, d.month)
    except ValueError:  # pragma: no cover - day <= 12 always makes a valid month
        return None


def _similar(a: str, b: str) -> bool:
    """Typo-level similarity of two single names (both already normalised)."""
    if not a or not b:
        return False
    if a == b:
        return True
    shortest = min(len(a), len(b))
    distance = OSA.distance(a, b)
    if distance <= 1 and shortest >= 3:
        return True
    if distance <= 2 and shortest >= 7:
        return True
    return shortest >= 4 and JaroWinkler.normalized_similarity(a, b) >= 0.93


def _surname_evidence(new: str, old: str) -> tuple[int, str | None]:
    if not new or not old:
        return 0, None
    if new == old or new.replace(" ", "") == old.replace(" ", ""):
        return SURNAME_EXACT, "Same surname"
    new_parts, old_parts = set(new.split()), set(old.split())
    if (len(new_parts) > 1 or len(old_parts) > 1) and (
        new_parts <= old_parts or old_parts <= new_parts
    ):
        return SURNAME_DOUBLE_BARRELLED, "Surname is part of a double-barrelled surname"
    if _similar(new.replace(" ", ""), old.replace(" ", "")):
        return SURNAME_SIMILAR, "Similar surname"
    if any(_similar(x, y) for x in new_parts for y in old_parts if len(x) > 1 and len(y) > 1):
        return SURNAME_SHARED_PART, "Similar surname"
    return 0, None


def _first_name_evidence(new: PersonKey, old: PersonKey) -> tuple[int, str | None, bool]:
    """Points, reason and whether the first names (or known-as names) are exactly equal."""
    new_first, old_first = normalise_name(new.first_name), normalise_name(old.first_name)
    new_known, old_known = normalise_name(new.known_as), normalise_name(old.known_as)
    if new_first and new_first == old_first:
        return FIRST_EXACT, "Same first name", True
    if (new_known and new_known in (old_first, old_known)) or (
        old_known and old_known == new_first
    ):
        return FIRST_EXACT, "Known-as name matches", True
    new_names = [n for n in (new_first, new_known) if n]
    old_names = [n for n in (old_first, old_known) if n]
    if any(names_equivalent(a, b) for a in new_names for b in old_names):
        return FIRST_NICKNAME, "Nickname of the same first name", False
    new_tokens = {t for n in new_names for t in n.split()}
    old_tokens = {t for n in old_names for t in n.split()}
    if any(_similar(a, b) for a in new_names for b in old_names) or (new_tokens & old_tokens):
        return FIRST_SIMILAR, "Similar first name", False
    return 0, None, False


def _both_given(new: PersonKey, old: PersonKey) -> bool:
    return bool(normalise_name(new.first_name) and normalise_name(old.first_name))


def _postcode_key(text: str | None) -> str:
    if not text or not text.strip():
        return ""
    try:
        return normalise_postcode(text)
    except ValidationError:
        return "".join(text.split()).upper()


def _dob_one_digit_apart(a: date, b: date) -> bool:
    x = f"{a.year:04d}{a.month:02d}{a.day:02d}"
    y = f"{b.year:04d}{b.month:02d}{b.day:02d}"
    return sum(1 for p, q in zip(x, y, strict=True) if p != q) == 1


def score_match(new: PersonKey, existing: PersonKey) -> MatchCandidate | None:
    """Score how likely ``existing`` is the same person as ``new`` (0-100, with reasons).

    ``certain`` only when first name (or known-as name) and surname are equal after folding,
    the date of birth is exactly equal and the postcodes, when both are known, agree.
    Returns None when ``existing`` has no id or nothing at all points to the same person.
    """
    if existing.person_id is None:
        return None
    score = 0
    reasons: list[str] = []

    # Date of birth.
    dob_exact = new.date_of_birth == existing.date_of_birth
    if dob_exact:
        score += DOB_EXACT
        reasons.append("Same date of birth")
    elif swapped_date_of_birth(new.date_of_birth) == existing.date_of_birth:
        score += DOB_SWAPPED
        reasons.append("Date of birth with day and month swapped")
    elif _dob_one_digit_apart(new.date_of_birth, existing.date_of_birth):
        score += DOB_ONE_DIGIT
        reasons.append("Date of birth differs by one digit")

    # Names.
    new_last, old_last = normalise_name(new.last_name), normalise_name(existing.last_name)
    surname_points, surname_reason = _surname_evidence(new_last, old_last)
    first_points, first_reason, first_exact = _first_name_evidence(new, existing)
    surname_exact = surname_points == SURNAME_EXACT
    if first_exact and surname_exact and first_reason == "Same first name":
        reasons.append("Same name")
    else:
        reasons.extend(r for r in (first_reason, surname_reason) if r)
    name_points = first_points + surname_points
    if first_points == 0 and surname_points == 0:
        # First name and surname written the wrong way round.
        new_first = normalise_name(new.first_name)
        old_first = normalise_name(existing.first_name)
        if new_first and new_last and new_first == old_last and new_last == old_first:
            name_points = NAMES_SWAPPED
            reasons.append("First name and surname swapped")
    if first_points == 0 and name_points != NAMES_SWAPPED and _both_given(new, existing):
        name_points += FIRST_DIFFERENT  # twins and siblings share surname, birthday, address
    score += name_points

    # Postcode.
    new_pc, old_pc = _postcode_key(new.postcode), _postcode_key(existing.postcode)
    postcode_contradicts = bool(new_pc and old_pc and new_pc != old_pc)
    if new_pc and new_pc == old_pc:
        score += POSTCODE_SAME
        reasons.append("Same postcode")
    elif postcode_contradicts:
        score += POSTCODE_DIFFERENT

    if name_points <= 0 and not dob_exact:
        return None
    score = max(0, min(100, score))
    certain = first_exact and surname_exact and dob_exact and not postcode_contradicts
    return MatchCandidate(
        person_id=existing.person_id, score=score, certain=certain, reasons=tuple(reasons)
    )


def find_matches(
    new: PersonKey,
    existing: Iterable[PersonKey],
    *,
    possible_threshold: int = DEFAULT_POSSIBLE_THRESHOLD,
) -> list[MatchCandidate]:
    """Return the stored people who may be ``new``, best first, scoring at least the threshold.

    A record with the same ``person_id`` as ``new`` is skipped; ties keep the order given.
    """
    found: list[MatchCandidate] = []
    for other in existing:
        if new.person_id is not None and other.person_id == new.person_id:
            continue
        candidate = score_match(new, other)
        if candidate is not None and (candidate.certain or candidate.score >= possible_threshold):
            found.append(candidate)
    found.sort(key=lambda c: (not c.certain, -c.score))
    return found
