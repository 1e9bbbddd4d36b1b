"""The default wording of each letter (version 1 of every template), and sample data to preview.

Plain English, warm and without judgement for the people on the scheme; formal and free of any
health detail for the police. A manager can change any of it (a new version each time).
"""

from __future__ import annotations

from divert_desktop.core.enums import LetterTemplate

_T = LetterTemplate

DEFAULT_WORDING: dict[LetterTemplate, tuple[str, str]] = {
    _T.APPOINTMENT_CONFIRMATION: (
        "Your DIVERT appointment on {appointment_date}",
        """Dear {first_name},

Thank you for agreeing to take part in DIVERT. This letter confirms your appointment with us:

{appointment_details}

You will meet {caseworker} for a confidential conversation. We will talk about drugs, your health and anything else you would like to talk about. There is no judgement: we are here to help.

If you need to change the time, or you would like an interpreter or any help to get to us, please call us on {organisation_phone}. We will find a way that works for you.

Taking part is part of the Community Resolution you agreed with the police, so please do come or let us know.

We look forward to meeting you.

Yours sincerely,""",
    ),
    _T.APPOINTMENT_REMINDER: (
        "Reminder: your DIVERT appointment on {appointment_date}",
        """Dear {first_name},

This is a friendly reminder about your appointment with us:

{appointment_details}

If you can no longer make this time, please call us on {organisation_phone} as soon as you can and we will book another one with you.

We look forward to seeing you.

Yours sincerely,""",
    ),
    _T.MISSED_APPOINTMENT: (
        "We missed you on {appointment_date}",
        """Dear {first_name},

We were sorry not to see you at your appointment on {appointment_date} at {appointment_time}. We know that things come up.

You can still take part in DIVERT. Please call us on {organisation_phone} or email {organisation_email} and we will book a new time that suits you.

If something makes it hard to come, such as travel, work, school, childcare or your health, tell us and we will do what we can to help.

Taking part is part of the Community Resolution you agreed with the police. If we have not heard from you by {engagement_deadline}, we will have to let the police know that you did not take part.

Yours sincerely,""",
    ),
    _T.COMPLETION: (
        "Well done: you have completed DIVERT",
        """Dear {first_name},

Congratulations on completing DIVERT. Thank you for the time and the honesty you brought to your sessions with us.

As agreed when you were referred, we will let the police know that you have completed the programme.

If you would like more support in the future, about drugs, alcohol or anything else we talked about, you are always welcome to get in touch on {organisation_phone} or {organisation_email}.

We wish you all the best.

Yours sincerely,""",
    ),
    _T.NOT_ENGAGED: (
        "Your DIVERT referral has now closed",
        """Dear {first_name},

The police referred you to us on {referral_date}. As we have not been able to meet you, your referral has now closed.

As part of the Community Resolution, we have to let the police know that you did not take part.

If you would like to talk to someone about drugs or alcohol in the future, you are still welcome to contact us on {organisation_phone}. You can also talk to your GP.

Yours sincerely,""",
    ),
    _T.POLICE_OUTCOME: (
        "DIVERT outcome: police reference {police_reference}",
        """Dear {officer},

We write to notify you of the outcome of the following referral to DIVERT, made as a condition of a Community Resolution.

{outcome_details}

This notification contains no health or treatment information.

If you need anything further, please contact us on {organisation_phone} or at {organisation_email}, quoting the police reference.

Yours sincerely,""",
    ),
    _T.ONWARD_REFERRAL: (
        "Referral of {full_name}",
        """Dear {service_contact},

We would like to refer {full_name} to {service}. They have agreed to this referral, and to our sharing with you the details below. We have not shared anything else.

{shared_details}

Please contact them to arrange the next step. If you have any questions about this referral, call us on {organisation_phone} or email {organisation_email}, quoting our reference {our_reference}.

Thank you for your help.

Yours sincerely,""",
    ),
}

ADULT_COVER = (
    "Dear {adult_name},",
    "This is a copy of our letter to {first_name}. We send you a copy because you are "
    "{first_name}'s appropriate adult{adult_relationship}. Please help {first_name} with anything "
    "it asks them to do. If you have any questions, call us on {organisation_phone}.",
)
"""The note at the top of an appropriate adult's copy (the letter to the young person follows)."""

SAMPLE_VALUES: dict[str, str] = {
    "first_name": "Zoë",
    "full_name": "Zoë Łukasz-Nguyễn",
    "police_reference": "WMP-SAMPLE-0001",
    "our_reference": "DIV-000001",
    "referral_date": "2 December 2026",
    "engagement_deadline": "13 January 2027",
    "appointment_date": "Wednesday 9 December 2026",
    "appointment_time": "14:30",
    "appointment_place": "Coventry hub, 1 Example Street, Coventry CV1 1AA",
    "appointment_type": "initial assessment",
    "appointment_length": "1 hour",
    "caseworker": "Sam Example",
    "outcome": "Completed DIVERT",
    "outcome_date": "20 January 2027",
    "officer": "PC Example (4001)",
    "date_of_birth": "14 March 2001",
    "service": "Example Housing Advice",
    "service_contact": "Alex Sample",
}
"""Invented data for previewing a template (the letterhead comes from the real settings)."""

SAMPLE_ADDRESS = ("Zoë Łukasz-Nguyễn", "1 Sample Road", "Coventry", "CV1 2AB")
