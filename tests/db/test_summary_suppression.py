"""No count hidden as "<5" can be worked out again from a saved summary (PDF, XLSX or CSV).

The files are read back on their own and every relation a reader could use is applied: a total
minus the shown parts, a share or rate times its base; whatever that gives is used again.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from divert_desktop.persistence.database import Database
from divert_desktop.services.context import cli_actor
from divert_desktop.services.demo import generate as demo
from divert_desktop.services.reports.summaries import build_summary
from divert_desktop.services.reports.summaries.report_file import save_summary

TODAY = date(2026, 11, 27)
HIDDEN = ("<5", "hidden")
COLUMNS = {
    "Referrals": "referrals",
    "Eligible": "eligible",
    "Booked": "booked",
    "Engaged": "engaged",
    "Completed": "completed",
}
ADDITIVE = ("Local authority", "Age band", "Gender", "Ethnicity")  # not Substance
STAGES = {
    "Referrals": "referrals",
    "Eligible": "eligible",
    "Booked": "booked",
    "Engaged": "engaged",
    "Completed": "completed",
    "Not engaged": "not_engaged",
    "Withdrawn": "withdrawn",
    "Ineligible": "ineligible",
}
KEY_FIGURES = {
    **STAGES,
    "Young people (under 18)": "young_people",
    "Repeat referrals": "repeat_referrals",
    "Did-not-attend rate": "dna_rate",
    "Onward referrals": "onward_referrals",
    "Re-arrest rate, engaged": "rearrest_rate_engaged",
    "Re-arrest rate, not engaged": "rearrest_rate_not_engaged",
}
GROUPS = {"Engaged (completed included)": "engaged", "Not engaged": "not_engaged"}


@dataclass(frozen=True)
class Sum:
    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Ratio:
    rate: str
    numerator: str
    denominator: str


def relations(v: dict[str, Any]) -> list[Sum | Ratio]:
    """Every way a reader can combine the figures of one file (keys as the readers give them)."""
    out: list[Sum | Ratio] = [
        Sum("H:referrals", ("H:eligible", "H:ineligible")),
        Sum("H:ineligible", tuple(k for k in v if k.startswith("H:ineligible_"))),
        Sum("H:ineligible", tuple(k for k in v if k.startswith("F:Ineligible: "))),
        Ratio("H:dna_rate", "H:did_not_attend", "H:appointments_due"),
        Sum("H:referrals", tuple(k for k in v if k.startswith("R:"))),
        Sum("H:referrals", ("H:repeat_referrals", "R:First referral")),
        Sum("H:onward_referrals", tuple(k for k in v if k.startswith("O:"))),
        Sum("H:booked", ("D:offered",)),
    ]
    attended = tuple(k for k in v if re.match(r"C:\d+:attended", k))
    if attended:  # only a file with the caseload table
        out.append(Sum("H:appointments_due", ("H:did_not_attend", *attended)))
    for g in ("engaged", "not_engaged"):
        p = f"H:rearrest_{g}_"
        out += [
            Sum(p + "answered", (p + "yes", p + "no")),
            Sum(f"H:{g}", (p + "yes", p + "no", p + "unknown")),
            Ratio(f"H:rearrest_rate_{g}", p + "yes", p + "answered"),
            Sum(f"H:{g}", (f"A:{g}:yes", f"A:{g}:no", f"A:{g}:unknown")),
            Sum(p + "answered", (f"A:{g}:yes", f"A:{g}:no")),
            Ratio(f"AR:{g}", f"A:{g}:yes", p + "answered"),
        ]
        out += [Sum(p + a, (f"A:{g}:{a}",)) for a in ("yes", "no", "unknown")]
    for label, measure in STAGES.items():
        out += [
            Sum(f"H:{measure}", (f"F:{label}",)),
            Ratio(f"FS:{label}", f"H:{measure}", "H:referrals"),
        ]
    out += [Ratio(f"FS:{k[2:]}", k, "H:referrals") for k in v if k.startswith("F:Ineligible: ")]
    for title in ADDITIVE:
        labels = {k.split(":")[2] for k in v if k.startswith(f"B:{title}:")}
        for column, measure in COLUMNS.items():
            out.append(Sum(f"H:{measure}", tuple(f"B:{title}:{x}:{column}" for x in labels)))
        out += [
            Ratio(f"BR:{title}:{x}", f"B:{title}:{x}:Engaged", f"B:{title}:{x}:Eligible")
            for x in labels
        ]
    out.append(Sum("H:young_people", ("B:Age band:Under 18:Referrals",)))
    return [r for r in out if not isinstance(r, Sum) or r.parts]


def recovered(v: dict[str, Any]) -> dict[str, int]:
    """The hidden counts that the shown figures give back, with the value they give."""
    known: dict[str, float] = {k: x for k, x in v.items() if isinstance(x, int | float)}
    rules = relations(v)
    changed = True
    while changed:
        changed = False
        for rule in rules:
            if isinstance(rule, Sum):
                members = [rule.total, *rule.parts]
                unknown = [m for m in members if m not in known]
                if len(unknown) != 1:
                    continue
                (m,) = unknown
                if m == rule.total:
                    known[m] = sum(known[p] for p in rule.parts)
                else:
                    known[m] = known[rule.total] - sum(known[p] for p in rule.parts if p != m)
                changed = True
            else:
                rate = v.get(rule.rate)
                if not isinstance(rate, int | float):
                    continue
                if rule.numerator not in known and rule.denominator in known:
                    known[rule.numerator] = round(rate * known[rule.denominator])
                    changed = True
                elif rule.denominator not in known and rule.numerator in known and rate:
                    known[rule.denominator] = round(known[rule.numerator] / rate)
                    changed = True
    return {k: int(known[k]) for k, x in v.items() if x in HIDDEN and k in known}


def check_relations_hold(v: dict[str, Any]) -> None:
    """On an internal copy (nothing hidden) the relations are true: the test's model is right."""
    for rule in relations(v):
        if isinstance(rule, Sum):
            if all(k in v for k in (rule.total, *rule.parts)):
                assert v[rule.total] == sum(v[p] for p in rule.parts), rule
        elif (
            isinstance(v.get(rule.rate), float) and rule.numerator in v and v.get(rule.denominator)
        ):
            assert abs(v[rule.rate] - v[rule.numerator] / v[rule.denominator]) < 0.006, rule


