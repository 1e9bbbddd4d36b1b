"""Screenshots of every page and dialog on a demo database, for looking at (not for tests).

    xvfb-run -a -s "-screen 0 1366x768x24" python installer/screenshots.py --out /tmp/shots

Builds a throw-away database (synthetic demo data, then a small police file imported through the
dialog), signs in as a receptionist, a manager and an administrator, and saves a PNG of each
page and dialog (about sixty) at 1366x768 (every window fitted to that screen). Nothing
touches the user's own database or settings.
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from divert_desktop.clock import SystemClock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The demo accounts live only in a throwaway database; a fresh password each run, never stored.
PASSWORD = secrets.token_urlsafe(18)
CLOCK = SystemClock()  # the screenshots show the demo data as of today
SIZE = (1366, 768)  # a laptop screen; the screen fitter keeps the frame inside it


def sample_file(path: Path) -> Path:
    """A police export of twelve invented referrals: ten good, one unknown area, one bad date."""
    when = datetime.combine(CLOCK.today() - timedelta(days=1), datetime.min.time()).replace(hour=11)
    names = [
        ("Harriet", "Quennell"),
        ("Dominik", "Wójcik"),
        ("Precious", "Adeyemi"),
        ("Rhys", "Gethin"),
        ("Mei", "Tanaka"),
        ("Aurelio", "Bianchi"),
        ("Saoirse", "Byrne"),
        ("Kofi", "Mensah"),
        ("Ines", "Carvalho"),
        ("Tobias", "Lindgren"),
        ("Ffion", "Pryce"),
        ("Yusuf", "Karim"),
    ]
    areas = ["Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall", "Wolverhampton"]
    columns = [
        "police_reference",
        "referral_datetime",
        "officer_name",
        "officer_number",
        "first_name",
        "last_name",
        "date_of_birth",
        "local_authority",
        "substances",
        "intent_to_supply",
        "postcode",
        "appointment_datetime",
        "appointment_venue",
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for n, (first, last) in enumerate(names, start=1):
            area = areas[n % len(areas)]
            born = date(1988, 1, 1) + timedelta(days=211 * n)
            appointment = (when + timedelta(days=2, hours=n % 5)).strftime("%Y-%m-%d %H:%M")
            row = [
                f"SHOT-{n:05d}",
                (when + timedelta(minutes=n)).strftime("%d/%m/%Y %H:%M"),
                "PC Example",
                f"{7000 + n}",
                first,
                last,
                born.isoformat(),
                area,
                "cannabis; cocaine" if n % 3 == 0 else "cannabis",
                "no",
                "B5 4TD",
                appointment if n % 2 else "",
                area if n % 2 else "",
            ]
            if n == 11:
                row[7] = "Atlantis"
            if n == 12:
                row[6] = "2001-02-30"
            if n == 4:
                row[9] = "yes"
            if n == 3:  # asked for on a Sunday: imported without it, under Needs rebooking
                sunday = when + timedelta(days=(6 - when.weekday()) % 7 or 7)
                row[11] = sunday.replace(hour=10).strftime("%Y-%m-%d %H:%M")
            writer.writerow(row)
    return path


def diary_dialogs(diary, settle, shoot) -> None:  # type: ignore[no-untyped-def]
    """Book appointment, Cancel appointment and Print day sheet, opened from the diary."""
    book = diary.actions.book()
    settle(lambda: book.referral_list.count() > 0)
    shoot(book, "09d_book_appointment")
    book.reject_without_asking()
    booked = [a for a in diary.canvas.appointments if a.status.value == "booked"]
    if booked:
        cancel = diary.actions.cancel(booked[0])
        if cancel is not None:
            cancel.reason_edit.setText("Rang to say they are unwell")
            shoot(cancel, "09e_cancel_appointment")
            cancel.reject_without_asking()
    sheet = diary.actions.day_sheet()
    shoot(sheet, "09f_day_sheet")
    sheet.reject()
    move_refused(diary, settle, shoot)


def move_refused(diary, settle, shoot) -> None:  # type: ignore[no-untyped-def]
    """Move appointment, then a move onto the same caseworker's later appointment: refused,
    naming the caseworker's next free time and offering it."""
    later = [
        a
        for a in diary.canvas.appointments
        if a.status.value == "booked" and a.caseworker_id is not None and a.start_at > CLOCK.now()
    ]
    pair = next(
        (
            (a, b)
            for a in later
            for b in later
            if a.caseworker_id == b.caseworker_id and a.id != b.id and a.start_at < b.start_at
        ),
        None,
    )
    if pair is None:
        print("no caseworker with two later appointments today: no refused-move screenshot")
        return
    moving, other = pair
    dialog = diary.actions.move(moving)
    shoot(dialog, "09g_move_appointment")
    dialog.time_combo.setCurrentIndex(dialog.time_combo.findText(f"{other.start_at:%H:%M}"))
    dialog.save()
    settle(lambda: dialog.error_label.isVisible())
    shoot(dialog, "09h_move_refused_next_free_time")
    dialog.reject_without_asking()


