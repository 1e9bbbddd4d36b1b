"""Letters as rules: what applies to what, who receives it, merge fields and wording checks."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from divert_desktop.core.enums import (
    AppointmentStatus,
    LetterTemplate,
    OnwardStatus,
    ReferralStatus,
)
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.letter_fields import (
    Block,
    check_wording,
    fields_for,
    fill,
    fit_contacts,
    length_text,
    long_day,
    parse_wording,
    wording_problems,
)
from divert_desktop.core.letter_wording import DEFAULT_WORDING
from divert_desktop.core.letters import (
    AppointmentFacts,
    LetterNotApplicable,
    check_appointment_letter,
    check_onward_letter,
    check_referral_letter,
    check_written_to,
    is_young_on,
    parse_template,
    permission_for,
    recipients_for,
    shared_items,
)
from divert_desktop.core.permissions import Action

T = LetterTemplate
NOW = datetime(2026, 12, 1, 9, 0)


def appt(status: AppointmentStatus, when: datetime = datetime(2026, 12, 8, 10)) -> AppointmentFacts:
    return AppointmentFacts(status, when)


def test_uk_long_dates_and_lengths() -> None:
    assert long_day(date(2026, 12, 2)) == "Wednesday 2 December 2026"
    assert long_day(date(2027, 1, 1)) == "Friday 1 January 2027"
    assert [length_text(m) for m in (45, 60, 90, 120)] == [
        "45 minutes",
        "1 hour",
        "1 hour 30 minutes",
        "2 hours",
    ]


def test_appointment_letters_need_the_right_kind_of_appointment() -> None:
    check_appointment_letter(T.APPOINTMENT_CONFIRMATION, appt(AppointmentStatus.BOOKED), NOW)
    check_appointment_letter(T.APPOINTMENT_REMINDER, appt(AppointmentStatus.BOOKED), NOW)
    check_appointment_letter(T.MISSED_APPOINTMENT, appt(AppointmentStatus.DID_NOT_ATTEND), NOW)
    with pytest.raises(LetterNotApplicable, match="no booked appointment to confirm"):
        check_appointment_letter(T.APPOINTMENT_CONFIRMATION, None, NOW)
    with pytest.raises(LetterNotApplicable, match="already started or passed"):
        check_appointment_letter(
            T.APPOINTMENT_REMINDER, appt(AppointmentStatus.BOOKED, datetime(2026, 11, 30)), NOW
        )
    with pytest.raises(LetterNotApplicable, match="This appointment is attended"):
        check_appointment_letter(T.APPOINTMENT_REMINDER, appt(AppointmentStatus.ATTENDED), NOW)
    with pytest.raises(LetterNotApplicable, match="not did not attend"):
        check_appointment_letter(T.MISSED_APPOINTMENT, appt(AppointmentStatus.BOOKED), NOW)


def test_outcome_letters_need_a_decided_outcome() -> None:
    check_referral_letter(T.COMPLETION, ReferralStatus.COMPLETED)
    check_referral_letter(T.NOT_ENGAGED, ReferralStatus.NOT_ENGAGED)
    for status in (ReferralStatus.ENGAGED, ReferralStatus.COMPLETED, ReferralStatus.NOT_ENGAGED):
        check_referral_letter(T.POLICE_OUTCOME, status, True)
    with pytest.raises(LetterNotApplicable, match="does not record whether the person agreed"):
        check_referral_letter(T.POLICE_OUTCOME, ReferralStatus.COMPLETED, None)
    with pytest.raises(LetterNotApplicable, match="booked, not completed"):
        check_referral_letter(T.COMPLETION, ReferralStatus.BOOKED)
    with pytest.raises(LetterNotApplicable, match="no outcome to tell the police yet"):
        check_referral_letter(T.POLICE_OUTCOME, ReferralStatus.BOOKED)
    with pytest.raises(LetterNotApplicable, match="did not agree to the outcome being shared"):
        check_referral_letter(T.POLICE_OUTCOME, ReferralStatus.COMPLETED, False)


def test_onward_letters_need_consent() -> None:
    check_onward_letter(OnwardStatus.CONSENT_GIVEN)
    check_onward_letter(OnwardStatus.SENT)
    with pytest.raises(LetterNotApplicable, match="not yet agreed"):
        check_onward_letter(OnwardStatus.PROPOSED)
    with pytest.raises(LetterNotApplicable, match="already closed"):
        check_onward_letter(OnwardStatus.CLOSED)


def test_who_gets_the_letter_and_who_must_not_be_written_to() -> None:
    assert recipients_for(T.APPOINTMENT_REMINDER, False) == ("person",)
    assert recipients_for(T.APPOINTMENT_REMINDER, True) == ("person", "appropriate_adult")
    assert recipients_for(T.POLICE_OUTCOME, True) == ("police",)
    assert recipients_for(T.ONWARD_REFERRAL, True) == ("service",)
    check_written_to(True, True)
    with pytest.raises(LetterNotApplicable, match="must not be written to at their address"):
        check_written_to(False, True, "Łukasz Nowak")
    with pytest.raises(LetterNotApplicable, match="no full address recorded"):
        check_written_to(True, False)
    assert is_young_on(date(2010, 6, 1), date(2026, 12, 1), True)
    assert not is_young_on(date(2008, 6, 1), date(2026, 12, 1), True)  # 18 now
    assert not is_young_on(date(2010, 6, 1), date(2026, 12, 1), False)


def test_permissions_and_template_names() -> None:
    assert permission_for(T.MISSED_APPOINTMENT) == Action.PRINT_APPOINTMENT_LETTER
    assert permission_for(T.POLICE_OUTCOME) == Action.PRINT_OUTCOME_LETTER
    assert parse_template("police-outcome") == T.POLICE_OUTCOME
    with pytest.raises(LetterNotApplicable, match="There is no letter called 'thank_you'"):
        parse_template("thank_you")


def test_only_known_share_items_are_shared_in_a_fixed_order() -> None:
    assert shared_items(["substances", "pin_number", "contact_details", 7, None]) == (
        "contact_details",
        "substances",
    )
    assert shared_items(None) == ()


def test_every_default_wording_passes_its_own_check() -> None:
    for template, (subject, body) in DEFAULT_WORDING.items():
        assert wording_problems(template, subject, body) == [], template


def test_unknown_misplaced_and_wrong_template_fields_are_reported() -> None:
    problems = wording_problems(
        T.COMPLETION, "Hello {frist_name}", "Dear {first_name}, {appointment_time}"
    )
    assert any("do not exist: {frist_name}" in p for p in problems)
    assert any(
        "{appointment_time}, which cannot be used in the completion letter" in p for p in problems
    )
    assert wording_problems(T.APPOINTMENT_REMINDER, "Hi", "See you {appointment_details} soon") == [
        "Put {appointment_details} in a paragraph of its own, with a blank line around it."
    ]
    assert "a brace that is not part" in wording_problems(T.COMPLETION, "Hi", "Dear {first_name")[0]
    with pytest.raises(ValidationError) as err:
        check_wording(T.COMPLETION, "", "")
    assert "Enter a subject line." in err.value.message
    assert {f.name for f in fields_for(T.ONWARD_REFERRAL)} >= {"shared_details", "service"}
    assert "police_reference" not in {f.name for f in fields_for(T.ONWARD_REFERRAL)}


def test_wording_becomes_paragraphs_bullets_and_tables() -> None:
    body = "Dear {first_name},\n\nLine one\nsame paragraph.\n\n- first {x}\n- second\n  continued\n\n{appointment_details}\n\nBye"
    blocks = parse_wording(
        body, {"first_name": "Siân", "x": "item"}, {"appointment_details": (("When", "Today"),)}
    )
    assert blocks == (
        Block("paragraph", text="Dear Siân,"),
        Block("paragraph", text="Line one same paragraph."),
        Block("bullets", items=("first item", "second continued")),
        Block("details", rows=(("When", "Today"),)),
        Block("paragraph", text="Bye"),
    )


@pytest.mark.parametrize(
    ("wording", "phone_only", "email_only"),
    [
        (
            "Call us on {organisation_phone} or email {organisation_email}.",
            "Call us on 0121 496 0000.",
            "Email us at hi@example.org.",
        ),
        (
            "You can contact us on {organisation_phone}, or email us at {organisation_email}, "
            "quoting it.",
            "You can contact us on 0121 496 0000, quoting it.",
            "You can contact us at hi@example.org, quoting it.",
        ),
        (
            "Email us at {organisation_email} or call {organisation_phone}.",
            "Call us on 0121 496 0000.",
            "Email us at hi@example.org.",
        ),
        (
            "Ring us on\n{organisation_phone} if you are stuck.",
            "Ring us on 0121 496 0000 if you are stuck.",
            "Email us at hi@example.org if you are stuck.",
        ),
        (
            "Write to us at {organisation_email}.",
            "Call us on 0121 496 0000.",
            "Write to us at hi@example.org.",
        ),
    ],
)
def test_contact_phrases_fit_the_contacts_the_letterhead_has(
    wording: str, phone_only: str, email_only: str
) -> None:
    for phone, email, expected in (
        ("0121 496 0000", "", phone_only),
        ("", "hi@example.org", email_only),
    ):
        values = {"organisation_phone": phone, "organisation_email": email}
        (block,) = parse_wording(wording, values)
        assert block.text == expected
    both = {"organisation_phone": "0121 496 0000", "organisation_email": "hi@example.org"}
    assert fit_contacts(wording, phone=True, email=True) == wording
    assert "{" not in fill(wording, both)
