"""The audit trail's details: stored exactly as the canonical JSON round trip gives them, with or
without the round trip (plain values skip it)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from divert_desktop.core.enums import ReferralStatus
from divert_desktop.services.audit.key import canonical
from divert_desktop.services.audit.trail import _details

_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=10),
    st.dates(),
    st.sampled_from(list(ReferralStatus)),
)
_values = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
        st.dictionaries(st.integers(), inner, max_size=4),  # keys of one kind: JSON sorts them
    ),
    max_leaves=12,
)


def _shape(value: Any) -> Any:
    """The value with each dict's key order made visible."""
    if isinstance(value, dict):
        return [("dict", [(k, _shape(v)) for k, v in value.items()])]
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return (type(value).__name__, value)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _values, max_size=6))
def test_details_are_what_the_canonical_round_trip_gives(details: dict[str, Any]) -> None:
    expected = json.loads(canonical(details))
    assert _shape(_details(details)) == _shape(expected)


def test_import_details_and_odd_values() -> None:
    details = {
        "file": "police.csv",
        "row": 7,
        "status": "received",
        "possible_matches": [3, None],
        "appointment_id": None,
        "when": datetime(2026, 12, 7, 9, 0),
        "on": (date(2026, 1, 1), ReferralStatus.HELD),
        "nested": {2: "int key", 1: True},
    }
    assert _shape(_details(details)) == _shape(json.loads(canonical(details)))
    assert _details(None) is None
