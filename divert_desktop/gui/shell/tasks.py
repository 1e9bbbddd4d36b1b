"""Background work for the GUI: lanes of worker threads whose results arrive on the GUI thread."""

from __future__ import annotations

import inspect
import itertools
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

from divert_desktop.core.errors import DivertError, SessionEndedError
from divert_desktop.services.changes import Changes, changes_of
from divert_desktop.services.failures import is_connection_error

log = logging.getLogger(__name__)

LANES: dict[str, int] = {"db": 1, "pdf": 1, "io": 2}
"""Worker threads per lane: one database worker (one Session per task), one PDF worker
(ReportLab keeps module-level state) and two for files."""

GENERIC_MESSAGE = (
    "Something went wrong and the work was not finished. Try again; if it keeps happening, "
    "tell your administrator (the details are in the log)."
)
CONNECTION_MESSAGE = (
    "The database cannot be reached. Your work is kept: try again in a moment, or ask your "
    "administrator to check the connection."
)
PROGRESS_INTERVAL = 1 / 30  # seconds between progress signals (the last one always goes)


class TaskState(StrEnum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class TaskError:
    """Why a task failed: a message fit to show, the exception, and whether the database is gone."""

    message: str
    exception: BaseException
    connection_lost: bool = False

    def __str__(self) -> str:
        return self.message

    @property
    def field(self) -> str | None:
        """The form field a validation error names, if any."""
        return getattr(self.exception, "field", None)


def describe_error(exc: BaseException, task_name: str) -> TaskError:
    """Turn an exception into a TaskError. Unexpected ones are logged without their message,
    which may hold a person's data (SQL parameters, file contents)."""
    if is_connection_error(exc):  # the unit of work's DatabaseUnavailableError, or the driver's
        log.warning("Task %s could not reach the database (%s)", task_name, type(exc).__name__)
        return TaskError(CONNECTION_MESSAGE, exc, connection_lost=True)
    if isinstance(exc, DivertError):
        return TaskError(str(exc), exc)
    stack = "\n".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(exc.__traceback__)
    )  # where it failed, never the message or locals
    log.error("Task %s failed with %s:\n%s", task_name, type(exc).__qualname__, stack)
    return TaskError(GENERIC_MESSAGE, exc)


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    param = params.get(name)
    return param is not None and param.kind in (
        inspect.Parameter.KEYWORD_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    )


