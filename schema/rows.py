"""Object types read straight from database rows: say which rows a type stands for."""

from typing import Any


def stands_for(model: type) -> Any:
    """An ``is_type_of`` for a type whose resolvers return ``model`` rows, so unions and
    interfaces can tell rows apart."""

    def is_type_of(cls: type, obj: object, _info: object) -> bool:
        return isinstance(obj, model)

    return classmethod(is_type_of)
