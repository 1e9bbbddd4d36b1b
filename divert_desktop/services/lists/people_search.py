"""Finding people as you type: by name, date of birth, police reference, postcode or phone."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from divert_desktop.core.enums import (
    LocalAuthority,
)
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import (
    normalise_postcode,
    parse_date,
    search_key,
    text_problem,
)
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Person,
    PersonNamePart,
    Referral,
)
from divert_desktop.persistence.plain_select import select_rows
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import (
    MAX_PEOPLE,
    full_name,
    prefix_end,
    short_date,
)

_OUTWARD_CODE = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")
_PHONE_CHARS = re.compile(r"[\s\-().+]")


@dataclass(frozen=True)
class PersonRow:
    """One person in the People search results."""

    id: int
    name: str
    sort_name: str
    known_as: str
    date_of_birth: date
    date_of_birth_text: str
    postcode: str
    area: str
    referrals: int


@dataclass(frozen=True)
class PeopleSearch:
    """The result of a search: up to ``MAX_PEOPLE`` rows; ``truncated`` when there are more."""

    text: str
    searched_by: str
    rows: list[PersonRow]
    truncated: bool


INNER_PART_MIN = 3
"""Words this long also find a later part of a name ("jones" → "Öztürk-Jones")."""


def _range(column: Any, name: str) -> Any:
    """``column`` starts with the text bound as ``name_lo`` (``name_hi`` is its ``prefix_end``):
    an index range whose values are bound, so the statement is built once (issue 18)."""
    return sa.and_(column >= sa.bindparam(f"{name}_lo"), column < sa.bindparam(f"{name}_hi"))


def _bind(params: dict[str, Any], name: str, text: str) -> None:
    params[f"{name}_lo"], params[f"{name}_hi"] = text, prefix_end(text)


def _inner_conditions(long_words: tuple[bool, ...]) -> list[Any]:
    """Every word (bound as ``w0``, ``w1``…) starts a first, last or known-as name or a later
    part of one (run after the indexed search, excluding the people it found, bound as
    ``found``, so what is new needs a later part). ``long_words``: which words are at least
    ``INNER_PART_MIN`` letters (only those search the later parts).

    One IN over an INTERSECT of each word's matches, every branch an index range: the
    database reads only the index entries each word matches (an OR of IN subqueries made
    PostgreSQL read every person: 100 ms at 100,000 people)."""
    if not any(long_words):
        return []
    matched = _every_word(long_words).subquery("matched")
    return [
        Person.id.in_(sa.select(*matched.c)),
        Person.id.notin_(sa.bindparam("found", expanding=True)),
    ]


def _every_word(long_words: tuple[bool, ...]) -> Any:
    """The ids of the people for whom every word (``w0``, ``w1``…) starts a first, last or
    known-as name, or (for the ``long_words``) a later part of one: an INTERSECT of each word's
    UNION of index ranges."""
    p, n = Person, PersonNamePart
    per_word = []
    for i, long in enumerate(long_words):
        branches = [
            sa.select(p.id).where(_range(column, f"w{i}"))
            for column in (p.search_first, p.search_last, p.search_known_as)
        ]
        if long:
            branches.append(sa.select(n.person_id).where(_range(n.part, f"w{i}")))
        # Each word's union as a subquery: SQLite refuses a bracketed UNION inside INTERSECT.
        union = sa.union(*branches).subquery()
        per_word.append(sa.select(union.c[0]))
    return sa.intersect(*per_word) if len(per_word) > 1 else per_word[0]


def _words_conditions(long_words: tuple[bool, ...]) -> list[Any]:
    """Typed words (``w0``…, ``long_words`` as in ``_inner_conditions``), in one statement:
    every word starts a first, last or known-as name or a later part of one (an INTERSECT of
    each word's index ranges), or the words start a (double) surname (``joined``), optionally
    after the first name (``first{k}`` and ``last{k}``). Every branch is an index range, so the
    database reads only the entries that match (an OR of ranges under an anchor, then a second
    pass for later name parts, took 10x the raw INTERSECT at 100,000 people on SQLite)."""
    p = Person
    matched = _every_word(long_words).subquery("each")
    options = [sa.select(matched.c[0])]
    if len(long_words) > 1:
        options.append(sa.select(p.id).where(_range(p.search_last, "joined")))
        for k in range(1, len(long_words)):
            # Two branches, not an OR: (surname, first name) is one covering index, and few
            # people have a known-as name, so neither reads a row it does not return.
            for first in (p.search_first, p.search_known_as):
                options.append(
                    sa.select(p.id).where(
                        _range(p.search_last, f"last{k}"), _range(first, f"first{k}")
                    )
                )
    found = (sa.union(*options) if len(options) > 1 else options[0]).subquery("words")
    return [Person.id.in_(sa.select(found.c[0]))]


def _name_conditions(words: int) -> list[Any]:
    """Each word (``w0``…) starts a first, last or known-as name; or the words start a (double)
    surname (``joined``), optionally after the first name (``first{k}`` and ``last{k}``):
    "oztürk jones", "sian ozturk jones"."""
    p = Person
    each_word = sa.and_(
        *(
            sa.or_(
                _range(p.search_first, f"w{i}"),
                _range(p.search_last, f"w{i}"),
                _range(p.search_known_as, f"w{i}"),
            )
            for i in range(words)
        )
    )
    options = [each_word]
    if words > 1:
        # Every option below starts with the first word, so the anchor keeps them indexed.
        options.append(_range(p.search_last, "joined"))
        for k in range(1, words):
            options.append(
                sa.and_(
                    sa.or_(
                        _range(p.search_first, f"first{k}"), _range(p.search_known_as, f"first{k}")
                    ),
                    _range(p.search_last, f"last{k}"),
                )
            )
        # Some word starts a name: implied by every option, and an OR of index ranges, so the
        # database searches the indexes instead of reading everyone (a two-word search read
        # all 100,000 people without it).
        anchor = sa.or_(
            *(_range(c, "w0") for c in (p.search_first, p.search_last, p.search_known_as))
        )
        return [sa.and_(anchor, sa.or_(*options))]
    return [sa.or_(*options)]


def _name_params(tokens: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for i, token in enumerate(tokens):
        _bind(params, f"w{i}", token)
    if len(tokens) > 1:
        _bind(params, "joined", " ".join(tokens))
        for k in range(1, len(tokens)):
            _bind(params, f"first{k}", " ".join(tokens[:k]))
            _bind(params, f"last{k}", " ".join(tokens[k:]))
    return params


def _reference_condition(limit: bool = False) -> Any:
    """The person has a referral whose police reference starts with the text as typed
    (``ref``) or in capitals (``ref_upper``), searched by range on the unique index; with
    ``limit``, only the first ``cap`` references ("WMP-2025" starts a year's references)."""
    # "id IN (…)", not a correlated EXISTS: each branch of the OR then stays an index search
    # (an EXISTS made SQLite scan every person; see benchmarks/bench_diary.py).
    found = sa.select(Referral.person_id).where(
        sa.or_(_range(Referral.police_reference, "ref"), _range(Referral.police_reference, "refu"))
    )
    if limit:
        found = found.limit(sa.bindparam("cap"))
    return Person.id.in_(found)


def _first_matches(conditions: list[Any]) -> Any:
    """The person is among the first ``cap`` matches of one of ``conditions``, each found by
    its own index (so "07700" does not sort every mobile number in the table)."""
    branches = [
        sa.select(Person.id)
        .where(condition, Person.merged_into_id.is_(None))
        .limit(sa.bindparam("cap"))
        for condition in conditions
    ]
    found = sa.union_all(*(sa.select(b.subquery().c.id) for b in branches)).subquery("found")
    return Person.id.in_(sa.select(found.c.id))


@functools.lru_cache(maxsize=128)
def _statement(shape: tuple[Any, ...]) -> Any:
    """The search statement for a shape of query, built once (every value is bound):
    ("dob",), ("name", words, with_reference), ("inner", long_words) or
    ("other", postcode, outward, phone). Rebuilding these trees was about 85% of a search
    whose SQL took 1 ms (issue 18)."""
    kind = shape[0]
    if kind == "dob":
        conditions = [Person.date_of_birth == sa.bindparam("dob")]
    elif kind == "name":
        conditions = _name_conditions(shape[1]) if shape[1] else []
        if shape[2]:
            conditions.append(_reference_condition())
    elif kind == "inner":
        return _people_found([sa.and_(*_inner_conditions(shape[1]))])
    elif kind == "words":
        conditions = _words_conditions(shape[1])
    else:
        _kind, postcode, outward, phone = shape
        found: list[Any] = []
        if postcode:
            found.append(Person.postcode == sa.bindparam("postcode"))
        if outward:
            found.append(_range(Person.postcode, "outward"))
        if phone:
            found.append(_range(Person.phone, "phone"))
        found.append(_reference_condition(limit=True))
        # A phone, postcode or reference prefix can match most people: take the first
        # ``cap`` of each by its own index, then sort only those.
        conditions = [_first_matches(found)]
    return _people_found(conditions)


def _search_plan(text: str) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
    """What the typed text can mean: (words for it, the statement's shape, its values)."""
    try:
        return "date of birth", ("dob",), {"dob": parse_date(text, "date_of_birth")}
    except ValidationError:
        pass
    params: dict[str, Any] = {}
    _bind(params, "ref", text.strip())
    _bind(params, "refu", text.strip().upper())
    if not any(ch.isdigit() for ch in text):
        tokens = search_key(text).split()
        if not tokens and len(text.split()) > 1:
            return "name", ("none",), {}
        params.update(_name_params(tokens))
        if len(text.split()) > 1:
            long_words = tuple(len(w) >= INNER_PART_MIN for w in tokens)
            return "name", ("words", long_words), params
        # One word could also start a police reference ("WMP-T").
        looks_like_reference = any(ch in text for ch in "-/")
        searched_by = "police reference" if looks_like_reference else "name"
        return searched_by, ("name", len(tokens), True), params
    compact = "".join(text.split()).upper()
    postcode = outward = phone = False
    try:
        params["postcode"] = normalise_postcode(text)
        postcode = True
    except ValidationError:
        if _OUTWARD_CODE.fullmatch(compact):
            _bind(params, "outward", compact + " ")
            outward = True
    digits = _PHONE_CHARS.sub("", text)
    if digits.isdigit() and len(digits) >= 5:
        if digits.startswith("44"):
            digits = "0" + digits[2:]
        _bind(params, "phone", digits)
        phone = True
    return "postcode, phone or police reference", ("other", postcode, outward, phone), params


def search_people(
    db: Database, actor: Actor, text: str, *, limit: int = MAX_PEOPLE
) -> PeopleSearch:
    """Find people by name (case- and accent-folded, known-as too), date of birth (2/12/2001 or
    2001-12-02), police reference, postcode or phone. Raises PermissionDenied."""
    with db.plain_connection():  # the session check and the search share one connection
        return _search_people(db, actor, text, limit)


def _search_people(db: Database, actor: Actor, text: str, limit: int) -> PeopleSearch:
    actor.require(Action.VIEW_PERSON)
    text = (text or "").strip()
    if not text or text_problem(text, multiline=True):  # nobody's details hold those
        return PeopleSearch(text, "", [], False)
    if not any(ch.isdigit() for ch in text) and len(search_key(text).split()) == 1 == len(
        text.split()
    ):
        # The keystroke path: one word, a name or the start of a police reference.
        searched_by = "police reference" if any(ch in text for ch in "-/") else "name"
        rows = _one_word_search(db, text, limit)
    else:
        searched_by, shape, params = _search_plan(text)
        if shape == ("none",):
            return PeopleSearch(text, searched_by, [], False)
        params["limit"] = params["cap"] = limit + 1
        rows = _run_search(db, _statement(shape), params)
        if len(rows) <= limit and searched_by == "name" and shape[0] == "name":
            long_words = tuple(len(w) >= INNER_PART_MIN for w in search_key(text).split())
            if any(long_words):
                params["found"] = [row[0] for row in rows]  # the ids
                params["limit"] = limit - len(rows) + 1
                more = _run_search(db, _statement(("inner", long_words)), params)
                if more:
                    rows = sorted(
                        [*rows, *more],
                        key=lambda r: (r[7], r[8], r[0]),  # as _people_found
                    )
    people = [_person_row(row) for row in rows[:limit]]
    return PeopleSearch(text, searched_by, people, len(rows) > limit)


def _one_word_search(db: Database, text: str, limit: int) -> Sequence[Any]:
    """The keystroke path: one word starting a name, a later part of a name (words of
    ``INNER_PART_MIN`` letters or more) or a police reference, as one statement of index range
    searches. Plain SQL prepared once, run on a bare connection."""
    word = search_key(text)
    raw = text.strip()
    params: dict[str, Any] = {"limit": limit + 1}
    params.update(zip(("lo", "hi"), _bounds(word), strict=True))
    parts = _bounds(word) if len(word) >= INNER_PART_MIN else ("", "")  # "" to "": no rows
    params.update(zip(("plo", "phi"), parts, strict=True))
    params.update(zip(("r1lo", "r1hi"), _bounds(raw), strict=True))
    params.update(zip(("r2lo", "r2hi"), _bounds(raw.upper()), strict=True))
    # On the driver's own cursor: SQLAlchemy's statement and result handling was most of a
    # keystroke's cost when little was found (0.2 of 0.25 ms for a word nobody has).
    return db.plain_rows(_KEYSTROKE_SQL, params)


def _bounds(text: str) -> tuple[str, str]:
    return text, prefix_end(text)


_COLUMNS = (
    "{p}id, {p}first_name, {p}last_name, {p}known_as, {p}date_of_birth, {p}postcode, "
    "{p}local_authority, {p}search_last, {p}search_first"
)
_PERSON = _COLUMNS.format(p="")
_JOINED = _COLUMNS.format(p="p.")

# The person's latest area and referral count, worked out only for the people listed.
_DETAILS = """
SELECT top.*,
       (SELECT r.local_authority FROM referrals r WHERE r.person_id = top.id
         ORDER BY r.referral_datetime DESC LIMIT 1) AS latest_area,
       (SELECT count(*) FROM referrals r WHERE r.person_id = top.id) AS referrals
FROM top
ORDER BY top.search_last, top.search_first, top.id
"""

KEYSTROKE = sa.text(
    f"""
WITH hit AS (
  SELECT {_PERSON} FROM people
  WHERE search_first >= :lo AND search_first < :hi AND merged_into_id IS NULL
  UNION ALL
  SELECT * FROM (
    SELECT {_PERSON} FROM people
    WHERE search_last >= :lo AND search_last < :hi AND merged_into_id IS NULL
    ORDER BY search_last, search_first, id LIMIT :limit) AS by_last
  UNION ALL
  SELECT {_PERSON} FROM people
  WHERE search_known_as >= :lo AND search_known_as < :hi AND merged_into_id IS NULL
  UNION ALL
  SELECT * FROM (
    SELECT {_JOINED} FROM person_name_parts n JOIN people p ON p.id = n.person_id
    WHERE n.part >= :plo AND n.part < :phi AND p.merged_into_id IS NULL
    ORDER BY n.part, n.person_id LIMIT :limit) AS by_part
  UNION ALL
  SELECT * FROM (
    SELECT {_JOINED} FROM referrals r JOIN people p ON p.id = r.person_id
    WHERE r.police_reference >= :r1lo AND r.police_reference < :r1hi AND p.merged_into_id IS NULL
    LIMIT :limit) AS by_reference
  UNION ALL
  SELECT * FROM (
    SELECT {_JOINED} FROM referrals r JOIN people p ON p.id = r.person_id
    WHERE r.police_reference >= :r2lo AND r.police_reference < :r2hi AND p.merged_into_id IS NULL
    LIMIT :limit) AS by_capital_reference
), top AS (
  SELECT DISTINCT * FROM hit ORDER BY search_last, search_first, id LIMIT :limit
)"""
    + _DETAILS
)
"""One word: index range searches on the first, last and known-as names, the later parts of
names and the police references, as one statement. The surname and name-part branches read at
most ``limit`` entries in index order, so a common prefix ("smi") stays flat as data grows."""


_KEYSTROKE_SQL = {
    "sqlite": KEYSTROKE.text,  # sqlite3 takes :name with a dict whatever its paramstyle
    "postgresql": re.sub(r"(?<!:):(\w+)", r"%(\1)s", KEYSTROKE.text),  # psycopg
}


def _person_row(row: Sequence[Any]) -> PersonRow:
    """A PersonRow from (id, first, last, known_as, dob, postcode, authority, search_last,
    search_first, latest_area, referrals)."""
    dob = row[4]
    if not isinstance(dob, date):
        dob = _iso_date(dob)
    area = row[6] or row[9]
    return PersonRow(
        id=row[0],
        name=full_name(row[1], row[2]),
        sort_name=f"{row[7]} {row[8]}",
        known_as=row[3] or "",
        date_of_birth=dob,
        date_of_birth_text=_short_date(dob),
        postcode=row[5] or "",
        area=_AREAS.get(area) or area_text(area),
        referrals=int(row[10] or 0),
    )


# Per-row work is most of what a keystroke costs beyond the SQL: remember the few thousand
# distinct dates of birth instead of formatting each again (bounded caches).
_iso_date = functools.lru_cache(maxsize=8192)(date.fromisoformat)
_short_date = functools.lru_cache(maxsize=8192)(short_date)
_AREAS: dict[Any, str] = {a.value: a.value for a in LocalAuthority}


def _people_found(conditions: list[Any]) -> Any:
    """Up to ``limit`` (bound) people matching any of ``conditions`` by surname, with a PersonRow's
    columns; the latest area and referral count are worked out only for those listed (a
    phone or reference prefix can match every person: 330 ms instead of about 60 ms at
    100,000 people when they were worked out for all before sorting).

    The sort is by an expression rather than the columns: otherwise, with bound values and a
    LIMIT, SQLite prefers walking the whole surname index in order over searching the name
    indexes and sorting the few people found (450 ms instead of 10 ms at 100,000 people).
    """
    top = (
        sa.select(
            Person.id,
            Person.first_name,
            Person.last_name,
            Person.known_as,
            Person.date_of_birth,
            Person.postcode,
            Person.local_authority,
            Person.search_last,
            Person.search_first,
        )
        .where(Person.merged_into_id.is_(None), sa.or_(*conditions))
        .order_by(sa.func.lower(Person.search_last), sa.func.lower(Person.search_first), Person.id)
        .limit(sa.bindparam("limit"))
        .subquery("top")
    )
    latest_area = (
        sa.select(Referral.local_authority)
        .where(Referral.person_id == top.c.id)
        .order_by(Referral.referral_datetime.desc())
        .limit(1)
        .scalar_subquery()
    )
    referral_count = (
        sa.select(sa.func.count(Referral.id))
        .where(Referral.person_id == top.c.id)
        .scalar_subquery()
    )
    return sa.select(
        *top.c, latest_area.label("latest_area"), referral_count.label("referrals")
    ).order_by(top.c.search_last, top.c.search_first, top.c.id)


def _run_search(db: Database, statement: Any, params: dict[str, Any]) -> list[Any]:
    """The rows of a built search statement for these values (``limit`` of them at most), as
    tuples in ``_people_found``'s column order, read on the driver's own cursor."""
    return select_rows(db, statement, params)


def area_text(value: str | None) -> str:
    """The area's name, or "" when not known."""
    return LocalAuthority(value).value if value else ""


def count_people(db: Database) -> int:
    """How many people are recorded (the app offers demo data when there are none)."""
    with db.unit_of_work(write=False) as session:
        return int(session.execute(sa.select(sa.func.count(Person.id))).scalar_one())