class _Control:
    """What the work sees of its task (no Qt object crosses to the worker thread): the
    ``progress`` and ``cancelled`` callables."""

    def __init__(self, task_id: int, emit_progress: Callable[[int, int, int, str], None]) -> None:
        self.task_id = task_id
        self.event = threading.Event()
        self.started = False
        self._emit = emit_progress
        self._last = 0.0

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress (any thread); throttled, but the last report always goes."""
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        self._emit(self.task_id, int(done), int(total), str(text))

    def cancelled(self) -> bool:
        return self.event.is_set()


class Task(QObject):
    """The GUI thread's handle on one piece of work; its signals are emitted on the GUI thread.

    It has no parent: the runner keeps it until it finishes, then it lives as long as a caller
    holds it, and it is always freed on the GUI thread.
    """

    sig_done = Signal(object)
    sig_failed = Signal(object)  # TaskError
    sig_progress = Signal(int, int, str)
    sig_cancelled = Signal()
    sig_finished = Signal()

    def __init__(self, name: str, lane: str, control: _Control) -> None:
        super().__init__()
        self.name = name
        self.lane = lane
        self._control = control
        self._state = TaskState.WAITING
        self.result: Any = None
        self.error: TaskError | None = None

    @property
    def state(self) -> TaskState:
        if self._state is TaskState.WAITING and self._control.started:
            return TaskState.RUNNING
        return self._state

    def cancel(self) -> None:
        """Ask the work to stop; it checks ``cancelled()`` and stops at a safe point."""
        self._control.event.set()

    def is_cancelled(self) -> bool:
        return self._control.event.is_set()

    @property
    def finished(self) -> bool:
        return self._state in (TaskState.DONE, TaskState.FAILED, TaskState.CANCELLED)

    def _deliver(self, state: TaskState, payload: Any = None) -> None:
        self._state = state
        if state is TaskState.DONE:
            self.result = payload
            self.sig_done.emit(payload)
        elif state is TaskState.FAILED:
            self.error = payload
            self.sig_failed.emit(payload)
        else:
            self.sig_cancelled.emit()
        self.sig_finished.emit()


class TaskRunner(QObject):
    """Runs callables on worker lanes; ``on_done``/``on_error``/``on_progress`` run on the GUI thread.

    Workers report through the runner's own queued signals, keyed by task id, so no Qt object is
    ever touched or freed on a worker thread. ``sig_unhandled_error`` carries failures of tasks
    started without ``on_error``; ``sig_connection_lost``/``sig_connection_ok`` follow the health
    of the database lane; ``sig_session_ended`` carries the message of any task refused
    because the signed-in account was disabled, given another role or reset.

    ``sig_changed(Changes, source)`` is the one signal that data changed: after ``on_done`` of a
    task whose service announces changes (``services.changes``), and from ``announce()``.
    ``source`` is the task's owner (or None). Every page listens and decides whether it is stale.
    """

    sig_changed = Signal(object, object)  # Changes, the QObject that made the change (or None)
    sig_unhandled_error = Signal(object)  # TaskError
    sig_session_ended = Signal(str)
    sig_connection_lost = Signal(str)
    sig_connection_ok = Signal()
    _sig_result = Signal(int, object)
    _sig_error = Signal(int, object)
    _sig_progress = Signal(int, int, int, str)
    _sig_skipped = Signal(int)

    def __init__(self, parent: QObject | None = None, lanes: dict[str, int] | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[str, QThreadPool] = {}
        for lane, workers in (lanes or LANES).items():
            pool = QThreadPool(self)
            pool.setMaxThreadCount(workers)
            self._pools[lane] = pool
        self._tasks: dict[int, Task] = {}
        self._ids = itertools.count(1)
        queued = Qt.ConnectionType.QueuedConnection
        self._sig_result.connect(self._on_result, queued)
        self._sig_error.connect(self._on_error, queued)
        self._sig_progress.connect(self._on_progress, queued)
        self._sig_skipped.connect(self._on_skipped, queued)

    @property
    def lanes(self) -> dict[str, int]:
        return {name: pool.maxThreadCount() for name, pool in self._pools.items()}

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        lane: str = "db",
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[TaskError], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        owner: QObject | None = None,
        **kwargs: Any,
    ) -> Task:
        """Start ``fn(*args, **kwargs)`` on ``lane`` and return its Task.

        When ``fn`` takes ``progress``/``cancelled`` keyword parameters they are supplied:
        ``progress(done, total, text)`` reaches ``on_progress`` on the GUI thread and
        ``cancelled()`` is True once ``task.cancel()`` was called. Callbacks are skipped when
        ``owner`` (a widget) has been deleted meanwhile.
        """
        if lane not in self._pools:
            raise ValueError(f"unknown lane {lane!r}; lanes are {sorted(self._pools)}")
        name = getattr(fn, "__qualname__", repr(fn))
        task_id = next(self._ids)
        control = _Control(task_id, self._sig_progress.emit)
        task = Task(name, lane, control)
        if _accepts(fn, "progress") and "progress" not in kwargs:
            kwargs["progress"] = control.progress
        if _accepts(fn, "cancelled") and "cancelled" not in kwargs:
            kwargs["cancelled"] = control.cancelled

        def alive() -> bool:
            return owner is None or shiboken6.isValid(owner)

        if on_done is not None:
            task.sig_done.connect(lambda value: on_done(value) if alive() else None)
        if on_progress is not None:
            task.sig_progress.connect(lambda d, t, s: on_progress(d, t, s) if alive() else None)
        # After on_done (connected first), so a dialog has closed or said its message first.
        task.sig_done.connect(
            lambda value: self.announce(changes_of(fn, value), owner if alive() else None)
        )
        task.sig_failed.connect(lambda error: self._failed(error, on_error, alive))
        if lane == "db":
            task.sig_done.connect(lambda _value: self.sig_connection_ok.emit())
        self._tasks[task_id] = task
        emit_result, emit_error, emit_skipped = (
            self._sig_result.emit,
            self._sig_error.emit,
            self._sig_skipped.emit,
        )

        def work() -> None:
            if control.cancelled():
                emit_skipped(task_id)
                return
            control.started = True
            try:
                value = fn(*args, **kwargs)
            except BaseException as exc:  # every failure reaches the GUI thread
                emit_error(task_id, describe_error(exc, name))
            else:
                emit_result(task_id, value)

        self._pools[lane].start(work)
        return task

    # ---------------------------------------------------------------- GUI-thread delivery
    @Slot(int, object)
    def _on_result(self, task_id: int, value: object) -> None:
        task = self._tasks.pop(task_id, None)
        if task is not None:
            task._deliver(TaskState.DONE, value)

    @Slot(int, object)
    def _on_error(self, task_id: int, error: object) -> None:
        task = self._tasks.pop(task_id, None)
        if task is not None:
            task._deliver(TaskState.FAILED, error)

    @Slot(int, int, int, str)
    def _on_progress(self, task_id: int, done: int, total: int, text: str) -> None:
        task = self._tasks.get(task_id)
        if task is not None:
            task.sig_progress.emit(done, total, text)

    @Slot(int)
    def _on_skipped(self, task_id: int) -> None:
        task = self._tasks.pop(task_id, None)
        if task is not None:
            task._deliver(TaskState.CANCELLED)

    def _failed(
        self,
        error: TaskError,
        on_error: Callable[[TaskError], None] | None,
        alive: Callable[[], bool],
    ) -> None:
        if error.connection_lost:
            self.sig_connection_lost.emit(error.message)
        if isinstance(error.exception, SessionEndedError):
            self.sig_session_ended.emit(error.message)  # whatever the caller does with it
        if on_error is not None:
            if alive():
                on_error(error)
        else:
            self.sig_unhandled_error.emit(error)

    def announce(self, changes: Changes, source: QObject | None = None) -> None:
        """Tell every page that ``changes`` happened (nothing is emitted for no change)."""
        if changes:
            self.sig_changed.emit(changes, source)

    def active_tasks(self) -> list[Task]:
        """Tasks started and not yet finished (as seen from the GUI thread)."""
        return list(self._tasks.values())

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every lane is idle (results are still delivered through the event loop)."""
        return all(pool.waitForDone(msecs) for pool in self._pools.values())

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Ask every task to stop and wait for the workers (at exit and after each test)."""
        for task in list(self._tasks.values()):
            task.cancel()
        return self.wait_for_done(msecs)
