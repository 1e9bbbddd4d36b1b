"""The demo generator's simulation: each referral's life from intake to outcome, as far as today."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.eligibility import (
    AppropriateAdult,
    EarlierReferral,
    assess_eligibility,
    is_young_person,
    status_when_not_eligible,
)
from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    FollowUpResult,
    LocalAuthority,
    OnwardStatus,
    PlaceKind,
    ReferralStatus,
)
from divert_desktop.persistence.models import (
    Appointment,
    Assessment,
    EducationalSession,
    OnwardReferral,
    Person,
    PossibleDuplicate,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
)
from divert_desktop.services.demo import names
from divert_desktop.services.demo.assessments import AssessmentMaker, onward_details
from divert_desktop.services.demo.diary import SLOT
from divert_desktop.services.demo.people import DemoPerson, PeopleMaker, soon_after
from divert_desktop.services.people.name_parts import insert_parts

if TYPE_CHECKING:
    from divert_desktop.services.demo.generate import _IdCounters, _World

HISTORY_DAYS = 3 * 365  # referrals over the past three years
FUTURE_DAYS = 42  # appointments are booked up to six weeks ahead
REVIEW_SPACING_DAYS = 21
REVIEW_MONTHS_DAYS = 365  # aftercare reviews over the year after completion
DEMO_SOURCE = "demo"
SYSTEM_USER = "system"

R = ReferralStatus
A = AppointmentStatus
T = AppointmentType


@dataclass
class _Rows:
    people: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)
    substances: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    appointments: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    onward: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Sim:
    """One referral while its life is simulated."""

    id: int
    person_id: int
    area: LocalAuthority
    caseworker: int
    young: bool
    receptionist: str
    on_spot: bool = False
    status: ReferralStatus | None = None
    reason: str | None = None
    last_at: datetime | None = None
    attended: bool = False
    dob: date | None = None
    referred: date | None = None
    substances: list[Any] = field(default_factory=list)


class Generator:
    """Builds and inserts the rows for one chunk of people at a time (Core executemany)."""

    def __init__(
        self,
        world: _World,
        rng: random.Random,
        ids: _IdCounters,
        per_person: float,
        seed: int = 0,
    ) -> None:
        self.w, self.rng, self.ids, self.per_person = world, rng, ids, per_person
        self.seed = seed
        self.count = dict.fromkeys(
            (
                "people",
                "referrals",
                "appointments",
                "sessions",
                "onward",
                "duplicates",
                "assessments",
            ),
            0,
        )
        self.assessor = AssessmentMaker(seed, dict(world.settings))
        s = world.settings
        self.deadline_days = int(s.get("engagement_deadline_days") or 42)
        self.default_sessions = max(1, int(s.get("default_sessions_planned") or 1))
        self.slots = {
            T.INITIAL_ASSESSMENT: math.ceil(int(s.get("initial_assessment_minutes") or 60) / SLOT),
            T.EDUCATIONAL_SESSION: math.ceil(int(s.get("session_minutes") or 60) / SLOT),
            T.REVIEW: 2,
        }
        self.start = datetime.combine(world.today - timedelta(days=HISTORY_DAYS), time(0, 0))
        self.areas = list(LocalAuthority)
        self.area_weights = [names.AREAS[a].weight for a in self.areas]
        self.all_caseworkers = list(world.caseworkers)
        self.today_ordinal = world.today.toordinal()
        self.rows = _Rows()
        self.people = PeopleMaker(rng, ids, world.now, self.start)

    # ----------------------------------------------------------------- chunk

    def chunk(self, session: Session, size: int) -> None:
        self.rows = rows = _Rows()
        reviewable: list[tuple[_Sim, datetime]] = []
        people = self.people.make(size, rows.people, rows.duplicates)
        for person in people:
            earlier: list[EarlierReferral] = []
            for when in person.times:
                earlier.append(self._referral(person, when, earlier, reviewable))
        self._reviews(reviewable, size)
        self._insert(session, rows)
        self.count["people"] += len(rows.people)
        self.count["referrals"] += len(rows.referrals)
        self.count["appointments"] += len(rows.appointments)
        self.count["sessions"] += len(rows.sessions)
        self.count["onward"] += len(rows.onward)
        self.count["duplicates"] += len(rows.duplicates)
        self.count["assessments"] += len(rows.assessments)

    @staticmethod
    def _insert(session: Session, rows: _Rows) -> None:
        # Moved appointments point at their replacement: insert the replacements first.
        appointments = [a for a in rows.appointments if a["moved_to_id"] is None]
        moved = sorted(
            (a for a in rows.appointments if a["moved_to_id"] is not None), key=lambda a: -a["id"]
        )
        for model, batch in (
            (Person, rows.people),
            (PossibleDuplicate, rows.duplicates),
            (Referral, rows.referrals),
            (ReferralSubstance, rows.substances),
            (ReferralStatusChange, rows.history),
            (Appointment, appointments),
            (Appointment, moved),
            (EducationalSession, rows.sessions),
            (OnwardReferral, rows.onward),
            (Assessment, rows.assessments),
        ):
            if batch:
                session.execute(sa.insert(cast(sa.Table, model.__table__)), batch)
            if model is Person:
                insert_parts(session, rows.people)

    # ----------------------------------------------------------------- people

    # ----------------------------------------------------------------- referrals

    def _reference(self, year: int) -> str:
        counters = self.w.reference_counters
        counters[year] = counters.get(year, 0) + self.rng.randint(1, 3)
        return f"WMP-{year}-{counters[year]:06d}"

    def _office_time(self, day: date) -> datetime:
        return datetime.combine(day, time(9, 0)) + timedelta(minutes=self.rng.randrange(0, 480, 5))

    def _referral(
        self,
        person: DemoPerson,
        when: datetime,
        earlier: list[EarlierReferral],
        reviewable: list[tuple[_Sim, datetime]],
    ) -> EarlierReferral:
        rng, w = self.rng, self.w
        area = person.area if rng.random() < 0.85 else rng.choices(self.areas, self.area_weights)[0]
        pool = w.caseworkers_by_area[area] or self.all_caseworkers
        sim = _Sim(
            self.ids.take("referrals"),
            person.id,
            area,
            rng.choice(pool),
            is_young_person(person.dob, when.date()),
            rng.choice(w.receptionists),
        )
        reference = self._reference(when.year)
        adult = None
        if sim.young and rng.random() < 0.94:
            adult = AppropriateAdult(
                names.full_name(rng),
                names.adult_relationship(rng),
                names.phone(rng, landline_share=0.3),
            )
        intake = soon_after(rng, when, w.now)
        deadline = when.date() + timedelta(days=self.deadline_days)
        officer, number = rng.choice(w.officers[area])
        row: dict[str, Any] = {
            "id": sim.id,
            "police_reference": reference,
            "person_id": person.id,
            "referral_datetime": when,
            "officer_name": officer,
            "officer_number": number,
            "local_authority": area.value,
            "intent_to_supply": rng.random() < 0.03,
            "young_person": sim.young,
            "appropriate_adult_name": adult.name if adult else None,
            "appropriate_adult_relationship": adult.relationship if adult else None,
            "appropriate_adult_phone": adult.phone if adult else None,
            "consent_to_share": rng.choices((True, False, None), (92, 5, 3))[0],
            "notes": rng.choice(names.REFERRAL_NOTES) if rng.random() < 0.12 else None,
            "engagement_deadline": deadline,
            "sessions_planned": rng.choices(
                (self.default_sessions, self.default_sessions + 1, self.default_sessions + 2),
                (85, 12, 3),
            )[0],
            "override_reason": None,
            "overridden_by": None,
            "outcome_sent_at": None,
            "followup_rearrested": None,
            "followup_rearrest_date": None,
            "followup_learned_on": None,
            "followup_source": None,
            "source": DEMO_SOURCE,
            "source_hash": None,
            "created_at": intake,
            "created_by": sim.receptionist,
            "version": 1,
        }
        sim.dob, sim.referred = person.dob, when.date()
        for substance, other in names.substances(rng):
            sim.substances.append(substance)
            self.rows.substances.append(
                {
                    "id": self.ids.take("referral_substances"),
                    "referral_id": sim.id,
                    "substance": substance.value,
                    "other_text": other,
                }
            )
        result = assess_eligibility(
            referral_date=when.date(),
            date_of_birth=person.dob,
            intent_to_supply=row["intent_to_supply"],
            appropriate_adult=adult,
            earlier_referrals=earlier,
            police_reference=reference,
        )
        start = intake
        self._move(sim, R.RECEIVED, intake, sim.receptionist)
        if result.reason is not None:  # recorded as received, then judged (as the importer does)
            first = status_when_not_eligible(result.reason)
            self._move(sim, first, intake, sim.receptionist, result.reason.value)
            override_at = intake + timedelta(hours=rng.randint(2, 72))
            if result.barring_reference and rng.random() < 0.3 and override_at < w.now:
                reason = rng.choice(names.OVERRIDE_REASONS)
                self._move(sim, R.RECEIVED, override_at, w.manager, reason)
                row["override_reason"], row["overridden_by"] = reason, w.manager
                start = override_at
            elif first is R.HELD and override_at + timedelta(days=14) < w.now:
                # A manager kept most older holds as ineligible; recent ones wait on Today.
                self._move(sim, R.INELIGIBLE, override_at, w.manager, result.reason.value)
        if sim.status == R.RECEIVED:
            self._life(sim, row, start, deadline, reviewable)
        self._outcomes(sim, row, when)
        row.update(
            status=sim.status.value if sim.status else None,
            status_reason=sim.reason,
            status_changed_at=sim.last_at,
        )
        self.rows.referrals.append(row)
        return EarlierReferral(reference, when.date(), sim.status or R.RECEIVED)

    def _move(
        self, sim: _Sim, to: ReferralStatus, at: datetime, user: str, reason: str | None = None
    ) -> None:
        self.rows.history.append(
            {
                "id": self.ids.take("referral_status_history"),
                "referral_id": sim.id,
                "from_status": sim.status.value if sim.status else None,
                "to_status": to.value,
                "at": at,
                "username": user,
                "reason": reason,
            }
        )
        sim.status, sim.reason, sim.last_at = to, reason, at

    def _life(
        self,
        sim: _Sim,
        row: dict[str, Any],
        start: datetime,
        deadline: date,
        reviewable: list[tuple[_Sim, datetime]],
    ) -> None:
        """From received to booked, engaged, completed, or an exit, as far as today."""
        rng, w, now = self.rng, self.w, self.w.now
        caseworker = w.caseworkers[sim.caseworker]
        fate = rng.choices(("complete", "not_engage", "withdraw", "engage_only"), (64, 22, 5, 9))[0]
        withdraw_at = start + timedelta(days=rng.uniform(3, 40)) if fate == "withdraw" else None
        closes_at = datetime.combine(deadline + timedelta(days=1), time(7, 0))
        if fate == "not_engage" and rng.random() < 0.15:
            declined = self._office_time(start.date() + timedelta(days=rng.randint(1, 20)))
            if declined < now:
                self._move(sim, R.NOT_ENGAGED, declined, sim.receptionist, names.DECLINE_REASON)
                return
        sim.on_spot = row["override_reason"] is None and rng.random() < 0.75
        booked_at: datetime | None = (
            start + timedelta(minutes=rng.randint(1, 10))
            if sim.on_spot
            else self._office_time(start.date() + timedelta(days=rng.randint(1, 6)))
        )
        if fate == "not_engage" and not sim.on_spot and rng.random() < 0.35:
            booked_at = None  # reception never reached them
        result, initial = "gave_up", None
        if booked_at is not None and booked_at < now:
            first = w.diary.after(booked_at.toordinal(), rng.randint(2, 10))
            result, initial = self._chain(
                sim,
                T.INITIAL_ASSESSMENT,
                first,
                booked_at,
                deadline.toordinal(),
                fate != "not_engage",
                withdraw_at,
            )
        elif withdraw_at is not None:
            result = "withdrawn"
        if result == "attended" and initial is not None:
            end = initial["end_at"]
            sim.attended = True
            self._move(sim, R.ENGAGED, end, caseworker)
            self._assessment(sim, initial, caseworker)
            if rng.random() < 0.1:
                self._onward(sim, end)
            result = self._sessions(sim, row, end, fate, withdraw_at, reviewable)
        if result == "withdrawn" and withdraw_at is not None and withdraw_at < now:
            if not sim.attended and closes_at < withdraw_at and deadline < w.today:
                self._move(sim, R.NOT_ENGAGED, closes_at, SYSTEM_USER, names.NOT_ENGAGED_REASON)
            else:
                self._move(
                    sim, R.WITHDRAWN, withdraw_at, w.manager, rng.choice(names.WITHDRAW_REASONS)
                )
        elif sim.status in (R.RECEIVED, R.BOOKED) and deadline < w.today:
            self._move(sim, R.NOT_ENGAGED, closes_at, SYSTEM_USER, names.NOT_ENGAGED_REASON)

    def _assessment(self, sim: _Sim, initial: dict[str, Any], caseworker: str) -> None:
        """The assessment written up after the initial assessment was attended."""
        assert sim.dob is not None and sim.referred is not None
        end: datetime = initial["end_at"]
        row = self.assessor.row(
            self.ids.peek("assessments"),
            sim.id,
            sim.person_id,
            initial["id"],
            end + timedelta(minutes=15),
            caseworker,
            dob=sim.dob,
            referred=sim.referred,
            young=sim.young,
            on=end.date(),
            substances=sim.substances,
        )
        if row is not None:
            self.ids.take("assessments")
            self.rows.assessments.append(row)

    def _sessions(
        self,
        sim: _Sim,
        row: dict[str, Any],
        end: datetime,
        fate: str,
        withdraw_at: datetime | None,
        reviewable: list[tuple[_Sim, datetime]],
    ) -> str:
        rng, w = self.rng, self.w
        caseworker = w.caseworkers[sim.caseworker]
        result = "attended"
        for _ in range(row["sessions_planned"]):
            booked_at = end + timedelta(minutes=rng.randint(5, 40))
            first = w.diary.after(end.toordinal(), rng.randint(3, 12))
            result, appointment = self._chain(
                sim,
                T.EDUCATIONAL_SESSION,
                first,
                booked_at,
                None,
                fate != "engage_only",
                withdraw_at,
            )
            if result != "attended" or appointment is None:
                return result
            end = appointment["end_at"]
            topics = [*rng.sample(names.SESSION_TOPICS[:4], rng.randint(2, 4)), "where to get help"]
            if sim.young:
                topics.append("county lines and exploitation")
            self.rows.sessions.append(
                {
                    "id": self.ids.take("educational_sessions"),
                    "referral_id": sim.id,
                    "appointment_id": appointment["id"],
                    "caseworker_id": appointment["caseworker_id"],
                    "session_date": end.date(),
                    "length_minutes": appointment["length_minutes"],
                    "attended": True,
                    "topics": topics,
                    "topics_other": None,
                    "reflections": rng.choice(names.REFLECTIONS),
                    "next_steps": rng.choice(names.NEXT_STEPS),
                    "created_at": end + timedelta(minutes=rng.randint(5, 120)),
                    "created_by": caseworker,
                    "version": 1,
                }
            )
        self._move(sim, R.COMPLETED, end, caseworker)
        reviewable.append((sim, end))
        return result

    def _chain(
        self,
        sim: _Sim,
        kind: AppointmentType,
        target: int,
        booked_at: datetime,
        latest: int | None,
        will_attend: bool,
        withdraw_at: datetime | None,
    ) -> tuple[str, dict[str, Any] | None]:
        """Book, then rebook after a did-not-attend or a cancellation, until attended or given up.

        Returns ("attended", the appointment) or ("future" | "waiting" | "gave_up" | "withdrawn", None).
        """
        rng, w, now = self.rng, self.w, self.w.now
        tries = 4 if will_attend else rng.randint(1, 2)
        while True:
            if withdraw_at is not None and booked_at >= withdraw_at:
                return "withdrawn", None
            appt = self._book(sim, kind, target, booked_at, latest)
            if appt is None:
                return "gave_up", None
            if sim.status == R.RECEIVED:
                self._move(sim, R.BOOKED, booked_at, sim.receptionist)
            start: datetime = appt["start_at"]
            if rng.random() < 0.05 and start - booked_at > timedelta(days=3):
                moved_at = booked_at + (start - timedelta(days=1) - booked_at) * rng.random()
                if moved_at < now and (withdraw_at is None or moved_at < withdraw_at):
                    later = w.diary.after(start.toordinal(), rng.randint(1, 5))
                    new = self._book(sim, kind, later, moved_at, latest)
                    if new is not None:
                        appt.update(
                            status=A.MOVED.value,
                            status_reason=rng.choice(names.MOVE_REASONS),
                            moved_to_id=new["id"],
                        )
                        appt, start, booked_at = new, new["start_at"], moved_at
            if withdraw_at is not None and start >= withdraw_at and withdraw_at < now:
                appt.update(
                    status=A.CANCELLED_BY_PROVIDER.value, status_reason="Referral withdrawn"
                )
                return "withdrawn", None
            if start >= now:
                return "future", None
            tries -= 1
            u = rng.random()
            if will_attend and (tries <= 0 or u >= 0.26):
                appt.update(
                    status=A.ATTENDED.value,
                    arrived_at=start - timedelta(minutes=rng.randint(0, 12)),
                )
                return "attended", appt
            if u < (0.17 if will_attend else 0.65):
                appt["status"] = A.DID_NOT_ATTEND.value
                rebook_at = self._office_time(start.date() + timedelta(days=rng.randint(1, 3)))
            else:
                by_person = not will_attend or u < 0.23
                appt.update(
                    status=(A.CANCELLED_BY_PERSON if by_person else A.CANCELLED_BY_PROVIDER).value,
                    status_reason=rng.choice(
                        names.CANCEL_BY_PERSON if by_person else names.CANCEL_BY_PROVIDER
                    ),
                )
                rebook_at = booked_at + (start - booked_at) * rng.uniform(0.3, 0.95)
            if tries <= 0 or rebook_at >= now:
                return ("gave_up" if tries <= 0 else "waiting"), None
            booked_at = rebook_at
            target = w.diary.after(max(start.toordinal(), rebook_at.toordinal()), rng.randint(2, 7))

    def _place(self, kind: AppointmentType, young: bool) -> PlaceKind:
        u = self.rng.random()
        if kind == T.REVIEW:
            return PlaceKind.PHONE if u < 0.5 else PlaceKind.VENUE if u < 0.85 else PlaceKind.VIDEO
        outreach = 0.1 if young else 0.04
        venue = 0.84 if kind == T.INITIAL_ASSESSMENT else 0.72
        if u < venue:
            return PlaceKind.VENUE
        if u < venue + outreach:
            return PlaceKind.OUTREACH
        return PlaceKind.VIDEO if u < venue + outreach + 0.08 else PlaceKind.PHONE

    def _book(
        self, sim: _Sim, kind: AppointmentType, target: int, booked_at: datetime, latest: int | None
    ) -> dict[str, Any] | None:
        rng, w = self.rng, self.w
        slots = self.slots[kind]
        place = self._place(kind, sim.young)
        venues = w.venues_by_area[sim.area] if place == PlaceKind.VENUE else None
        target = max(target, booked_at.toordinal() + 1)
        caseworker: int | None = sim.caseworker
        if (
            kind == T.INITIAL_ASSESSMENT
            and sim.on_spot
            and target >= self.today_ordinal
            and rng.random() < 0.35
        ):
            caseworker = None  # booked by the officer, not yet given to a caseworker
        found = w.diary.find(rng, caseworker, target, slots, venues, latest)
        if found is None and caseworker is not None:
            pool = w.caseworkers_by_area[sim.area] or self.all_caseworkers
            for other in rng.sample(pool, min(3, len(pool))):
                found = w.diary.find(rng, other, target, slots, venues, latest)
                if found is not None:
                    caseworker = other
                    break
        if found is None:
            return None
        if kind == T.INITIAL_ASSESSMENT:
            sim.on_spot = False  # rebookings are made by reception
        day, slot, venue = found
        start = w.diary.start_of(day, slot)
        detail = {PlaceKind.PHONE: "Phone call", PlaceKind.VIDEO: "Video call"}.get(place)
        if place == PlaceKind.OUTREACH:
            detail = names.outreach_place(rng)
        appt = {
            "id": self.ids.take("appointments"),
            "person_id": sim.person_id,
            "referral_id": sim.id,
            "type": kind.value,
            "caseworker_id": caseworker,
            "start_at": start,
            "end_at": start + timedelta(minutes=SLOT * slots),
            "length_minutes": SLOT * slots,
            "place_kind": place.value,
            "venue_id": venue,
            "place_detail": detail,
            "status": A.BOOKED.value,
            "status_reason": None,
            "moved_to_id": None,
            "arrived_at": None,
            "created_at": booked_at,
            "created_by": sim.receptionist,
            "version": 1,
        }
        self.rows.appointments.append(appt)
        return appt

    # ----------------------------------------------------------------- after the sessions

    def _reviews(self, reviewable: list[tuple[_Sim, datetime]], size: int) -> None:
        """Aftercare reviews for completed referrals, as many as the appointment volume asks for."""
        rng, w = self.rng, self.w
        wanted = round(self.per_person * (self.count["people"] + size)) - (
            self.count["appointments"] + len(self.rows.appointments)
        )
        if wanted <= 0 or not reviewable:
            return
        until = w.today + timedelta(days=28)
        windows = []
        for sim, completed in reviewable:
            first = completed.date() + timedelta(days=14)
            last = min(completed.date() + timedelta(days=REVIEW_MONTHS_DAYS), until)
            windows.append((sim, completed, first, max(0, (last - first).days)))
        capacity = sum(days // REVIEW_SPACING_DAYS for *_, days in windows)
        ratio = min(1.0, wanted / capacity) if capacity else 0.0
        for sim, completed, first, days in windows:
            exact = days // REVIEW_SPACING_DAYS * ratio
            count = int(exact) + (rng.random() < exact - int(exact))
            for j in range(count):
                day = first + timedelta(days=int((j + rng.random()) * days / count))
                booked_at = max(
                    completed + timedelta(minutes=30),
                    self._office_time(day - timedelta(days=rng.randint(7, 21))),
                )
                if booked_at >= w.now:
                    break
                appt = self._book(sim, T.REVIEW, day.toordinal(), booked_at, None)
                if appt is None or appt["start_at"] >= w.now:
                    continue
                u = rng.random()
                if u < 0.8:
                    appt.update(
                        status=A.ATTENDED.value,
                        arrived_at=appt["start_at"] - timedelta(minutes=rng.randint(0, 10)),
                    )
                elif u < 0.92:
                    appt["status"] = A.DID_NOT_ATTEND.value
                else:
                    by_person = u < 0.98
                    appt.update(
                        status=(
                            A.CANCELLED_BY_PERSON if by_person else A.CANCELLED_BY_PROVIDER
                        ).value,
                        status_reason=rng.choice(
                            names.CANCEL_BY_PERSON if by_person else names.CANCEL_BY_PROVIDER
                        ),
                    )

    def _onward(self, sim: _Sim, at: datetime) -> None:
        """An onward referral proposed at the assessment, moved on as far as today."""
        rng, now = self.rng, self.w.now
        service, kind = rng.choice(self.w.services)
        status, consent_at, sent_at = OnwardStatus.PROPOSED, None, None
        if rng.random() < 0.9:
            consent_at = at + timedelta(minutes=5)
            status = OnwardStatus.CONSENT_GIVEN
            sent = at + timedelta(days=rng.randint(1, 5))
            if sent < now:
                status, sent_at = OnwardStatus.SENT, sent
                outcome = rng.choices(
                    (OnwardStatus.ACCEPTED, OnwardStatus.DECLINED, None), (65, 15, 20)
                )[0]
                if outcome is not None and sent + timedelta(days=14) < now:
                    status = outcome
                    if outcome == OnwardStatus.ACCEPTED and sent + timedelta(days=45) < now:
                        status = rng.choice((OnwardStatus.ATTENDED, OnwardStatus.CLOSED))
        caseworker = self.w.caseworkers[sim.caseworker]
        onward_id = self.ids.take("onward_referrals")
        self.rows.onward.append(
            {
                **onward_details(self.seed, onward_id, kind.value, consent_at is not None),
                "id": onward_id,
                "referral_id": sim.id,
                "person_id": sim.person_id,
                "service_id": service,
                "status": status.value,
                "consent_at": consent_at,
                "consent_recorded_by": caseworker if consent_at else None,
                "sent_at": sent_at,
                "follow_up_date": (sent_at + timedelta(days=28)).date() if sent_at else None,
                "notes": None,
                "created_at": at,
                "created_by": caseworker,
                "version": 1,
            }
        )

    def _outcomes(self, sim: _Sim, row: dict[str, Any], when: datetime) -> None:
        """Outcome notification to police, and the six-month re-arrest check."""
        rng, w = self.rng, self.w
        if sim.status in (R.COMPLETED, R.NOT_ENGAGED) and sim.last_at is not None:
            sent = self._office_time(sim.last_at.date() + timedelta(days=rng.randint(1, 10)))
            if sent < w.now:
                row["outcome_sent_at"] = sent
        if (
            sim.status in (R.INELIGIBLE, R.HELD, None)
            or when.date() + timedelta(days=183) >= w.today
        ):
            return
        learned = when.date() + timedelta(days=rng.randint(190, 240))
        if learned >= w.today:
            return
        weights = (9, 78, 13) if sim.attended else (20, 62, 18)
        result = rng.choices(
            (FollowUpResult.YES, FollowUpResult.NO, FollowUpResult.UNKNOWN), weights
        )[0]
        row.update(
            followup_rearrested=result.value,
            followup_learned_on=learned,
            followup_rearrest_date=when.date() + timedelta(days=rng.randint(14, 180))
            if result == FollowUpResult.YES
            else None,
            followup_source="West Midlands Police six-month check",
        )
