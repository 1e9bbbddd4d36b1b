"""The letterhead: organisation details, signatory and logo from the shared settings."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from sqlalchemy.orm import Session

from divert_desktop.core.errors import ValidationError
from divert_desktop.core.letterhead import EDITABLE_KEYS, clean_letterhead
from divert_desktop.core.permissions import Action
from divert_desktop.documents.letters import Letterhead
from divert_desktop.persistence.database import Database
from divert_desktop.services.admin import settings as settings_service
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor

LOGO_KEY = "organisation_logo"
MAX_LOGO_FILE = 2 * 1024 * 1024
"""The largest image file accepted (2 MB); it is stored much smaller."""
LOGO_PIXELS = (640, 260)
"""A stored logo fits this box (enough for 58 × 22 mm at about 280 dots per inch)."""


@dataclass(frozen=True)
class LetterheadSettings:
    """What the letterhead editor shows: every text field and the logo (PNG bytes or None)."""

    values: dict[str, str]
    logo_png: bytes | None

    @property
    def letterhead(self) -> Letterhead:
        return _letterhead(self.values, self.logo_png)


def normalise_logo(data: bytes) -> bytes:
    """The image file as the PNG a letter prints: flattened onto white, at most LOGO_PIXELS.

    Raises ValidationError (field "logo") when the file is too large or not a PNG, JPEG or GIF
    image."""
    if not data:
        raise ValidationError("Choose an image file for the logo.", field="logo")
    if len(data) > MAX_LOGO_FILE:
        raise ValidationError(
            "The logo file is too large: choose an image of at most 2 MB.", field="logo"
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG", "GIF"):
                raise ValidationError("The logo must be a PNG, JPEG or GIF image.", field="logo")
            if image.width * image.height > 40_000_000:
                raise ValidationError("The logo image is too large.", field="logo")
            image.load()
            rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(
            "That file is not an image that can be read. Choose a PNG or JPEG file.", field="logo"
        ) from None
    if rgba.width < 16 or rgba.height < 16:
        raise ValidationError(
            "The logo is too small: use an image at least 16 pixels across.", field="logo"
        )
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    flat.thumbnail(LOGO_PIXELS, Image.Resampling.LANCZOS)
    out = BytesIO()
    flat.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _decode_logo(value: Any) -> bytes | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def _letterhead(values: dict[str, Any], logo: bytes | None) -> Letterhead:
    return Letterhead(
        organisation=str(values.get("organisation_name") or ""),
        address=str(values.get("organisation_address") or ""),
        phone=str(values.get("organisation_phone") or ""),
        email=str(values.get("organisation_email") or ""),
        signatory_name=str(values.get("signatory_name") or ""),
        signatory_title=str(values.get("signatory_title") or ""),
        logo_png=logo,
    )


def read_letterhead(session: Session) -> tuple[Letterhead, dict[str, Any]]:
    """The letterhead and all settings, inside the caller's transaction."""
    values = settings_service.read_all(session)
    return _letterhead(values, _decode_logo(values.get(LOGO_KEY))), values


def get_letterhead(db: Database, actor: Actor) -> LetterheadSettings:
    """The letterhead settings for the editor. Raises PermissionDenied."""
    actor.require(Action.MANAGE_SETTINGS)
    with db.unit_of_work(write=False) as session:
        values = settings_service.read_all(session)
        text = {k: str(values.get(k) or "") for k in EDITABLE_KEYS}
        return LetterheadSettings(text, _decode_logo(values.get(LOGO_KEY)))


@announces(Kind.SETTINGS)
def save_letterhead(
    db: Database,
    actor: Actor,
    values: dict[str, Any],
    *,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> LetterheadSettings:
    """Save letterhead fields, and a new logo (an image file's bytes) or its removal; returns the
    settings after. Letters already made keep the letterhead they were printed with.
    Raises PermissionDenied and ValidationError (with ``field``)."""
    actor.require(Action.MANAGE_SETTINGS)
    clean: dict[str, Any] = clean_letterhead(values)
    if logo is not None:
        clean[LOGO_KEY] = base64.b64encode(normalise_logo(logo)).decode("ascii")
    elif remove_logo:
        clean[LOGO_KEY] = ""
    with db.unit_of_work() as session:
        before = settings_service.read_all(session)
        # The audit trail notes that the logo changed, not its bytes.
        audited = {k: v for k, v in clean.items() if k != LOGO_KEY}
        settings_service.write_in(session, actor, audited)
        if LOGO_KEY in clean and clean[LOGO_KEY] != before.get(LOGO_KEY):
            _store(session, actor, clean[LOGO_KEY])
        values_after = settings_service.read_all(session)
        text = {k: str(values_after.get(k) or "") for k in EDITABLE_KEYS}
        return LetterheadSettings(text, _decode_logo(values_after.get(LOGO_KEY)))


def write_logo_in(session: Session, actor: Actor, image: bytes | None) -> None:
    """Store a logo (an image file's bytes, checked and shrunk) or remove it (None), inside the
    caller's transaction. Raises ValidationError (field "logo")."""
    value = base64.b64encode(normalise_logo(image)).decode("ascii") if image else ""
    _store(session, actor, value)


def _store(session: Session, actor: Actor, value: str) -> None:
    from divert_desktop.persistence.models import Setting, utcnow
    from divert_desktop.services.audit.trail import AuditEntry, record

    row = session.get(Setting, LOGO_KEY)
    if row is None:
        session.add(Setting(key=LOGO_KEY, value=value, updated_by=actor.username))
    else:
        row.value = value
        row.updated_at = utcnow(session)
        row.updated_by = actor.username
    record(
        session,
        actor,
        AuditEntry("settings.logo", "settings", LOGO_KEY, None, {"removed": not value}),
    )