def opened(start, settle):  # type: ignore[no-untyped-def]
    """The dialog a launcher opens once its data is loaded (``start(on_open)``), or None."""
    found: list = []
    start(found.append)
    settle(lambda: bool(found))
    return found[0] if found else None


def casework_dialogs(window, page, settle, shoot) -> None:  # type: ignore[no-untyped-def]
    """Session note, outcome, onward referrals and the follow-up import, from the caseload."""
    import sqlalchemy as sa

    from divert_desktop.gui.casework import launch
    from divert_desktop.persistence.models import OnwardReferral

    db, actor, runner = window.db, window.actor, window.runner
    assessed = [r for r in page.referrals.model.rows if r.assessment_id is not None]
    if assessed:
        referral = assessed[0].referral_id
        for name, launcher in (
            ("21c_session_note", launch.open_session_note),
            ("21d_outcome", launch.open_outcome),
            ("21e_new_onward_referral", launch.open_new_onward),
        ):
            dialog = opened(
                lambda on_open, launcher=launcher: launcher(
                    page, db, actor, runner, referral, on_open=on_open, on_error=print
                ),
                settle,
            )
            if dialog is not None:
                shoot(dialog, name)
                getattr(dialog, "reject_without_asking", dialog.close)()
    else:
        print("no assessed referral on the caseload: no session, outcome or onward screenshots")
    with db.unit_of_work(write=False) as session:
        onward_id = session.execute(sa.select(sa.func.min(OnwardReferral.id))).scalar()
    if onward_id is not None:
        dialog = opened(
            lambda on_open: launch.open_onward(
                page, db, actor, runner, onward_id, on_open=on_open, on_error=print
            ),
            settle,
        )
        if dialog is not None:
            shoot(dialog, "21f_onward_referral")
            getattr(dialog, "reject_without_asking", dialog.close)()
    page.import_followups()
    shoot(page.followup_dialog, "21g_follow_up_import")
    page.followup_dialog.reject_without_asking()


def casework_shots(window, settle, shoot) -> None:  # type: ignore[no-untyped-def]
    """The caseload of one demo caseworker, an assessment (top, then a scored section) and the
    service directory."""
    page = window.show_page("casework")
    settle(lambda: not page.loading)
    settle(lambda: page.who_combo.count() > 2)
    if page.who_combo.count() > 2:
        page.who_combo.setCurrentIndex(2)  # the first demo caseworker
        settle(lambda: not page.loading)
    shoot(window, "19_caseload")
    rows = page.referrals.model.rows
    if rows:
        from divert_desktop.gui.casework.assessment_dialog import open_assessment_window

        waiting = [r for r in rows if r.assessment_id is None] or rows
        opened: list = []
        open_assessment_window(
            page,
            window.db,
            window.actor,
            window.runner,
            referral_id=waiting[0].referral_id,
            on_open=opened.append,
        )
        settle(lambda: bool(opened))
        if opened:
            dialog = opened[0]
            dialog.resize(1280, 860)
            shoot(dialog, "20_assessment_top")
            form = dialog.form_widget
            first = (form.answers().get("assist_used") or ["cannabis"])[0]
            for path, value in (
                ("drinks_alcohol", True),
                (f"assist.{first}.q2", "weekly"),
                (f"assist.{first}.q3", "monthly"),
                (f"assist.{first}.q4", "never"),
                (f"assist.{first}.q5", "never"),
                (f"assist.{first}.q6", "never"),
                (f"assist.{first}.q7", "yes_earlier"),
                ("assist_q8", "never"),
            ):
                if path in form.blocks:
                    form.blocks[path].set_value(value)
                    form.refresh()
            form.focus_path("assist_q8")
            shoot(dialog, "21_assessment_scores")
            form.set_answers({})
            dialog.save()  # nothing answered: the error summary, wrapped, at the top
            settle(seconds=0.5)
            shoot(dialog, "21b_assessment_problems")
            dialog.reject_without_asking()
    casework_dialogs(window, page, settle, shoot)
    services = window.show_page("services")
    settle(lambda: not services.loading)
    shoot(window, "22_services")
    services.table.view.selectRow(0)
    services.edit(services.table.current_row())
    if services.dialog is not None:
        shoot(services.dialog, "22b_service")
        services.dialog.reject_without_asking()


