"""Typed errors users can cause, with messages written for the people using the app."""

from __future__ import annotations


class DivertError(Exception):
    """Base class for every error a user can cause. ``str(err)`` is the message to show."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(DivertError):
    """A value typed or imported is not acceptable. ``field`` names the field at fault."""


class EligibilityError(DivertError):
    """The referral cannot go ahead under the scheme's rules (``reason`` is the short code)."""

    def __init__(self, message: str, *, reason: str, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.reason = reason


class ConflictError(DivertError):
    """The change clashes with something already recorded (double booking, duplicate reference)."""


class StaleEditError(DivertError):
    """Somebody else saved the same record first; carries both versions when known."""

    def __init__(self, message: str, *, mine: object = None, theirs: object = None) -> None:
        super().__init__(message)
        self.mine = mine
        self.theirs = theirs


class PermissionDenied(DivertError):
    """The signed-in user's role does not allow the action."""


class NotFound(DivertError):
    """The record asked for does not exist (or is not visible to this user)."""


class TransitionError(DivertError):
    """A referral or appointment cannot move from its current status to the one asked for."""


class AuthenticationError(DivertError):
    """Username or password not accepted. Never says which of the two was wrong.

    ``retry_after`` (seconds) is set when sign-in must wait after repeated failures."""

    def __init__(self, message: str, *, retry_after: int = 0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SessionEndedError(PermissionDenied):
    """The signed-in user's session may not go on: the account was disabled, its role changed
    or its password was reset by an administrator. The app signs the user out."""


class DatabaseLocationError(DivertError):
    """The database file is somewhere it must not be (a network share) or cannot be reached."""


class DatabaseInUseError(DivertError):
    """The database file is open in another copy of the app (or a command) on this computer, so
    it cannot be replaced now (a restore)."""


class DatabaseReplacedError(SessionEndedError):
    """The database file this copy of the app opened has been replaced (a backup was restored
    elsewhere): nothing more is saved, and the app signs the user out."""


class DatabaseUnavailableError(DivertError):
    """The database could not be reached (server gone, network down, file unreadable or busy).

    ``orig`` keeps the driver's own error, for the connection dialog's explanation and the log.
    """

    MESSAGE = (
        "The database cannot be reached. Your work is kept: try again in a moment, or ask your "
        "administrator to check the connection."
    )

    def __init__(self, message: str = MESSAGE, *, orig: BaseException | None = None) -> None:
        super().__init__(message)
        self.orig = orig
