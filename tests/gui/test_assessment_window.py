"""The assessment window, driven as a caseworker would: scores shown live and saved, a required
answer left empty, the young person's safeguarding section, a draft recovered after the window
is destroyed, and an old assessment opened after the form definition changed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from divert_desktop.core.enums import ReferralStatus, Role
from divert_desktop.gui.casework.assessment_dialog import open_assessment_window
from divert_desktop.persistence.models import Assessment, AuditEvent, Referral
from divert_desktop.services.casework import assessments
from divert_desktop.services.casework.drafts import DraftStore, assessment_key
from tests.clock import CLOCK
from tests.db.casework_helpers import booked_case, complete_answers
from tests.gui.casework_helpers import answer, click, fill, open_assessment, widget
from tests.gui.test_accessibility import badly_named, unnamed_controls

FORMS = Path(__file__).resolve().parents[2] / "resources" / "forms"


@pytest.fixture(autouse=True)
def private_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Drafts of this test only (they live in the user data folder)."""
    monkeypatch.setenv("DIVERT_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def host(qtbot: Any) -> QWidget:
    parent = QWidget()
    qtbot.addWidget(parent)
    return parent


def status_of(db: Any, referral_id: int) -> ReferralStatus:
    with db.unit_of_work(write=False) as s:
        return s.get(Referral, referral_id).status


def test_completing_an_assessment_shows_the_scores_and_saves_them(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    dialog = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id)
    assert dialog.windowTitle() == "Assessment"  # never the person's name
    assert "Robin Testcase" in dialog.header_label.text()
    assert unnamed_controls(dialog) == [] and badly_named(dialog) == []
    assert widget(dialog, "substances_used", "_cannabis").isChecked()  # from the police referral
    fill(qtbot, dialog, complete_answers())
    cards = dialog.score_panel.cards
    assert cards["assist.cannabis"].score_label.text() == "4"
    assert cards["assist.cannabis"].band_text == "Moderate risk"
    assert cards["assist.cocaine"].band_text == "High risk"
    assert cards["audit_c"].band_text == "Positive screen (5 or more)"
    assert cards["audit"].score_label.text() == "5"
    assert dialog.form_widget.cards["audit"].band_text == "Zone I: lower risk"  # in its section too
    click(qtbot, widget(dialog, "assist.cannabis.q2", "_daily"))  # 6 instead of 4: still moderate
    assert cards["assist.cannabis"].score_label.text() == "6"
    click(qtbot, widget(dialog, "assist.cannabis.q2", "_never"))  # q3-q5 skip: 0, lower risk
    assert not dialog.form_widget.blocks["assist.cannabis.q3"].isVisibleTo(dialog)
    assert cards["assist.cannabis"].band_text == "Lower risk"
    with qtbot.waitSignal(dialog.sig_saved, timeout=15_000) as saved:
        click(qtbot, dialog.save_button)
    dto = saved.args[0]
    assert dto.scores["assist.cannabis"]["score"] == 0
    assert dto.scores["assist.cocaine"]["band_label"] == "High risk"
    with sqlite_db.unit_of_work(write=False) as s:
        row = s.execute(sa.select(Assessment)).scalar_one()
        assert row.scores == dto.scores and row.answers["readiness_ruler"] == 7
    assert status_of(sqlite_db, case.referral_id) == ReferralStatus.ENGAGED
    store = DraftStore(actor.username, database=sqlite_db.identity, clock=sqlite_db.clock)
    qtbot.waitUntil(
        lambda: store.load(assessment_key(case.referral_id, "divert_assessment")) is None,
        timeout=10_000,
    )
    assert not dialog.isVisible()


def test_a_required_answer_left_empty_is_shown_and_nothing_is_saved(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    dialog = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id)
    answers = complete_answers()
    del answers["readiness_ruler"]
    fill(qtbot, dialog, answers)
    assert "*" in dialog.form_widget.blocks["readiness_ruler"].label.text()  # required marker
    click(qtbot, dialog.save_button)
    message = "Enter a number for “On a scale of 0 to 10, how ready they are to make a change”"
    assert dialog.summary.messages == {"readiness_ruler": message}
    block = dialog.form_widget.blocks["readiness_ruler"]
    assert block.error.isVisibleTo(dialog) and block.error.text() == message
    qtbot.waitUntil(lambda: widget(dialog, "readiness_ruler").hasFocus(), timeout=5_000)
    assert dialog.isVisible() and dialog.saved_dto is None
    summary_button = dialog.summary.buttons["readiness_ruler"]
    assert summary_button.accessibleName() == message
    answer(qtbot, dialog, "readiness_ruler", 8)
    assert not block.error.isVisibleTo(dialog)  # editing the answer clears its message
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.execute(sa.select(sa.func.count(Assessment.id))).scalar_one() == 0


def test_the_window_fits_the_screen_and_lists_every_problem_with_the_buttons_in_view(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    dialog = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id)
    room = dialog.screen().availableGeometry()

    def buttons_in_view() -> bool:
        return all(
            b.isVisible() and dialog.rect().contains(QRect(b.mapTo(dialog, QPoint(0, 0)), b.size()))
            for b in (dialog.save_button, dialog.close_button)
        )

    assert dialog.height() <= room.height() and dialog.width() <= room.width()
    assert buttons_in_view()
    click(qtbot, dialog.save_button)  # nothing answered yet: many problems at once
    problems = dialog.summary.messages
    assert len(problems) > 10 and "assessment_place" in problems
    title = dialog.findChild(QWidget, "error_summary_title_label")
    assert title.text() == (
        f"There are {len(problems)} problems to fix before the assessment can be saved"
    )
    qtbot.wait(0)
    # The long list scrolls in its own box: the window stays on the screen, the buttons in view.
    assert dialog.height() <= room.height() and dialog.width() <= room.width()
    assert dialog.summary_area.isVisible()
    assert dialog.summary_area.height() <= dialog.height() // 4 + 1
    assert buttons_in_view()
    first = next(iter(problems))
    target = dialog.form_widget.blocks[first].input.focus_target()
    qtbot.waitUntil(target.hasFocus, timeout=5_000)  # the cursor is in the first bad answer
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.execute(sa.select(sa.func.count(Assessment.id))).scalar_one() == 0


def test_an_appointment_on_a_later_day_is_not_chosen_nor_marked_attended(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    from datetime import datetime, time, timedelta

    from divert_desktop.services.context import cli_actor
    from divert_desktop.services.diary import booking
    from tests.db.test_booking import add_person, add_referral, add_staff, venue
    from tests.gui.intake_helpers import open_day

    actor = make_actor(sqlite_db, Role.CASEWORKER)
    person = add_person(sqlite_db, "Robin", "Testcase", date(1994, 6, 1))
    referred = datetime.combine(CLOCK.today() - timedelta(days=1), time(10, 0))
    referral = add_referral(sqlite_db, person, when=referred, substances=("cannabis", "cocaine"))
    day = open_day(3)
    future = booking.book_appointment(
        sqlite_db,
        cli_actor(),
        referral_id=referral,
        start_at=datetime.combine(day, time(10, 0)),
        caseworker_id=add_staff(sqlite_db, "Case Worker"),
        venue_id=venue(sqlite_db, "Coventry"),
    )
    dialog = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=referral)
    assert dialog.appointment_combo.currentData() is None  # "Not booked in the diary"
    answers = complete_answers()
    answers["assessment_date"] = CLOCK.today().isoformat()
    fill(qtbot, dialog, answers)
    dialog.appointment_combo.setCurrentIndex(dialog.appointment_combo.findData(future.id))
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=15_000)
    message = dialog.summary.messages["appointment_id"]
    assert "so it cannot be marked attended yet" in message and dialog.isVisible()
    qtbot.waitUntil(dialog.appointment_combo.hasFocus, timeout=5_000)
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.execute(sa.select(sa.func.count(Assessment.id))).scalar_one() == 0
    assert booking_status(sqlite_db, future.id) == "booked"
    dialog.appointment_combo.setCurrentIndex(0)  # saved without the booking: it stays booked
    with qtbot.waitSignal(dialog.sig_saved, timeout=15_000):
        click(qtbot, dialog.save_button)
    assert booking_status(sqlite_db, future.id) == "booked"
    assert status_of(sqlite_db, referral) == ReferralStatus.ENGAGED