def letters_screens(window, db, settle, shoot) -> None:  # type: ignore[no-untyped-def]
    """A letter's preview, a batch and the wording editor, as a manager."""
    import sqlalchemy as sa

    from divert_desktop.core.enums import AppointmentStatus
    from divert_desktop.gui.letters.letter_dialog import LetterDialog
    from divert_desktop.persistence.models import Appointment, Person
    from divert_desktop.services.admin.settings import update_settings
    from divert_desktop.services.context import cli_actor

    update_settings(
        db,
        cli_actor(),
        {
            "organisation_name": "Example Recovery Trust",
            "organisation_phone": "0121 496 0000",
            "organisation_address": "Unit 4, Sample Works\n12 Example Lane\nBirmingham B1 1AA",
            "organisation_email": "divert@example.org",
            "signatory_name": "Jo Example",
            "signatory_title": "DIVERT Service Manager",
        },
    )
    with db.unit_of_work(write=False) as session:
        referral = session.execute(
            sa.select(Appointment.referral_id)
            .join(Person, Person.id == Appointment.person_id)
            .where(
                Appointment.status == AppointmentStatus.BOOKED,
                Person.address_line1.is_not(None),
                Person.letters_allowed,
                Appointment.start_at > CLOCK.now(),
                Appointment.referral_id.is_not(None),
            )
            .order_by(Appointment.start_at)
            .limit(1)
        ).scalar_one_or_none()
    if referral is not None:
        dialog = LetterDialog(window, db, window.actor, window.runner, referral_id=referral)
        dialog.show()
        settle(lambda: not dialog.loading and dialog.panel.page_count > 0)
        shoot(dialog, "23_letter_preview")
        dialog.close()
    batch = window.letters_menu.open_batch()
    batch.from_edit.set_date(CLOCK.today() + timedelta(days=1))
    batch.folder_edit.setText(str(Path(tempfile.mkdtemp(prefix="divert-shots-letters-"))))
    shoot(batch, "24_letter_batch")
    batch.start()
    settle(lambda: batch.result is not None)
    shoot(batch, "25_letter_batch_done")
    batch.close()
    from divert_desktop.gui.letters.viewer_dialog import open_letter
    from divert_desktop.persistence.models import Letter

    with db.unit_of_work(write=False) as session:
        letter_id = session.execute(sa.select(sa.func.max(Letter.id))).scalar()
    if letter_id is not None:
        viewer = opened(
            lambda on_open: open_letter(
                window, db, window.actor, window.runner, letter_id, on_open=on_open, on_error=print
            ),
            settle,
        )
        if viewer is not None:
            settle(lambda: viewer.panel.page_count > 0)
            shoot(viewer, "25b_letter_reprint")
            viewer.close()
    wording = window.letters_menu.open_wording()
    settle(lambda: wording.current is not None and wording.panel.page_count > 0)
    shoot(wording, "26_letter_wording")
    wording.reject_without_asking()


