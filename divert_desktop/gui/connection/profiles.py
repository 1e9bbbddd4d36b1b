"""This computer's connection profiles in QSettings (never a password) and the one in use."""

from __future__ import annotations

import json

from divert_desktop.core.connection import ConnectionKind, ConnectionProfile
from divert_desktop.gui.shell import settings
from divert_desktop.paths import default_database_path

PROFILES_KEY = "connection/profiles"
CURRENT_KEY = "connection/current"
DEFAULT_NAME = "This computer"
IN_USE_NAME = "In use now"


def default_profile() -> ConnectionProfile:
    """The embedded default: the SQLite file in the user data folder."""
    return ConnectionProfile(DEFAULT_NAME, ConnectionKind.SQLITE, path=str(default_database_path()))


def load_profiles() -> list[ConnectionProfile]:
    """The saved profiles, in the order they were saved (empty on a new computer)."""
    text = settings.load_text(PROFILES_KEY)
    try:
        raw = json.loads(text) if text else []
    except ValueError:
        return []
    profiles = [ConnectionProfile.from_dict(item) for item in raw if isinstance(item, dict)]
    return [p for p in profiles if p.name]


def save_profiles(profiles: list[ConnectionProfile]) -> None:
    """Store the profiles (``to_dict`` has no password field, so none can be written)."""
    settings.save_text(PROFILES_KEY, json.dumps([p.to_dict() for p in profiles]))


def upsert(
    profiles: list[ConnectionProfile], profile: ConnectionProfile
) -> list[ConnectionProfile]:
    """The list with ``profile`` replacing the one of the same name, or added at the end."""
    out = [p for p in profiles if p.name != profile.name]
    position = next((i for i, p in enumerate(profiles) if p.name == profile.name), len(out))
    out.insert(position, profile)
    return out


def current_profile() -> ConnectionProfile | None:
    """The profile this computer uses, or None when none has been chosen yet."""
    name = settings.load_text(CURRENT_KEY)
    return next((p for p in load_profiles() if p.name == name), None) if name else None


def remember(profile: ConnectionProfile) -> None:
    """Save ``profile`` and make it the one this computer uses from now on."""
    save_profiles(upsert(load_profiles(), profile))
    settings.save_text(CURRENT_KEY, profile.name)


def profile_for_url(url: str, profiles: list[ConnectionProfile]) -> ConnectionProfile:
    """The saved profile that reaches the database at ``url`` (the one in use), else a new,
    unsaved profile describing it (named "In use now"), for example when the app was started
    with ``--database``."""
    # imported here: reading the remembered profile at start-up needs no SQLAlchemy
    from divert_desktop.persistence.engine import profile_url
    from divert_desktop.services.admin.connection import profile_from_url, url_place

    place = url_place(url)
    for profile in profiles:
        if url_place(profile_url(profile)) == place:
            return profile
    taken = {p.name for p in profiles}
    names = (IN_USE_NAME, *(f"{IN_USE_NAME} {n}" for n in range(2, 100)))
    return profile_from_url(url, next(n for n in names if n not in taken))
