"""Letters in the app: preview, save, open, print and the log from a person's record, the diary's
letter action, batches with progress and Cancel, the wording editor and the letterhead."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from PySide6.QtCore import Qt

from divert_desktop.core.enums import (
    AppointmentStatus,
    AppointmentType,
    LetterTemplate,
    PlaceKind,
    ReferralStatus,
    Role,
)
from divert_desktop.gui.letters import pdf_panel
from divert_desktop.gui.letters.batch_dialog import LetterBatchDialog
from divert_desktop.gui.letters.letter_dialog import LetterDialog
from divert_desktop.gui.letters.letterhead_dialog import LetterheadDialog
from divert_desktop.gui.letters.templates_dialog import LetterTemplatesDialog
from divert_desktop.gui.letters.viewer_dialog import LetterViewerDialog
from divert_desktop.gui.people.record_dialog import PersonDialog, open_person_record
from divert_desktop.gui.shell.main_window import MainWindow
from divert_desktop.persistence.models import (
    Appointment,
    Letter,
    LetterTemplateVersion,
    Person,
    Referral,
)
from tests.letters_seed import seed_letters

T = LetterTemplate


@pytest.fixture
def world(sqlite_db: Any) -> Any:
    return seed_letters(sqlite_db)


def letter_dialog(qtbot: Any, db: Any, actor: Any, runner: Any, **kw: Any) -> LetterDialog:
    dialog = LetterDialog(None, db, actor, runner, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=15_000)
    return dialog


def choose(qtbot: Any, dialog: LetterDialog, template: LetterTemplate) -> None:
    for row in range(dialog.template_list.count()):
        if dialog.template_list.item(row).data(Qt.ItemDataRole.UserRole) == template:
            dialog.template_list.setCurrentRow(row)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=15_000)


def logged(db: Any) -> list[Letter]:
    with db.unit_of_work(write=False) as s:
        return list(s.execute(sa.select(Letter).order_by(Letter.id)).scalars())


def test_a_letter_is_previewed_then_logged_when_saved(
    qtbot, sqlite_db, world, make_actor, runner, tmp_path
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    dialog = letter_dialog(qtbot, sqlite_db, actor, runner, referral_id=world.adult)
    assert dialog.windowTitle() == "Letter"  # never the person's name
    assert dialog.template == T.APPOINTMENT_CONFIRMATION and dialog.panel.page_count == 1
    assert dialog.panel.save_button.isEnabled() and dialog.panel.print_button.isEnabled()
    labels = [dialog.template_list.item(r).text() for r in range(dialog.template_list.count())]
    assert labels == [
        "Appointment confirmation",
        "Appointment reminder",
        "Missed appointment (does not apply)",
    ]  # a receptionist: appointment letters only
    assert logged(sqlite_db) == []  # a preview is not a letter sent
    out = tmp_path / "saved.pdf"
    with qtbot.waitSignal(dialog.sig_produced, timeout=15_000):
        dialog.panel.save_to(str(out))
    qtbot.waitUntil(out.exists, timeout=10_000)
    (row,) = logged(sqlite_db)
    assert out.read_bytes() == row.pdf == dialog.panel.pdf
    assert "Siân Öztürk-Jones" in PdfReader(out).pages[0].extract_text()
    assert "Logged on the record: 1 letter" in dialog.state_label.text()
    qtbot.waitUntil(
        lambda: dialog.action_label.text().startswith("Saved the letter to"), timeout=5000
    )
    dialog.panel.save_to(str(tmp_path / "again.pdf"))  # saving again logs nothing more
    qtbot.waitUntil((tmp_path / "again.pdf").exists, timeout=10_000)
    assert len(logged(sqlite_db)) == 1


def test_a_young_persons_letter_previews_with_the_adults_copy_and_prints(
    qtbot, sqlite_db, world, make_actor, runner, tmp_path
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    dialog = letter_dialog(
        qtbot,
        sqlite_db,
        make_actor(sqlite_db, Role.CASEWORKER),
        runner,
        referral_id=world.young,
        template=T.APPOINTMENT_REMINDER,
    )
    assert dialog.template == T.APPOINTMENT_REMINDER
    assert "with a copy for the appropriate adult" in dialog.recipients_label.text()
    assert dialog.panel.page_count == 2
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.panel.print_to(printer) == 2
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 2
    dialog.large_print_check.click()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=15_000)
    assert dialog.draft.letters[0].doc.large_print and dialog.large_print_check.isChecked()


def test_printing_a_letter_on_a_high_resolution_printer_makes_a_small_print_job(
    qtbot, sqlite_db, world, make_actor, runner, tmp_path
) -> None:
    """A 1200 dpi printer used to get each page as a 1200 dpi picture (a letter made a job of
    about 17 MB): the pages are now rendered at 300 dpi at most, on white."""
    from PySide6.QtPrintSupport import QPrinter

    from divert_desktop.gui.printing import MAX_PRINT_DPI

    dialog = letter_dialog(
        qtbot,
        sqlite_db,
        make_actor(sqlite_db, Role.CASEWORKER),
        runner,
        referral_id=world.young,
        template=T.APPOINTMENT_REMINDER,
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    assert printer.resolution() > MAX_PRINT_DPI
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    assert dialog.panel.print_to(printer) == 2
    pages = PdfReader(target).pages
    assert len(pages) == 2
    assert target.stat().st_size < 2 * 2_500_000  # was about 10 MB a page
    for page in pages:
        (picture,) = page.images
        inches = float(page.mediabox.width) / 72
        assert picture.image.width <= inches * MAX_PRINT_DPI + 2  # 300 dpi at most
        assert picture.image.width >= inches * MAX_PRINT_DPI * 0.9  # and still sharp
        assert picture.image.convert("RGB").getpixel((3, 3)) == (255, 255, 255)  # white paper


def test_open_in_viewer_uses_a_private_temporary_file(
    qtbot, sqlite_db, world, make_actor, runner, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        pdf_panel.PdfPanel,
        "open_url",
        staticmethod(lambda url: opened.append(url.toLocalFile()) or True),
    )
    dialog = letter_dialog(
        qtbot,
        sqlite_db,
        make_actor(sqlite_db, Role.CASEWORKER),
        runner,
        referral_id=world.completed,
        template=T.POLICE_OUTCOME,
    )
    dialog.panel.open_in_viewer()
    qtbot.waitUntil(lambda: bool(opened), timeout=15_000)
    path = Path(opened[0])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert path.read_bytes() == logged(sqlite_db)[0].pdf
    assert "marked as sent to the police" in dialog.state_label.text()
    pdf_panel.remove_temp_files()
    assert not path.exists()


def test_a_person_who_must_not_be_written_to_gets_no_appointment_letter(
    qtbot, sqlite_db, world, make_actor, runner
) -> None:
    dialog = letter_dialog(
        qtbot,
        sqlite_db,
        make_actor(sqlite_db, Role.CASEWORKER),
        runner,
        referral_id=world.no_letters,
    )
    item = dialog.template_list.item(0)
    assert item.text().endswith("(does not apply)")
    assert "must not be written to" in item.toolTip()
    assert "must not be written to" in dialog.panel.message.text()
    assert not dialog.panel.save_button.isEnabled()


def test_the_record_makes_letters_and_shows_them_exactly_as_sent(
    qtbot, sqlite_db, world, make_actor, runner, tmp_path
) -> None:
    from PySide6.QtWidgets import QWidget

    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    holder = QWidget()
    qtbot.addWidget(holder)
    opened: list[PersonDialog] = []
    open_person_record(holder, sqlite_db, actor, runner, world.people["zoe"], on_open=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    record = opened[0]
    qtbot.addWidget(record)
    record.ui.record_tabs.setCurrentWidget(record.letters_tab)
    assert record.new_letter_button.isVisible() and record.letters.showing_empty_state
    qtbot.mouseClick(record.new_letter_button, Qt.MouseButton.LeftButton)
    dialog = record.letter_dialog
    qtbot.waitUntil(lambda: not dialog.loading and dialog.panel.page_count > 0, timeout=15_000)
    with qtbot.waitSignal(record.sig_changed, timeout=15_000):
        dialog.panel.save_to(str(tmp_path / "z.pdf"))
    qtbot.waitUntil(lambda: record.letters.model.rowCount() == 2, timeout=10_000)
    assert {record.letters.model.row(r).recipient for r in range(2)} == {
        "Person",
        "Appropriate adult",
    }
    record.letters.view.selectRow(0)
    record.letters.view.setCurrentIndex(record.letters.model.index(0, 0))
    record.view_letter()
    qtbot.waitUntil(lambda: getattr(record, "viewer_dialog", None) is not None, timeout=10_000)
    viewer = record.viewer_dialog
    assert isinstance(viewer, LetterViewerDialog)
    shown = record.letters.model.row(0)
    assert viewer.panel.pdf == next(x.pdf for x in logged(sqlite_db) if x.id == shown.id)
    assert viewer.windowTitle() == "Letter sent" and "SHA-256" in viewer.info_label.text()


def test_the_diary_offers_the_missed_letter_for_a_did_not_attend(
    qtbot, sqlite_db, world, make_actor, runner
) -> None:
    actor = make_actor(sqlite_db, Role.RECEPTIONIST)
    window = MainWindow(sqlite_db, actor, runner)
    qtbot.addWidget(window)
    window.show()
    diary = window.show_page("diary")
    diary.show_day(world.today - timedelta(days=1))
    qtbot.waitUntil(lambda: not diary.loading and diary.data is not None, timeout=10_000)
    (missed,) = [a for a in diary.data.appointments if a.id == world.missed_appointment]
    diary.actions.selection_changed(missed)
    assert diary.actions.letter_button.isEnabled()
    dialog = diary.actions.letter(missed)  # a child of the window: closed with it
    qtbot.waitUntil(lambda: not dialog.loading and dialog.panel.page_count > 0, timeout=15_000)
    assert dialog.template == T.MISSED_APPOINTMENT
    assert dialog.draft.appointment_id == world.missed_appointment
    assert dialog.large_print_check.isChecked()  # the record asks for large print


def test_the_letters_menu_follows_the_role(qtbot, sqlite_db, make_actor, runner) -> None:
    for role, visible in (
        (Role.RECEPTIONIST, (True, False, False)),
        (Role.MANAGER, (True, True, True)),
        (Role.ADMINISTRATOR, (False, False, True)),
    ):
        window = MainWindow(sqlite_db, make_actor(sqlite_db, role), runner)
        qtbot.addWidget(window)
        menu = window.letters_menu
        shown = (
            menu.batch_action.isVisible(),
            menu.wording_action.isVisible(),
            menu.letterhead_action.isVisible(),
        )
        assert shown == visible, role
        assert menu.menuAction().isVisible()


def add_reminders(db: Any, world: Any, count: int) -> None:
    """``count`` more booked appointments on the reminder day, for people who may have letters."""
    day = world.today + timedelta(days=7)
    with db.unit_of_work() as s:
        for n in range(count):
            person = Person(
                first_name="Zoë",
                last_name=f"Example{n}",
                date_of_birth=date(1990, 6, 15),  # (no 29 February in 1990)
                search_first="zoe",
                search_last=f"example{n}",
                address_line1="1 Sample Road",
                town="Coventry",
                postcode="CV1 2AB",
            )
            s.add(person)
            s.flush()
            referral = Referral(
                police_reference=f"WMP-B-{n:04d}",
                person_id=person.id,
                referral_datetime=datetime.combine(world.today, time(9)),
                officer_name="PC Ada Example",
                officer_number="4711",
                local_authority="Coventry",
                status=ReferralStatus.BOOKED,
                engagement_deadline=world.today + timedelta(days=42),
                created_by="t",
            )
            s.add(referral)
            s.flush()
            start = datetime.combine(day, time(9)) + timedelta(minutes=5 * n)
            s.add(
                Appointment(
                    person_id=person.id,
                    referral_id=referral.id,
                    type=AppointmentType.REVIEW,
                    start_at=start,
                    end_at=start + timedelta(minutes=30),
                    length_minutes=30,
                    place_kind=PlaceKind.PHONE,
                    status=AppointmentStatus.BOOKED,
                    created_by="t",
                )
            )


def test_a_batch_runs_with_progress_and_lists_who_was_left_out(
    qtbot, sqlite_db, world, make_actor, runner, tmp_path
) -> None:
    dialog = LetterBatchDialog(
        None, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner, today=world.today
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind_combo.count() == 3  # reception: appointment letters only
    assert dialog.kind[0] == T.APPOINTMENT_REMINDER and not dialog.to_edit.isVisible()
    dialog.from_edit.set_date(world.today + timedelta(days=7))
    dialog.folder_edit.setText(str(tmp_path / "batch"))
    with qtbot.waitSignal(dialog.sig_finished, timeout=30_000) as finished:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    result = finished.args[0]
    assert result.letters == 3 and not result.cancelled
    assert dialog.message_label.text() == result.summary
    assert dialog.left_out.isVisible() and dialog.left_out.model.rowCount() == 1
    assert dialog.left_out.model.row(0).person_name == "Łukasz Nowak"
    assert dialog.open_combined_button.isVisible() and result.combined.exists()
    assert dialog.close_button.text() == "Close"


def test_no_police_letter_without_consent_to_share_in_the_dialog_and_the_batch(
    qtbot, sqlite_db, world, make_actor, runner, tmp_path
) -> None:
    with sqlite_db.unit_of_work() as s:
        s.get(Referral, world.completed).consent_to_share = None
        s.get(Referral, world.not_engaged).consent_to_share = False
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    dialog = letter_dialog(
        qtbot, sqlite_db, actor, runner, referral_id=world.completed, template=T.POLICE_OUTCOME
    )
    police = next(
        dialog.template_list.item(i)
        for i in range(dialog.template_list.count())
        if dialog.template_list.item(i).data(Qt.ItemDataRole.UserRole) == T.POLICE_OUTCOME
    )
    assert police.text().endswith("(does not apply)")
    assert "does not record whether the person agreed" in police.toolTip()
    dialog.template_list.setCurrentItem(police)
    assert dialog.panel.message.text().startswith("This letter cannot be made: The referral does")
    assert not dialog.panel.save_button.isEnabled()
    dialog.close()
    batch = LetterBatchDialog(None, sqlite_db, actor, runner, today=world.today)
    qtbot.addWidget(batch)
    batch.show()
    batch.kind_combo.setCurrentIndex(
        next(
            i
            for i in range(batch.kind_combo.count())
            if batch.kind_combo.itemData(i)[0] == T.POLICE_OUTCOME
        )
    )
    batch.from_edit.set_date(world.today - timedelta(days=7))
    batch.folder_edit.setText(str(tmp_path / "police"))
    with qtbot.waitSignal(batch.sig_finished, timeout=30_000) as finished:
        qtbot.mouseClick(batch.start_button, Qt.MouseButton.LeftButton)
    result = finished.args[0]
    assert result.letters == 0 and len(result.left_out) == 2
    assert batch.message_label.text() == "Made 0 letters for 0 people. Left out 2 people (listed)."
    assert batch.left_out.isVisible() and batch.left_out.model.rowCount() == 2
    reasons = {batch.left_out.model.row(i).reason for i in range(2)}
    assert any("did not agree" in r for r in reasons)
    assert any("does not record whether" in r for r in reasons)


@pytest.mark.parametrize(
    ("consent", "reason"),
    [
        (None, "Ask them, then record their answer in Outcome and follow-up."),
        (False, "The person did not agree to the outcome being shared with the police"),
    ],
)
def test_asked_for_the_police_letter_the_window_opens_on_it_and_says_why_it_does_not_apply(
    qtbot, sqlite_db, world, make_actor, runner, consent, reason
) -> None:
    with sqlite_db.unit_of_work() as s:
        s.get(Referral, world.completed).consent_to_share = consent
    dialog = letter_dialog(
        qtbot,
        sqlite_db,
        make_actor(sqlite_db, Role.CASEWORKER),
        runner,
        referral_id=world.completed,
        template=T.POLICE_OUTCOME,
    )
    current = dialog.template_list.currentItem()  # no click: as the window opens
    assert current.data(Qt.ItemDataRole.UserRole) == T.POLICE_OUTCOME
    assert current.text() == "Outcome to police (does not apply)"
    assert dialog.reason_label.isVisible() and reason in dialog.reason_label.text()
    assert dialog.panel.message.text().startswith("This letter cannot be made: ")
    assert reason in dialog.panel.message.text()
    assert not dialog.panel.save_button.isEnabled() and dialog.draft is None
    if os.environ.get("DIVERT_SHOT_DIR"):  # to look at it
        dialog.grab().save(str(Path(os.environ["DIVERT_SHOT_DIR"]) / f"police-{consent}.png"))
    # The letters that do apply are still there to choose.
    choose(qtbot, dialog, T.COMPLETION)
    assert dialog.draft is not None and dialog.draft.template == T.COMPLETION
    assert not dialog.reason_label.isVisible()
    assert logged(sqlite_db) == []


def test_cancel_stops_a_batch_and_keeps_only_complete_logged_letters(
    qtbot, sqlite_db, world, make_actor, runner, tmp_path
) -> None:
    add_reminders(sqlite_db, world, 40)
    dialog = LetterBatchDialog(
        None, sqlite_db, make_actor(sqlite_db, Role.RECEPTIONIST), runner, today=world.today
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.from_edit.set_date(world.today + timedelta(days=7))
    dialog.folder_edit.setText(str(tmp_path / "batch"))
    progress: list[int] = []
    with qtbot.waitSignal(dialog.sig_finished, timeout=60_000) as finished:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert dialog.close_button.text() == "Cancel"
        dialog.task.sig_progress.connect(lambda d, _t, _s: progress.append(d))
        qtbot.waitUntil(lambda: len(progress) > 0 and progress[-1] >= 2, timeout=30_000)
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    result = finished.args[0]
    assert result.cancelled and 0 < result.people < result.total
    assert dialog.isVisible()  # Cancel stopped the batch; it did not close the dialog
    rows = logged(sqlite_db)
    assert [r.filename for r in rows] == list(result.files)
    assert sorted(
        p.name for p in (tmp_path / "batch").iterdir() if "all-letters" not in p.name
    ) == sorted(result.files)
    assert len(PdfReader(result.combined).pages) == len(rows)
    assert dialog.message_label.text().startswith("Stopped after")


def test_the_wording_editor_checks_fields_previews_and_saves_a_version(
    qtbot, sqlite_db, world, make_actor, runner
) -> None:
    dialog = LetterTemplatesDialog(None, sqlite_db, make_actor(sqlite_db, Role.MANAGER), runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(
        lambda: dialog.current is not None and dialog.panel.page_count > 0, timeout=15_000
    )
    assert dialog.template == T.APPOINTMENT_CONFIRMATION
    assert dialog.fields.model.rowCount() > 10 and "Version 1" in dialog.version_label.text()
    dialog.template_list.setCurrentRow(3)  # completion
    assert dialog.template == T.COMPLETION
    dialog.body_edit.setPlainText("Dear {frist_name},\n\nWell done.\n\nYours sincerely,")
    assert dialog.problems_label.isVisible() and "{frist_name}" in dialog.problems_label.text()
    assert not dialog.save_button.isEnabled()
    dialog.body_edit.setPlainText("Dear ,\n\nWell done.\n\nYours sincerely,")
    cursor = dialog.body_edit.textCursor()
    cursor.setPosition(len("Dear "))
    dialog.body_edit.setTextCursor(cursor)
    dialog.insert_field(next(f for f in dialog.fields.model.rows if f.name == "first_name"))
    assert dialog.body_edit.toPlainText().startswith("Dear {first_name},")
    assert not dialog.problems_label.isVisible() and dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.sig_saved, timeout=15_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].version == 2 and "Version 2" in dialog.version_label.text()
    qtbot.waitUntil(lambda: "Dear Zoë," in dialog_text(dialog), timeout=15_000)
    with sqlite_db.unit_of_work(write=False) as s:
        versions = (
            s.execute(
                sa.select(LetterTemplateVersion.template_version).where(
                    LetterTemplateVersion.template == T.COMPLETION
                )
            )
            .scalars()
            .all()
        )
    assert sorted(versions) == [1, 2]


def dialog_text(dialog: Any) -> str:
    return "".join(p.extract_text() for p in PdfReader(BytesIO(dialog.panel.pdf)).pages)


def test_the_letterhead_editor_takes_a_logo_and_saves(
    qtbot, sqlite_db, make_actor, runner, tmp_path
) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (800, 300), (46, 125, 122)).save(logo)
    dialog = LetterheadDialog(None, sqlite_db, make_actor(sqlite_db, Role.ADMINISTRATOR), runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=10_000)
    dialog.edits["organisation_name"].setText("Sample Community Trust")
    dialog.edits["organisation_email"].setText("not an email")
    dialog.choose_logo(str(logo))
    qtbot.waitUntil(lambda: dialog.logo is not None, timeout=10_000)
    assert not dialog.logo_label.pixmap().isNull()
    dialog.save()
    error = dialog.findChild(type(dialog.form_error), "organisation_email_error_label")
    assert error.isVisible() and "email address" in error.text()
    dialog.edits["organisation_email"].setText("hello@example.org")
    with qtbot.waitSignal(dialog.sig_saved, timeout=10_000) as saved:
        dialog.save()
    assert saved.args[0].values["organisation_name"] == "Sample Community Trust"
    assert saved.args[0].logo_png is not None
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"this is not a picture")
    again = LetterheadDialog(None, sqlite_db, make_actor(sqlite_db, Role.ADMINISTRATOR), runner)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.loaded is not None, timeout=10_000)
    again.choose_logo(str(bad))
    label = again.findChild(type(again.form_error), "logo_error_label")
    qtbot.waitUntil(label.isVisible, timeout=10_000)
    assert "not an image" in label.text()


def test_first_run_takes_the_logo_for_the_letterhead(qtbot, sqlite_db, runner, tmp_path) -> None:
    import base64

    from PIL import Image

    from divert_desktop.gui.shell.first_run_dialog import FirstRunDialog
    from divert_desktop.persistence.models import Setting

    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (500, 200), (31, 58, 95)).save(logo, "JPEG")
    dialog = FirstRunDialog(sqlite_db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    u = dialog.ui
    for edit, text in (
        (u.username_edit, "admin"),
        (u.full_name_edit, "Ada Example"),
        (u.password_edit, "plum orchard lantern ninety"),
        (u.confirm_password_edit, "plum orchard lantern ninety"),
        (u.organisation_name_edit, "Example Recovery Trust"),
    ):
        qtbot.keyClicks(edit, text)
    dialog.choose_logo(str(logo))
    qtbot.waitUntil(lambda: dialog.logo is not None, timeout=10_000)
    assert not u.logo_preview_label.pixmap().isNull()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(u.create_button, Qt.MouseButton.LeftButton)
    with sqlite_db.unit_of_work(write=False) as s:
        stored = s.get(Setting, "organisation_logo").value
    assert Image.open(BytesIO(base64.b64decode(stored))).format == "PNG"
