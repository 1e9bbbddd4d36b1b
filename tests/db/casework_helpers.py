"""Invented casework data for the tests: a referral with its initial assessment booked, complete
answers to the DIVERT assessment form, a directory service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from divert_desktop.core.enums import AppointmentType, LocalAuthority, ServiceType
from divert_desktop.services.casework.directory import ServiceDraft, save_service
from divert_desktop.services.context import cli_actor
from divert_desktop.services.diary import booking
from tests.db.test_booking import add_person, add_referral, add_staff, venue

REFERRED = datetime(2026, 11, 2, 10, 0)  # a Monday
ASSESSED = date(2026, 11, 9)
TODAY = date(2026, 11, 30)
FIRST_SESSION = date(2026, 11, 16)


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0))


@dataclass
class Case:
    referral_id: int
    person_id: int
    caseworker_id: int
    initial_id: int


def booked_case(
    db: Any,
    *,
    young: bool = False,
    sessions_planned: int = 1,
    caseworker_id: int | None = None,
    first: str = "Robin",
    last: str = "Testcase",
) -> Case:
    """A referral (cannabis and cocaine) with its initial assessment booked for ASSESSED."""
    dob = date(2010, 3, 3) if young else date(1994, 6, 1)
    person = add_person(db, first, last, dob)
    referral = add_referral(
        db,
        person,
        when=REFERRED,
        young=young,
        substances=("cannabis", "cocaine"),
        sessions_planned=sessions_planned,
    )
    worker = caseworker_id or add_staff(db, "Case Worker")
    appt = booking.book_appointment(
        db,
        cli_actor(),
        referral_id=referral,
        start_at=at(ASSESSED, 10),
        caseworker_id=worker,
        venue_id=venue(db, "Coventry", capacity=100),
    )
    return Case(referral, person, worker, appt.id)


def book_session(db: Any, case: Case, day: date, hour: int = 14) -> int:
    appt = booking.book_appointment(
        db,
        cli_actor(),
        referral_id=case.referral_id,
        type=AppointmentType.EDUCATIONAL_SESSION,
        start_at=at(day, hour),
        caseworker_id=case.caseworker_id,
        venue_id=venue(db, "Coventry"),
    )
    return appt.id


def complete_answers(*, young: bool = False, drinks: bool = True) -> dict[str, Any]:
    """Every required answer of divert_assessment v1 (ASSIST cannabis 4: moderate; AUDIT 5)."""
    answers: dict[str, Any] = {
        "assessment_date": ASSESSED.isoformat(),
        "assessment_place": "in_person",
        "substances_used": ["cannabis", "cocaine"],
        "substance_details": {
            "cannabis": {"frequency": "weekly", "route": ["smoked"], "age_first_use": 15},
            "cocaine": {"frequency": "monthly", "route": ["snorted"]},
        },
        "drinks_alcohol": drinks,
        "assist_used": ["cannabis", "cocaine"],
        "assist": {
            "cannabis": {
                "q2": "weekly",
                "q3": "never",
                "q4": "never",
                "q5": "never",
                "q6": "never",
                "q7": "never",
            },
            "cocaine": {
                "q2": "daily",
                "q3": "daily",
                "q4": "weekly",
                "q5": "never",
                "q6": "yes_past_3_months",
                "q7": "yes_earlier",
            },
        },
        "assist_q8": "never",
        "physical_health_rating": "good",
        "gp_registered": True,
        "mental_health_rating": "fair",
        "mental_health_support": False,
        "self_harm_thoughts": False,
        "housing_status": "family_or_friends",
        "housing_at_risk": False,
        "occupation": "employed",
        "safeguarding_concern": False,
        "readiness_stage": "ready",
        "readiness_ruler": 7,
        "goals_chosen": ["cut_down"],
        "goals_text": "Stop using at weekends.",
        "consent_outcome_police": True,
        "consent_onward": True,
    }
    if drinks:
        answers.update(
            {
                f"audit_{n}": code
                for n, code in enumerate(
                    [
                        "2_to_4_a_month",
                        "3_or_4",
                        "monthly",
                        "never",
                        "never",
                        "never",
                        "never",
                        "never",
                        "no",
                        "no",
                    ],
                    start=1,
                )
            }
        )
    if young:
        answers.update(
            {
                "yp_lives_with": "one_parent",
                "yp_childrens_services": "not_known",
                "yp_education": "regular",
                "yp_exploitation": False,
                "yp_missing": False,
                "yp_actions": "Talked through with mum (appropriate adult).",
            }
        )
    return answers


def add_service(db: Any, name: str = "Example Housing Advice (invented)", **kw: Any) -> int:
    draft = ServiceDraft(
        organisation=name,
        service_type=kw.pop("service_type", ServiceType.HOUSING),
        areas=kw.pop("areas", (LocalAuthority.COVENTRY, LocalAuthority.SOLIHULL)),
        phone=kw.pop("phone", "024 7696 0000"),
        email=kw.pop("email", "referrals@example.org"),
        referral_method=kw.pop("referral_method", "Email the referral form"),
        **kw,
    )
    return save_service(db, cli_actor(), draft).id
