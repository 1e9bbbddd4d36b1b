"""Producing letters on both databases: the text read back, the log and its file, reprints,
the young person's extra letter, people who must not be written to, and template versions."""

from __future__ import annotations

import hashlib
from io import BytesIO

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from divert_desktop.core.enums import LetterTemplate, Role
from divert_desktop.core.errors import ConflictError, PermissionDenied, ValidationError
from divert_desktop.core.letters import LetterNotApplicable
from divert_desktop.persistence.models import AuditEvent, Letter, Referral
from divert_desktop.services.casework import outcomes
from divert_desktop.services.context import cli_actor
from divert_desktop.services.letters import production as letters
from divert_desktop.services.letters import templates as letter_templates
from divert_desktop.services.letters.letterhead import get_letterhead, save_letterhead
from tests.letters_seed import seed_letters

T = LetterTemplate


def text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def world(db):
    return seed_letters(db)


def logged(db) -> list[Letter]:
    with db.unit_of_work(write=False) as s:
        return list(s.execute(sa.select(Letter).order_by(Letter.id)).scalars())


def actions(db, action: str) -> list[AuditEvent]:
    with db.unit_of_work(write=False) as s:
        return list(s.execute(sa.select(AuditEvent).where(AuditEvent.action == action)).scalars())


def test_an_appointment_letter_names_the_person_reference_date_time_and_venue(
    db, world, make_actor
) -> None:
    actor = make_actor(db, Role.RECEPTIONIST)
    made = letters.produce_letter(
        db, actor, T.APPOINTMENT_CONFIRMATION, referral_id=world.adult, now=world.now
    )
    (one,) = made.letters
    found = text(one.pdf)
    day = world.today.toordinal() + 7
    from datetime import date

    from divert_desktop.core.letter_fields import long_day

    when = long_day(date.fromordinal(day))
    for expected in (
        "Siân Öztürk-Jones",
        "Dear Siân,",
        "Reference: WMP-L-0001",
        when,
        "10:00",
        "Coventry hub",
        "1 Example Street",
        "Sam Okafor",
        "Example Recovery Trust",
        "1 Sample Road",
        "CV1 2AB",
    ):
        assert expected in found, expected
    (row,) = logged(db)
    assert (row.template, row.template_version, row.recipient) == (
        T.APPOINTMENT_CONFIRMATION,
        1,
        "person",
    )
    assert row.sha256 == hashlib.sha256(row.pdf).hexdigest() == one.sha256
    assert row.created_by == actor.username and row.appointment_id == world.adult_appointment
    assert row.filename.endswith("appointment-confirmation-WMP-L-0001-person.pdf")
    (event,) = actions(db, "letter.produce")
    assert event.details["sha256"] == row.sha256 and event.person_id == world.people["sian"]


def test_the_same_letter_made_twice_is_byte_identical_and_a_reprint_is_the_kept_file(
    db, world
) -> None:
    actor = cli_actor()
    first = letters.produce_letter(
        db, actor, T.APPOINTMENT_REMINDER, referral_id=world.adult, now=world.now
    )
    draft = letters.draft_letter(
        db, actor, T.APPOINTMENT_REMINDER, referral_id=world.adult, now=world.now
    )
    second = letters.produce_letter(
        db, actor, T.APPOINTMENT_REMINDER, referral_id=world.adult, now=world.now
    )
    assert first.letters[0].pdf == second.letters[0].pdf == letters.render_draft(draft)
    assert first.letters[0].id != second.letters[0].id
    again = letters.letter_file(db, actor, first.letters[0].id)
    assert again.pdf == first.letters[0].pdf and again.sha256 == first.letters[0].sha256
    assert len(actions(db, "letter.reprint")) == 1
    assert len(actions(db, "letter.preview")) == 1


