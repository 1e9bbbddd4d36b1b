"""The managers' summary computed by GROUP BY queries in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from divert_desktop.core.enums import (
    AppointmentStatus,
    IneligibleReason,
    LocalAuthority,
    ReferralStatus,
)
from divert_desktop.core.errors import ValidationError
from divert_desktop.core.permissions import Action
from divert_desktop.core.summaries import (
    RATE_MIN_GROUP,
    Breakdown,
    BreakdownRow,
    CaseloadRow,
    DaysStats,
    Headline,
    OnwardRow,
    Summary,
)
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import (
    Appointment,
    OnwardReferral,
    Person,
    Referral,
    ReferralStatusChange,
    ReferralSubstance,
    Service,
    StaffUser,
)
from divert_desktop.services.admin import settings
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.context import Actor
from divert_desktop.services.reports.summaries.fold import Folded, Group, fold
from divert_desktop.services.rule_sql import age_on_sql, is_young_person_sql

Progress = Callable[[int, int, str], None]
RS, AS = ReferralStatus, AppointmentStatus
DUE = (AS.ATTENDED.value, AS.ARRIVED.value, AS.DID_NOT_ATTEND.value)
SHOWED = (AS.ATTENDED.value, AS.ARRIVED.value)
AGE_BANDS = ("Under 18", "18–24", "25–34", "35+")
NOT_RECORDED = "Not recorded"
REPEAT_LABELS = ("First referral", "Second referral", "Third referral", "Fourth or later")
STEPS = 8


def parse_area(area: str | None) -> LocalAuthority | None:
    """The local authority named (any case), None for all areas. Raises ValidationError."""
    if area is None or not area.strip():
        return None
    for la in LocalAuthority:
        if la.value.lower() == area.strip().lower():
            return la
    names = ", ".join(la.value for la in LocalAuthority)
    raise ValidationError(f'Unknown area "{area}": choose one of {names}', field="area")


def _days_between(later: Any, earlier: Any, pg: bool) -> Any:
    """Whole calendar days from the date of ``earlier`` to the date of ``later``."""
    if pg:
        return sa.cast(later, sa.Date) - sa.cast(earlier, sa.Date)
    return sa.cast(
        sa.func.julianday(sa.func.date(later)) - sa.func.julianday(sa.func.date(earlier)),
        sa.Integer,
    )


def _flag(condition: Any) -> Any:
    return sa.case((condition, 1), else_=0)


def _sum(column: Any) -> Any:
    return sa.func.coalesce(sa.func.sum(column), 0)


def base_cte(date_from: date, date_to: date, area: LocalAuthority | None, pg: bool) -> Any:
    """One row per referral in the period and area, with the flags every figure is built from."""
    r = Referral
    earlier = aliased(Referral)
    ever_engaged = sa.or_(
        r.status.in_([RS.ENGAGED, RS.COMPLETED]),
        sa.exists().where(
            ReferralStatusChange.referral_id == r.id,
            ReferralStatusChange.to_status.in_([RS.ENGAGED, RS.COMPLETED]),
        ),
    )
    age = age_on_sql(Person.date_of_birth, r.referral_datetime, pg)
    ordinal = (
        sa.select(sa.func.count())
        .where(
            earlier.person_id == r.person_id,
            sa.or_(
                earlier.referral_datetime < r.referral_datetime,
                sa.and_(earlier.referral_datetime == r.referral_datetime, earlier.id < r.id),
            ),
        )
        .scalar_subquery()
    )
    stmt = (
        sa.select(
            r.id.label("id"),
            sa.cast(r.local_authority, sa.String).label("area"),
            sa.cast(r.status, sa.String).label("status"),
            r.status_reason.label("reason"),
            sa.cast(r.followup_rearrested, sa.String).label("followup"),
            r.referral_datetime.label("referred_at"),
            _flag(r.status.notin_([RS.INELIGIBLE, RS.HELD])).label("eligible"),
            _flag(sa.exists().where(Appointment.referral_id == r.id)).label("booked"),
            _flag(ever_engaged).label("engaged"),
            sa.case(
                (is_young_person_sql(Person.date_of_birth, r.referral_datetime, pg), AGE_BANDS[0]),
                (age < 25, AGE_BANDS[1]),
                (age < 35, AGE_BANDS[2]),
                else_=AGE_BANDS[3],
            ).label("age_band"),
            sa.func.coalesce(sa.cast(Person.gender, sa.String), NOT_RECORDED).label("gender"),
            sa.func.coalesce(sa.cast(Person.ethnicity, sa.String), NOT_RECORDED).label("ethnicity"),
            (ordinal + 1).label("ordinal"),
        )
        .join(Person, Person.id == r.person_id)
        .where(
            r.referral_datetime >= datetime.combine(date_from, time.min),
            r.referral_datetime < datetime.combine(date_to + timedelta(days=1), time.min),
        )
    )
    if area is not None:
        stmt = stmt.where(r.local_authority == area)
    return stmt.cte("base")


def _progress_calls(progress: Progress | None) -> Callable[[str], None]:
    step = [0]

    def tick(text: str) -> None:
        step[0] += 1
        if progress is not None:
            progress(step[0], STEPS, text)

    return tick


def _groups(session: Session, b: Any) -> Folded:
    """One GROUP BY over the period's referrals by every category at once, added up."""
    known = [reason.value for reason in IneligibleReason]
    fu = b.c.followup
    followup = sa.case((fu.in_(["yes", "no"]), fu), else_="unknown")
    reason = sa.case(
        (b.c.status != RS.INELIGIBLE.value, None),
        (b.c.reason.in_(known), b.c.reason),
        else_="other reason",
    )
    ordinal = sa.case((b.c.ordinal >= 4, 4), else_=b.c.ordinal)
    keys = [
        b.c.area,
        b.c.age_band,
        b.c.gender,
        b.c.ethnicity,
        b.c.status,
        reason,
        followup,
        ordinal,
        b.c.engaged,
    ]
    stmt = sa.select(*keys, sa.func.count(), _sum(b.c.booked)).group_by(*keys)
    rows = session.execute(stmt.execution_options(yield_per=2000))
    groups = (
        Group(
            a,
            ab,
            _cap(g) if g != NOT_RECORDED else g,
            e,
            st,
            r,
            f,
            int(o),
            int(en),
            int(n),
            int(bk),
        )
        for a, ab, g, e, st, r, f, o, en, n, bk in rows
    )
    return fold(groups, AGE_BANDS[0])


