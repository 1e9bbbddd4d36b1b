"""The evaluation extract on SQLite and PostgreSQL: no identifier or free text in any cell, the
HMAC the police can recompute, k-anonymity for k = 2, 5 and 10, follow-ups keyed by pseudonym."""

from __future__ import annotations

import csv
import hashlib
import hmac
import itertools
import os
import random
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from divert_desktop.core.enums import (
    Ethnicity,
    FollowUpResult,
    Gender,
    LocalAuthority,
    ReferralStatus,
    Role,
    ServiceType,
)
from divert_desktop.core.errors import PermissionDenied, ValidationError
from divert_desktop.persistence.models import AuditEvent, OnwardReferral, Person, Referral
from divert_desktop.services.admin.settings import update_settings
from divert_desktop.services.casework import outcomes
from divert_desktop.services.context import cli_actor
from divert_desktop.services.diary import booking
from divert_desktop.services.intake.import_rows import ImportFileError
from divert_desktop.services.reports.evaluation import EVALUATION_COLUMNS, export_evaluation
from tests.db.casework_helpers import (
    ASSESSED,
    FIRST_SESSION,
    add_service,
    book_session,
    booked_case,
)
from tests.db.test_booking import add_referral

KEY = bytes(range(32))  # a fixed key: the test recomputes every pseudonym from it
FROM, TO = date(2026, 1, 1), date(2026, 12, 31)
TODAY = date(2027, 6, 1)
_n = itertools.count(1)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "divert-evaluation.key"
    path.parent.mkdir()
    path.write_bytes(KEY)
    return path


