"""The referrals list and the headline counts for managers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from divert_desktop.core.enums import (
    IneligibleReason,
    LocalAuthority,
    ReferralStatus,
    Substance,
)
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.core.validation import format_date, search_key, text_problem
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    Person,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
)
from divert_desktop.services.context import Actor
from divert_desktop.services.lists.common import (
    MAX_REFERRALS,
    days_left_text,
    full_name,
    prefix_range,
    substance_text,
)


@dataclass(frozen=True)
class ReferralRow:
    """One referral in the Referrals table."""

    id: int
    police_reference: str
    referral_at: datetime
    date_text: str
    person_id: int
    person_name: str
    area: str
    substances_text: str
    status: ReferralStatus
    status_text: str
    status_reason: str
    young_person: bool
    days_left: int | None
    days_left_text: str


@dataclass(frozen=True)
class ReferralList:
    rows: list[ReferralRow]
    truncated: bool


def _substances_for(session: Session, ids: Iterable[int]) -> dict[int, str]:
    found: dict[int, list[tuple[Substance, str | None]]] = {}
    id_list = list(ids)
    for start in range(0, len(id_list), 500):
        chunk = id_list[start : start + 500]
        for s in session.execute(
            sa.select(
                ReferralSubstance.referral_id,
                ReferralSubstance.substance,
                ReferralSubstance.other_text,
            )
            .where(ReferralSubstance.referral_id.in_(chunk))
            .order_by(ReferralSubstance.id)
        ):
            found.setdefault(s.referral_id, []).append((Substance(s.substance), s.other_text))
    return {i: substance_text(v) for i, v in found.items()}


def list_referrals(
    db: Database,
    actor: Actor,
    *,
    status: ReferralStatus | None = None,
    text: str = "",
    today: date | None = None,
    limit: int = MAX_REFERRALS,
) -> ReferralList:
    """Return referrals, newest first, optionally of one status and matching ``text`` (a police
    reference or a person's name). Raises PermissionDenied."""
    actor.require(Action.VIEW_PERSON)
    today = today or db.clock.today()
    r, p = Referral, Person
    stmt = sa.select(
        r.id,
        r.police_reference,
        r.referral_datetime,
        r.person_id,
        r.local_authority,
        r.status,
        r.status_reason,
        r.young_person,
        r.engagement_deadline,
        p.first_name,
        p.last_name,
    ).join(p, p.id == r.person_id)
    if status is not None:
        stmt = stmt.where(r.status == status)
    text = (text or "").strip()
    if text and text_problem(text, multiline=True):  # nothing stored holds those characters
        return ReferralList([], False)
    if text:
        tokens = search_key(text).split()
        by_name = [
            sa.or_(
                prefix_range(p.search_first, t),
                prefix_range(p.search_last, t),
                prefix_range(p.search_known_as, t),
            )
            for t in tokens
        ]
        by_reference = sa.or_(
            prefix_range(r.police_reference, text), prefix_range(r.police_reference, text.upper())
        )
        stmt = stmt.where(sa.or_(by_reference, sa.and_(*by_name)) if by_name else by_reference)
    stmt = stmt.order_by(r.referral_datetime.desc(), r.id.desc()).limit(limit + 1)
    with db.unit_of_work(write=False) as session:
        rows = session.execute(stmt).all()[: limit + 1]
        substances = _substances_for(session, (row.id for row in rows[:limit]))
    out = []
    for row in rows[:limit]:
        st = ReferralStatus(row.status)
        days = (row.engagement_deadline - today).days if st.is_open else None
        out.append(
            ReferralRow(
                row.id,
                row.police_reference,
                row.referral_datetime,
                format_date(row.referral_datetime.date()),
                row.person_id,
                full_name(row.first_name, row.last_name),
                LocalAuthority(row.local_authority).value,
                substances.get(row.id, ""),
                st,
                st.label,
                row.status_reason or "",
                bool(row.young_person),
                days,
                days_left_text(days) if days is not None else "",
            )
        )
    return ReferralList(out, len(rows) > limit)


# --- reports


@dataclass(frozen=True)
class HeadlineLine:
    label: str
    count: int
    share_text: str
    level: int = 0


@dataclass(frozen=True)
class HeadlineCounts:
    """Headline figures for referrals made in [date_from, date_to] (optionally one area)."""

    date_from: date
    date_to: date
    area: str | None
    referrals: int
    eligible: int
    ineligible: dict[str, int]
    booked: int
    engaged: int
    completed: int
    not_engaged: int
    withdrawn: int
    young_people: int
    held: int = 0
    """Held for a manager (repeat-referral bar, undecided): neither eligible nor ineligible."""

    def lines(self) -> list[HeadlineLine]:
        """The table rows: label, count and share of all referrals."""

        def line(label: str, count: int, level: int = 0) -> HeadlineLine:
            share = f"{100 * count / self.referrals:.0f}%" if self.referrals else "–"
            return HeadlineLine(label, count, share, level)

        out = [line("Referrals", self.referrals), line("Eligible", self.eligible)]
        out.append(line("Ineligible", sum(self.ineligible.values())))
        out += [line(f"Ineligible: {reason}", n, 1) for reason, n in self.ineligible.items()]
        out.append(line("Held for a manager", self.held))
        out += [
            line("Booked", self.booked),
            line("Engaged", self.engaged),
            line("Completed", self.completed),
            line("Not engaged", self.not_engaged),
            line("Withdrawn", self.withdrawn),
            line("Young people (under 18)", self.young_people),
        ]
        return out


def headline_counts(
    db: Database, actor: Actor, date_from: date, date_to: date, area: str | None = None
) -> HeadlineCounts:
    """Count referrals made between two dates (inclusive), in SQL. Raises PermissionDenied and
    ValidationError (dates the wrong way round, unknown area)."""
    actor.require(Action.VIEW_REPORTS)
    if date_to < date_from:
        raise ValidationError("The end date must be on or after the start date", field="date_to")
    la = LocalAuthority(area) if area else None
    r, rs = Referral, ReferralStatus
    s = r.status

    def count_if(condition: Any) -> Any:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    reasons = [reason.value for reason in IneligibleReason]
    has_appointment = sa.exists().where(Appointment.referral_id == r.id)
    ever_engaged = sa.exists().where(
        ReferralStatusChange.referral_id == r.id, ReferralStatusChange.to_status == rs.ENGAGED
    )
    columns = [
        sa.func.count(r.id),
        count_if(s.notin_([rs.INELIGIBLE, rs.HELD])),
        *(count_if(sa.and_(s == rs.INELIGIBLE, r.status_reason == reason)) for reason in reasons),
        count_if(
            sa.and_(
                s == rs.INELIGIBLE,
                sa.or_(r.status_reason.is_(None), r.status_reason.notin_(reasons)),
            )
        ),
        count_if(
            sa.and_(
                s.notin_([rs.INELIGIBLE, rs.HELD]),
                sa.or_(has_appointment, s.in_([rs.BOOKED, rs.ENGAGED, rs.COMPLETED])),
            )
        ),
        count_if(sa.or_(s.in_([rs.ENGAGED, rs.COMPLETED]), ever_engaged)),
        count_if(s == rs.COMPLETED),
        count_if(s == rs.NOT_ENGAGED),
        count_if(s == rs.WITHDRAWN),
        count_if(r.young_person),
        count_if(s == rs.HELD),
    ]
    stmt = sa.select(*columns).where(
        r.referral_datetime >= datetime.combine(date_from, time.min),
        r.referral_datetime < datetime.combine(date_to + timedelta(days=1), time.min),
    )
    if la is not None:
        stmt = stmt.where(r.local_authority == la)
    with db.unit_of_work(write=False) as session:
        values = [int(v or 0) for v in session.execute(stmt).one()]
    total, eligible, *rest = values
    by_reason = dict(zip(reasons, rest[: len(reasons)], strict=True))
    other, booked, engaged, completed, not_engaged, withdrawn, young, held = rest[len(reasons) :]
    if other:
        by_reason["other reason"] = other
    return HeadlineCounts(
        date_from,
        date_to,
        la.value if la else None,
        total,
        eligible,
        by_reason,
        booked,
        engaged,
        completed,
        not_engaged,
        withdrawn,
        young,
        held,
    )
