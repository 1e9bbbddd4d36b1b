"""The letterhead's settings: which fields there are and how a typed value is tidied and checked."""

from __future__ import annotations

from typing import Any

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.validation import format_uk_phone, normalise_uk_phone, validate_email

LETTERHEAD_KEYS = (
    "organisation_name",
    "organisation_address",
    "organisation_phone",
    "organisation_email",
    "signatory_name",
    "signatory_title",
)
POLICE_ADDRESS_KEY = "police_address"
EDITABLE_KEYS = (*LETTERHEAD_KEYS, POLICE_ADDRESS_KEY)
LENGTHS = {
    "organisation_name": 120,
    "organisation_address": 400,
    "signatory_name": 120,
    "signatory_title": 120,
    POLICE_ADDRESS_KEY: 400,
}


def clean_letterhead(values: dict[str, Any]) -> dict[str, str]:
    """The letterhead fields trimmed and checked. Raises ValidationError naming the field."""
    clean: dict[str, str] = {}
    for key in EDITABLE_KEYS:
        if key not in values:
            continue
        text = str(values[key] or "").strip()
        if key in ("organisation_address", POLICE_ADDRESS_KEY):
            text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        if key == "organisation_phone" and text:
            text = format_uk_phone(normalise_uk_phone(text, key))
        if key == "organisation_email" and text:
            text = validate_email(text, key)
        limit = LENGTHS.get(key)
        if limit and len(text) > limit:
            raise ValidationError(f"This is too long: at most {limit} characters.", field=key)
        clean[key] = text
    return clean
