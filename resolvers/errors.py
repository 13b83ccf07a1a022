"""The errors a client may see, each with its ``extensions.code``.

Anything else raised while resolving is masked before it reaches the client and logged in
full on the server (see ``viewas.errors``).
"""

from typing import Any, ClassVar

from graphql import GraphQLError


class ViewasError(GraphQLError):
    """An error meant for the client: its message and code are shown as they are."""

    code: ClassVar[str] = "INTERNAL_SERVER_ERROR"
    # A class default that an instance may override (``status=``): not a ``ClassVar``.
    http_status: int = 200

    def __init__(self, message: str, *, status: int | None = None, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})
        if status is not None:
            self.http_status = status


class Unauthenticated(ViewasError):
    code = "UNAUTHENTICATED"
    http_status = 401


class Forbidden(ViewasError):
    code = "FORBIDDEN"
    http_status = 403


class NotFound(ViewasError):
    code = "NOT_FOUND"


class BadUserInput(ViewasError):
    code = "BAD_USER_INPUT"


class ImpersonationForbidden(ViewasError):
    code = "IMPERSONATION_FORBIDDEN"
    http_status = 403


class ImpersonationConsentRequired(ViewasError):
    code = "IMPERSONATION_CONSENT_REQUIRED"
    http_status = 403


class ImpersonationReadOnly(ViewasError):
    code = "IMPERSONATION_READ_ONLY"
    http_status = 403


def not_found(kind: str, id: str) -> NotFound:
    """The same answer for a missing id and for one the viewer may not see (or another
    company's): nothing in it tells the two apart."""
    return NotFound(f"No {kind} with id {id!r}.")
