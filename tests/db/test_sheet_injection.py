"""Every CSV and XLSX the app writes neutralises text a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from openpyxl import load_workbook

from divert_desktop.core.enums import Role, Source
from divert_desktop.core.spreadsheet import FORMULA_STARTS, restore_cell, safe_cell
from divert_desktop.persistence.database import Database
from divert_desktop.persistence.models import Referral
from divert_desktop.services.admin import settings
from divert_desktop.services.audit.trail import AuditEntry, record
from divert_desktop.services.audit.view import AuditFilter, export_audit_csv
from divert_desktop.services.casework.outcomes import import_followups
from divert_desktop.services.context import Actor, cli_actor
from divert_desktop.services.intake.police_import import import_referrals, write_rejects
from divert_desktop.services.reports.export import export_referrals_csv
from divert_desktop.services.reports.summaries.report_file import write_report
from tests.db.test_import import HEADER, adult
from tests.db.test_summaries import _person, _referral

HYPERLINK = '=HYPERLINK("http://x","y")'
PAYLOADS = ["=1+2", HYPERLINK, "@SUM(1)", "+1", "-1+1", "\tx", "\rx"]
TODAY = date(2026, 11, 27)


def _neutralised(text: str, payload: str) -> bool:
    return text == "'" + payload


def _no_live_text(cells: list[str]) -> None:
    """No cell a spreadsheet would run: every text starting = + - @ tab CR has the apostrophe."""
    live = [c for c in cells if c.startswith(FORMULA_STARTS) and not _is_number(c)]
    assert live == []


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _read_csv(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def test_safe_cell_rule() -> None:
    for payload in PAYLOADS:
        assert safe_cell(payload) == "'" + payload
        assert restore_cell(safe_cell(payload)) == payload
    assert safe_cell("-") == "'-" and safe_cell("+44 7700 900123") == "'+44 7700 900123"
    assert safe_cell(-1) == -1 and safe_cell(2.5) == 2.5 and safe_cell(None) is None
    assert safe_cell(date(2026, 1, 2)) == date(2026, 1, 2)
    assert safe_cell("Coventry") == "Coventry" and safe_cell("") == ""
    assert restore_cell("'Tis") == "'Tis" and restore_cell("O'Neil") == "O'Neil"


def test_export_referrals_and_followup_round_trip(db: Database, tmp_path: Path) -> None:
    with db.unit_of_work() as s:
        for i, reference in enumerate(PAYLOADS):
            person = _person(s, f"Anna{i}", date(1990, 1, 1 + i))
            _referral(s, person, reference, datetime(2026, 5, 1 + i, 10), "engaged")
    out = tmp_path / "referrals.csv"
    assert export_referrals_csv(db, cli_actor(), out) == len(PAYLOADS)
    rows = _read_csv(out)
    header, body = rows[0], rows[1:]
    assert header[0] == "police_reference"
    references = sorted(r[0] for r in body)
    assert references == sorted("'" + p for p in PAYLOADS)
    for row in body:
        _no_live_text(row)
        assert row[header.index("person_id")].isdigit()  # numbers stay numbers
        assert row[header.index("referral_number")].isdigit()
    # A follow-up file made from the export still finds the referrals.
    followups = tmp_path / "followups.csv"
    with followups.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["police_reference", "rearrested", "learned_on"])
        for row in body:
            if not row[0].startswith(("'\t", "'\r")):  # whitespace is trimmed on reading
                writer.writerow([row[0], "no", "2026-11-20"])
    result = import_followups(db, cli_actor(), followups, today=TODAY)
    assert result.rejected == 0 and result.updated == len(PAYLOADS) - 2
    with db.unit_of_work(write=False) as s:
        answered = s.execute(
            sa.select(Referral.police_reference).where(Referral.followup_rearrested == "no")
        ).scalars()
        assert sorted(answered) == sorted(p for p in PAYLOADS if p[0] not in "\t\r")


def test_rejects_file_is_neutralised_and_imports_again(db: Database, tmp_path: Path) -> None:
    references = ["=1+2", "@SUM(1)", "+1", "-1+1"]
    rows = [adult(police_reference=r, gender="robot", notes=HYPERLINK) for r in references]
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([row.get(h, "") for h in HEADER] for row in rows)
    result = import_referrals(db, cli_actor(), source, today=TODAY)
    assert result.rejected == len(references)
    rejects = tmp_path / "rejects.csv"
    assert write_rejects(result, rejects) == len(references)
    back = _read_csv(rejects, "utf-8-sig")
    header = back[0]
    for row in back[1:]:
        _no_live_text(row)
        assert row[0].isdigit()  # the row number stays a number
        assert _neutralised(row[header.index("notes")], HYPERLINK)
        assert row[1] in {"'" + r for r in references}
    assert sorted(r[1] for r in back[1:]) == sorted("'" + r for r in references)
    # Put right in a spreadsheet (gender) and imported again: the references come back whole.
    fixed = tmp_path / "fixed.csv"
    with fixed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        gender = header.index("gender")
        writer.writerow(header[4:])
        writer.writerows([*r[4:gender], "female", *r[gender + 1 :]] for r in back[1:])
    again = import_referrals(db, cli_actor(), fixed, today=TODAY)
    assert again.rejected == 0
    with db.unit_of_work(write=False) as s:
        stored = dict(s.execute(sa.select(Referral.police_reference, Referral.notes)).all())
    assert sorted(stored) == sorted(references)
    assert set(stored.values()) == {HYPERLINK}


def test_audit_csv_is_neutralised(db: Database, tmp_path: Path) -> None:
    odd = Actor(username=HYPERLINK, role=None, source=Source.CLI, workstation="-1+1")
    with db.unit_of_work() as s:
        record(s, odd, AuditEntry("report.generate", "report", "@SUM(1)", None, {"x": "=1+2"}))
    out = tmp_path / "audit.csv"
    assert export_audit_csv(db, cli_actor(), AuditFilter(username=HYPERLINK), out) == 1
    rows = _read_csv(out)
    header, row = rows[0], rows[1]
    _no_live_text(row)
    assert _neutralised(row[header.index("username")], HYPERLINK)
    assert _neutralised(row[header.index("workstation")], "-1+1")
    assert _neutralised(row[header.index("entity_id")], "@SUM(1)")
    assert row[header.index("id")].isdigit()


def test_report_xlsx_and_csv_are_neutralised(db: Database, tmp_path: Path, make_actor) -> None:  # type: ignore[no-untyped-def]
    from divert_desktop.persistence.models import Appointment, StaffUser

    manager = make_actor(db, Role.MANAGER)
    settings.update_settings(db, manager, {"organisation_name": "=1+2"})
    with db.unit_of_work() as s:
        for i, name in enumerate(PAYLOADS):
            worker = StaffUser(
                username=f"cw{i}", display_name=name, role=Role.CASEWORKER, password_hash="x"
            )
            s.add(worker)
            s.flush()
            for j in range(6):
                person = _person(s, f"Bo{i}x{j}", date(1980, 1 + i, 1 + j))
                referral = _referral(
                    s, person, f"R-{i}-{j}", datetime(2026, 5, 1 + j, 9), "engaged"
                )
                when = datetime(2026, 5, 10 + j, 9 + i)
                s.execute(
                    sa.insert(Appointment).values(
                        person_id=person,
                        referral_id=referral,
                        type="initial_assessment",
                        start_at=when,
                        end_at=when + timedelta(hours=1),
                        length_minutes=60,
                        place_kind="phone",
                        status="attended",
                        created_by="test",
                        caseworker_id=worker.id,
                    )
                )
    for internal in (False, True):
        xlsx = tmp_path / f"s{internal}.xlsx"
        write_report(
            db,
            manager,
            "2026-04-01",
            "2026-06-30",
            None,
            xlsx,
            internal=internal,
            generated_on=TODAY,
        )
        wb = load_workbook(xlsx, data_only=False)
        texts: list[str] = []
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                    if isinstance(c.value, str):
                        texts.append(c.value)
        _no_live_text(texts)
        assert wb["Headline"]["A1"].value == "'=1+2: DIVERT summary"
        caseload = {r[0].value: r for r in wb["Caseload"].iter_rows(min_row=2)}
        # (XML reads a carriage return back as a line feed)
        assert set(caseload) == {"'" + p.replace("\r", "\n") for p in PAYLOADS}
        assert all(isinstance(r[1].value, int) for r in caseload.values())  # 6 referrals each
        assert isinstance(wb["Headline"]["B6"].value, int)
    path = tmp_path / "s.csv"
    write_report(db, manager, "2026-04-01", "2026-06-30", None, path, generated_on=TODAY)
    for row in _read_csv(path):
        _no_live_text(row)