def reference_hmac(key: bytes, text: str) -> str:
    """The police side's computation, with the standard library only."""
    return hmac.new(key, text.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        assert tuple(header) == EVALUATION_COLUMNS
        return [dict(zip(header, row, strict=True)) for row in reader]


def add_person_full(db, rnd: random.Random, dob: date | None = None, **fixed) -> dict:
    """A person with every identifier filled in, each one distinctive enough to search for."""
    i = next(_n)
    first, last = f"Zorvath{i:03d}", f"Quellbrook{i:03d}"
    values = {
        "first_name": first,
        "last_name": last,
        "known_as": f"Vexly{i:03d}",
        "search_first": first.lower(),
        "search_last": last.lower(),
        "date_of_birth": dob or date(1960, 1, 1) + timedelta(days=rnd.randrange(0, 17000)),
        "gender": rnd.choice(list(Gender)),
        "ethnicity": rnd.choice(list(Ethnicity)),
        "address_line1": f"{i} Wyvernmoor Lane",
        "address_line2": f"Flat {i}b Pelham Court",
        "town": f"Brackenhythe{i:03d}",
        "postcode": f"B{i % 90 + 10} {i % 9}XZ",
        "local_authority": rnd.choice(list(LocalAuthority)),
        "phone": f"07700 9{i:05d}",
        "email": f"zorvath{i:03d}@example.org",
        "pnc_id": f"26/{i:06d}Q",
        "accessibility_needs": f"Hearing loop please {i:03d}",
        "language_needs": f"Tigrinya interpreter {i:03d}",
    }
    values.update(fixed)
    with db.unit_of_work() as s:
        values["id"] = s.execute(sa.insert(Person).returning(Person.id), [values]).scalar_one()
    return values


def make_referral(db, person: dict, rnd: random.Random, **kw) -> int:
    i = next(_n)
    when = kw.pop("when", datetime(2026, 1, 5, 10) + timedelta(days=rnd.randrange(0, 340)))
    rid = add_referral(
        db,
        person["id"],
        reference=kw.pop("reference", f"WMP/EV/{i:06d}"),
        when=when,
        area=kw.pop("area", person["local_authority"].value),
        substances=kw.pop("substances", ("cannabis",)),
        **kw,
    )
    with db.unit_of_work() as s:
        s.execute(
            sa.update(Referral)
            .where(Referral.id == rid)
            .values(
                officer_name=f"PC Hollowmere{i:03d}",
                officer_number=f"OF{i:05d}",
                appropriate_adult_name=f"Grandparent Ashcombe{i:03d}",
                appropriate_adult_phone=f"07700 8{i:05d}",
                notes=f"Found near the Larkspur arcade, note {i:03d}",
            )
        )
    return rid


def set_k(db, k: int) -> None:
    update_settings(db, cli_actor(), {"evaluation_min_group": k})


def cells_of(rows: list[dict[str, str]]) -> list[str]:
    return [cell for row in rows for cell in row.values()]


def identifiers(db) -> list[str]:
    """Every direct identifier and piece of free text held for anyone, as it could appear."""
    out: list[str] = []
    with db.unit_of_work(write=False) as s:
        for p in s.execute(sa.select(Person)).scalars():
            dob = p.date_of_birth
            out += [
                p.first_name,
                p.last_name,
                p.known_as,
                p.address_line1,
                p.address_line2,
                p.town,
                p.postcode,
                p.phone,
                p.email,
                p.pnc_id,
                p.accessibility_needs,
                p.language_needs,
                dob.isoformat(),
                dob.strftime("%d/%m/%Y"),
            ]
        for r in s.execute(sa.select(Referral)).scalars():
            out += [
                r.police_reference,
                r.officer_name,
                r.officer_number,
                r.notes,
                r.appropriate_adult_name,
                r.appropriate_adult_phone,
                r.status_reason,
            ]
        for o in s.execute(sa.select(OnwardReferral)).scalars():
            out += [o.reason, o.notes]
    return [x for x in out if x]


def population(db, count: int, seed: int) -> list[int]:
    """``count`` referrals of people spread over every age band, gender, ethnicity and area
    (so many combinations are rare and the disclosure control has work to do)."""
    rnd = random.Random(seed)
    ids = []
    people = [add_person_full(db, rnd) for _ in range(max(1, count * 3 // 4))]
    for i in range(count):
        person = people[i % len(people)]  # some people are referred twice
        ids.append(make_referral(db, person, rnd))
    return ids


# --------------------------------------------------------------------------- tests


def test_no_identifier_or_free_text_in_any_cell(db, make_actor, key_file, tmp_path) -> None:
    manager = make_actor(db, Role.MANAGER)
    rnd = random.Random(3)
    population(db, 40, seed=3)
    person = add_person_full(db, rnd)
    rid = make_referral(
        db,
        person,
        rnd,
        status=ReferralStatus.INELIGIBLE,
        status_reason="Officer said he had scales and bags, Larkspur arcade",
    )
    case = booked_case(db, first="Ysolde", last="Marrowgate")
    service = add_service(db, "Harbourlight Housing (invented)")
    with db.unit_of_work() as s:
        s.execute(
            sa.insert(OnwardReferral),
            [
                {
                    "referral_id": case.referral_id,
                    "person_id": case.person_id,
                    "service_id": service,
                    "status": "proposed",
                    "reason": "Sofa surfing at Gannet Road",
                    "created_by": "t",
                    "notes": "Rang Harbourlight twice",
                }
            ],
        )
    out = tmp_path / "extract.csv"
    made = export_evaluation(db, manager, FROM, TO, key_file, out)
    rows = read_rows(out)
    assert made.rows == len(rows) == 42 and rid
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 == 0o600
    cells = [c.casefold() for c in cells_of(rows)]
    found = []
    for ident in identifiers(db):
        needle = ident.strip().casefold()
        for cell in cells:
            # a whole-cell match for short values; a substring for the rest
            if cell == needle or (len(needle) >= 6 and needle in cell):
                found.append((ident, cell))
    assert found == []
    assert KEY.hex() not in out.read_text(encoding="utf-8")


def test_columns_and_pseudonyms_match_a_reference_hmac(db, make_actor, key_file, tmp_path) -> None:
    manager = make_actor(db, Role.MANAGER)
    set_k(db, 2)
    rnd = random.Random(5)
    born = date(2009, 11, 3)  # 17 on 2 Nov 2026: a young person
    twins = [
        add_person_full(
            db,
            rnd,
            dob=born,
            gender=Gender.FEMALE,
            ethnicity=Ethnicity.WHITE_IRISH,
            local_authority=LocalAuthority.COVENTRY,
        )
        for _ in range(2)
    ]
    # A referral stored with a lower-case reference and spaces: the police side's upper case and
    # trimming must give the same pseudonym.
    first = make_referral(
        db,
        twins[0],
        rnd,
        reference=" wmp/ev/lower-1 ",
        young=True,
        when=datetime(2026, 11, 2, 10),
        substances=("cocaine", "cannabis"),
        status=ReferralStatus.INELIGIBLE,
        status_reason="no appropriate adult",
    )
    again = make_referral(
        db,
        twins[0],
        rnd,
        reference="WMP/EV/AGAIN-2",
        young=True,
        when=datetime(2026, 11, 20, 10),
        status=ReferralStatus.NOT_ENGAGED,
    )
    other = make_referral(
        db,
        twins[1],
        rnd,
        reference="WMP/EV/OTHER-3",
        young=True,
        when=datetime(2026, 11, 3, 10),
        status=ReferralStatus.WITHDRAWN,
    )
    case = booked_case(db, young=True)  # referred 2 Nov 2026, assessment 9 Nov
    with db.unit_of_work() as s:
        s.execute(
            sa.update(Person)
            .where(Person.id == case.person_id)
            .values(date_of_birth=born, gender=Gender.FEMALE, ethnicity=Ethnicity.WHITE_IRISH)
        )
        s.execute(
            sa.update(Referral)
            .where(Referral.id == case.referral_id)
            .values(followup_rearrested=FollowUpResult.NO)
        )
    seen = booking.get_appointment(db, cli_actor(), case.initial_id)
    booking.mark_attended(db, cli_actor(), seen.id, seen.version, now=seen.start_at)
    session = booking.get_appointment(db, cli_actor(), book_session(db, case, FIRST_SESSION))
    booking.mark_attended(db, cli_actor(), session.id, session.version, now=session.start_at)
    for kind in (ServiceType.MENTAL_HEALTH, ServiceType.HOUSING, ServiceType.HOUSING):
        with db.unit_of_work() as s:
            s.execute(
                sa.insert(OnwardReferral),
                [
                    {
                        "referral_id": case.referral_id,
                        "person_id": case.person_id,
                        "service_id": add_service(
                            db, f"Invented {kind} {next(_n)}", service_type=kind
                        ),
                        "status": "proposed",
                        "created_by": "t",
                    }
                ],
            )
    out = tmp_path / "extract.csv"
    export_evaluation(db, manager, FROM, TO, key_file, out)
    rows = read_rows(out)
    with db.unit_of_work(write=False) as s:
        refs = dict(s.execute(sa.select(Referral.id, Referral.police_reference)).all())
    by_pseudo = {row["pseudo_referral"]: row for row in rows}
    assert set(by_pseudo) == {reference_hmac(KEY, refs[i]) for i in refs}
    assert reference_hmac(KEY, "WMP/EV/LOWER-1") in by_pseudo
    a, b, c = (by_pseudo[reference_hmac(KEY, refs[i])] for i in (first, again, other))
    assert a["pseudo_person"] == b["pseudo_person"] != c["pseudo_person"]
    assert (
        a["pseudo_person"]
        == hmac.new(KEY, f"person:{twins[0]['id']}".encode(), hashlib.sha256).hexdigest()
    )
    assert {
        k: a[k]
        for k in (
            "referral_month",
            "age_band",
            "gender",
            "ethnicity_group",
            "local_authority",
            "substances",
            "eligibility",
            "ineligible_reason",
            "outcome",
            "rearrested_6m",
            "comparison",
            "days_to_first_appointment",
            "sessions_attended",
            "onward_referral_types",
        )
    } == {
        "referral_month": "2026-11",
        "age_band": "10–17",
        "gender": "female",
        "ethnicity_group": Ethnicity.WHITE_IRISH.value,
        "local_authority": "Coventry",
        "substances": "cannabis;cocaine",
        "eligibility": "ineligible",
        "ineligible_reason": "no_appropriate_adult",
        "outcome": "",
        "rearrested_6m": "unknown",
        "comparison": "yes",
        "days_to_first_appointment": "",
        "sessions_attended": "0",
        "onward_referral_types": "",
    }
    assert (b["outcome"], b["comparison"], b["eligibility"]) == ("not_engaged", "yes", "eligible")
    assert (c["outcome"], c["comparison"]) == ("withdrawn", "no")
    d = by_pseudo[reference_hmac(KEY, refs[case.referral_id])]
    assert (
        d["outcome"],
        d["days_to_first_appointment"],
        d["sessions_attended"],
        d["onward_referral_types"],
        d["rearrested_6m"],
        d["comparison"],
    ) == (
        "completed",
        str((ASSESSED - date(2026, 11, 2)).days),
        "1",
        "housing;mental health",
        "no",
        "no",
    )


@pytest.mark.parametrize("k", [2, 5, 10])
def test_every_combination_holds_k_rows(db, make_actor, key_file, tmp_path, k: int) -> None:
    manager = make_actor(db, Role.MANAGER)
    set_k(db, k)
    population(db, 60, seed=k)
    out = tmp_path / f"k{k}.csv"
    made = export_evaluation(db, manager, FROM, TO, key_file, out)
    rows = read_rows(out)
    assert len(rows) == 60
    groups = Counter(
        (r["age_band"], r["gender"], r["ethnicity_group"], r["local_authority"]) for r in rows
    )
    assert min(groups.values()) >= k
    assert made.k == k and made.smallest_group == min(groups.values())
    assert any(line.startswith("Ethnicity shown as its broad group") for line in made.generalised)
    with db.unit_of_work(write=False) as s:
        event = s.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "export.evaluation")
        ).scalar_one()
    assert event.username == manager.username
    assert event.details["rows"] == 60 and event.details["k"] == k
    assert event.details["from"] == FROM.isoformat() and event.details["to"] == TO.isoformat()
    assert event.details["key_fingerprint"] == hashlib.sha256(KEY).hexdigest()[:16]
    assert KEY.hex() not in str(event.details)


def test_follow_up_file_keyed_by_pseudo_referral_updates_the_right_referrals(
    db, make_actor, key_file, tmp_path
) -> None:
    manager = make_actor(db, Role.MANAGER)
    set_k(db, 2)
    ids = population(db, 12, seed=11)
    with db.unit_of_work() as s:
        s.execute(sa.update(Referral).values(status=ReferralStatus.COMPLETED))
        refs = dict(s.execute(sa.select(Referral.id, Referral.police_reference)).all())
    out = tmp_path / "extract.csv"
    export_evaluation(db, manager, FROM, TO, key_file, out)
    pseudos = [row["pseudo_referral"] for row in read_rows(out)]
    yes, no = reference_hmac(KEY, refs[ids[0]]), reference_hmac(KEY, refs[ids[1]])
    assert yes in pseudos and no in pseudos
    back = tmp_path / "police-followup.csv"
    back.write_text(
        "pseudo_referral,rearrested,rearrest_date,learned_on,source\n"
        f"{yes.upper()},yes,2027-03-01,2027-05-01,WMP evaluation\n"
        f"{no},no,,2027-05-01,WMP evaluation\n"
        f"{'0' * 64},no,,2027-05-01,WMP evaluation\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError, match="key file"):
        outcomes.import_followups(db, manager, back, today=TODAY)
    wrong = outcomes.import_followups(db, manager, back, today=TODAY, key=bytes(32), dry_run=True)
    assert (wrong.updated, wrong.rejected) == (0, 3)
    result = outcomes.import_followups(db, manager, back, today=TODAY, key=KEY)
    assert (result.updated, result.rejected) == (2, 1)
    assert result.errors[0].row == 3 and result.errors[0].field == "pseudo_referral"
    with db.unit_of_work(write=False) as s:
        stored = dict(s.execute(sa.select(Referral.id, Referral.followup_rearrested)).all())
    assert stored[ids[0]] == FollowUpResult.YES and stored[ids[1]] == FollowUpResult.NO
    assert all(stored[i] is None for i in ids[2:])


def test_key_file_rules_and_who_may_export(db, make_actor, key_file, tmp_path) -> None:
    from divert_desktop.paths import user_data_dir

    manager = make_actor(db, Role.MANAGER)
    population(db, 6, seed=1)
    out = tmp_path / "extract.csv"
    inside = user_data_dir() / f"evaluation-{next(_n)}.key"
    inside.write_bytes(KEY)
    try:
        with pytest.raises(ValidationError, match="data folder"):
            export_evaluation(db, manager, FROM, TO, inside, out)
    finally:
        inside.unlink()
    short = tmp_path / "short.key"
    short.write_bytes(b"password\n")
    with pytest.raises(ValidationError, match="32 random bytes"):
        export_evaluation(db, manager, FROM, TO, short, out)
    with pytest.raises(ValidationError, match="end date"):
        export_evaluation(db, manager, TO, FROM, key_file, out)
    set_k(db, 10)
    with pytest.raises(ValidationError, match="at least 10"):
        export_evaluation(db, manager, FROM, TO, key_file, out)
    for role in (Role.RECEPTIONIST, Role.CASEWORKER, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            export_evaluation(db, make_actor(db, role), FROM, TO, key_file, out)
    assert not out.exists()
