"""Object types read straight from database rows: say which rows a type stands for."""

from typing import Any


def stands_for(model: type) -> Any:
    """An ``is_type_of`` for a type whose resolvers return ``model`` rows, so unions can
    tell rows apart, and so the redaction walk knows which table a type exposes."""

    def is_type_of(cls: type, obj: object, _info: object) -> bool:
        return isinstance(obj, model)

    is_type_of.row_model = model  # type: ignore[attr-defined]
    return classmethod(is_type_of)


def row_model_of(definition: Any) -> type | None:
    """The row type a strawberry object definition stands for, if it declared one."""
    return getattr(getattr(definition, "is_type_of", None), "row_model", None)
