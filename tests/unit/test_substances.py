"""Unit and property tests for substance names, aliases, parsing and formatting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from divert_desktop.core.enums import Substance
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.substances import (
    SUBSTANCE_ALIASES,
    format_substances,
    parse_substance,
    parse_substances,
)
from divert_desktop.core.validation import search_key


@pytest.mark.parametrize("substance", list(Substance))
def test_every_canonical_value_is_known_in_any_case(substance: Substance) -> None:
    assert parse_substance(substance.value) == (substance, None)
    assert parse_substance(substance.value.upper()) == (substance, None)
    assert parse_substance(f"  {substance.value.lower()}  ") == (substance, None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # The aliases listed in the import contract.
        ("weed", Substance.CANNABIS),
        ("skunk", Substance.CANNABIS),
        ("coke", Substance.COCAINE),
        ("crack", Substance.CRACK_COCAINE),
        ("ket", Substance.KETAMINE),
        ("mandy", Substance.MDMA),
        ("ecstasy", Substance.MDMA),
        ("nos", Substance.NITROUS_OXIDE),
        ("laughing gas", Substance.NITROUS_OXIDE),
        ("spice", Substance.SYNTHETIC_CANNABINOIDS),
        ("speed", Substance.AMPHETAMINE),
        ("mushrooms", Substance.PSILOCYBIN),
        ("shrooms", Substance.PSILOCYBIN),
        ("mcat", Substance.MEPHEDRONE),
        ("meow meow", Substance.MEPHEDRONE),
        ("xanax", Substance.BENZODIAZEPINES),
        # Names written the way DOMAIN.md writes them.
        ("MDMA/ecstasy", Substance.MDMA),
        ("non-prescribed benzodiazepines", Substance.BENZODIAZEPINES),
        ("GHB", Substance.GHB_GBL),
        ("GBL", Substance.GHB_GBL),
        ("GHB/GBL", Substance.GHB_GBL),
        ("magic mushrooms", Substance.PSILOCYBIN),
        ("crack cocaine", Substance.CRACK_COCAINE),
        # Other everyday names.
        ("marijuana", Substance.CANNABIS),
        ("hash", Substance.CANNABIS),
        ("acid", Substance.LSD),
        ("diazepam", Substance.BENZODIAZEPINES),
        ("Valium", Substance.BENZODIAZEPINES),
        ("smack", Substance.HEROIN),
        ("Meow-Meow", Substance.MEPHEDRONE),
        ("LAUGHING  GAS", Substance.NITROUS_OXIDE),
        ("M-Cat", Substance.MEPHEDRONE),
    ],
)
def test_aliases(name: str, expected: Substance) -> None:
    assert parse_substance(name) == (expected, None)


def test_alias_keys_are_search_keys() -> None:
    assert SUBSTANCE_ALIASES
    for key, substance in SUBSTANCE_ALIASES.items():
        assert key == search_key(key)
        assert isinstance(substance, Substance)


@pytest.mark.parametrize(
    ("text", "free"),
    [
        ("other: glue", "glue"),
        ("Other: Glue", "Glue"),
        ("other:glue", "glue"),
        ("other (glue)", "glue"),
        ("other(solvent spray)", "solvent spray"),
        ("other - poppers", "poppers"),
        ("other", None),
        ("other:", None),
        ("other ()", None),
    ],
)
def test_other_keeps_its_free_text(text: str, free: str | None) -> None:
    assert parse_substance(text) == (Substance.OTHER, free)


@pytest.mark.parametrize("name", ["glue", "tobacco", "cannabiss", "other glue", "vitamin c"])
def test_unknown_substance_message_names_it(name: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_substance(name)
    assert err.value.message == (
        f'"{name}" is not a substance the app knows. '
        'Use a name such as cannabis or cocaine, or "other: …"'
    )
    assert err.value.field == "substances"


def test_list_split_on_semicolons_in_first_order_without_repeats() -> None:
    assert parse_substances("Weed; coke ;;  skunk ; cannabis;crack") == [
        (Substance.CANNABIS, None),
        (Substance.COCAINE, None),
        (Substance.CRACK_COCAINE, None),
    ]


def test_several_others_are_combined() -> None:
    assert parse_substances("other: glue; ket; other (poppers); other: Glue") == [
        (Substance.OTHER, "glue, poppers"),
        (Substance.KETAMINE, None),
    ]


@pytest.mark.parametrize("text", ["", "  ", ";", " ; ; "])
def test_empty_list_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_substances(text)
    assert err.value.message == "Enter at least one substance"
    assert err.value.field == "substances"


def test_one_unknown_name_rejects_the_list() -> None:
    with pytest.raises(ValidationError) as err:
        parse_substances("cannabis; sherbet")
    assert '"sherbet"' in err.value.message


def test_format_uses_canonical_values() -> None:
    items = [
        (Substance.CANNABIS, None),
        (Substance.MDMA, None),
        (Substance.GHB_GBL, None),
        (Substance.OTHER, "glue"),
    ]
    assert format_substances(items) == "cannabis;MDMA;GHB/GBL;other: glue"
    assert format_substances([Substance.HEROIN, Substance.OTHER]) == "heroin;other"
    assert format_substances([]) == ""


def test_format_then_parse_round_trips() -> None:
    items = parse_substances("skunk; mandy; other: nitrous canisters; laughing gas")
    assert parse_substances(format_substances(items)) == items


@given(st.text())
def test_parse_substances_returns_a_list_or_raises_validation_error(text: str) -> None:
    try:
        items = parse_substances(text)
    except ValidationError as err:
        assert err.field == "substances"
    else:
        assert items
        substances = [s for s, _ in items]
        assert len(substances) == len(set(substances))


@given(st.lists(st.sampled_from(sorted(SUBSTANCE_ALIASES)), min_size=1, max_size=6))
def test_any_alias_list_round_trips(names: list[str]) -> None:
    items = parse_substances(";".join(names))
    assert [s for s, _ in items] == list(dict.fromkeys(SUBSTANCE_ALIASES[n] for n in names))
    assert parse_substances(format_substances(items)) == items
