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
R = TypeVar("R")
Ts = TypeVarTuple("Ts")


class RequestDatabase:
    """Serialises the request's statements on its one session, safe from cancellation.

    DataLoaders of one request dispatch concurrently; an ``AsyncSession`` must not be used by
    two coroutines at once, so each statement waits its turn here (they are already batched).
    And when a non-null field fails, the executor cancels its siblings and the DataLoader
    cancels their batches, some in the middle of a statement; a statement cancelled there
    takes the connection down with it. So each statement runs in a task of its own that a
    cancelled caller does not cancel, and ``close`` waits for those before closing.
    """

    __slots__ = ("_close", "_lock", "_running", "session")

    def __init__(
        self, session: AsyncSession, close: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self.session = session
        self._lock = asyncio.Lock()
        self._running: set[asyncio.Future[object]] = set()
        self._close: Callable[[], Awaitable[None]] | None = close or session.close

    async def close(self) -> None:
        """Give the connection back once no statement is running; safe to call twice."""
        close, self._close = self._close, None
        if close is None:
            return
        if self._running:
            await asyncio.wait(set(self._running))
        await close()

    async def _statement(self, run: Callable[[], Awaitable[R]]) -> R:
        async def locked() -> R:
            async with self._lock:
                return await run()

        task: asyncio.Future[R] = asyncio.ensure_future(locked())
        self._running.add(task)  # type: ignore[arg-type]
        task.add_done_callback(self._running.discard)
        return await asyncio.shield(task)

    async def all(self, statement: Select[T]) -> Sequence[T]:
        async def run() -> Sequence[T]:
            return (await self.session.scalars(statement)).all()

        return await self._statement(run)

    async def first(self, statement: Select[T]) -> T | None:
        async def run() -> T | None:
            return (await self.session.scalars(statement.limit(1))).first()

        return await self._statement(run)

    async def scalar(self, statement: Select[T]) -> T | None:
        return await self._statement(lambda: self.session.scalar(statement))

    async def rows(self, statement: TypedReturnsRows[*Ts]) -> Result[*Ts]:
        async def run() -> Result[*Ts]:
            result = await self.session.execute(statement)
            # Buffer now: the lock must not outlive the statement.
            return result.freeze()()

        return await self._statement(run)

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