def _headline(session: Session, b: Any, f: Folded) -> Headline:
    appointments = session.execute(
        sa.select(
            _sum(_flag(Appointment.status.in_(DUE))),
            _sum(_flag(Appointment.status == AS.DID_NOT_ATTEND)),
        ).join(b, b.c.id == Appointment.referral_id)
    ).one()
    onward = session.execute(
        sa.select(sa.func.count(OnwardReferral.id)).join(b, b.c.id == OnwardReferral.referral_id)
    ).scalar_one()
    t, st = f.total, f.by_status
    return Headline(
        referrals=t.referrals,
        eligible=t.eligible,
        ineligible=st.get(RS.INELIGIBLE.value, 0),
        booked=t.booked,
        engaged=t.engaged,
        completed=t.completed,
        not_engaged=st.get(RS.NOT_ENGAGED.value, 0),
        withdrawn=st.get(RS.WITHDRAWN.value, 0),
        young_people=f.young,
        repeat_referrals=t.referrals - f.repeat.get(1, 0),
        appointments_due=int(appointments[0] or 0),
        did_not_attend=int(appointments[1] or 0),
        onward_referrals=int(onward or 0),
        held=st.get(RS.HELD.value, 0),
    )


def _grouped(
    session: Session, b: Any, key: Any, join: Any = None, cap: bool = False
) -> dict[str, BreakdownRow]:
    stmt = sa.select(
        key.label("k"),
        sa.func.count(),
        _sum(b.c.eligible),
        _sum(b.c.booked),
        _sum(b.c.engaged),
        _sum(_flag(b.c.status == RS.COMPLETED.value)),
    ).select_from(b)
    if join is not None:
        stmt = stmt.outerjoin(*join)
    out: dict[str, BreakdownRow] = {}
    for k, *counts in session.execute(stmt.group_by(key)):
        label = str(k) if k is not None else NOT_RECORDED
        label = _cap(label) if cap else label
        out[label] = BreakdownRow(label, *(int(c or 0) for c in counts))
    return out


