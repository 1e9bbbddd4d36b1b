"""The service directory: organisations people can be referred on to. Caseworkers search it;
managers add, change and retire entries (audited). The app ships with no organisations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from divert_desktop.core.enums import LocalAuthority, ServiceType
from divert_desktop.core.errors import NotFound, ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_uk_phone, normalise_uk_phone, validate_email
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Service
from divert_desktop.services.audit.trail import AuditEntry, changes, record
from divert_desktop.services.casework.common import check_version
from divert_desktop.services.changes import Kind, announces
from divert_desktop.services.context import Actor

__all__ = [
    "SERVICE_TYPE_LABELS",
    "ServiceDTO",
    "ServiceDraft",
    "get_service",
    "save_service",
    "search_services",
    "set_service_active",
]

SERVICE_TYPE_LABELS = {
    ServiceType.HOUSING: "Housing",
    ServiceType.DRUG_TREATMENT: "Drug treatment",
    ServiceType.ALCOHOL_TREATMENT: "Alcohol treatment",
    ServiceType.CITIZENS_ADVICE: "Citizens Advice",
    ServiceType.MENTAL_HEALTH: "Mental health",
    ServiceType.YOUNG_PEOPLE: "Young people's service",
    ServiceType.EMPLOYMENT_EDUCATION: "Employment and education",
    ServiceType.GP_HEALTH: "GP and health",
    ServiceType.OTHER: "Other",
}
_LIMITS = {"organisation": 200, "contact_name": 120, "referral_method": 200}


@dataclass(frozen=True)
class ServiceDraft:
    """A directory entry as typed in the form."""

    organisation: str
    service_type: ServiceType
    areas: tuple[LocalAuthority, ...]
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    referral_method: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ServiceDTO:
    id: int
    organisation: str
    service_type: ServiceType
    type_text: str
    areas: tuple[LocalAuthority, ...]
    areas_text: str
    contact_name: str
    phone: str
    phone_text: str
    email: str
    address: str
    referral_method: str
    notes: str
    active: bool
    version: int

    @property
    def contact_text(self) -> str:
        return " · ".join(x for x in (self.contact_name, self.phone_text, self.email) if x)


def _areas_text(areas: tuple[LocalAuthority, ...]) -> str:
    if set(areas) == set(LocalAuthority):
        return "All seven areas"
    return ", ".join(a.value for a in areas)


def _dto(s: Service) -> ServiceDTO:
    order = list(LocalAuthority)
    areas = tuple(sorted((LocalAuthority(a) for a in s.areas or ()), key=order.index))
    kind = ServiceType(s.service_type)
    return ServiceDTO(
        s.id,
        s.organisation,
        kind,
        SERVICE_TYPE_LABELS[kind],
        areas,
        _areas_text(areas),
        s.contact_name or "",
        s.phone or "",
        format_uk_phone(s.phone) if s.phone else "",
        s.email or "",
        s.address or "",
        s.referral_method or "",
        s.notes or "",
        bool(s.active),
        s.version,
    )


def _values(draft: ServiceDraft) -> dict[str, Any]:
    """The entry's columns, checked; raises ValidationError naming the field."""
    out: dict[str, Any] = {}
    for name in ("organisation", "contact_name", "referral_method", "address", "notes"):
        text = (getattr(draft, name) or "").strip()
        if len(text) > _LIMITS.get(name, 5000):
            raise ValidationError(
                f"Keep this to {_LIMITS.get(name, 5000)} characters or fewer", field=name
            )
        out[name] = text or None
    if not out["organisation"]:
        raise ValidationError("Enter the organisation's name", field="organisation")
    try:
        out["service_type"] = ServiceType(draft.service_type)
    except ValueError:
        raise ValidationError("Choose the type of service", field="service_type") from None
    areas = [LocalAuthority(a) for a in draft.areas]
    if not areas:
        raise ValidationError("Tick at least one area the service covers", field="areas")
    out["areas"] = [a.value for a in LocalAuthority if a in areas]
    out["phone"] = normalise_uk_phone(draft.phone) if (draft.phone or "").strip() else None
    out["email"] = validate_email(draft.email) if (draft.email or "").strip() else None
    if not (out["phone"] or out["email"] or out["address"] or out["referral_method"]):
        raise ValidationError(
            "Give at least one way to contact the service or refer to it", field="phone"
        )
    return out