def booking_status(db: Any, appointment_id: int) -> str:
    from divert_desktop.persistence.models import Appointment

    with db.unit_of_work(write=False) as s:
        return str(s.get(Appointment, appointment_id).status.value)


def test_the_young_persons_safeguarding_section_appears(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    adult = booked_case(sqlite_db)
    young = booked_case(sqlite_db, young=True, first="Sam", last="Younger")
    dialog = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=adult.referral_id)
    section = dialog.form_widget.sections["young_person_safeguarding"]
    assert not section.isVisibleTo(dialog)
    dialog.reject()
    dialog = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=young.referral_id)
    section = dialog.form_widget.sections["young_person_safeguarding"]
    assert (
        section.isVisibleTo(dialog) and section.objectName() == "section_young_person_safeguarding"
    )
    assert "young person" in dialog.header_label.text()
    fill(qtbot, dialog, complete_answers())  # an adult's answers: the young person's are missing
    click(qtbot, dialog.save_button)
    assert {"yp_lives_with", "yp_exploitation", "yp_actions"} <= set(dialog.summary.messages)
    follow_up = dialog.form_widget.blocks["yp_referral_made"]
    assert not follow_up.isVisibleTo(dialog)
    answer(qtbot, dialog, "yp_exploitation", True)  # an answer-based condition, applied live
    assert follow_up.isVisibleTo(dialog) and "*" in follow_up.label.text()


