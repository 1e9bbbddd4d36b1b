"""Subject access on both databases: the JSON holds every part of the record, the PDF reads it
out with the embedded font, the letters are the stored files, and the export is audited."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from divert_desktop.core.enums import Role
from divert_desktop.core.errors import NotFound, PermissionDenied
from divert_desktop.persistence.models import AuditEvent
from divert_desktop.services.lists import person_record
from divert_desktop.services.merge import merge_people
from divert_desktop.services.subject_access import export_person
from tests.db.gdpr_seed import PDF, add_named_person, seed_everything


def _pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_export_holds_everything_about_the_person(db, make_actor, tmp_path: Path) -> None:
    manager = make_actor(db, Role.MANAGER, username="mona")
    caseworker = make_actor(db, Role.CASEWORKER, username="carl")
    pid = add_named_person(db, "Łucja", "Nguyễn-Øster", known_as="Lu")
    seeded = seed_everything(db, pid, closed_at=datetime(2026, 6, 1, 12), reference="WMP-SAR-1")
    old = add_named_person(db, "Lucja", "Nguyen")
    merge_people(db, manager, pid, old)
    person_record(db, caseworker, pid)  # a view the export must show

    files = export_person(db, manager, pid, tmp_path / "out")
    assert files.pdf.name == f"subject-access-{pid}.pdf"
    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert data["format"] == "divert-subject-access" and data["format_version"] == 1
    assert data["person"]["first_name"] == "Łucja" and data["person"]["known_as"] == "Lu"
    assert data["person"]["phone"] == "07700900123" and "search_first" not in data["person"]
    assert [m["first_name"] for m in data["merged_records"]] == ["Lucja"]
    [referral] = data["referrals"]
    assert referral["police_reference"] == "WMP-SAR-1"
    assert referral["notes"] == "Said she lives with her aunt"
    assert [h["to_status"] for h in referral["status_history"]] == ["received", "completed"]
    assert [s["substance"] for s in referral["substances"]] == ["cannabis"]
    [appointment] = data["appointments"]
    assert appointment["id"] == seeded.appointment_id
    assert appointment["place_detail"] == "Invented Academy, room 4"
    [assessment] = data["assessments"]
    assert assessment["answers"]["housing_notes"] == "Sofa surfing at a friend's"
    assert assessment["scores"] == {"assist": {"cannabis": 12}}
    [session] = data["educational_sessions"]
    assert session["reflections"] == "Worried about her brother"
    [onward] = data["onward_referrals"]
    assert (
        onward["service"] == "Invented Housing Trust"
        and onward["notes"] == "Prefers calls after 5pm"
    )
    [letter] = data["letters"]
    assert letter["sha256_matches"] is True
    assert (files.folder / letter["file"]).read_bytes() == PDF
    assert files.letters == (files.folder / letter["file"],)
    actions = [(e["action"], e["username"]) for e in data["audit"]]
    assert ("person.view", "carl") in actions and ("person.merge", "mona") in actions

    text = _pdf_text(files.pdf)
    for expected in ("Information held about Łucja Nguyễn-Øster", "Referral WMP-SAR-1",
                     "Worried about her brother", "Invented Housing Trust",
                     "Who has viewed or changed this record", "Viewed a person's record",
                     f"letters/{Path(letter['file']).name}"):  # fmt: skip
        assert expected in text, expected
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(str(files.pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in f for f in fonts)

    with db.unit_of_work(write=False) as s:
        [event] = s.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "person.export")
        ).scalars()
    assert event.person_id == pid and event.username == "mona"
    assert event.details["counts"]["letters"] == 1
    assert event.details["destination"] == str(tmp_path / "out")


def test_export_is_for_managers_and_of_the_record_kept(db, make_actor, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    pid = add_named_person(db, "Ada", "Exportcase")
    for role in (Role.RECEPTIONIST, Role.CASEWORKER, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            export_person(db, make_actor(db, role), pid, tmp_path)
    manager = make_actor(db, Role.MANAGER)
    kept = add_named_person(db, "Ada", "Kept")
    merge_people(db, manager, kept, pid)
    with pytest.raises(NotFound, match=f"merged into record {kept}"):
        export_person(db, manager, pid, tmp_path)
    with pytest.raises(NotFound):
        export_person(db, manager, 999_999, tmp_path)
    assert not tmp_path.exists()
