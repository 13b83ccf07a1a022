"""Redaction under impersonation, applied to the schema from ``permissions.redaction``.

Nobody marks fields by hand: ``apply_redaction`` walks every type reachable from the root
query and gives each field the declaration calls sensitive its own ``Redact`` extension and
the ``@sensitive`` directive, so a new type over a sensitive table is covered the moment it
exists, and ``viewas export-schema`` shows what impersonation hides.
"""

from collections.abc import Iterator
from typing import Any

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.schema_directive import Location
from strawberry.types import Info
from strawberry.types.base import StrawberryContainer, StrawberryObjectDefinition
from strawberry.types.field import StrawberryField
from strawberry.types.lazy_type import LazyType
from strawberry.types.union import StrawberryUnion

from permissions.redaction import Redaction, redaction_for
from schema.rows import row_model_of


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description="Null under impersonation: the spec's sensitive data. The path is listed in "
    "the response's `extensions.redacted`.",
)
class Sensitive:
    reason: str


class Redact(FieldExtension):
    """Resolves the field to null under impersonation without running its resolver, and
    records the response path so the client can say "hidden while impersonating"."""

    def __init__(self, rule: Redaction) -> None:
        self.rule = rule

    def _hidden(self, source: Any, info: Info) -> bool:
        context = info.context
        if context.actor is None or not self.rule.hides(source):
            return False
        context.redacted.append(info.path.as_list())
        return True

    def resolve(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        return None if self._hidden(source, info) else next_(source, info, **kwargs)

    async def resolve_async(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        if self._hidden(source, info):
            return None
        result = next_(source, info, **kwargs)
        return await result if hasattr(result, "__await__") else result


def _unwrap(type_: Any) -> Iterator[Any]:
    """The named types behind a field type: through lists, optionals, lazies and unions."""
    while isinstance(type_, StrawberryContainer):
        type_ = type_.of_type
    if isinstance(type_, LazyType):
        type_ = type_.resolve_type()
    if isinstance(type_, StrawberryUnion):
        for member in type_.types:
            yield from _unwrap(member)
        return
    yield type_


def _definition(type_: Any) -> StrawberryObjectDefinition | None:
    definition = getattr(type_, "__strawberry_definition__", None)
    return definition if isinstance(definition, StrawberryObjectDefinition) else None


def _rows_returned(field: StrawberryField, seen: frozenset[int] = frozenset()) -> frozenset[type]:
    """Row types a field can hand out, looking through wrappers (connections, pages) that
    stand for no row themselves."""
    rows: set[type] = set()
    for named in _unwrap(field.type):
        definition = _definition(named)
        if definition is None or id(definition) in seen:
            continue
        model = row_model_of(definition)
        if model is not None:
            rows.add(model)
        else:
            for inner in definition.fields:
                rows |= _rows_returned(inner, seen | {id(definition)})
    return frozenset(rows)


def readable_types(root: type) -> list[StrawberryObjectDefinition]:
    """Every object type a query can reach from ``root``."""
    found: dict[int, StrawberryObjectDefinition] = {}
    pending = [_definition(root)]
    while pending:
        definition = pending.pop()
        if definition is None or id(definition) in found:
            continue
        found[id(definition)] = definition
        for field in definition.fields:
            pending.extend(_definition(named) for named in _unwrap(field.type))
    return list(found.values())


def sensitive_fields(
    root: type,
) -> Iterator[tuple[StrawberryObjectDefinition, StrawberryField, Redaction]]:
    """Each field impersonation hides, with its rule, as the declaration says."""
    for definition in readable_types(root):
        model = row_model_of(definition)
        for field in definition.fields:
            rule = redaction_for(definition.name, model, field.python_name, _rows_returned(field))
            if rule is not None:
                yield definition, field, rule


def apply_redaction(root: type) -> None:
    """Give every sensitive field reachable from ``root`` its own ``Redact`` extension.

    Idempotent; must run before the schema is built, which reads the extensions.
    """
    for _, field, rule in sensitive_fields(root):
        if any(isinstance(extension, Redact) for extension in field.extensions):
            continue
        field.extensions.append(Redact(rule))
        field.directives.append(Sensitive(reason=rule.reason))
