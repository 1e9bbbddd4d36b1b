"""Who is acting: the signed-in user (GUI) or the operating-system user (command line)."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

from divert_desktop.core.enums import Role, Source
from divert_desktop.core.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    """The person (or process) a service acts for. ``role`` None means the command line/system.

    ``guard`` (set for a signed-in user) raises SessionEndedError once the account has been
    disabled, given another role or had its password reset; ``require`` calls it first, so
    every role-checked service refuses a session that has ended.
    """

    username: str
    role: Role | None
    source: Source
    workstation: str
    user_id: int | None = None
    display_name: str = ""
    must_change_password: bool = False
    guard: Callable[[], None] | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict[str, object]:
        """Pickled (for another process) without the guard: it holds this process's database."""
        return {**self.__dict__, "guard": None}

    def require(self, action: object) -> None:
        """Raise SessionEndedError when the session has ended, or PermissionDenied unless this
        actor's role allows ``action`` (a permissions.Action)."""
        if self.guard is not None:
            self.guard()
        if self.role is None:
            return
        from divert_desktop.core.permissions import require

        require(self.role, action)  # type: ignore[arg-type]

    def can(self, action: object) -> bool:
        if self.role is None:
            return True
        from divert_desktop.core.permissions import can

        return can(self.role, action)  # type: ignore[arg-type]

    def require_role(self, *roles: Role) -> None:
        if self.guard is not None:
            self.guard()
        if self.role is not None and self.role not in roles:
            raise PermissionDenied(f"Your role ({self.role.value}) does not allow this.")


def workstation_name() -> str:
    try:
        return socket.gethostname() or "unknown"
    except OSError:  # pragma: no cover
        return "unknown"


def cli_actor() -> Actor:
    """The operating-system user running a command; audited as coming from the command line."""
    try:
        user = getpass.getuser()
    except Exception:  # pragma: no cover - no login name in some containers
        user = "unknown"
    return Actor(
        username=f"os:{user}", role=None, source=Source.CLI, workstation=workstation_name()
    )


def system_actor() -> Actor:
    """The app itself (start-up engagement update, migrations)."""
    return Actor(username="system", role=None, source=Source.SYSTEM, workstation=workstation_name())
