"""The impersonation audit log: one row per impersonated operation, served or not."""

import hashlib
import logging
from datetime import datetime

from graphql import GraphQLError, OperationDefinitionNode, get_operation_ast, parse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import ImpersonationOutcome
from db.models import ImpersonationEvent
from resolvers.context import AuditRecord

log = logging.getLogger("viewas.audit")


def document_hash(query: str | None) -> str:
    return hashlib.sha256((query or "").encode()).hexdigest()


def describe(query: str | None, operation_name: str | None) -> tuple[str, str | None]:
    """Operation type and name, read from the document when execution did not get that far."""
    try:
        operation = get_operation_ast(parse(query or ""), operation_name)
    except GraphQLError:
        operation = None
    if not isinstance(operation, OperationDefinitionNode):
        return "unknown", operation_name
    name = operation.name.value if operation.name else operation_name
    return operation.operation.value, name


class AuditLog:
    """Writes each record in a transaction of its own, outside the request's read-only
    session, so a refused or failed request is recorded all the same."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def write(
        self, record: AuditRecord, *, query: str | None, operation_name: str | None, at: datetime
    ) -> None:
        operation_type, name = record.operation_type, record.operation_name
        if operation_type is None:
            operation_type, name = describe(query, operation_name)
        if operation_type == "mutation" and record.outcome is ImpersonationOutcome.SERVED:
            # An impersonated mutation is never served, whatever stopped it.
            record.outcome = ImpersonationOutcome.REFUSED_MUTATION
        event = ImpersonationEvent(
            company_id=record.company_id,
            actor_id=record.actor_id,
            subject_id=record.subject_id,
            operation_type=operation_type,
            operation_name=(name or None) and name[:200],
            document_hash=document_hash(query),
            outcome=record.outcome,
            at=at,
        )
        async with self._sessions() as session:
            session.add(event)
            await session.commit()
        log.info(
            "impersonation",
            extra={
                "actor_id": record.actor_id,
                "subject_id": record.subject_id,
                "outcome": record.outcome.value,
                "operation": operation_type,
            },
        )
