"""Cursor (keyset) pagination for the connection fields.

A cursor is the sort key of the last node, opaque to clients. Keyset pagination stays exact
while rows are added and costs the same on page 1 and page 1,000.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select, tuple_

from resolvers.context import ViewasInfo
from resolvers.database import RequestDatabase
from resolvers.errors import BadUserInput

T = TypeVar("T")

MAX_PAGE_SIZE = 500


@dataclass(slots=True)
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@dataclass(slots=True)
class Page(Generic[T]):
    nodes: list[T]
    page_info: PageInfo
    # Counting is a query of its own: run only when the client asks for totalCount.
    count_statement: Select[Any] | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class SortKey(Generic[T]):
    """The columns a connection is ordered by, and how a node's key is read and rebuilt."""

    columns: Sequence[Any]
    of: Callable[[T], Sequence[Any]]
    parse: Sequence[Callable[[Any], Any]]
    descending: bool = False


def encode_cursor(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, key: SortKey[Any]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(key.parse):
            raise ValueError
        return [parse(value) for parse, value in zip(key.parse, values, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise BadUserInput("`after` is not a cursor this connection returned.") from error


def check_page_size(first: int) -> None:
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise BadUserInput(f"`first` must be between 0 and {MAX_PAGE_SIZE}.")


async def paginate(
    db: RequestDatabase,
    statement: Select[T],
    key: SortKey[T],
    *,
    first: int,
    after: str | None,
) -> Page[T]:
    """One page of ``statement`` in ``key`` order, fetching one extra row to know if more exist."""
    check_page_size(first)
    count_statement = select(func.count()).select_from(statement.order_by(None).subquery())
    if key.descending:
        page = statement.order_by(*(column.desc() for column in key.columns))
    else:
        page = statement.order_by(*key.columns)
    if after is not None:
        here, there = tuple_(*key.columns), tuple_(*decode_cursor(after, key))
        position: ColumnElement[bool] = here < there if key.descending else here > there
        page = page.where(position)
    rows = list(await db.all(page.limit(first + 1)))
    nodes = rows[:first]
    end = encode_cursor(key.of(nodes[-1])) if nodes else None
    return Page(nodes, PageInfo(has_next_page=len(rows) > first, end_cursor=end), count_statement)


async def total_count(db: RequestDatabase, page: Page[Any]) -> int:
    assert page.count_statement is not None
    return int(await db.scalar(page.count_statement) or 0)


def like_pattern(search: str) -> str:
    """A case-insensitive substring pattern with LIKE's wildcards taken literally."""
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_filter(search: str | None, *columns: Any) -> ColumnElement[bool] | None:
    """Rows where any of ``columns`` contains the trimmed ``search``, case-insensitively;
    None when there is nothing to search for."""
    if search is None or not (term := search.strip()):
        return None
    if len(term) > 200:
        raise BadUserInput("`search` is limited to 200 characters.")
    pattern = like_pattern(term)
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


async def total_count_of(root: Page[Any], info: ViewasInfo) -> int:
    """``totalCount``: every node matching the filters, across all pages."""
    return await total_count(info.context.db, root)
