"""Retention and erasure on both databases: who is due, what anonymising removes and keeps."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import ReferralStatus, Role
from divert_desktop.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    AuditEvent,
    EducationalSession,
    Letter,
    OnwardReferral,
    Person,
    PersonNamePart,
    PossibleDuplicate,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
)
from divert_desktop.services.admin.settings import update_settings
from divert_desktop.services.audit.trail import verify_chain
from divert_desktop.services.context import cli_actor
from divert_desktop.services.data_protection.anonymise import erase_person
from divert_desktop.services.data_protection.retention import apply_retention, people_due
from divert_desktop.services.lists import search_people
from divert_desktop.services.people.merge import merge_people
from tests.db.gdpr_seed import add_duplicate, add_named_person, seed_everything
from tests.db.test_booking import add_referral

TODAY = date(2026, 12, 3)


def _events(db, action: str) -> list:
    with db.unit_of_work(write=False) as s:
        return (
            s.execute(
                sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
            .scalars()
            .all()
        )


def test_due_list_follows_the_setting_and_leaves_out_open_and_recent_people(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    old = add_named_person(db, "Wilhelmina", "Oldcase")
    seed_everything(db, old, closed_at=datetime(2020, 12, 1, 10))  # six years and two days
    recent = add_named_person(db, "Rosalind", "Recentcase")
    seed_everything(db, recent, closed_at=datetime(2020, 12, 5, 10))  # not six years yet
    still_open = add_named_person(db, "Octavia", "Stillopen")
    seed_everything(db, still_open, closed_at=datetime(2015, 1, 1, 10))
    add_referral(db, still_open, status=ReferralStatus.BOOKED)  # an open referral holds all
    review = people_due(db, manager, today=TODAY)
    assert review.years == 6
    assert [r.person_id for r in review.rows] == [old]
    row = review.rows[0]
    assert row.name == "Wilhelmina Oldcase" and row.referrals == 1
    assert row.last_closed == date(2020, 12, 1) and row.due_on == date(2026, 12, 1)
    update_settings(db, manager, {"retention_years": 5})
    assert {r.person_id for r in people_due(db, manager, today=TODAY).rows} == {old, recent}


def test_anonymising_removes_identity_and_free_text_and_keeps_the_statistics(
    db, make_actor
) -> None:
    manager = make_actor(db, Role.MANAGER)
    pid = add_named_person(db, "Wilhelmina", "Oldcase-Smythe", date(2001, 3, 20), known_as="Billie")
    seeded = seed_everything(db, pid, closed_at=datetime(2019, 3, 25, 10), reference="WMP-ANON-1")
    result = apply_retention(db, manager, [pid], today=TODAY)
    assert (result.anonymised, result.skipped) == (1, 0)
    with db.unit_of_work(write=False) as s:
        p = s.get(Person, pid)
        assert (p.first_name, p.last_name, p.known_as) == ("Anonymised", "person", None)
        assert p.anonymised_at is not None
        for field in (
            "address_line1",
            "town",
            "postcode",
            "phone",
            "email",
            "accessibility_needs",
            "language_needs",
            "pnc_id",
        ):
            assert getattr(p, field) is None, field
        # referred 5 Mar 2019, aged 17: the first of the month would make her 18 that day
        assert p.date_of_birth == date(2001, 3, 6)
        assert (p.gender, p.local_authority) == ("female", "Dudley")
        assert (
            s.execute(sa.select(PersonNamePart).where(PersonNamePart.person_id == pid)).all() == []
        )
        r = s.get(Referral, seeded.referral_id)
        assert r.police_reference == f"ANON-{r.id}"
        assert (r.officer_name, r.notes, r.appropriate_adult_name, r.override_reason) == (
            "",
            None,
            None,
            None,
        )
        assert (r.status, r.local_authority, r.officer_number) == ("completed", "Coventry", "4711")
        assert [x.substance for x in s.execute(sa.select(ReferralSubstance)).scalars()] == [
            "cannabis"
        ]
        reasons = s.execute(sa.select(ReferralStatusChange.reason)).scalars().all()
        assert set(reasons) == {None}
        a = s.get(Appointment, seeded.appointment_id)
        assert (a.place_detail, a.status_reason, a.status) == (None, None, "attended")
        answers = s.get(Assessment, seeded.assessment_id).answers
        assert answers == {
            "frequency": "weekly",
            "route": "smoked",
            "age_first_use": 15,
            "substance": "crack cocaine",
            "housing_notes": None,
            "goals": ["stop_using", None],
        }
        assert s.get(Assessment, seeded.assessment_id).scores == {"assist": {"cannabis": 12}}
        e = s.get(EducationalSession, seeded.session_id)
        assert (e.reflections, e.next_steps, e.topics_other) == (None, None, None)
        assert e.topics == ["drug_harms", "the_law"] and e.attended
        o = s.get(OnwardReferral, seeded.onward_id)
        assert (o.notes, o.reason, o.status) == (None, None, "sent")
        letter = s.get(Letter, seeded.letter_id)
        assert (letter.pdf, letter.filename, letter.template) == (b"", "", "completion")
        assert verify_chain(s).ok
    [event] = _events(db, "person.anonymise")
    assert event.person_id == pid and event.details["reason"] == "retention"
    assert event.details["rows"]["letters"] == 1
    assert len(_events(db, "retention.apply")) == 1
    assert search_people(db, manager, "Oldcase").rows == []
    assert search_people(db, manager, "WMP-ANON").rows == []
    assert people_due(db, manager, today=TODAY).rows == ()


def test_apply_anonymises_only_the_reviewed_people_still_due(db, make_actor) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR)
    due = add_named_person(db, "Ada", "Duecase")
    seed_everything(db, due, closed_at=datetime(2019, 1, 1, 10))
    other = add_named_person(db, "Bea", "Alsodue")
    seed_everything(db, other, closed_at=datetime(2019, 1, 2, 10))
    recent = add_named_person(db, "Cy", "Recent")
    seed_everything(db, recent, closed_at=datetime(2025, 1, 2, 10))
    result = apply_retention(db, admin, [due, recent], today=TODAY)
    assert (result.anonymised, result.skipped) == (1, 1)
    with db.unit_of_work(write=False) as s:
        names = dict(s.execute(sa.select(Person.id, Person.first_name)).all())
    assert (names[due], names[other], names[recent]) == ("Anonymised", "Bea", "Cy")


def test_cancelling_retention_saves_nothing(db, make_actor) -> None:
    admin = make_actor(db, Role.ADMINISTRATOR)
    pid = add_named_person(db, "Ada", "Duecase")
    seed_everything(db, pid, closed_at=datetime(2019, 1, 1, 10))
    result = apply_retention(db, admin, today=TODAY, cancelled=lambda: True)
    assert result.cancelled and result.anonymised == 0
    with db.unit_of_work(write=False) as s:
        assert s.get(Person, pid).first_name == "Ada"
    assert _events(db, "person.anonymise") == []


def test_retention_anonymises_the_records_merged_into_a_person(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    kept = add_named_person(db, "Ada", "Keptcase")
    seed_everything(db, kept, closed_at=datetime(2019, 1, 1, 10))
    old = add_named_person(db, "Adah", "Keptcase")
    merged = merge_people(db, manager, kept, old)
    assert [r.person_id for r in people_due(db, manager, today=TODAY).rows] == []  # pending merge
    from divert_desktop.services.people.merge import confirm_merge

    confirm_merge(db, manager, merged.id)
    apply_retention(db, manager, today=TODAY)
    with db.unit_of_work(write=False) as s:
        assert {p.first_name for p in s.execute(sa.select(Person)).scalars()} == {"Anonymised"}


def test_retention_needs_the_role(db, make_actor) -> None:
    for role in (Role.RECEPTIONIST, Role.CASEWORKER):
        actor = make_actor(db, role)
        with pytest.raises(PermissionDenied):
            people_due(db, actor)
        with pytest.raises(PermissionDenied):
            apply_retention(db, actor)
    assert people_due(db, cli_actor(), today=TODAY).rows == ()


# --------------------------------------------------------------------------- erasure


def test_erasing_a_person_with_referrals_anonymises_them_now(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    pid = add_named_person(db, "Erin", "Erasecase")
    seed_everything(db, pid, closed_at=datetime(2026, 11, 1, 10))  # retention far away
    other = add_named_person(db, "Erin", "Erasecase-Twin")
    dup = add_duplicate(db, pid, other)
    result = erase_person(db, manager, pid, "  Request by letter  dated 1 Dec 2026 ")
    assert result.mode == "anonymised"
    with db.unit_of_work(write=False) as s:
        assert s.get(Person, pid).first_name == "Anonymised"
        assert s.get(Referral, s.execute(sa.select(Referral.id)).scalar()).status == "completed"
        assert s.get(PossibleDuplicate, dup).status == "anonymised"
    [event] = _events(db, "person.erase")
    assert event.details["reason"] == "Request by letter dated 1 Dec 2026"
    assert event.details["mode"] == "anonymised" and event.username == manager.username
    with pytest.raises(ConflictError, match="already been anonymised"):
        erase_person(db, manager, pid, "again")


def test_erasing_a_record_without_referrals_deletes_it(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    pid = add_named_person(db, "Errol", "Madeinerror")
    other = add_named_person(db, "Errol", "Madeinerror")
    add_duplicate(db, other, pid)
    result = erase_person(db, manager, pid, "Created twice by mistake")
    assert result.mode == "deleted"
    with db.unit_of_work(write=False) as s:
        assert s.get(Person, pid) is None
        assert s.execute(sa.select(PossibleDuplicate)).all() == []
        assert s.execute(sa.select(PersonNamePart.person_id)).scalars().all() == []
        assert verify_chain(s).ok
    [event] = _events(db, "person.erase")
    assert event.person_id == pid and event.details["rows"]["people"] == 1


def test_erasure_needs_a_reason_the_role_and_a_settled_record(db, make_actor) -> None:
    manager = make_actor(db, Role.MANAGER)
    pid = add_named_person(db, "Erin", "Erasecase")
    with pytest.raises(ValidationError) as err:
        erase_person(db, manager, pid, "   ")
    assert err.value.field == "reason"
    for role in (Role.CASEWORKER, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            erase_person(db, make_actor(db, role), pid, "asked")
    kept = add_named_person(db, "Erin", "Kept")
    merge_people(db, manager, kept, pid)
    with pytest.raises(NotFound, match="merged into another"):
        erase_person(db, manager, pid, "asked")
    with pytest.raises(ConflictError, match="not been confirmed"):
        erase_person(db, manager, kept, "asked")