def test_a_young_persons_letter_also_goes_to_the_appropriate_adult(db, world) -> None:
    made = letters.produce_letter(
        db, cli_actor(), T.APPOINTMENT_REMINDER, referral_id=world.young, now=world.now
    )
    person, adult = made.letters
    assert (person.recipient, adult.recipient) == ("person", "appropriate_adult")
    assert "Dear Zoë," in text(person.pdf) and "appropriate adult" not in text(person.pdf)
    copy = text(adult.pdf)
    for expected in (
        "Łukasz Kowalski",
        "c/o Zoë Nguyễn",
        "1 Sample Road",
        "Dear Łukasz Kowalski,",
        "copy of our letter to Zoë",
        "appropriate adult (father)",
        "Dear Zoë,",
        "15:30",
    ):
        assert expected in copy, expected
    combined = PdfReader(BytesIO(made.combined()))
    assert "Dear Zoë," in combined.pages[0].extract_text()
    assert "Dear Łukasz Kowalski," in combined.pages[-1].extract_text()
    assert [r.recipient for r in logged(db)] == ["person", "appropriate_adult"]


def test_a_person_who_must_not_be_written_to_is_refused_and_nothing_is_logged(db, world) -> None:
    with pytest.raises(LetterNotApplicable, match="Łukasz Nowak must not be written to"):
        letters.produce_letter(
            db, cli_actor(), T.APPOINTMENT_REMINDER, referral_id=world.no_letters, now=world.now
        )
    assert logged(db) == []
    options = {
        o.template: o
        for o in letters.letter_options(db, cli_actor(), world.no_letters, now=world.now)
    }
    assert not options[T.APPOINTMENT_REMINDER].available
    assert "must not be written to" in options[T.APPOINTMENT_REMINDER].reason


def test_letters_that_do_not_fit_say_why(db, world) -> None:
    actor = cli_actor()
    with pytest.raises(
        LetterNotApplicable, match="WMP-L-0004 has no booked appointment to confirm"
    ):
        letters.produce_letter(
            db, actor, T.APPOINTMENT_CONFIRMATION, referral_id=world.missed, now=world.now
        )
    with pytest.raises(LetterNotApplicable, match="booked, not completed"):
        letters.produce_letter(db, actor, T.COMPLETION, referral_id=world.adult, now=world.now)
    with pytest.raises(LetterNotApplicable, match="no outcome to tell the police yet"):
        letters.produce_letter(db, actor, T.POLICE_OUTCOME, referral_id=world.adult, now=world.now)
    options = {
        o.template: o for o in letters.letter_options(db, actor, world.missed, now=world.now)
    }
    assert options[T.MISSED_APPOINTMENT].available
    assert not options[T.COMPLETION].available


def test_the_missed_letter_invites_rebooking_in_large_print_when_the_record_asks(db, world) -> None:
    (one,) = letters.produce_letter(
        db, cli_actor(), T.MISSED_APPOINTMENT, referral_id=world.missed, now=world.now
    ).letters
    found = " ".join(text(one.pdf).split())
    assert "Dear Annie," in found and "13:00" in found and "book a new time" in found
    assert one.large_print is True


def test_the_police_letter_marks_the_outcome_sent_and_has_no_clinical_detail(db, world) -> None:
    (one,) = letters.produce_letter(
        db, cli_actor(), T.POLICE_OUTCOME, referral_id=world.completed, now=world.now
    ).letters
    found = text(one.pdf)
    for expected in (
        "PC Ada Example, collar number 4711",
        "Community Resolutions Team",
        "Police reference: WMP-L-0005",
        "Zoë Hartwell-Ng",
        "17 May 1990",
        "Completed DIVERT",
        "no health or treatment information",
    ):
        assert expected in found, expected
    assert "cannabis" not in found.lower()
    with db.unit_of_work(write=False) as s:
        assert s.get(Referral, world.completed).outcome_sent_at is not None
    assert len(actions(db, "referral.outcome_sent")) == 1


