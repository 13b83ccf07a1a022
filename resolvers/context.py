"""The one object that carries a request's state: who is looking, through which session."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from strawberry.types import Info

from db.enums import ImpersonationOutcome
from permissions.viewer import Viewer
from resolvers.database import RequestDatabase
from resolvers.errors import Unauthenticated, ViewasError
from resolvers.loaders import Loaders


@dataclass(eq=False)
class AuditRecord:
    """What the audit log will say about an impersonated operation, filled in as it runs."""

    company_id: str
    actor_id: str
    subject_id: str | None = None
    outcome: ImpersonationOutcome = ImpersonationOutcome.SERVED
    operation_type: str | None = None
    operation_name: str | None = None


@dataclass(eq=False)
class Context:
    """Built once per GraphQL operation by the app's context getter; never shared.

    ``viewer`` is whose eyes the operation sees through: the subject when impersonating,
    ``actor`` then being the super admin looking. ``auth_error`` is set when the
    credentials were present but unusable, ``denial`` when an impersonation header was
    refused: either way the operation is refused before it runs.
    """

    db: RequestDatabase
    now: datetime
    viewer: Viewer | None = None
    actor: Viewer | None = None
    auth_error: str | None = None
    impersonation_requested: bool = False
    # The operationName the client sent (strawberry falls back to the first operation's).
    requested_operation: str | None = None
    denial: ViewasError | None = None
    audit: AuditRecord | None = None
    consent_expires_at: datetime | None = None
    request: Any = None
    response: Any = None
    redacted: list[list[str | int]] = field(default_factory=list)
    consent_max_hours: int = 168
    # False for the entries of a batch: their HTTP status is the batch's, not their own.
    single_operation: bool = True

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders(self.db, self.require_viewer())

    @property
    def impersonating(self) -> bool:
        """True when an actor is looking through ``viewer``'s eyes."""
        return self.actor is not None

    def require_viewer(self) -> Viewer:
        if self.viewer is None:
            raise Unauthenticated("Sign in: send `Authorization: Bearer <token>`.")
        return self.viewer


ViewasInfo = Info[Context, Any]
