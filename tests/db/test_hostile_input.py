"""Hostile input gets a clear answer, never "unexpected error": files, searches, edits and ids,
through the command line's own entry function, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import itertools
import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from divert_desktop import cli
from divert_desktop.core.eligibility import AppropriateAdult
from divert_desktop.core.enums import LocalAuthority, Role, Substance
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import text_problem
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Person, Referral, ReferralSubstance
from divert_desktop.services import lists
from divert_desktop.services.intake.draft import ReferralDraft
from divert_desktop.services.intake.import_rows import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from divert_desktop.services.intake.referrals import create_referral
from divert_desktop.services.people import records as people

_refs = itertools.count(1)
_people = itertools.count(1)


def row(**overrides: Any) -> dict[str, Any]:
    """A valid adult referral whatever today is (dates long past), with a distinct person."""
    n = next(_people)
    values = {
        "police_reference": f"H-{next(_refs):05d}",
        "referral_datetime": "2025-05-01T10:00",
        "officer_name": "PC Ada Fenwick",
        "officer_number": "4410",
        "first_name": "Marlowe",
        "last_name": f"Quenby{'abcdefghij'[n % 10]}{'klmnopqrst'[n // 10 % 10]}",
        "date_of_birth": date(1960 + n % 40, 1 + n % 12, 1 + n % 28).isoformat(),
        "local_authority": "Coventry",
        "substances": "cannabis",
        "intent_to_supply": "no",
    }
    values.update(overrides)
    return values


def jsonl(*objects: dict[str, Any]) -> str:
    """JSON Lines as the police app writes them: non-ASCII escaped (so "\\ud800" is in the text)."""
    return "".join(json.dumps(o) + "\n" for o in objects)


def run_cli(url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--database", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def import_json(url: str, capsys: pytest.CaptureFixture[str], path: Path, *more: str) -> tuple:
    code, out, err = run_cli(url, capsys, "import-referrals", str(path), "--json", *more)
    assert "unexpected" not in err and "Traceback" not in err, err
    return code, json.loads(out), err


def stored(url: str) -> dict[str, list[str | None]]:
    """Every stored text an import writes, by column."""
    db = Database(url)
    try:
        with db.unit_of_work(write=False) as s:
            r, p, sub = Referral, Person, ReferralSubstance
            columns = (
                r.police_reference,
                r.officer_name,
                r.officer_number,
                r.notes,
                p.first_name,
                p.last_name,
                sub.other_text,
            )
            return {
                f"{c.class_.__tablename__}.{c.key}": list(s.execute(sa.select(c)).scalars())
                for c in columns
            }
    finally:
        db.dispose()


def assert_nothing_unstorable(url: str) -> None:
    for column, values in stored(url).items():
        for value in values:
            if value is not None:
                assert text_problem(value, multiline=column.endswith("notes")) is None, column


def referral_count(url: str) -> int:
    return len(stored(url)["referrals.police_reference"])


# --------------------------------------------------------------------------- the fuzzer's finds


def test_lone_surrogate_and_nul_reject_their_row_with_field_and_message(db_url, tmp_path, capsys):
    good1, good2 = row(), row()
    bad = [
        row(first_name="Ann\ud800"),
        row(notes="before\u0000after"),
        row(police_reference="NUL\u0000REF"),
        row(substances="other: glue\u0000"),
        row(officer_name="PC \x1b[2JVale"),
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text(jsonl(good1, *bad, good2), encoding="utf-8")
    code, result, _ = import_json(db_url, capsys, path)
    assert code == 1
    assert (result["rows"], result["imported"], result["rejected"]) == (7, 2, 5)
    assert [(e["row"], e["field"]) for e in result["errors"]] == [
        (2, "first_name"),
        (3, "notes"),
        (4, "police_reference"),
        (5, "substances"),
        (6, "officer_name"),
    ]
    assert all(
        "contains characters that cannot be stored" in e["message"] for e in result["errors"]
    )
    assert "(a null character)" in result["errors"][1]["message"]
    assert sorted(stored(db_url)["referrals.police_reference"]) == sorted(
        [good1["police_reference"], good2["police_reference"]]
    )
    assert_nothing_unstorable(db_url)


def test_rejects_file_holds_a_lone_surrogate_as_its_escape(db_url, tmp_path, capsys):
    path = tmp_path / "surrogate.jsonl"
    path.write_text(jsonl(row(first_name="Ann\ud800")), encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    code, result, _ = import_json(db_url, capsys, path, "--rejects", str(rejects))
    assert code == 1 and result["rejected"] == 1
    assert "Ann\\ud800" in rejects.read_text(encoding="utf-8-sig")


def test_json_nested_deeply_is_one_rejected_row_even_inside_notes(db_url, tmp_path, capsys):
    good = row()
    deep = "[" * 1000 + "]" * 1000
    lines = [
        json.dumps(good),
        json.dumps(row())[:-1] + f', "notes": {deep}}}',
        json.dumps(row())[:-1] + f', "extra": {"[" * 21 + "1" + "]" * 21}}}',
        json.dumps(row(notes="[" * 50 + " brackets in text are fine " + "]" * 50)),
    ]
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, result, _ = import_json(db_url, capsys, path)
    assert code == 1
    assert (result["rows"], result["imported"], result["rejected"]) == (4, 2, 2)
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(2, "row"), (3, "row")]
    assert "more than 20 deep" in result["errors"][0]["message"]
    assert referral_count(db_url) == 2


def test_a_file_of_nothing_but_a_too_deep_line_is_refused(db_url, tmp_path, capsys):
    path = tmp_path / "deep.jsonl"
    path.write_text('{"notes": ' + "[" * 1000 + "]" * 1000 + "}\n", encoding="utf-8")
    code, out, err = run_cli(db_url, capsys, "import-referrals", str(path))
    assert code == 2 and out == ""
    assert err == (
        "divert-desktop: deep.jsonl cannot be imported: line 1 nests lists or objects more than "
        "20 deep, so it cannot be read. Each line must be one referral with a single value for "
        "each key.\n"
    )


def test_a_column_named_twice_refuses_the_file_naming_it(db_url, tmp_path, capsys):
    header = [*REQUIRED_COLUMNS, "notes", "Last Name"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerow([*row().values(), "", "Wrongname"])
    path = tmp_path / "twice.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    code, result, err = import_json(db_url, capsys, path)
    assert code == 2 and result["imported"] == 0 and referral_count(db_url) == 0
    assert err == (
        "divert-desktop: twice.csv cannot be imported: the column 'Last Name' appears twice in "
        "the header. Remove or rename one of them and try again.\n"
    )
    assert result["errors"][0]["message"] in err


def test_a_key_written_twice_in_one_json_line_rejects_that_row(db_url, tmp_path, capsys):
    good = row()
    twice = json.dumps(row())[:-1] + ', "last_name": "Other"}'
    path = tmp_path / "twice.jsonl"
    path.write_text(json.dumps(good) + "\n" + twice + "\n", encoding="utf-8")
    code, result, _ = import_json(db_url, capsys, path)
    assert code == 1 and (result["imported"], result["rejected"]) == (1, 1)
    assert result["errors"][0]["field"] == "last_name"
    assert "appears twice" in result["errors"][0]["message"]


def test_control_characters_from_a_file_are_shown_not_sent_to_the_terminal(
    db_url, tmp_path, capsys
):
    bad = row(
        police_reference="R-\x1b[31mRED\x07",
        date_of_birth="1990-13-01",
        first_name="Ann\x1b]0;owned\x07",
    )
    out = io.StringIO()
    csv.writer(out).writerows([list(bad), list(bad.values())])
    path = tmp_path / "escapes.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    code, stdout, err = run_cli(db_url, capsys, "import-referrals", str(path))
    assert code == 1 and "unexpected" not in err
    assert "\x1b" not in err + stdout and "\x07" not in err + stdout
    assert "  row 1 (R-\\x1b[31mRED\\x07): police_reference: The police reference contains " in err
    assert referral_count(db_url) == 0


@pytest.mark.parametrize("person_id", ["99999999999999999999", "2147483648", "0", "-1"])
def test_export_person_with_an_id_out_of_range_is_not_found(db_url, tmp_path, capsys, person_id):
    code, out, err = run_cli(
        db_url, capsys, "export-person", person_id, "--out", str(tmp_path / "out")
    )
    assert (code, out) == (1, "")
    assert err == "divert-desktop: That person's record could not be found.\n"


# --------------------------------------------------------------------------- search, intake, edits


@pytest.fixture
def imported(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "one.jsonl"
    path.write_text(
        jsonl(row(first_name="Tamsin", last_name="Ardagh", police_reference="WMP-77")),
        encoding="utf-8",
    )
    assert import_json(db_url, capsys, path)[0] == 0
    return db_url


@pytest.mark.parametrize(
    "text",
    [
        "\ud800",
        "Tam\ud800",
        "Tamsin\x00",
        "\x00",
        "WMP-\x00",
        "\x1b[2J",
        "Ardagh 1\ud800",
        "WMP\U0010ffff",
        "\U0010ffff",
        "x\ud7ff",
        "WMP-77\ud7ff",
    ],
)
def test_search_with_hostile_text_finds_nothing_and_raises_nothing(imported, make_actor, text):
    db = Database(imported)
    try:
        actor = make_actor(db, Role.RECEPTIONIST)
        assert lists.search_people(db, actor, text).rows == []
        assert lists.list_referrals(db, actor, text=text, today=date(2026, 11, 27)).rows == []
        # The same searches without the bad character still find Tamsin.
        assert len(lists.search_people(db, actor, "Tamsin").rows) == 1
        assert len(lists.list_referrals(db, actor, text="WMP-77").rows) == 1
    finally:
        db.dispose()


def test_intake_refuses_a_null_character_and_stores_nothing(db, make_actor):
    actor = make_actor(db, Role.RECEPTIONIST)
    draft = ReferralDraft(
        police_reference="IN-NUL-1",
        referral_datetime=datetime(2025, 5, 1, 10, 0),
        officer_name="PC Ada Fenwick",
        officer_number="4410",
        first_name="Ann\x00",
        last_name="Bee",
        date_of_birth=date(1990, 1, 1),
        local_authority=LocalAuthority.COVENTRY,
        substances=((Substance.CANNABIS, None),),
        intent_to_supply=False,
        notes="a note\x00",
    )
    with pytest.raises(ValidationError) as caught:
        create_referral(db, actor, draft)
    assert "cannot be stored (a null character)" in caught.value.message
    with db.unit_of_work(write=False) as s:
        assert s.execute(sa.select(sa.func.count()).select_from(Referral)).scalar_one() == 0


def test_editing_a_person_refuses_control_characters_and_lone_surrogates(imported, make_actor):
    db = Database(imported)
    try:
        actor = make_actor(db, Role.CASEWORKER)
        with db.unit_of_work(write=False) as s:
            pid = s.execute(sa.select(Person.id)).scalar_one()
        version = people.person_details(db, actor, pid).version
        for changes, field in (
            ({"first_name": "Tam\x00sin"}, "first_name"),
            ({"address_line1": "1 Elm\x1b Row"}, "address_line1"),
            ({"accessibility_needs": "ramp\ud800"}, "accessibility_needs"),
        ):
            with pytest.raises(ValidationError) as caught:
                people.update_person(db, actor, pid, version, changes)
            assert caught.value.field == field and "cannot be stored" in caught.value.message
        saved = people.update_person(
            db, actor, pid, version, {"accessibility_needs": "ramp\r\nlarge print\tplease"}
        )
        assert saved.accessibility_needs == "ramp\nlarge print\tplease"
    finally:
        db.dispose()


# --------------------------------------------------------------------------- any file at all

_HOSTILE = [
    "\x00",
    "\ud800",
    "\udfff",
    "\x1b[31m",
    "\x07",
    "\r",
    "\n",
    "\t",
    "\x9b",
    "\u202e",
    "\U0010ffff",
    '"',
    ",",
    ";",
    "{",
    "[",
    "\\",
    " ",
    "",
    "é",
    "😀",
    "other: ",
]
_EXTRA_COLUMNS = [*OPTIONAL_COLUMNS, "", "Surname", "extra", "Notes", "POLICE REFERENCE"]
_NOW_AND_THEN = st.sampled_from([False] * 9 + [True])
"""True about one time in ten (and False is the simplest value, as shrinking prefers)."""


def _key(column: str) -> str:
    return "_".join(column.strip().casefold().split())


def _plausible(n: int) -> dict[str, str]:
    """A valid row for any date today could be (person and reference from ``n``)."""
    return {
        "police_reference": f"PROP-{n}",
        "referral_datetime": "2025-05-01T10:00",
        "officer_name": "PC Ada Fenwick",
        "officer_number": "4410",
        "first_name": "Wren",
        "last_name": f"Pellow{n % 7}",
        "date_of_birth": f"19{60 + n % 40}-0{1 + n % 9}-1{n % 10}",
        "local_authority": "Solihull",
        "substances": "cannabis;other: glue",
        "intent_to_supply": "no",
        "notes": "line one\nline two",
    }


def _spoilt(plausible: str, *, json_values: bool) -> st.SearchStrategy[Any]:
    """A value a hostile or broken export might hold instead of ``plausible``."""
    options = [
        st.builds(
            lambda a, b, c: a + b + c,
            st.just(plausible),
            st.sampled_from(_HOSTILE),
            st.sampled_from(["", plausible, "x"]),
        ),
        st.text(max_size=12),
        st.sampled_from(["PROP-1", "PROP-2", "", "yes", "2025-13-01", "99/99/9999"]),
    ]
    if json_values:
        options.append(_json_values)
    return st.one_of(*options)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def _record(draw: st.DrawFn, columns: list[str], *, json_values: bool = False) -> dict[str, Any]:
    """A plausible row for ``columns`` with none, one or a few values spoilt."""
    base = _plausible(draw(st.integers(1, 10**6)))
    values: dict[str, Any] = {c: base.get(_key(c), "") for c in columns}
    if columns:
        for column in draw(st.lists(st.sampled_from(columns), max_size=3)):
            values[column] = draw(_spoilt(str(values[column]), json_values=json_values))
    return values


@st.composite
def _csv_files(draw: st.DrawFn) -> bytes:
    header = list(draw(st.permutations(list(REQUIRED_COLUMNS))))
    header += draw(st.lists(st.sampled_from(_EXTRA_COLUMNS[:-2]), max_size=3, unique=True))
    if draw(_NOW_AND_THEN):  # a column named twice
        header.append(draw(st.sampled_from(header + _EXTRA_COLUMNS[-2:])))
    if draw(_NOW_AND_THEN):  # columns lost
        header = header[: draw(st.integers(0, len(header)))]
    records = [header]
    for _ in range(draw(st.integers(0, 5))):
        record = draw(_record(header))
        records.append(
            [record[c] for c in header] + draw(st.lists(st.text(max_size=3), max_size=1))
        )
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"]))).writerows(records)
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return (bom + out.getvalue()).encode("utf-8", "surrogatepass")


@st.composite
def _jsonl_files(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        choice = draw(st.sampled_from(["plain"] * 8 + ["deep", "junk"]))
        columns = list(draw(st.permutations(list(REQUIRED_COLUMNS))))
        columns += draw(st.lists(st.sampled_from(_EXTRA_COLUMNS), max_size=3, unique=True))
        line = json.dumps(
            draw(_record(columns, json_values=True)), ensure_ascii=draw(st.booleans())
        )
        if choice == "deep":  # nested deeply somewhere
            depth = draw(st.integers(15, 1500))
            line = line[:-1] + f', "extra": {"[" * depth + "]" * depth}}}'
        elif choice == "junk":  # not JSON at all
            line = draw(st.text(max_size=20))
        lines.append(line)
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def _raw_bytes(draw: st.DrawFn) -> bytes:
    prefix = draw(st.sampled_from([b"", (",".join(REQUIRED_COLUMNS) + "\n").encode(), b'{"']))
    return prefix + draw(st.binary(max_size=300))


FILES = {
    "bytes": (_raw_bytes(), "file.csv"),
    "csv": (_csv_files(), "file.csv"),
    "jsonl": (_jsonl_files(), "file.jsonl"),
}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_any_file_gets_a_clear_answer_and_stores_only_what_it_reports(
    db_url, tmp_path, capsys, kind
):
    strategy, name = FILES[kind]
    path = tmp_path / name

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(content=strategy)
    def check(content: bytes) -> None:
        path.write_bytes(content)
        before = referral_count(db_url)
        code, result, err = import_json(db_url, capsys, path)
        assert code in (0, 1, 2), err
        assert "unexpected" not in err and "Traceback" not in err, err
        assert referral_count(db_url) - before == result["imported"]
        event(f"exit {code}, {'some' if result['imported'] else 'none'} imported")
        assert (code == 1) == (result["rejected"] > 0) or code == 2
        if code == 2:
            assert result["imported"] == 0 and len(result["errors"]) == 1
        for error in result["errors"]:
            assert error["message"] and "Error" not in error["message"]

    check()
    assert_nothing_unstorable(db_url)


# --------------------------------------------------------------------------- import = intake

# (field the problem is on, the row's text for it, the typed value at intake): every field's
# own check and every rule across fields, with text that cannot be stored. The import checks
# each field once (the row parser) and then the rules across fields; intake runs
# ``validate_draft`` on what was typed. Both must refuse with the same field and message.
_SAME_REFUSALS: list[tuple[str, str, Any]] = [
    ("first_name", "Ann\ud800", "Ann\ud800"),
    ("last_name", "B" * 101, "B" * 101),
    ("officer_name", "PC \x1b[2JVale", "PC \x1b[2JVale"),
    ("officer_number", "44\x0010", "44\x0010"),
    ("police_reference", "NUL\x00REF", "NUL\x00REF"),
    ("notes", "before\x00after", "before\x00after"),
    ("notes", "n" * 10_001, "n" * 10_001),
    ("postcode", "NOT A CODE", "NOT A CODE"),
    ("phone", "12345", "12345"),
    ("email", "nobody@", "nobody@"),
    ("appropriate_adult_name", "Mum\x07", "Mum\x07"),
    ("appropriate_adult_relationship", "r" * 81, "r" * 81),
    ("appropriate_adult_phone", "999", "999"),
    ("date_of_birth", "2025-06-01", date(2025, 6, 1)),
    ("date_of_birth", "1900-01-01", date(1900, 1, 1)),
    ("referral_datetime", "2999-01-01T10:00", datetime(2999, 1, 1, 10, 0)),
    ("appointment_datetime", "2025-05-02T10:00", datetime(2025, 5, 2, 10, 0)),
]


def test_import_and_intake_refuse_hostile_fields_with_the_same_message(
    db, db_url, make_actor, tmp_path
):
    from divert_desktop.services.context import cli_actor
    from divert_desktop.services.intake.police_import import import_referrals

    rows = [row(**{name: text}) for name, text, _ in _SAME_REFUSALS]
    path = tmp_path / "refused.jsonl"
    path.write_text(jsonl(*rows), encoding="utf-8")
    result = import_referrals(db, cli_actor(), path)
    assert (result.imported, result.rejected) == (0, len(rows)), [
        (o.row, o.message) for o in result.outcomes if o.outcome != "rejected"
    ]
    by_row: dict[int, list[tuple[str, str]]] = {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append((error.field, error.message))
    actor = make_actor(db, Role.RECEPTIONIST)
    for number, (values, (name, _, typed)) in enumerate(
        zip(rows, _SAME_REFUSALS, strict=True), start=1
    ):
        adult = {k: values.get(k, "") for k in ("name", "relationship")}
        draft = ReferralDraft(
            police_reference=values["police_reference"],
            referral_datetime=datetime.fromisoformat(values["referral_datetime"]),
            officer_name=values["officer_name"],
            officer_number=values["officer_number"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            date_of_birth=date.fromisoformat(values["date_of_birth"]),
            local_authority=LocalAuthority.COVENTRY,
            substances=((Substance.CANNABIS, None),),
            intent_to_supply=False,
        )
        typed_values: dict[str, Any] = {name: typed}
        if name.startswith("appropriate_adult_"):
            part = name.removeprefix("appropriate_adult_")
            adult[part] = typed
            typed_values = {
                "appropriate_adult": AppropriateAdult(
                    adult["name"], adult["relationship"], typed if part == "phone" else None
                )
            }
        draft = replace(draft, **typed_values)
        with pytest.raises(ValidationError) as caught:
            create_referral(db, actor, draft)
        assert by_row[number][0] == (caught.value.field, caught.value.message), name
    assert referral_count(db_url) == 0