def test_the_police_letter_needs_consent_to_share_recorded_as_yes(db, world, make_actor) -> None:
    for consent, words in (
        (False, "did not agree to the outcome being shared with the police"),
        (None, "does not record whether the person agreed"),
    ):
        with db.unit_of_work() as s:
            s.get(Referral, world.completed).consent_to_share = consent
        with pytest.raises(LetterNotApplicable, match=words):
            letters.produce_letter(
                db, cli_actor(), T.POLICE_OUTCOME, referral_id=world.completed, now=world.now
            )
        with pytest.raises(LetterNotApplicable, match=words):
            letters.draft_letter(
                db, cli_actor(), T.POLICE_OUTCOME, referral_id=world.completed, now=world.now
            )
        options = {
            o.template: o
            for o in letters.letter_options(db, cli_actor(), world.completed, now=world.now)
        }
        assert not options[T.POLICE_OUTCOME].available
        assert words in options[T.POLICE_OUTCOME].reason
        assert options[T.COMPLETION].available  # the person's own letter is not affected
    assert [x for x in logged(db) if x.template == T.POLICE_OUTCOME] == []
    with db.unit_of_work(write=False) as s:
        assert s.get(Referral, world.completed).outcome_sent_at is None
    assert actions(db, "referral.outcome_sent") == []
    # Asked later, the person agrees: recorded (audited), and the letter can be made.
    dto = outcomes.record_consent_to_share(
        db, make_actor(db, Role.CASEWORKER), world.completed, True
    )
    assert dto.consent_to_share is True
    [event] = actions(db, "referral.consent")
    assert (event.details["before"], event.details["after"]) == (None, True)
    (made,) = letters.produce_letter(
        db, cli_actor(), T.POLICE_OUTCOME, referral_id=world.completed, now=world.now
    ).letters
    assert made.recipient == "police"


def test_the_onward_letter_shares_only_what_the_person_agreed(db, world, make_actor) -> None:
    actor = make_actor(db, Role.CASEWORKER)
    (one,) = letters.produce_letter(
        db, actor, T.ONWARD_REFERRAL, referral_id=world.completed, now=world.now
    ).letters
    found = text(one.pdf)
    for expected in (
        "Alex Sample",
        "Example Housing Advice",
        "Zoë Hartwell-Ng",
        "1 Sample Road",
        "07700 900456",
        "zoe@example.com",
        "Wants advice about a housing problem",
        "Our reference: DIV-",
    ):
        assert expected in found, expected
    for hidden in ("WMP-L-0005", "17 May 1990", "annabis", "pin"):  # not agreed, or unknown keys
        assert hidden not in found, hidden
    assert one.recipient == "service"