def test_a_draft_is_recovered_after_the_window_is_destroyed(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    dialog = open_assessment(
        qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id, track=False
    )
    answer(qtbot, dialog, "goals_text", "Stop before the summer")
    answer(qtbot, dialog, "housing_status", "sofa_surfing")
    store = DraftStore(actor.username, database=sqlite_db.identity, clock=sqlite_db.clock)
    key = assessment_key(case.referral_id, "divert_assessment")

    def drafted() -> bool:
        draft = store.load(key)
        return (
            draft is not None and draft.payload["answers"].get("housing_status") == "sofa_surfing"
        )

    qtbot.waitUntil(drafted, timeout=10_000)  # saved on its own, a moment after the change
    assert dialog.draft_label.text().startswith("Draft saved on this computer")
    path = store.folder / f"{key}.json"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    dialog.deleteLater()  # a crash or forced quit: no close, no save
    qtbot.waitUntil(lambda: host.findChild(type(dialog)) is None, timeout=5_000)
    again = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id)
    assert again.form_widget.blocks["goals_text"].value() == "Stop before the summer"
    assert widget(again, "housing_status", "_sofa_surfing").isChecked()
    assert again.notice_label.text().startswith("Restored the answers you had not saved yet")
    assert again.discard_button.isVisible()


def test_an_old_assessment_opens_read_only_with_its_own_form_version(
    qtbot: Any,
    sqlite_db: Any,
    make_actor: Any,
    runner: Any,
    host: QWidget,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    old = assessments.save_assessment(
        sqlite_db,
        actor,
        referral_id=case.referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
    )
    newer = tmp_path / "forms"
    newer.mkdir()
    data = json.loads((FORMS / "divert_assessment.v1.json").read_text(encoding="utf-8"))
    data["version"] = "2"
    data["title"] = "DIVERT assessment (2027)"
    data["sections"] = [s for s in data["sections"] if s["id"] != "readiness"]
    (newer / "divert_assessment.v2.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("DIVERT_FORMS_DIR", str(newer))
    view = open_assessment(qtbot, host, sqlite_db, actor, runner, assessment_id=old.id)
    assert view.setup.form.version == "1" and view.setup.form.title == "DIVERT assessment"
    assert "Form version 1, as it was filled in." in view.notice_label.text()
    ruler = widget(view, "readiness_ruler")
    assert view.form_widget.sections["readiness"].isVisibleTo(view) and ruler.text() == "7"
    assert ruler.isReadOnly() and not view.save_button.isVisible()
    assert view.score_panel.cards["assist.cocaine"].band_text == "High risk"  # as stored
    assert view.amend_button.isVisible()
    view.reject()
    fresh = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id)
    assert fresh.setup.form.version == "2" and "readiness" not in fresh.form_widget.sections
    with sqlite_db.unit_of_work(write=False) as s:
        views = s.execute(
            sa.select(AuditEvent.action).where(AuditEvent.action == "assessment.view")
        )
        assert len(views.all()) == 1


def test_amending_from_the_window_keeps_the_earlier_version(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER, "casey")
    case = booked_case(sqlite_db)
    old = assessments.save_assessment(
        sqlite_db,
        actor,
        referral_id=case.referral_id,
        form_id="divert_assessment",
        form_version="1",
        answers=complete_answers(),
    )
    got: list[Any] = []
    open_assessment_window(host, sqlite_db, actor, runner, assessment_id=old.id, on_open=got.append)
    qtbot.waitUntil(lambda: len(got) == 1, timeout=10_000)
    view = got[0]
    qtbot.addWidget(view)
    click(qtbot, view.amend_button)  # closes the view and opens the amendment
    qtbot.waitUntil(lambda: len(got) == 2, timeout=10_000)
    assert not view.isVisible()
    editor = got[1]
    qtbot.addWidget(editor)
    assert editor.windowTitle() == "Amend assessment"
    answer(qtbot, editor, "readiness_ruler", 9)
    with qtbot.waitSignal(editor.sig_saved, timeout=15_000):
        click(qtbot, editor.save_button)
    rows = assessments.list_assessments(sqlite_db, actor, person_id=case.person_id)
    assert [r.current for r in rows] == [True, False]
    assert rows[1].status_text.startswith("Amended on") and rows[1].status_text.endswith("by casey")


def test_the_draft_reopens_while_the_database_is_unreachable(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    from divert_desktop.persistence.database import Database
    from divert_desktop.persistence.engine import make_engine

    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    dialog = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id)
    answer(qtbot, dialog, "goals_text", "Typed before the network went down")
    store = DraftStore(actor.username, database=sqlite_db.identity, clock=sqlite_db.clock)
    key = assessment_key(case.referral_id, "divert_assessment")
    qtbot.waitUntil(lambda: store.load(key) is not None, timeout=10_000)
    dialog.reject()
    # The same database (same address, so the same drafts) with its server gone: an engine
    # pointing where nothing listens (port 1).
    gone = Database(sqlite_db.url, engine=make_engine("postgresql://divert@127.0.0.1:1/gone"))
    try:
        again = open_assessment(qtbot, host, gone, actor, runner, referral_id=case.referral_id)
        assert again.setup.offline and "cannot be reached" in again.notice_label.text()
        assert (
            again.form_widget.blocks["goals_text"].value() == "Typed before the network went down"
        )
        assert "Robin Testcase" in again.header_label.text()
        fill(qtbot, again, complete_answers())
        click(qtbot, again.save_button)
        qtbot.waitUntil(lambda: not again.saving, timeout=20_000)
        assert "answers are kept as a draft on this computer" in again.summary.messages[""]
        draft = store.load(key)
        assert draft is not None and draft.payload["answers"]["readiness_ruler"] == 7
    finally:
        gone.dispose()
    back = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id)
    assert not back.setup.offline and back.form_widget.blocks["readiness_ruler"].value() == 7
    with qtbot.waitSignal(back.sig_saved, timeout=15_000):
        click(qtbot, back.save_button)
    qtbot.waitUntil(lambda: store.load(key) is None, timeout=10_000)