def _ordered(rows: dict[str, BreakdownRow], order: list[str]) -> tuple[BreakdownRow, ...]:
    """Known categories in their order (zeros included), then any others alphabetically."""
    out = [rows.get(label) or BreakdownRow(label, 0, 0, 0, 0, 0) for label in order]
    out += [rows[k] for k in sorted(rows) if k not in order]
    return tuple(out)


def _breakdowns(
    session: Session, b: Any, area: LocalAuthority | None, f: Folded
) -> tuple[Breakdown, ...]:
    from divert_desktop.core.enums import Ethnicity, Gender, Substance

    areas = [area.value] if area else [la.value for la in LocalAuthority]
    substance = sa.func.coalesce(sa.cast(ReferralSubstance.substance, sa.String), NOT_RECORDED)
    by_substance = _grouped(
        session, b, substance, (ReferralSubstance, ReferralSubstance.referral_id == b.c.id)
    )
    substances = {s.value: s.label for s in Substance}
    labelled = {
        substances.get(k, k): BreakdownRow(substances.get(k, k), *_counts(v))
        for k, v in by_substance.items()
    }
    t = f.breakdowns
    return (
        Breakdown(
            "area", "Local authority", "The referral's local authority.", _ordered(t["area"], areas)
        ),
        Breakdown(
            "substance",
            "Substance",
            "A referral with two substances counts once under "
            "each, so these rows add up to more than the referrals.",
            _ordered(labelled, [s.label for s in Substance]),
        ),
        Breakdown(
            "age_band",
            "Age band",
            "Age on the referral date.",
            _ordered(t["age_band"], list(AGE_BANDS)),
        ),
        Breakdown(
            "gender",
            "Gender",
            "As recorded on the person's record.",
            _ordered(t["gender"], [_cap(g.value) for g in Gender]),
        ),
        Breakdown(
            "ethnicity",
            "Ethnicity",
            "ONS 2021 census groups, as recorded.",
            _ordered(t["ethnicity"], [e.value for e in Ethnicity]),
        ),
    )


def _counts(row: BreakdownRow) -> tuple[int, int, int, int, int]:
    return row.referrals, row.eligible, row.booked, row.engaged, row.completed


def _repeat(f: Folded) -> tuple[tuple[str, int], ...]:
    return tuple((label, f.repeat.get(i + 1, 0)) for i, label in enumerate(REPEAT_LABELS))


def _onward(session: Session, b: Any) -> tuple[OnwardRow, ...]:
    kind = sa.cast(Service.service_type, sa.String)
    outcome = sa.cast(OnwardReferral.status, sa.String)
    rows = session.execute(
        sa.select(kind, outcome, sa.func.count())
        .select_from(OnwardReferral)
        .join(b, b.c.id == OnwardReferral.referral_id)
        .join(Service, Service.id == OnwardReferral.service_id)
        .group_by(kind, outcome)
        .order_by(kind, outcome)
    )
    return tuple(OnwardRow(_cap(k), _cap(o.replace("_", " ")), int(n)) for k, o, n in rows)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _caseload(session: Session, b: Any) -> tuple[CaseloadRow, ...]:
    name = sa.func.coalesce(StaffUser.display_name, "No caseworker assigned")
    rows = session.execute(
        sa.select(
            Appointment.caseworker_id,
            name,
            sa.func.count(sa.distinct(Appointment.referral_id)),
            sa.func.count(Appointment.id),
            _sum(_flag(Appointment.status.in_(SHOWED))),
        )
        .join(b, b.c.id == Appointment.referral_id)
        .outerjoin(StaffUser, StaffUser.id == Appointment.caseworker_id)
        .group_by(Appointment.caseworker_id, name)
    )
    out = [CaseloadRow(n, int(r), int(a), int(s)) for _id, n, r, a, s in rows]
    return tuple(
        sorted(out, key=lambda c: (c.caseworker == "No caseworker assigned", c.caseworker.lower()))
    )


