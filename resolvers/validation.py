"""Input checks shared by mutations: each raises BAD_USER_INPUT before anything is written."""

import re

from resolvers.errors import BadUserInput

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(value: str, name: str, *, max_length: int, required: bool = True) -> str:
    """Trimmed text within bounds."""
    value = value.strip()
    if required and not value:
        raise BadUserInput(f"`{name}` must not be empty.", field=name)
    if len(value) > max_length:
        raise BadUserInput(f"`{name}` is limited to {max_length} characters.", field=name)
    return value


def optional_text(value: str | None, name: str, *, max_length: int) -> str | None:
    if value is None:
        return None
    return text(value, name, max_length=max_length, required=False) or None


def within(value: int, name: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise BadUserInput(f"`{name}` must be between {low} and {high}.", field=name)
    return value


def email(value: str) -> str:
    value = value.strip().lower()
    if len(value) > 320 or not _EMAIL.match(value):
        raise BadUserInput("`email` is not an email address.", field="email")
    return value
