"""Saving an intake: referral, person, appointment and its caseworker, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from divert_desktop.core.permissions import Action
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Appointment, Person
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor
from divert_desktop.services.diary.booking import assign_caseworker_in
from divert_desktop.services.intake.draft import ReferralDraft
from divert_desktop.services.intake.person import TypedAddress
from divert_desktop.services.intake.referrals import ReferralDTO, allowed_to_create, record_referral

__all__ = ["IntakeSaved", "save_intake"]


@dataclass(frozen=True)
class IntakeSaved:
    """A saved referral, the name on the person's record, and what happened to the address typed."""

    referral: ReferralDTO
    person_name: str
    caseworker_note: str | None = None
    person_note: str | None = None


@announces(Kind.REFERRALS, Kind.PEOPLE, Kind.APPOINTMENTS)
def save_intake(
    db: Database,
    actor: Actor,
    draft: ReferralDraft,
    *,
    person_id: int | None,
    override_reason: str | None,
    caseworker_id: int | None,
    address: TypedAddress | None = None,
) -> IntakeSaved:
    """Record the referral typed at intake (``intake.create_referral``: the person linked or
    created, their area and the typed address where their record has none, the initial
    assessment booked) and give that appointment to the chosen slot's caseworker, all in one
    unit of work: if any part fails, nothing is saved.

    Raises what create_referral raises, and SlotConflictError, TransitionError or
    PermissionDenied when the appointment cannot be given to the caseworker (nothing is saved:
    the user chooses another time). An address left out because the record holds another is
    reported in ``person_note``.
    """
    override_reason = allowed_to_create(actor, override_reason)
    if caseworker_id is not None:
        actor.require(Action.MOVE_APPOINTMENT)
    with db.unit_of_work() as session:
        dto = record_referral(
            session,
            actor,
            draft,
            person_id=person_id,
            override_reason=override_reason,
            address=address,
        )
        if caseworker_id is not None and dto.appointment_id is not None:
            appointment = session.get(Appointment, dto.appointment_id)
            assert appointment is not None
            assign_caseworker_in(
                session, actor, dto.appointment_id, caseworker_id, appointment.version
            )
        # the name on the record the referral was saved to (a matched person's own spelling),
        # not the spelling typed
        person = session.get(Person, dto.person_id)
        assert person is not None
        name = " ".join(part for part in (person.first_name, person.last_name) if part)
    person_note = None
    if dto.address_kept:
        person_note = (
            f"The address typed was not saved: {name}'s record already has a different "
            "address. Check it on their record."
        )
    return IntakeSaved(dto, name, None, person_note)
