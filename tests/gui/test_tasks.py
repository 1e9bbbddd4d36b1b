"""The task runner: results, errors, progress and cancelling, always delivered on the GUI thread."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from divert_desktop.core.errors import ValidationError
from divert_desktop.gui.shell.tasks import GENERIC_MESSAGE, LANES, TaskRunner, TaskState


def test_lanes_are_one_database_worker_one_pdf_worker_two_io_workers(runner: TaskRunner) -> None:
    assert LANES == {"db": 1, "pdf": 1, "io": 2}
    assert runner.lanes == LANES
    with pytest.raises(ValueError, match="unknown lane"):
        runner.run(lambda: None, lane="gpu")


def test_result_arrives_on_the_gui_thread_from_a_worker(qtbot: Any, runner: TaskRunner) -> None:
    seen: dict[str, Any] = {}

    def work(a: int, b: int) -> int:
        seen["worker"] = threading.current_thread()
        return a + b

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.current_thread()

    task = runner.run(work, 2, b=3, on_done=done)
    with qtbot.waitSignal(task.sig_finished, timeout=5000):
        pass
    assert seen["value"] == 5
    assert seen["callback"] is threading.main_thread()
    assert seen["worker"] is not threading.main_thread()
    assert task.state is TaskState.DONE and task.result == 5


def test_a_divert_error_gives_its_own_message(qtbot: Any, runner: TaskRunner) -> None:
    errors: list[Any] = []

    def work() -> None:
        raise ValidationError("Enter a date of birth", field="date_of_birth")

    task = runner.run(work, on_error=errors.append)
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert task.state is TaskState.FAILED
    assert errors[0].message == "Enter a date of birth"
    assert errors[0].field == "date_of_birth"
    assert not errors[0].connection_lost


def test_an_unexpected_error_is_logged_without_its_message(
    qtbot: Any, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    errors: list[Any] = []

    def work() -> None:
        raise RuntimeError("Siân Öztürk-Jones, born 7 Feb 1990")  # personal data in a message

    with caplog.at_level(logging.ERROR, logger="divert_desktop.gui.shell.tasks"):
        task = runner.run(work, on_error=errors.append)
        qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert errors[0].message == GENERIC_MESSAGE
    assert "RuntimeError" in caplog.text and "work" in caplog.text
    assert "Siân" not in caplog.text and "1990" not in caplog.text


def test_unhandled_errors_reach_the_runner_signal(qtbot: Any, runner: TaskRunner) -> None:
    def work() -> None:
        raise ValidationError("That is not right")

    with qtbot.waitSignal(runner.sig_unhandled_error, timeout=5000) as blocker:
        runner.run(work)
    assert blocker.args[0].message == "That is not right"


def test_progress_is_reported_on_the_gui_thread(qtbot: Any, runner: TaskRunner) -> None:
    reports: list[tuple[int, int, str, bool]] = []

    def work(*, progress: Any) -> str:
        for i in range(1, 6):
            progress(i, 5, f"step {i}")
        return "done"

    def on_progress(done: int, total: int, text: str) -> None:
        reports.append((done, total, text, threading.current_thread() is threading.main_thread()))

    task = runner.run(work, on_progress=on_progress)
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert reports, "no progress reached the GUI"
    assert reports[0][:2] == (1, 5)
    assert reports[-1][:3] == (5, 5, "step 5")  # the last report is never throttled away
    assert all(on_gui for *_, on_gui in reports)


def test_cancel_sets_the_flag_the_work_reads(qtbot: Any, runner: TaskRunner) -> None:
    started = threading.Event()

    def work(*, cancelled: Any) -> str:
        started.set()
        while not cancelled():
            threading.Event().wait(0.005)
        return "stopped politely"

    task = runner.run(work)
    qtbot.waitUntil(started.is_set, timeout=5000)
    task.cancel()
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert task.is_cancelled() and task.result == "stopped politely"


def test_a_task_cancelled_before_it_starts_never_runs(qtbot: Any, runner: TaskRunner) -> None:
    gate = threading.Event()
    ran: list[str] = []
    first = runner.run(lambda: gate.wait(5))  # holds the single database worker
    second = runner.run(lambda: ran.append("second"))
    second.cancel()
    with qtbot.waitSignal(second.sig_cancelled, timeout=5000):
        gate.set()
    qtbot.waitUntil(lambda: first.finished, timeout=5000)
    assert ran == [] and second.state is TaskState.CANCELLED


def test_the_database_lane_runs_one_task_at_a_time(qtbot: Any, runner: TaskRunner) -> None:
    lock = threading.Lock()
    overlaps: list[bool] = []

    def work() -> None:
        acquired = lock.acquire(blocking=False)
        overlaps.append(not acquired)
        threading.Event().wait(0.01)
        if acquired:
            lock.release()

    tasks = [runner.run(work) for _ in range(6)]
    qtbot.waitUntil(lambda: all(t.finished for t in tasks), timeout=5000)
    assert overlaps == [False] * 6


def test_a_lost_connection_is_signalled_then_recovery(qtbot: Any, runner: TaskRunner) -> None:
    def broken() -> None:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    errors: list[Any] = []
    with qtbot.waitSignal(runner.sig_connection_lost, timeout=5000):
        runner.run(broken, on_error=errors.append)
    assert errors[0].connection_lost
    assert "cannot be reached" in errors[0].message
    with qtbot.waitSignal(runner.sig_connection_ok, timeout=5000):
        runner.run(lambda: 1)


def test_callbacks_are_skipped_when_their_widget_is_gone(qtbot: Any, runner: TaskRunner) -> None:
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    calls: list[int] = []
    gate = threading.Event()
    task = runner.run(lambda: gate.wait(5) and 1, on_done=calls.append, owner=widget)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _valid(widget), timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert calls == []


def _valid(obj: Any) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