def is_count(key: str) -> bool:
    return not key.startswith(("FS:", "BR:", "AR:")) and not any(
        word in key for word in ("rate", "days", "min_group")
    )


# --------------------------------------------------------------------------- readers


def _value(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    text = text.strip()
    if re.fullmatch(r"\d[\d,]*", text):
        return int(text.replace(",", ""))
    if re.fullmatch(r"-?\d+(\.\d+)?%", text):
        return float(text[:-1]) / 100
    if re.fullmatch(r"\d*\.\d+", text):
        return float(text)
    return text


def read_csv(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {f"H:{m}": _value(x) for m, x in list(csv.reader(handle))[1:]}


def read_xlsx(path: Path) -> dict[str, Any]:
    wb = load_workbook(path, data_only=False)
    v: dict[str, Any] = {}
    for row in wb["Headline"].iter_rows(min_row=6, values_only=True):
        v[f"H:{row[0]}"] = row[1]
    for label, count, share in wb["Funnel"].iter_rows(min_row=2, values_only=True):
        v[f"F:{label}"], v[f"FS:{label}"] = count, share
    for title in ADDITIVE:
        for row in wb[title].iter_rows(min_row=2, values_only=True):
            if row[1] is None:
                break
            for column, value in zip(COLUMNS, row[1:6], strict=True):
                v[f"B:{title}:{row[0]}:{column}"] = value
            v[f"BR:{title}:{row[0]}"] = row[6]
    for label, count in wb["Repeat referrals"].iter_rows(min_row=2, values_only=True):
        v[f"R:{label}"] = count
    for i, row in enumerate(wb["Onward referrals"].iter_rows(min_row=2, values_only=True)):
        v[f"O:{i}"] = row[2]
    for i, row in enumerate(wb["Caseload"].iter_rows(min_row=2, values_only=True)):
        v[f"C:{i}:referrals"], v[f"C:{i}:appointments"], v[f"C:{i}:attended"] = row[1:4]
    days = list(wb["Days to first appointment"].iter_rows(min_row=2, values_only=True))
    v["D:offered"], v["D:attended"] = days[0][1], days[1][1]
    for row in wb["Re-arrest"].iter_rows(min_row=2, max_row=3, values_only=True):
        g = GROUPS[row[0]]
        v[f"A:{g}:yes"], v[f"A:{g}:no"], v[f"A:{g}:unknown"], v[f"AR:{g}"] = row[1:5]
    return v


SECTIONS = (
    "Key figures",
    "Funnel",
    *ADDITIVE,
    "Substance",
    "Repeat referrals",
    "Time to first appointment",
    "Six-month re-arrest",
    "Onward referrals",
    "Caseload per caseworker",
    "How each figure is counted",
)


def _is_axis_or_header(tokens: list[str]) -> bool:
    """A bar chart's axis (0 0.2 0.4 …) or a table's header row."""
    return tokens[1] == "Referrals" or isinstance(_value(tokens[0]), int | float)


def read_pdf(path: Path) -> dict[str, Any]:
    """The figures of the PDF's tables, from pypdf's layout text."""
    text = "\n".join(p.extract_text(extraction_mode="layout") for p in PdfReader(path).pages)
    v: dict[str, Any] = {}
    section, onward, caseload = "", 0, 0
    for line in text.splitlines():
        tokens = re.split(r"\s{2,}", line.strip())
        if len(tokens) == 1 and tokens[0] in SECTIONS:
            section = tokens[0]
            continue
        values = [_value(t) for t in tokens[1:]]
        if section == "Key figures" and len(tokens) == 2 and tokens[0] in KEY_FIGURES:
            v[f"H:{KEY_FIGURES[tokens[0]]}"] = values[0]
        elif section == "Funnel" and (
            m := re.fullmatch(r"(.+?): (\S+)(?: \((\d+)%\))?", tokens[0])
        ):
            v[f"F:{m[1]}"] = _value(m[2])
            if m[3] is not None:
                v[f"FS:{m[1]}"] = int(m[3]) / 100
        elif section == "Funnel" and len(tokens) == 3 and tokens[0] != "Left the scheme":
            v[f"F:{tokens[0]}"], v[f"FS:{tokens[0]}"] = values
        elif section in ADDITIVE and len(tokens) == 6 and not _is_axis_or_header(tokens):
            for column, value in zip(COLUMNS, values, strict=True):
                v[f"B:{section}:{tokens[0]}:{column}"] = value
        elif section == "Repeat referrals" and len(tokens) == 2 and tokens[1] != "Referrals":
            v[f"R:{tokens[0]}"] = values[0]
        elif section == "Time to first appointment" and len(tokens) == 4:
            if tokens[0].startswith("To first appointment"):
                v["D:" + tokens[0].split()[-1]] = values[0]
        elif section == "Six-month re-arrest" and len(tokens) == 5 and tokens[0] in GROUPS:
            g = GROUPS[tokens[0]]
            v[f"A:{g}:yes"], v[f"A:{g}:no"], v[f"A:{g}:unknown"], v[f"AR:{g}"] = values
        elif section == "Onward referrals" and len(tokens) == 3 and tokens[0] != "Service type":
            v[f"O:{onward}"], onward = values[1], onward + 1
        elif section == "Caseload per caseworker" and len(tokens) == 4 and tokens[1] != "Referrals":
            v[f"C:{caseload}:referrals"], v[f"C:{caseload}:appointments"] = values[:2]
            v[f"C:{caseload}:attended"], caseload = values[2], caseload + 1
    return v


# --------------------------------------------------------------------------- the test


@pytest.fixture
def small(db: Database) -> Database:
    demo.generate(db, cli_actor(), people=70, seed=5, today=TODAY)
    return db


PERIODS = [
    (date(2025, 12, 1), date(2026, 11, 30), None),
    (date(2025, 12, 1), date(2026, 11, 30), "Coventry"),
    (date(2026, 9, 1), date(2026, 9, 30), None),
    (date(2026, 3, 1), date(2026, 5, 31), "Wolverhampton"),
]


def test_no_hidden_count_can_be_worked_out_from_a_saved_file(
    small: Database, tmp_path: Path
) -> None:
    readers = {"pdf": read_pdf, "xlsx": read_xlsx, "csv": read_csv}
    hidden_somewhere = 0
    for n, (start, end, area) in enumerate(PERIODS):
        summary = build_summary(small, cli_actor(), start, end, area)
        files = {}
        for internal in (True, False):
            for kind, read in readers.items():
                path = tmp_path / f"{n}-{internal}.{kind}"
                save_summary(summary, path, internal=internal, generated_on=TODAY)
                files[kind, internal] = read(path)
        for kind in readers:
            exact, public = files[kind, True], files[kind, False]
            check_relations_hold(exact)
            if kind != "csv":  # the readers found every table
                prefixes = {k.split(":")[0] for k in exact}
                assert {"H", "F", "FS", "B", "R", "C", "D", "A", "AR"} <= prefixes, kind
                assert {k.split(":")[1] for k in exact if k.startswith("B:")} == set(ADDITIVE)
            hidden = {k for k, x in public.items() if x in HIDDEN and is_count(k)}
            hidden_somewhere += len(hidden)
            assert all(isinstance(exact[k], int) for k in hidden)
            assert {k for k in hidden if public[k] == "<5"} == {
                k
                for k, x in exact.items()
                if k in public and is_count(k) and isinstance(x, int) and 0 < x < 5
            }, (kind, area)
            assert recovered(public) == {}, (kind, start, area)
        # The same figures are hidden in every file (the PDF's key figures are the headline's).
        pdf, xlsx, csv_ = files["pdf", False], files["xlsx", False], files["csv", False]
        for key, value in pdf.items():
            if not key.startswith("H:"):
                continue
            if is_count(key) and isinstance(value, int | str) and value in (*HIDDEN, 0):
                assert xlsx[key] == csv_[key] == value, key
            elif value == "hidden":  # a rate: "hidden" in the spreadsheet, empty in the CSV
                assert xlsx[key] == "hidden" and csv_[key] == "", key
        assert {
            k: x for k, x in xlsx.items() if k.startswith("H:") and x in HIDDEN and is_count(k)
        } == {k: x for k, x in csv_.items() if x in HIDDEN}
    assert hidden_somewhere > 50  # the data did have small groups to hide
