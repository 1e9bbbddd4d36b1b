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
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    AuditEvent,
    EducationalSession,
    OnwardReferral,
    Person,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
)
from divert_desktop.services.data_protection.subject_access import (
    export_person,
    subject_access_data,
)
from divert_desktop.services.intake.draft import clean_text
from divert_desktop.services.lists import person_record
from divert_desktop.services.people.merge import merge_people
from tests.db.gdpr_seed import PDF, add_named_person, seed_everything
from tests.sar_records import ANSWER_LIMIT, AUDIT_VALUE_LIMIT, text_limits


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
    for expected in (
        "Information held about Łucja Nguyễn-Øster",
        "Referral WMP-SAR-1",
        "Worried about her brother",
        "Invented Housing Trust",
        "Who has viewed or changed this record",
        "Viewed a person's record",
        f"letters/{Path(letter['file']).name}",
    ):
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


SPACED = ("Said she lives with her aunt & <uncle>; " * 300)[:9_999] + "."
UNSPACED = "".join(f"{chr(65 + n % 26)}{n % 10}" for n in range(5000))


@pytest.mark.parametrize("notes", [SPACED, UNSPACED], ids=["spaces", "no-spaces"])
def test_ten_thousand_character_notes_and_a_long_audit_value_export(
    db, make_actor, tmp_path: Path, notes: str
) -> None:
    """Police notes as long as intake and the import accept, and an audit event holding a
    5,000-character folder (an earlier export's --out), once raised LayoutError."""
    assert clean_text(notes, "notes") == notes  # the app accepts notes this long
    manager = make_actor(db, Role.MANAGER, username="mona")
    pid = add_named_person(db, "Ada", "Longnotes")
    seed_everything(db, pid, reference="WMP-LONG-1")
    with db.unit_of_work() as s:
        s.execute(sa.update(Referral).where(Referral.person_id == pid).values(notes=notes))
    folder = "/" + "f" * (AUDIT_VALUE_LIMIT - 1)
    subject_access_data(db, manager, pid, destination=folder)  # the audit trail now holds it

    files = export_person(db, manager, pid, tmp_path / "out")
    reader = PdfReader(str(files.pdf))
    assert len(reader.pages) > 1
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    squeezed = "".join(notes.split())
    for start in range(0, len(squeezed) - 200, 1000):  # page footers break the run
        assert squeezed[start : start + 100] in text
    assert "Referral WMP-LONG-1" in _pdf_text(files.pdf) and "f" * 40 in text

    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert data["referrals"][0]["notes"] == notes  # the JSON holds the text unchanged
    destinations = [
        e["details"].get("destination") for e in data["audit"] if e["action"] == "person.export"
    ]
    assert destinations[0] == folder


def _longest(limit: int) -> str:
    return ("Wm—<&>" * (limit // 6 + 1))[:limit]


def test_every_field_at_its_longest_exports(db, make_actor, tmp_path: Path) -> None:
    """Every text column the export shows, at the longest the database and the app accept,
    without spaces: the PDF flows them all and the JSON holds each unchanged."""
    manager = make_actor(db, Role.MANAGER, username="mona")
    pid = add_named_person(db, "Ada", "Everything")
    seed_everything(db, pid, reference="WMP-MAX-1")
    filled: dict[str, dict[str, str]] = {}
    with db.unit_of_work() as s:
        rid = s.execute(sa.select(Referral.id).where(Referral.person_id == pid)).scalar_one()
        for model, where in (
            (Person, Person.id == pid),
            (Referral, Referral.id == rid),
            (ReferralSubstance, ReferralSubstance.referral_id == rid),
            (ReferralStatusChange, ReferralStatusChange.referral_id == rid),
            (Appointment, Appointment.person_id == pid),
            (EducationalSession, EducationalSession.referral_id == rid),
            (OnwardReferral, OnwardReferral.person_id == pid),
        ):
            values = {k: _longest(n) for k, n in text_limits(model).items()}
            values.pop("police_reference", None)  # looked up below
            s.execute(sa.update(model).where(where).values(**values))
            filled[model.__tablename__] = values
        answer = _longest(ANSWER_LIMIT)
        s.execute(
            sa.update(Assessment)
            .where(Assessment.person_id == pid)
            .values(answers={"housing_notes": answer, "goals": [answer[:2000]]})
        )

    files = export_person(db, manager, pid, tmp_path / "out")
    reader = PdfReader(str(files.pdf))
    assert len(reader.pages) > 5
    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert {k: data["person"][k] for k in filled["people"]} == filled["people"]
    [referral] = data["referrals"]
    assert {k: referral[k] for k in filled["referrals"]} == filled["referrals"]
    [onward] = data["onward_referrals"]
    assert {k: onward[k] for k in filled["onward_referrals"]} == filled["onward_referrals"]
    [session] = data["educational_sessions"]
    assert session["reflections"] == filled["educational_sessions"]["reflections"]
    assert data["assessments"][0]["answers"]["housing_notes"] == answer
