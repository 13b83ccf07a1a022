"""What impersonation hides: the one declaration the schema, the SDL export and the tests read.

From the spec's table of sensitive data. Two kinds of rule:

- sensitive rows: every field that returns one (a note, a list of them, a connection's
  nodes) resolves to null under impersonation, whatever type exposes the row;
- sensitive values: fields that read sensitive content out of an otherwise visible row (a
  survey answer's comment, a private goal's text), unconditionally or only for some rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from db.enums import GoalVisibility
from db.models import Goal, InstantFeedback, MeetingNote, PrivateNote, SurveyAnswer


@dataclass(frozen=True, slots=True)
class Redaction:
    """Why a field is null under impersonation, and for which source rows."""

    reason: str
    applies_to: Callable[[Any], bool] | None = None  # None: every row

    def hides(self, source: Any) -> bool:
        return self.applies_to is None or self.applies_to(source)


def _is_private_goal(goal: Goal) -> bool:
    return goal.visibility is GoalVisibility.PRIVATE


# Rows whose every appearance is hidden: the field returning them is null.
SENSITIVE_ROWS: dict[type, str] = {
    MeetingNote: "meeting notes",
    PrivateNote: "private notes",
    InstantFeedback: "instant feedback",
}

# Values read from a visible row: (row type, field) -> rule. The content columns of the
# sensitive rows are listed too, so a type that exposes one is caught even if reached some
# other way.
SENSITIVE_VALUES: dict[tuple[type, str], Redaction] = {
    (SurveyAnswer, "comment"): Redaction("survey comments"),
    (MeetingNote, "body"): Redaction("meeting notes"),
    (PrivateNote, "body"): Redaction("private notes"),
    (InstantFeedback, "message"): Redaction("instant feedback"),
    **{
        (Goal, name): Redaction("private goals: hidden when the goal is PRIVATE", _is_private_goal)
        for name in ("title", "description", "progress", "due_date", "team")
    },
}

# Fields that aggregate sensitive values without returning the rows: (type name, field).
SENSITIVE_AGGREGATES: dict[tuple[str, str], Redaction] = {
    ("SurveyResults", "comments"): Redaction("survey comments"),
}

# What a PRIVATE goal still shows under impersonation; everything else of it is hidden.
PRIVATE_GOAL_VISIBLE_FIELDS = frozenset({"id", "visibility", "owner"})


def redaction_for(
    type_name: str,
    row_type: type | None,
    field_name: str,
    returns: frozenset[type],
) -> Redaction | None:
    """The rule for one field of the schema, or None when impersonation shows it as it is.

    ``row_type`` is the row the GraphQL type reads from (None for types built otherwise);
    ``returns`` the row types the field can return (through lists, unions, connections).
    """
    for row in returns:
        if row in SENSITIVE_ROWS:
            return Redaction(SENSITIVE_ROWS[row])
    if row_type is not None and (row_type, field_name) in SENSITIVE_VALUES:
        return SENSITIVE_VALUES[(row_type, field_name)]
    return SENSITIVE_AGGREGATES.get((type_name, field_name))
