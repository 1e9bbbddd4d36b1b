"""The local draft store: atomic, private files that survive until the assessment is saved."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from divert_desktop.paths import drafts_dir
from divert_desktop.services.casework.drafts import DraftStore, amendment_key, assessment_key
from tests.clock import CLOCK


def test_drafts_are_private_files_written_whole(tmp_path: Path) -> None:
    store = DraftStore("casey", tmp_path / "drafts", clock=CLOCK)
    key = assessment_key(12, "divert_assessment")
    store.save(key, {"title": "Robin Testcase", "answers": {"goals_text": "Cut down — slowly"}})
    path = tmp_path / "drafts" / f"{key}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == [path.name]  # no temp file left
    store.save(key, {"title": "Robin Testcase", "answers": {"goals_text": "Stop"}})
    draft = store.load(key)
    assert draft is not None and draft.payload["answers"] == {"goals_text": "Stop"}
    assert draft.title == "Robin Testcase"
    assert [d.key for d in store.list()] == [key]
    assert store.delete(key) and store.load(key) is None and not store.delete(key)


def test_a_damaged_draft_is_skipped_not_fatal(tmp_path: Path) -> None:
    store = DraftStore("casey", tmp_path, clock=CLOCK)
    store.save(amendment_key(3), {"answers": {}})
    (tmp_path / "amendment-4.json").write_text("{half a fi", encoding="utf-8")
    assert [d.key for d in store.list()] == ["amendment-3"]
    assert store.load("amendment-4") is None
    with pytest.raises(ValueError):
        store.load("../../etc/passwd")


def test_each_user_has_a_private_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIVERT_DATA_DIR", str(tmp_path))
    folder = drafts_dir("os:casey")
    assert folder == tmp_path / "drafts" / "os_casey"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert drafts_dir("..") == tmp_path / "drafts" / "user"
    assert os.access(folder, os.W_OK)


def test_drafts_of_one_database_are_not_offered_on_another(tmp_path, monkeypatch) -> None:
    from divert_desktop.persistence.database import Database

    monkeypatch.setenv("DIVERT_DATA_DIR", str(tmp_path / "data"))
    training = Database(f"sqlite:///{tmp_path / 'training.sqlite3'}")
    live = Database("postgresql://divert_app:secret@dbserver:5432/divert")
    try:
        assert training.identity != live.identity
        assert live.identity == Database("postgresql://divert_app@dbserver:5432/divert").identity
        DraftStore("casey", database=training.identity, clock=CLOCK).save(
            "assessment-42-divert_assessment", {"answers": {"goals_text": "x"}}
        )
        assert DraftStore("casey", database=live.identity, clock=CLOCK).list() == []
        assert len(DraftStore("casey", database=training.identity, clock=CLOCK).list()) == 1
    finally:
        training.dispose()
        live.dispose()