def test_roles_receptionists_print_appointment_letters_only(db, world, make_actor) -> None:
    reception = make_actor(db, Role.RECEPTIONIST)
    letters.produce_letter(
        db, reception, T.APPOINTMENT_REMINDER, referral_id=world.adult, now=world.now
    )
    with pytest.raises(PermissionDenied):
        letters.produce_letter(
            db, reception, T.COMPLETION, referral_id=world.completed, now=world.now
        )
    admin = make_actor(db, Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        letters.produce_letter(
            db, admin, T.APPOINTMENT_REMINDER, referral_id=world.adult, now=world.now
        )
    with pytest.raises(PermissionDenied):
        letter_templates.list_wordings(db, reception)


def test_a_template_edit_is_a_new_version_and_never_changes_letters_sent(
    db, world, make_actor
) -> None:
    manager = make_actor(db, Role.MANAGER)
    before = letters.produce_letter(
        db, manager, T.COMPLETION, referral_id=world.completed, now=world.now
    )
    (v1,) = [w for w in letter_templates.list_wordings(db, manager) if w.template == T.COMPLETION]
    assert v1.version == 1 and v1.created_by == "system"
    with pytest.raises(ValidationError, match=r"do not exist: \{frist_name\}"):
        letter_templates.save_wording(
            db, manager, T.COMPLETION, "Well done", "Dear {frist_name},", expected_version=1
        )
    v2 = letter_templates.save_wording(
        db,
        manager,
        T.COMPLETION,
        "Congratulations, {first_name}",
        "Dear {first_name},\n\nYou did it.\n\nBest wishes,",
        expected_version=1,
    )
    assert v2.version == 2
    with pytest.raises(ConflictError, match="Someone else saved a new version"):
        letter_templates.save_wording(db, manager, T.COMPLETION, "X", "Y", expected_version=1)
    after = letters.produce_letter(
        db, manager, T.COMPLETION, referral_id=world.completed, now=world.now
    )
    assert "You did it." in text(after.letters[0].pdf) and "Congratulations, Zoë" in text(
        after.letters[0].pdf
    )
    kept = letters.letter_file(db, manager, before.letters[0].id)
    assert kept.template_version == 1 and "Thank you for the time" in text(kept.pdf)
    history = letter_templates.wording_history(db, manager, T.COMPLETION)
    assert [w.version for w in history] == [2, 1]
    assert [r.template_version for r in logged(db)] == [1, 2]


def test_the_letterhead_and_logo_are_saved_checked_and_printed(db, world, make_actor) -> None:
    from PIL import Image

    admin = make_actor(db, Role.ADMINISTRATOR)
    image = BytesIO()
    Image.new("RGBA", (300, 120), (31, 58, 95, 200)).save(image, "PNG")
    saved = save_letterhead(
        db,
        admin,
        {"organisation_name": "Sample Community Trust", "organisation_phone": "02476000001"},
        logo=image.getvalue(),
    )
    assert saved.values["organisation_phone"] == "024 7600 0001"
    assert saved.logo_png and Image.open(BytesIO(saved.logo_png)).mode == "RGB"
    with pytest.raises(ValidationError) as err:
        save_letterhead(db, admin, {}, logo=b"not an image at all")
    assert err.value.field == "logo"
    with pytest.raises(ValidationError) as err:
        save_letterhead(db, admin, {"organisation_email": "nope"})
    assert err.value.field == "organisation_email"
    assert get_letterhead(db, admin).logo_png == saved.logo_png
    (one,) = letters.produce_letter(
        db, cli_actor(), T.APPOINTMENT_REMINDER, referral_id=world.adult, now=world.now
    ).letters
    page = PdfReader(BytesIO(one.pdf)).pages[0]
    assert "Sample Community Trust" in page.extract_text()
    assert list(page["/Resources"]["/XObject"].keys())
    assert len(actions(db, "settings.logo")) == 1
    save_letterhead(db, admin, {}, remove_logo=True)
    assert get_letterhead(db, admin).logo_png is None


def test_no_letter_is_made_before_the_letterhead_is_set_up(db, make_actor) -> None:
    from divert_desktop.services.admin.settings import update_settings

    world = seed_letters(db)
    update_settings(db, cli_actor(), {"organisation_phone": "", "organisation_email": ""})
    with pytest.raises(LetterNotApplicable, match="The letterhead is not set up yet"):
        letters.produce_letter(
            db, cli_actor(), T.APPOINTMENT_REMINDER, referral_id=world.adult, now=world.now
        )
    assert logged(db) == []


LETTER_ROLES = {
    "appointment_letter": {Role.RECEPTIONIST, Role.CASEWORKER, Role.MANAGER},
    "outcome_letter": {Role.CASEWORKER, Role.MANAGER},
    "letter_wording": {Role.MANAGER},
}
"""Role × letter call, written out (core.permissions must agree: see test_role_matrix)."""


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_makes_the_letters_its_table_row_says_and_each_is_audited(
    db, world, make_actor, role
) -> None:
    actor = make_actor(db, role)
    calls = {
        "appointment_letter": lambda: letters.produce_letter(
            db, actor, T.APPOINTMENT_REMINDER, referral_id=world.adult, now=world.now
        ),
        "outcome_letter": lambda: letters.produce_letter(
            db, actor, T.COMPLETION, referral_id=world.completed, now=world.now
        ),
        "letter_wording": lambda: letter_templates.save_wording(
            db,
            actor,
            T.COMPLETION,
            f"Well done on completing DIVERT ({role.value})",
            "Dear {first_name},\n\nYou have completed DIVERT.",
            expected_version=next(
                w.version
                for w in letter_templates.list_wordings(db, cli_actor())
                if w.template == T.COMPLETION
            ),
        ),
    }
    wrong = []
    for name, call in calls.items():
        before = len(actions(db, "letter.produce")) + len(actions(db, "letter_template.save"))
        try:
            call()
            allowed = True
        except PermissionDenied as exc:
            allowed = False
            assert role.value in str(exc)
        after = len(actions(db, "letter.produce")) + len(actions(db, "letter_template.save"))
        if allowed != (role in LETTER_ROLES[name]):
            wrong.append(f"{name}: {'allowed' if allowed else 'refused'} for {role.value}")
        elif allowed != (after > before):
            wrong.append(f"{name}: {'not audited' if allowed else 'refused but audited'}")
    assert wrong == []


PHONE, EMAIL = "024 7600 0000", "divert@example.org"  # the seeded letterhead's
CONTACT_SENTENCES = {  # template -> (phone only, email only, both), as the default wording says
    T.APPOINTMENT_CONFIRMATION: (
        f"please call us on {PHONE}. We will find",
        f"please email us at {EMAIL}. We will find",
        f"please call us on {PHONE}. We will find",
    ),
    T.APPOINTMENT_REMINDER: (
        f"please call us on {PHONE} as soon as you can",
        f"please email us at {EMAIL} as soon as you can",
        f"please call us on {PHONE} as soon as you can",
    ),
    T.MISSED_APPOINTMENT: (
        f"Please call us on {PHONE} and we will book",
        f"Please email us at {EMAIL} and we will book",
        f"Please call us on {PHONE} or email {EMAIL} and we will book",
    ),
    T.COMPLETION: (
        f"welcome to get in touch on {PHONE}. We wish",
        f"welcome to get in touch at {EMAIL}. We wish",
        f"welcome to get in touch on {PHONE} or {EMAIL}. We wish",
    ),
    T.NOT_ENGAGED: (
        f"welcome to contact us on {PHONE}. You can also",
        f"welcome to contact us at {EMAIL}. You can also",
        f"welcome to contact us on {PHONE}. You can also",
    ),
    T.POLICE_OUTCOME: (
        f"please contact us on {PHONE}, quoting the police reference",
        f"please contact us at {EMAIL}, quoting the police reference",
        f"please contact us on {PHONE} or at {EMAIL}, quoting the police reference",
    ),
    T.ONWARD_REFERRAL: (
        f"call us on {PHONE}, quoting our reference",
        f"email us at {EMAIL}, quoting our reference",
        f"call us on {PHONE} or email {EMAIL}, quoting our reference",
    ),
}


@pytest.mark.parametrize("case", [0, 1, 2], ids=["phone_only", "email_only", "both"])
def test_every_letter_words_the_contacts_the_letterhead_has(db, world, case) -> None:
    from divert_desktop.services.admin.settings import update_settings

    if case < 2:  # the settings ask for a phone number or an email address: one is enough
        cleared = "organisation_email" if case == 0 else "organisation_phone"
        update_settings(db, cli_actor(), {cleared: ""})
    kept, gone = [(PHONE, EMAIL), (EMAIL, PHONE), (PHONE, None)][case]
    referrals = {
        T.APPOINTMENT_CONFIRMATION: world.adult,
        T.APPOINTMENT_REMINDER: world.young,
        T.MISSED_APPOINTMENT: world.missed,
        T.COMPLETION: world.completed,
        T.NOT_ENGAGED: world.not_engaged,
        T.POLICE_OUTCOME: world.completed,
        T.ONWARD_REFERRAL: world.completed,
    }
    assert set(referrals) == set(LetterTemplate)
    for template, referral_id in referrals.items():
        made = letters.produce_letter(
            db, cli_actor(), template, referral_id=referral_id, now=world.now
        )
        for one in made.letters:
            found = " ".join(text(one.pdf).split())
            where = f"{template.value} to {one.recipient}"
            assert CONTACT_SENTENCES[template][case] in found, where
            if one.recipient == "appropriate_adult":
                cover = [
                    f"any questions, call us on {PHONE}.",
                    f"any questions, email us at {EMAIL}.",
                ][case % 2]
                assert cover in found, where
            if gone is None:
                continue
            assert gone not in found, where  # not in the letterhead, so nowhere in the letter
            for wrong in (
                f"or email {kept}",
                f"or at {kept}",
                f"or {kept}",
                f"on {kept} or",
                f"at {kept} or",
                " or email",
                " or at ",
                "on .",
                "at .",
                "or ,",
            ):
                assert wrong not in found, (where, wrong)
            if case == 1:
                assert "call us" not in found.lower() and f"on {EMAIL}" not in found, where
            else:
                assert f"at {PHONE}" not in found and f"email {PHONE}" not in found, where
