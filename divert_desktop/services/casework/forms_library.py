"""Loading assessment form files (``<form_id>.v<version>.json``) from the forms folders."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from divert_desktop.core.errors import NotFound
from divert_desktop.core.forms import FormDefinition, FormDefinitionError, parse_form, version_key
from divert_desktop.paths import forms_dirs

__all__ = ["FormLibrary", "FormSummary", "default_library", "load_library"]


@dataclass(frozen=True)
class FormSummary:
    form_id: str
    version: str
    title: str


@dataclass
class FormLibrary:
    """Every valid form version found, and the files that were not (with why)."""

    forms: dict[tuple[str, str], FormDefinition] = field(default_factory=dict)
    broken: dict[str, list[str]] = field(default_factory=dict)

    def get(self, form_id: str, version: str) -> FormDefinition:
        """The exact version an assessment was filled in with. Raises NotFound."""
        form = self.forms.get((form_id, version))
        if form is None:
            raise NotFound(
                f"Version {version} of the form “{form_id}” is not installed on this computer, "
                "so this assessment cannot be shown. Ask your administrator to restore the file "
                f"{form_id}.v{version}.json."
            )
        return form

    def latest(self, form_id: str) -> FormDefinition:
        """The newest version of a form (new assessments use it). Raises NotFound."""
        versions = [form for (fid, _), form in self.forms.items() if fid == form_id]
        if not versions:
            raise NotFound(f"The form “{form_id}” is not installed on this computer.")
        return max(versions, key=lambda f: version_key(f.version))

    def summaries(self) -> list[FormSummary]:
        """The newest version of each form, by title."""
        ids = sorted({fid for fid, _ in self.forms})
        latest = [self.latest(fid) for fid in ids]
        return sorted(
            (FormSummary(f.form_id, f.version, f.title) for f in latest), key=lambda s: s.title
        )


def _read(path: Path) -> FormDefinition:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise FormDefinitionError([f"{path.name} cannot be read as JSON ({exc})"]) from None
    form = parse_form(data)
    expected = f"{form.form_id}.v{form.version}.json"
    if path.name != expected:
        raise FormDefinitionError([f"{path.name} holds {expected}: rename the file to match"])
    return form


def load_library(folders: Sequence[Path] | None = None) -> FormLibrary:
    """Read every ``*.v*.json`` form in ``folders`` (default: paths.forms_dirs()).

    A version found in an earlier folder wins over the same version in a later one; a file
    that fails the schema is listed in ``broken`` and never used.
    """
    library = FormLibrary()
    for folder in folders if folders is not None else forms_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.v*.json")):
            try:
                form = _read(path)
            except FormDefinitionError as exc:
                library.broken[str(path)] = exc.problems
                continue
            library.forms.setdefault(form.key, form)
    return library


_cache: dict[tuple[str, ...], tuple[tuple[float, ...], FormLibrary]] = {}


def default_library() -> FormLibrary:
    """The library of the configured folders, read again when a form file changes."""
    folders = forms_dirs()
    key = tuple(str(f) for f in folders)
    stamps = tuple(
        p.stat().st_mtime for f in folders if f.is_dir() for p in sorted(f.glob("*.v*.json"))
    )
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamps:
        return cached[1]
    library = load_library(folders)
    _cache[key] = (stamps, library)
    return library