def _days(session: Session, b: Any, pg: bool, attended: bool) -> DaysStats:
    first = sa.func.min(Appointment.start_at)
    per_referral = sa.select(
        _days_between(first, sa.func.min(b.c.referred_at), pg).label("d")
    ).join(b, b.c.id == Appointment.referral_id)
    if attended:
        per_referral = per_referral.where(Appointment.status.in_(SHOWED))
    d = per_referral.group_by(b.c.id).subquery("d")
    if pg:
        n, median, p90 = session.execute(
            sa.select(
                sa.func.count(),
                sa.func.percentile_cont(0.5).within_group(d.c.d),
                sa.func.percentile_cont(0.9).within_group(d.c.d),
            )
        ).one()
        as_float = lambda v: None if v is None else float(v)  # noqa: E731
        return DaysStats(int(n), as_float(median), as_float(p90))
    return _sqlite_percentiles(session, d)


def _sqlite_percentiles(session: Session, d: Any) -> DaysStats:
    """Median and p90 by ranking the one column of day counts in SQL and reading ≤ 4 rows."""
    ranked = sa.select(
        d.c.d.label("d"),
        (sa.func.row_number().over(order_by=d.c.d) - 1).label("k"),
        sa.func.count().over().label("n"),
    ).subquery("ranked")
    lo50, lo90 = (ranked.c.n - 1) // 2, ((ranked.c.n - 1) * 9) // 10
    wanted = sa.or_(
        ranked.c.k == lo50, ranked.c.k == lo50 + 1, ranked.c.k == lo90, ranked.c.k == lo90 + 1
    )
    rows = session.execute(sa.select(ranked.c.k, ranked.c.n, ranked.c.d).where(wanted)).all()
    if not rows:
        return DaysStats(0, None, None)
    n = int(rows[0][1])
    values = {int(k): int(v) for k, _n, v in rows}
    return DaysStats(n, interpolate(values, n, 1, 2), interpolate(values, n, 9, 10))


def interpolate(values: dict[int, int], n: int, num: int, den: int) -> float | None:
    """percentile_cont(num/den) of n sorted values, given the values at ranks 0 … n-1 needed."""
    if n == 0:
        return None
    scaled = (n - 1) * num
    lo, rest = divmod(scaled, den)
    low = values[lo]
    if rest == 0 or lo + 1 >= n:
        return float(low)
    return low + (values[lo + 1] - low) * rest / den


def build_summary(
    db: Database,
    actor: Actor,
    date_from: date,
    date_to: date,
    area: str | None = None,
    *,
    output: str = "screen",
    progress: Progress | None = None,
) -> Summary:
    """Compute the managers' summary for referrals dated ``date_from``..``date_to`` (inclusive) in
    one area or all, in SQL, and record a ``report.generate`` audit event.

    Returns a frozen Summary. Raises PermissionDenied (Action.VIEW_REPORTS) and ValidationError
    (dates the wrong way round, unknown area).
    """
    actor.require(Action.VIEW_REPORTS)
    if date_to < date_from:
        raise ValidationError("The end date must be on or after the start date", field="date_to")
    la = parse_area(area)
    tick = _progress_calls(progress)
    with db.unit_of_work(write=False) as session:
        pg = session.get_bind().dialect.name == "postgresql"
        b = base_cte(date_from, date_to, la, pg)
        folded = _groups(session, b)
        tick("Counted the referrals by area, age, gender and ethnicity")
        headline = _headline(session, b, folded)
        reasons = tuple(folded.reasons.items())
        engaged, not_engaged = folded.rearrest_engaged, folded.rearrest_not_engaged
        tick("Counted appointments and onward referrals")
        breakdowns = _breakdowns(session, b, la, folded)
        tick("Counted the substances")
        repeat = _repeat(folded)
        onward = _onward(session, b)
        tick("Counted onward referrals")
        caseload = _caseload(session, b)
        tick("Counted caseloads")
        offered = _days(session, b, pg, attended=False)
        tick("Measured days to the first appointment")
        attended = _days(session, b, pg, attended=True)
        tick("Measured days to the first attended appointment")
        organisation = str(settings.read(session, "organisation_name") or "")
        min_group = int(settings.read(session, "summary_rate_min_group") or RATE_MIN_GROUP)
    details = {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "area": la.value if la else None,
        "output": output,
    }
    with db.unit_of_work() as session:
        record(session, actor, AuditEntry("report.generate", "report", None, None, details))
    tick("Done")
    return Summary(
        date_from,
        date_to,
        la.value if la else None,
        headline,
        reasons,
        breakdowns,
        repeat,
        onward,
        caseload,
        offered,
        attended,
        engaged,
        not_engaged,
        organisation,
        rate_min_group=min_group,
    )
