"""A test oracle: every summary figure recomputed in plain Python from raw table rows."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from divert_desktop.core.eligibility import age_on
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


def _rows(db: Database, table: Any) -> list[dict[str, Any]]:
    with db.unit_of_work(write=False) as session:
        return [dict(r._mapping) for r in session.execute(sa.select(table.__table__))]


def _s(value: Any) -> Any:
    return getattr(value, "value", value)


def _day(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


def percentile(values: list[int], p: float) -> float | None:
    """Linear interpolation between closest ranks (PostgreSQL percentile_cont)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p
    lo = int(pos)
    if lo + 1 >= len(ordered):
        return float(ordered[lo])
    return ordered[lo] + (ordered[lo + 1] - ordered[lo]) * (pos - lo)


def oracle(db: Database, date_from: date, date_to: date, area: str | None = None) -> dict:
    """Every figure of the summary, keyed like ``Summary.measures()`` plus breakdown tables."""
    people = {p["id"]: p for p in _rows(db, Person)}
    referrals = _rows(db, Referral)
    history = _rows(db, ReferralStatusChange)
    appointments = _rows(db, Appointment)
    substances = _rows(db, ReferralSubstance)
    onward = _rows(db, OnwardReferral)
    services = {s["id"]: _s(s["service_type"]) for s in _rows(db, Service)}
    staff = {u["id"]: u["display_name"] for u in _rows(db, StaffUser)}

    by_person: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for r in referrals:
        by_person[r["person_id"]].append((r["referral_datetime"], r["id"]))
    chosen = [
        r
        for r in referrals
        if date_from <= r["referral_datetime"].date() <= date_to
        and (area is None or _s(r["local_authority"]) == area)
    ]
    ids = {r["id"] for r in chosen}
    reached = {h["referral_id"] for h in history if _s(h["to_status"]) in ("engaged", "completed")}
    appts = defaultdict(list)
    for a in appointments:
        if a["referral_id"] in ids:
            appts[a["referral_id"]].append(a)

    def status(r: dict) -> str:
        return _s(r["status"])

    def engaged(r: dict) -> bool:
        return status(r) in ("engaged", "completed") or r["id"] in reached

    def ordinal(r: dict) -> int:
        return sorted(by_person[r["person_id"]]).index((r["referral_datetime"], r["id"])) + 1

    def band(r: dict) -> str:
        age = age_on(people[r["person_id"]]["date_of_birth"], r["referral_datetime"].date())
        return "Under 18" if age < 18 else "18–24" if age < 25 else "25–34" if age < 35 else "35+"

    out: dict[str, Any] = {
        "referrals": len(chosen),
        "eligible": sum(status(r) not in ("ineligible", "held") for r in chosen),
        "ineligible": sum(status(r) == "ineligible" for r in chosen),
        "held": sum(status(r) == "held" for r in chosen),
        "booked": sum(bool(appts[r["id"]]) for r in chosen),
        "engaged": sum(engaged(r) for r in chosen),
        "completed": sum(status(r) == "completed" for r in chosen),
        "not_engaged": sum(status(r) == "not_engaged" for r in chosen),
        "withdrawn": sum(status(r) == "withdrawn" for r in chosen),
        "young_people": sum(band(r) == "Under 18" for r in chosen),
        "repeat_referrals": sum(ordinal(r) > 1 for r in chosen),
        "onward_referrals": sum(o["referral_id"] in ids for o in onward),
    }
    due = [
        a
        for r in chosen
        for a in appts[r["id"]]
        if _s(a["status"]) in ("attended", "arrived", "did_not_attend")
    ]
    dna = sum(_s(a["status"]) == "did_not_attend" for a in due)
    out["appointments_due"], out["did_not_attend"] = len(due), dna
    out["dna_rate"] = dna / len(due) if due else None
    offered, attended = [], []
    for r in chosen:
        mine = appts[r["id"]]
        if mine:
            first = min(a["start_at"] for a in mine)
            offered.append((_day(first) - r["referral_datetime"].date()).days)
        showed = [a["start_at"] for a in mine if _s(a["status"]) in ("attended", "arrived")]
        if showed:
            attended.append((_day(min(showed)) - r["referral_datetime"].date()).days)
    out["median_days_to_first_appointment"] = percentile(offered, 0.5)
    out["p90_days_to_first_appointment"] = percentile(offered, 0.9)
    out["median_days_to_first_attended"] = percentile(attended, 0.5)
    out["p90_days_to_first_attended"] = percentile(attended, 0.9)
    for name, group in (
        ("engaged", [r for r in chosen if engaged(r)]),
        ("not_engaged", [r for r in chosen if status(r) == "not_engaged"]),
    ):
        answers = Counter(_s(r["followup_rearrested"]) for r in group)
        yes, no = answers["yes"], answers["no"]
        out[f"rearrest_{name}_yes"], out[f"rearrest_{name}_no"] = yes, no
        out[f"rearrest_{name}_unknown"] = len(group) - yes - no
        out[f"rearrest_rate_{name}"] = yes / (yes + no) if yes + no else None
        out[f"rearrest_{name}_answered"] = yes + no
    out["rearrest_rate_min_group"] = 5  # the default setting
    reasons = Counter(
        r["status_reason"]
        if r["status_reason"]
        in ("intent to supply", "no appropriate adult", "previous referral not engaged")
        else "other reason"
        for r in chosen
        if status(r) == "ineligible"
    )
    for reason, n in reasons.items():
        out["ineligible_" + "_".join(reason.split())] = n

    def table(key_of: Any) -> dict[str, tuple[int, ...]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for r in chosen:
            for key in key_of(r):
                c = counts[key]
                c[0] += 1
                c[1] += status(r) not in ("ineligible", "held")
                c[2] += bool(appts[r["id"]])
                c[3] += engaged(r)
                c[4] += status(r) == "completed"
        return {k: tuple(v) for k, v in counts.items()}

    subs = defaultdict(list)
    for s in substances:
        subs[s["referral_id"]].append(_s(s["substance"]))
    cap = lambda t: t[:1].upper() + t[1:]  # noqa: E731
    out["by_area"] = table(lambda r: [_s(r["local_authority"])])
    out["by_substance_value"] = table(lambda r: subs[r["id"]] or ["Not recorded"])
    out["by_age_band"] = table(lambda r: [band(r)])
    out["by_gender"] = table(
        lambda r: [cap(_s(people[r["person_id"]]["gender"]) or "Not recorded")]
    )
    out["by_ethnicity"] = table(
        lambda r: [_s(people[r["person_id"]]["ethnicity"]) or "Not recorded"]
    )
    out["repeat"] = Counter(min(ordinal(r), 4) for r in chosen)
    out["onward"] = Counter(
        (cap(services[o["service_id"]]), cap(_s(o["status"]).replace("_", " ")))
        for o in onward
        if o["referral_id"] in ids
    )
    caseload: dict[str, list] = defaultdict(lambda: [set(), 0, 0])
    for r in chosen:
        for a in appts[r["id"]]:
            c = caseload[staff.get(a["caseworker_id"], "No caseworker assigned")]
            c[0].add(r["id"])
            c[1] += 1
            c[2] += _s(a["status"]) in ("attended", "arrived")
    out["caseload"] = {k: (len(v[0]), v[1], v[2]) for k, v in caseload.items()}
    return out