def test_a_draft_begun_before_the_booking_links_the_appointment_and_marks_it_attended(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    from datetime import datetime

    from divert_desktop.core.clock import FixedClock
    from divert_desktop.core.enums import AppointmentStatus
    from divert_desktop.persistence.models import Appointment

    sqlite_db.clock = FixedClock(datetime(2026, 11, 9, 11, 0))  # the appointment was at 10:00
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    store = DraftStore(actor.username, database=sqlite_db.identity, clock=sqlite_db.clock)
    key = assessment_key(case.referral_id, "divert_assessment")
    dialog = open_assessment(
        qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id, track=False
    )
    dialog.appointment_combo.setCurrentIndex(0)  # as when the draft began: nothing booked yet
    answer(qtbot, dialog, "goals_text", "Stop before the summer")
    qtbot.waitUntil(
        lambda: (d := store.load(key)) is not None and bool(d.payload["answers"].get("goals_text")),
        timeout=10_000,
    )
    assert store.load(key).payload["appointment_id"] is None
    dialog.deleteLater()
    qtbot.waitUntil(lambda: host.findChild(type(dialog)) is None, timeout=5_000)
    again = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id)
    assert again.appointment_combo.currentData() == case.initial_id
    fill(qtbot, again, complete_answers())
    with qtbot.waitSignal(again.sig_saved, timeout=15_000):
        click(qtbot, again.save_button)
    with sqlite_db.unit_of_work(write=False) as s:
        assert s.get(Appointment, case.initial_id).status == AppointmentStatus.ATTENDED
        assert s.get(Referral, case.referral_id).consent_to_share is True


GAPS = ("readiness_ruler", "assessment_place")


def test_the_error_summary_wraps_and_follows_the_fixes(
    qtbot: Any, sqlite_db: Any, make_actor: Any, runner: Any, host: QWidget
) -> None:
    actor = make_actor(sqlite_db, Role.CASEWORKER)
    case = booked_case(sqlite_db)
    dialog = open_assessment(qtbot, host, sqlite_db, actor, runner, referral_id=case.referral_id)
    dialog.resize(dialog.minimumSizeHint().width(), dialog.height())
    answers = complete_answers()
    fill(qtbot, dialog, {k: v for k, v in answers.items() if k not in GAPS})
    click(qtbot, dialog.save_button)
    qtbot.wait(0)
    area = dialog.summary_area
    assert set(dialog.summary.messages) == set(GAPS)
    # Long messages wrap inside the box: no sideways scrolling, every word in view.
    assert not area.horizontalScrollBar().isVisible()
    for button in dialog.summary.buttons.values():
        assert button.width() <= area.viewport().width()
        assert button.height() >= button.heightForWidth(button.width())
    title = dialog.findChild(QWidget, "error_summary_title_label")
    assert title.text().startswith("There are 2 problems")
    answer(qtbot, dialog, "readiness_ruler", 8)  # fixing one takes it off the summary
    qtbot.waitUntil(lambda: set(dialog.summary.messages) == {"assessment_place"}, timeout=5_000)
    assert title.text() == "There is a problem"
    answer(qtbot, dialog, "assessment_place", answers["assessment_place"])
    qtbot.waitUntil(lambda: not area.isVisible(), timeout=5_000)  # all fixed: the box goes
    assert dialog.summary.messages == {}