def add_held_referral(db) -> None:  # type: ignore[no-untyped-def]
    """A referral held for a manager: the person's earlier referral was closed as not engaged."""
    from datetime import date, timedelta

    from divert_desktop.core.enums import LocalAuthority, ReferralStatus, Substance
    from divert_desktop.persistence.models import Referral
    from divert_desktop.services.context import cli_actor
    from divert_desktop.services.intake.draft import ReferralDraft
    from divert_desktop.services.intake.referrals import create_referral
    from divert_desktop.services.referral_state import change_status

    now = db.clock.now().replace(second=0, microsecond=0)

    def draft(reference: str, days_ago: int) -> ReferralDraft:
        return ReferralDraft(
            police_reference=reference,
            referral_datetime=now - timedelta(days=days_ago),
            officer_name="PC Ada Fenwick",
            officer_number="4410",
            first_name="Rosalind",
            last_name="Featherstonehaugh",
            date_of_birth=date(1990, 8, 21),
            local_authority=LocalAuthority.SOLIHULL,
            substances=[(Substance.CANNABIS, None)],
            intent_to_supply=False,
            postcode="B91 3QE",
        )

    first = create_referral(db, cli_actor(), draft("WMP-2026-HELD01", 200))
    with db.unit_of_work() as session:
        referral = session.get(Referral, first.id)
        change_status(
            session, cli_actor(), referral, ReferralStatus.NOT_ENGAGED, "Nothing attended"
        )
    create_referral(db, cli_actor(), draft("WMP-2026-HELD02", 2), person_id=first.person_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--people", type=int, default=400)
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="divert-shots-"))
    os.environ["DIVERT_DATA_DIR"] = str(work)

    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))

    from divert_desktop.app import build_main_window
    from divert_desktop.core.enums import Role
    from divert_desktop.gui.people.record_dialog import PersonDialog
    from divert_desktop.gui.shell.application import make_application
    from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog
    from divert_desktop.gui.shell.login_dialog import LoginDialog
    from divert_desktop.gui.shell.tasks import TaskRunner
    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.migrate import upgrade
    from divert_desktop.services.admin import accounts
    from divert_desktop.services.admin.users import add_user, authenticate
    from divert_desktop.services.context import cli_actor

    app = make_application([sys.argv[0]])
    runner = TaskRunner()

    def settle(done: Callable[[], bool] | None = None, seconds: float = 0.4) -> None:
        """Process events until ``done()`` is true (at most 30 s), or for ``seconds``."""
        end = time.monotonic() + (30 if done is not None else seconds)
        while time.monotonic() < end:
            app.processEvents()
            if done is not None and done():
                break
        for _ in range(5):
            app.processEvents()

    def shoot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        settle(seconds=0.3)
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(f"saved {path}")

    # --- first run and sign-in on an empty database ----------------------------------------
    empty = Database(f"sqlite:///{work / 'empty.sqlite3'}")
    upgrade(empty.engine)
    first = FirstRunDialog(empty, runner)
    first.show()
    first.ui.username_edit.setText("admin")
    first.ui.full_name_edit.setText("Ada Example")
    first.ui.password_edit.setText("short pass")
    first.ui.organisation_name_edit.setText("Example Recovery Trust")
    first.ui.organisation_address_edit.setPlainText("1 Example Street\nBirmingham B1 1AA")
    first.create()  # shows the password problem next to the field
    shoot(first, "01_first_run")
    first.reject_without_asking()

    db = Database(f"sqlite:///{work / 'demo.sqlite3'}")
    upgrade(db.engine)
    try:
        from divert_desktop.services.demo.generate import generate

        generate(db, cli_actor(), people=args.people, seed=7)
    except ImportError:
        print("services.demo is not available: the pages show imported data only")
    for username, name, role in (
        ("rita", "Rita Example", Role.RECEPTIONIST),
        ("mara", "Mara Example", Role.MANAGER),
        ("ada", "Ada Example", Role.ADMINISTRATOR),
    ):
        add_user(
            db, cli_actor(), username=username, display_name=name, role=role, password=PASSWORD
        )

    login = LoginDialog(db, runner, username="rita")
    login.show()
    shoot(login, "02_login")
    login.ui.password_edit.setText("not the password")
    login.sign_in()
    settle(lambda: login.ui.message_label.isVisible() and not login.busy)
    shoot(login, "03_login_refused")
    login.close()

    # --- receptionist ----------------------------------------------------------------------
    reception = build_main_window(db, authenticate(db, "rita", PASSWORD), runner)
    reception.resize(*SIZE)
    reception.show()
    today = reception.show_page("today")
    settle(lambda: not today.loading)
    shoot(reception, "04_today_receptionist")

    dialog = reception.open_import_dialog()
    assert dialog is not None
    dialog.resize(1040, 640)
    dialog.ui.file_path_edit.setText(str(sample_file(work / "police-export.csv")))
    dialog.start()
    settle(lambda: not dialog.running)
    shoot(dialog, "05_import_result")
    dialog.close()

    today = reception.show_page("today")
    settle(lambda: not today.loading)
    today.tabs.setCurrentIndex(today.tabs.indexOf(today.rebooking.parentWidget()))
    today.rebooking.view.selectRow(0)
    shoot(reception, "05b_today_needs_rebooking")
    finder = today.rebook_selected()
    if finder is not None:
        settle(lambda: bool(getattr(finder, "slots", None)))
        shoot(finder, "05c_find_slot_from_the_time_asked_for")
        finder.reject()

    referrals = reception.show_page("referrals")
    settle(lambda: not referrals.loading)
    shoot(reception, "06_referrals")

    people = reception.show_page("people")
    people.search_edit.setText("SHOT")
    people.search_edit.search_now()
    settle(lambda: not people.loading)
    people.search_edit.setText("a")
    people.search_edit.search_now()
    settle(lambda: not people.loading)
    shoot(reception, "07_people_search")
    people.search_edit.setText("wójcik")
    people.search_edit.search_now()
    settle(lambda: not people.loading)
    row = people.table.model.rows[0] if people.table.model.rowCount() else None
    if row is not None:
        people.open_person(row.id)
        settle(lambda: people.findChild(PersonDialog) is not None)
        record = people.findChild(PersonDialog)
        if record is not None:
            record.resize(980, 640)
            shoot(record, "08_person_record_receptionist")
            record.edit_details()
            settle(lambda: getattr(record, "edit_dialog", None) is not None)
            if getattr(record, "edit_dialog", None) is not None:
                shoot(record.edit_dialog, "08b_edit_person")
                record.edit_dialog.reject_without_asking()
            record.close()

    diary = reception.show_page("diary")
    settle(lambda: not diary.loading)
    shoot(reception, "09_diary")
    diary.set_view("week")
    settle(lambda: diary.week_combo.count() > 0 and not diary.loading)
    first_caseworker = next(
        i
        for i in range(diary.week_combo.count())
        if diary.week_combo.itemText(i).startswith("Caseworker")
    )
    diary.week_combo.setCurrentIndex(first_caseworker)
    settle(lambda: not diary.loading)
    shoot(reception, "09b_diary_week")
    diary.set_view("day")
    settle(lambda: not diary.loading)
    diary_dialogs(diary, settle, shoot)

    intake = reception.open_intake_dialog()
    if intake is not None:
        settle(lambda: intake.ui.appointment_venue_combo.count() > 1)
        intake.resize(1180, 820)
        u = intake.ui
        u.police_reference_edit.setText("SHOT-90001")
        u.officer_name_edit.setText("PC Example")
        u.officer_number_edit.setText("7123")
        u.first_name_edit.setText("Zoë")
        u.last_name_edit.setText("Łukasz-Example")
        today = CLOCK.today()
        young = date(today.year - 16, today.month, min(today.day, 28)) - timedelta(days=30)
        u.date_of_birth_edit.setText(young.strftime("%d/%m/%Y"))
        u.postcode_edit.setText("B5 4TD")
        intake.refresh(editing=None)
        settle(seconds=1.0)
        shoot(intake, "09c_intake_young_person")
        intake.reject_without_asking()
    guide = reception.show_help()
    settle(lambda: guide.role is not None and not guide.loading)
    shoot(guide, "18_user_guide_receptionist")
    guide.close()
    reception.close()

    # --- manager -----------------------------------------------------------------------------
    manager = build_main_window(db, authenticate(db, "mara", PASSWORD), runner)
    manager.resize(*SIZE)
    manager.show()
    reports = manager.show_page("reports")
    reports.from_edit.set_date(CLOCK.today() - timedelta(days=365))
    reports.refresh()
    settle(lambda: not reports.loading)
    shoot(manager, "10_reports_manager")
    reports.open_evaluation()
    shoot(reports.evaluation_dialog, "10b_evaluation_extract")
    reports.evaluation_dialog.reject_without_asking()
    today = manager.show_page("today")
    settle(lambda: not today.loading)
    shoot(manager, "11_today_manager")
    # Held for a manager: the list with Decide… and Keep as ineligible…, then the record.
    if not today.held.model.rowCount():
        add_held_referral(db)
        today.refresh()
        settle(lambda: not today.loading)
    today.tabs.setCurrentIndex(today.tabs.indexOf(today.held.parentWidget()))
    if today.held.model.rowCount():
        today.held.view.selectRow(0)
        shoot(manager, "11c_today_held_for_a_manager")
        held_row = today.held.current_row()
        today.open_held(held_row)
        settle(lambda: today.findChild(PersonDialog) is not None)
        record = today.findChild(PersonDialog)
        if record is not None:
            settle(lambda: record.override_bar_button.isEnabled())
            record.resize(980, 640)
            shoot(record, "11d_person_record_held_referral")
            if record.data_actions is not None:
                for name, action in (
                    ("11f_merge_records", record.data_actions.merge),
                    ("11g_erase_person", record.data_actions.erase),
                ):
                    dialog = action()
                    shoot(dialog, name)
                    dialog.reject_without_asking()
            record.close()
        decision = today.decide_held()
        if decision is not None:
            shoot(decision, "11e_decide_on_a_held_referral")
            decision.reject()
    else:
        print("nothing held in the demo data: no Held for a manager screenshots")
    audit = manager.show_page("audit")
    settle(lambda: not audit.loading)
    settle(lambda: audit.details.detail is not None)
    shoot(manager, "11a_audit_trail_manager")
    privacy = manager.show_page("privacy")
    settle(lambda: not privacy.loading)
    shoot(manager, "11b_data_protection_manager")
    casework_shots(manager, settle, shoot)
    letters_screens(manager, db, settle, shoot)
    manager.close()

    # --- administrator -----------------------------------------------------------------------
    admin = build_main_window(db, authenticate(db, "ada", PASSWORD), runner)
    admin.resize(*SIZE)
    admin.show()
    page = admin.show_page("admin")
    settle(lambda: not page.loading)
    shoot(admin, "12_admin")
    add = page.add_user()
    add.ui.username_edit.setText("jo")
    add.ui.full_name_edit.setText("Jo Example")
    add.ui.password_edit.setText(PASSWORD)
    add.ui.confirm_password_edit.setText(PASSWORD + "!")
    add.add()
    shoot(add, "13_add_user")
    add.reject_without_asking()
    page.select_username("rita")
    page.run(
        accounts.set_active,
        db,
        admin.actor,
        page.selected().id,
        False,
        on_done=lambda _u: page.refresh(),
    )
    settle(lambda: page.selected() is not None and not page.selected().active, seconds=2)
    settle(lambda: not page.loading)
    page.select_username("rita")
    shoot(admin, "14_admin_accounts")
    for name, action in (
        ("14b_change_role", page.change_role),
        ("14c_reset_password", page.reset_password),
        ("14d_change_own_password", admin.change_password),
    ):
        dialog = action()
        shoot(dialog, name)
        dialog.reject_without_asking()
    connection = page.choose_connection()
    settle(seconds=0.5)
    shoot(connection, "15_connection_this_computer")
    connection.new_profile()
    connection.ui.name_edit.setText("Office server")
    connection.ui.host_edit.setText("dbserver")
    connection.ui.database_edit.setText("divert")
    connection.ui.user_edit.setText("divert_app")
    settle(seconds=0.5)
    shoot(connection, "16_connection_shared_server")
    connection.reject_without_asking()
    admin.lock()
    settle(seconds=0.3)
    shoot(admin, "17_lock_screen")
    letterhead = page.edit_letterhead()
    settle(lambda: letterhead.loaded is not None and letterhead.panel.page_count > 0)
    shoot(letterhead, "27_letterhead")
    letterhead.reject_without_asking()
    venues = page.edit_venues()
    settle(seconds=1.0)
    shoot(venues, "28_venues")
    venues.reject_without_asking()
    admin.close()

    runner.shutdown()
    db.dispose()
    empty.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
