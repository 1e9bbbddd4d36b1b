"""Substance names: canonical values, the street names people and police use, parsing and formatting."""

from __future__ import annotations

import re
from collections.abc import Iterable

from divert_desktop.core.enums import Substance
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import search_key

__all__ = ["SUBSTANCE_ALIASES", "format_substances", "parse_substance", "parse_substances"]

_FIELD = "substances"

_ALIASES: dict[Substance, tuple[str, ...]] = {
    Substance.CANNABIS: (
        "weed",
        "skunk",
        "marijuana",
        "marihuana",
        "hash",
        "hashish",
        "resin",
        "cannabis resin",
        "herbal cannabis",
        "ganja",
        "grass",
        "pot",
        "charas",
        "bud",
        "thc",
    ),
    Substance.COCAINE: (
        "coke",
        "cocaine powder",
        "powder cocaine",
        "charlie",
        "cocaine hydrochloride",
    ),
    Substance.CRACK_COCAINE: ("crack", "crack cocaine", "freebase"),
    Substance.HEROIN: ("smack", "brown", "diamorphine", "skag", "scag"),
    Substance.MDMA: ("MDMA/ecstasy", "ecstasy", "mandy", "molly", "xtc", "ecstasy pills"),
    Substance.KETAMINE: ("ket", "k", "special k", "ketamin"),
    Substance.AMPHETAMINE: ("speed", "amphetamines", "amphetamine sulphate", "whizz", "whiz"),
    Substance.NITROUS_OXIDE: (
        "nos",
        "n2o",
        "laughing gas",
        "nitrous",
        "hippy crack",
        "nangs",
        "whippets",
    ),
    Substance.SYNTHETIC_CANNABINOIDS: (
        "spice",
        "synthetic cannabinoid",
        "synthetic cannabis",
        "mamba",
        "black mamba",
        "k2",
    ),
    Substance.BENZODIAZEPINES: (
        "non-prescribed benzodiazepines",
        "non prescribed benzodiazepines",
        "benzodiazepine",
        "benzos",
        "benzo",
        "xanax",
        "alprazolam",
        "diazepam",
        "valium",
        "etizolam",
        "street valium",
    ),
    Substance.PSILOCYBIN: (
        "magic mushrooms",
        "mushrooms",
        "shrooms",
        "magic mushroom",
        "psilocybin mushrooms",
        "psilocin",
    ),
    Substance.LSD: ("acid", "lsd 25", "blotter"),
    Substance.GHB_GBL: ("GHB", "GBL", "GHB/GBL", "liquid ecstasy"),
    Substance.MEPHEDRONE: ("mcat", "m cat", "meow meow", "meow", "4 mmc", "4mmc"),
    Substance.OTHER: (),
}


def _build_aliases() -> dict[str, Substance]:
    table: dict[str, Substance] = {}
    for substance in Substance:
        for name in (substance.value, substance.label, *_ALIASES[substance]):
            key = search_key(name)
            existing = table.setdefault(key, substance)
            if existing is not substance:  # pragma: no cover - guards the table above
                raise RuntimeError(f"alias {name!r} names both {existing} and {substance}")
    return table


SUBSTANCE_ALIASES: dict[str, Substance] = _build_aliases()
"""Every accepted name (as a ``search_key``) mapped to its canonical substance."""

# "other: glue", "other - glue", "other (glue)", "other glue" is not accepted (ambiguous).
_OTHER_RE = re.compile(
    r"other\s*(?:[:\-–]\s*(?P<text>.*)|\((?P<bracketed>.*)\))", re.IGNORECASE | re.DOTALL
)


def _unknown(name: str) -> ValidationError:
    return ValidationError(
        f'"{name}" is not a substance the app knows. '
        'Use a name such as cannabis or cocaine, or "other: …"',
        field=_FIELD,
    )


def parse_substance(text: str) -> tuple[Substance, str | None]:
    """Parse one substance name or alias; "other: glue" or "other (glue)" keeps its free text.

    Returns (substance, free text or None). Raises ValidationError for an unknown name.
    """
    name = " ".join(str(text or "").split())
    if not name:
        raise ValidationError("Enter at least one substance", field=_FIELD)
    if m := _OTHER_RE.fullmatch(name):
        free = (m["text"] if m["text"] is not None else m["bracketed"]).strip()
        return Substance.OTHER, free or None
    substance = SUBSTANCE_ALIASES.get(search_key(name))
    if substance is None:
        raise _unknown(name)
    return substance, None


def parse_substances(text: str) -> list[tuple[Substance, str | None]]:
    """Parse a ";"-separated list of substances, ignoring blanks and repeats (first order kept).

    Several "other" entries are combined into one, their free texts joined with ", ".
    Raises ValidationError when the list is empty or a name is unknown.
    """
    found: dict[Substance, str | None] = {}
    for part in str(text or "").split(";"):
        if not part.strip():
            continue
        substance, free = parse_substance(part)
        if substance not in found:
            found[substance] = free
        elif substance is Substance.OTHER and free:
            earlier = found[substance]
            if earlier is None:
                found[substance] = free
            elif free.casefold() not in {t.strip().casefold() for t in earlier.split(",")}:
                found[substance] = f"{earlier}, {free}"
    if not found:
        raise ValidationError("Enter at least one substance", field=_FIELD)
    return list(found.items())


def format_substances(items: Iterable[tuple[Substance, str | None] | Substance]) -> str:
    """Join substances as canonical values with ";" ("cannabis;other: glue")."""
    parts: list[str] = []
    for item in items:
        substance, free = (item, None) if isinstance(item, str) else item
        substance = Substance(substance)
        if substance is Substance.OTHER and free and free.strip():
            parts.append(f"{substance.value}: {free.strip()}")
        else:
            parts.append(substance.value)
    return ";".join(parts)
