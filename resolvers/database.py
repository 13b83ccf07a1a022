"""The request's database access: one session, used by one coroutine at a time."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import TypeVar, TypeVarTuple

from sqlalchemy import Result, Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import TypedReturnsRows

from resolvers.errors import BadUserInput

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


class RequestDatabase:
    """Serialises the request's statements on its one session.

    DataLoaders of one request dispatch concurrently; an ``AsyncSession`` must not be used by
    two coroutines at once, so each statement waits its turn here (they are already batched).
    """

    __slots__ = ("_close", "_lock", "session")

    def __init__(
        self, session: AsyncSession, close: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self.session = session
        self._lock = asyncio.Lock()
        self._close: Callable[[], Awaitable[None]] | None = close or session.close

    async def close(self) -> None:
        """Give the connection back; safe to call more than once."""
        close, self._close = self._close, None
        if close is not None:
            await close()

    async def all(self, statement: Select[T]) -> Sequence[T]:
        async with self._lock:
            return (await self.session.scalars(statement)).all()

    async def first(self, statement: Select[T]) -> T | None:
        async with self._lock:
            return (await self.session.scalars(statement.limit(1))).first()

    async def scalar(self, statement: Select[T]) -> T | None:
        async with self._lock:
            return await self.session.scalar(statement)

    async def rows(self, statement: TypedReturnsRows[*Ts]) -> Result[*Ts]:
        async with self._lock:
            result = await self.session.execute(statement)
            # Buffer now: the lock must not outlive this call.
            return result.freeze()()

    async def commit(self) -> None:
        async with self._lock:
            await self.session.commit()

    @asynccontextmanager
    async def unique(self, conflict: str) -> AsyncIterator[None]:
        """Writes that a concurrent request may have beaten to a unique key: losing that race
        is the client's BAD_USER_INPUT (``conflict``), not an internal error."""
        try:
            yield
        except IntegrityError:
            await self.session.rollback()
            raise BadUserInput(conflict) from None

    def add(self, *instances: object) -> None:
        self.session.add_all(instances)