def search_services(
    db: Database,
    actor: Actor,
    *,
    text: str = "",
    service_type: ServiceType | None = None,
    area: LocalAuthority | None = None,
    include_inactive: bool = False,
) -> list[ServiceDTO]:
    """Directory entries matching the words typed (organisation, contact, notes), the type and
    the area, by organisation. Raises PermissionDenied."""
    if not (actor.can(Action.MANAGE_ONWARD_REFERRAL) or actor.can(Action.MANAGE_SERVICE_DIRECTORY)):
        actor.require(Action.MANAGE_ONWARD_REFERRAL)
    stmt = sa.select(Service).order_by(sa.func.lower(Service.organisation), Service.id)
    if service_type is not None:
        stmt = stmt.where(Service.service_type == ServiceType(service_type))
    if not include_inactive:
        stmt = stmt.where(Service.active.is_(True))
    words = [w.casefold() for w in text.split()]
    with db.unit_of_work(write=False) as session:
        found = [_dto(s) for s in session.execute(stmt).scalars()]
    out = []
    for dto in found:  # the directory is small: match words in Python, on every field shown
        hay = " ".join(
            (
                dto.organisation,
                dto.type_text,
                dto.contact_name,
                dto.notes,
                dto.referral_method,
                dto.areas_text,
            )
        ).casefold()
        if all(w in hay for w in words) and (area is None or LocalAuthority(area) in dto.areas):
            out.append(dto)
    return out


def get_service(db: Database, actor: Actor, service_id: int) -> ServiceDTO:
    """One directory entry. Raises PermissionDenied and NotFound."""
    if not actor.can(Action.MANAGE_SERVICE_DIRECTORY):
        actor.require(Action.MANAGE_ONWARD_REFERRAL)
    with db.unit_of_work(write=False) as session:
        row = session.get(Service, service_id)
        if row is None:
            raise NotFound("That service is not in the directory.")
        return _dto(row)


@announces(Kind.DIRECTORY)
def save_service(
    db: Database,
    actor: Actor,
    draft: ServiceDraft,
    *,
    service_id: int | None = None,
    expected_version: int | None = None,
) -> ServiceDTO:
    """Add an entry (no ``service_id``) or change one; returns it. Managers only.

    Raises PermissionDenied, NotFound, StaleEditError and ValidationError.
    """
    actor.require(Action.MANAGE_SERVICE_DIRECTORY)
    values = _values(draft)
    with db.unit_of_work() as session:
        row: Service | None
        if service_id is None:
            row = Service(**values, active=True)
            session.add(row)
            session.flush()
            record(
                session,
                actor,
                AuditEntry(
                    "service.create", "service", row.id, None, {"organisation": row.organisation}
                ),
            )
            return _dto(row)
        row = session.get(Service, service_id)
        if row is None:
            raise NotFound("That service is not in the directory.")
        check_version(row.version, expected_version, "service")
        before = {k: getattr(row, k) for k in values}
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        diff = changes(
            {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in values.items()}
        )
        if diff:
            record(session, actor, AuditEntry("service.update", "service", row.id, None, diff))
        return _dto(row)


@announces(Kind.DIRECTORY)
def set_service_active(
    db: Database, actor: Actor, service_id: int, active: bool, *, expected_version: int
) -> ServiceDTO:
    """Retire an entry (it stays on earlier onward referrals) or bring it back. Managers only.

    Raises PermissionDenied, NotFound and StaleEditError.
    """
    actor.require(Action.MANAGE_SERVICE_DIRECTORY)
    with db.unit_of_work() as session:
        row = session.get(Service, service_id)
        if row is None:
            raise NotFound("That service is not in the directory.")
        check_version(row.version, expected_version, "service")
        if bool(row.active) != active:
            row.active = active
            session.flush()
            action = "service.reactivate" if active else "service.retire"
            record(
                session,
                actor,
                AuditEntry(action, "service", row.id, None, {"organisation": row.organisation}),
            )
        return _dto(row)
