"""Per-request DataLoaders: every relation resolves through one of these, batched.

They are built for one request and one viewer and die with the request, so nothing one
viewer loaded can reach another viewer's response. Each applies the viewer's visibility
predicate from ``permissions.visibility``: a loader never returns what the viewer may not see.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from functools import cached_property
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import InstrumentedAttribute, Mapped
from sqlmodel import col
from strawberry.dataloader import DataLoader

from db.models import (
    Assessment,
    Company,
    Employee,
    Goal,
    ImpersonationConsent,
    ImpersonationEvent,
    InstantFeedback,
    Meeting,
    MeetingNote,
    ReviewCycle,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    Team,
)
from permissions import visibility
from permissions.viewer import Viewer
from resolvers.database import RequestDatabase


class _Row(Protocol):
    id: str


M = TypeVar("M")
R = TypeVar("R", bound=_Row)


def _key_name(key: Mapped[Any]) -> str:
    """The row attribute a column fills: ``col()`` types a model's column as ``Mapped``, but
    at class level it is the instrumented attribute, which knows its ``key``."""
    return cast(InstrumentedAttribute[Any], key).key


def _by_id(
    db: RequestDatabase, model: type[R], where: ColumnElement[bool]
) -> DataLoader[str, R | None]:
    id_column = col(model.id)

    async def load(ids: list[str]) -> list[R | None]:
        rows = await db.all(select(model).where(id_column.in_(ids), where))
        found = {row.id: row for row in rows}
        return [found.get(id) for id in ids]

    return DataLoader(load)


def _grouped(
    db: RequestDatabase,
    model: type[M],
    key: Mapped[Any],
    where: ColumnElement[bool],
    *order_by: Any,
) -> DataLoader[str, list[M]]:
    async def load(keys: list[str]) -> list[list[M]]:
        rows = await db.all(select(model).where(key.in_(keys), where).order_by(*order_by))
        groups: defaultdict[str, list[M]] = defaultdict(list)
        for row in rows:
            groups[getattr(row, _key_name(key))].append(row)
        return [groups.get(k, []) for k in keys]

    return DataLoader(load)


def _one_per_key(
    db: RequestDatabase, model: type[M], key: Mapped[Any], where: ColumnElement[bool]
) -> DataLoader[str, M | None]:
    async def load(keys: list[str]) -> list[M | None]:
        rows = await db.all(select(model).where(key.in_(keys), where))
        found = {getattr(row, _key_name(key)): row for row in rows}
        return [found.get(k) for k in keys]

    return DataLoader(load)


class Loaders:
    """The loaders of one request, as seen by one viewer.

    Each is built on first use: a visibility predicate is an expression tree, and most
    operations touch a handful of the loaders, not all of them.
    """

    def __init__(self, db: RequestDatabase, viewer: Viewer) -> None:
        self._db = db
        self._viewer = viewer

    @cached_property
    def employee(self) -> DataLoader[str, Employee | None]:
        return _by_id(self._db, Employee, visibility.employee_visible(self._viewer))

    @cached_property
    def company(self) -> DataLoader[str, Company | None]:
        return _by_id(self._db, Company, col(Company.id) == self._viewer.company_id)

    @cached_property
    def team(self) -> DataLoader[str, Team | None]:
        return _by_id(self._db, Team, visibility.team_visible(self._viewer))

    @cached_property
    def reports(self) -> DataLoader[str, list[Employee]]:
        return _grouped(
            self._db,
            Employee,
            col(Employee.manager_id),
            visibility.employee_visible(self._viewer),
            col(Employee.name),
        )

    @cached_property
    def members(self) -> DataLoader[str, list[Employee]]:
        return _grouped(
            self._db,
            Employee,
            col(Employee.team_id),
            visibility.employee_visible(self._viewer),
            col(Employee.name),
        )

    @cached_property
    def goal(self) -> DataLoader[str, Goal | None]:
        return _by_id(self._db, Goal, visibility.goal_visible(self._viewer))

    @cached_property
    def goals_by_owner(self) -> DataLoader[str, list[Goal]]:
        return _grouped(
            self._db,
            Goal,
            col(Goal.owner_id),
            visibility.goal_visible(self._viewer),
            col(Goal.created_at),
            col(Goal.id),
        )

    @cached_property
    def survey(self) -> DataLoader[str, Survey | None]:
        return _by_id(self._db, Survey, visibility.survey_visible(self._viewer))

    # Questions and answers are reached only through a survey or response already checked.

    @cached_property
    def questions(self) -> DataLoader[str, list[SurveyQuestion]]:
        return _grouped(
            self._db,
            SurveyQuestion,
            col(SurveyQuestion.survey_id),
            true(),
            col(SurveyQuestion.position),
        )

    @cached_property
    def question(self) -> DataLoader[str, SurveyQuestion | None]:
        return _by_id(self._db, SurveyQuestion, true())

    @cached_property
    def my_invitation(self) -> DataLoader[str, SurveyInvitation | None]:
        return _one_per_key(
            self._db,
            SurveyInvitation,
            col(SurveyInvitation.survey_id),
            col(SurveyInvitation.employee_id) == self._viewer.id,
        )

    @cached_property
    def my_response(self) -> DataLoader[str, SurveyResponse | None]:
        return _one_per_key(
            self._db,
            SurveyResponse,
            col(SurveyResponse.survey_id),
            col(SurveyResponse.employee_id) == self._viewer.id,
        )

    @cached_property
    def answers(self) -> DataLoader[str, list[SurveyAnswer]]:
        return DataLoader(self._answering(self._db))

    @cached_property
    def cycle(self) -> DataLoader[str, ReviewCycle | None]:
        return _by_id(self._db, ReviewCycle, visibility.cycle_visible(self._viewer))

    @cached_property
    def assessment(self) -> DataLoader[str, Assessment | None]:
        return _by_id(self._db, Assessment, visibility.assessment_visible(self._viewer))

    @cached_property
    def assessments_by_cycle(self) -> DataLoader[str, list[Assessment]]:
        return _grouped(
            self._db,
            Assessment,
            col(Assessment.cycle_id),
            visibility.assessment_visible(self._viewer),
            col(Assessment.id),
        )

    @cached_property
    def assessments_by_reviewee(self) -> DataLoader[str, list[Assessment]]:
        return _grouped(
            self._db,
            Assessment,
            col(Assessment.reviewee_id),
            visibility.assessment_visible(self._viewer),
            col(Assessment.id),
        )

    @cached_property
    def meeting(self) -> DataLoader[str, Meeting | None]:
        return _by_id(self._db, Meeting, visibility.meeting_visible(self._viewer))

    @cached_property
    def meeting_notes(self) -> DataLoader[str, list[MeetingNote]]:
        return _grouped(
            self._db,
            MeetingNote,
            col(MeetingNote.meeting_id),
            true(),
            col(MeetingNote.created_at),
            col(MeetingNote.id),
        )

    @cached_property
    def feedback_by_receiver(self) -> DataLoader[str, list[InstantFeedback]]:
        return _grouped(
            self._db,
            InstantFeedback,
            col(InstantFeedback.receiver_id),
            visibility.feedback_visible(self._viewer),
            col(InstantFeedback.created_at),
            col(InstantFeedback.id),
        )

    @cached_property
    def consents(self) -> DataLoader[str, list[ImpersonationConsent]]:
        return _grouped(
            self._db,
            ImpersonationConsent,
            col(ImpersonationConsent.employee_id),
            true(),
            col(ImpersonationConsent.granted_at).desc(),
        )

    @cached_property
    def events_by_subject(self) -> DataLoader[str, list[ImpersonationEvent]]:
        return _grouped(
            self._db,
            ImpersonationEvent,
            col(ImpersonationEvent.subject_id),
            col(ImpersonationEvent.company_id) == self._viewer.company_id,
            col(ImpersonationEvent.at).desc(),
            col(ImpersonationEvent.id).desc(),
        )

    @cached_property
    def event_person(self) -> DataLoader[str, Employee | None]:
        # The people named in an audit record are shown whatever their status now: the
        # record is only worth something if it says who it was.
        return _by_id(self._db, Employee, col(Employee.company_id) == self._viewer.company_id)

    @cached_property
    def response_count(self) -> DataLoader[str, int]:
        return DataLoader(self._counting(self._db))

    @cached_property
    def average_score(self) -> DataLoader[str, float | None]:
        return DataLoader(self._averaging(self._db))

    @cached_property
    def survey_comments(self) -> DataLoader[str, list[str]]:
        return DataLoader(self._commenting(self._db))

    @staticmethod
    def _answering(
        db: RequestDatabase,
    ) -> Callable[[list[str]], Awaitable[list[list[SurveyAnswer]]]]:
        """Answers in the order the survey asks its questions."""

        async def load(response_ids: list[str]) -> list[list[SurveyAnswer]]:
            rows = await db.all(
                select(SurveyAnswer)
                .join(SurveyQuestion, col(SurveyQuestion.id) == col(SurveyAnswer.question_id))
                .where(col(SurveyAnswer.response_id).in_(response_ids))
                .order_by(col(SurveyQuestion.position), col(SurveyAnswer.id))
            )
            groups: defaultdict[str, list[SurveyAnswer]] = defaultdict(list)
            for row in rows:
                groups[row.response_id].append(row)
            return [groups.get(r, []) for r in response_ids]

        return load

    @staticmethod
    def _counting(db: RequestDatabase) -> Any:
        async def load(survey_ids: list[str]) -> list[int]:
            rows = await db.rows(
                select(col(SurveyResponse.survey_id), func.count())
                .where(col(SurveyResponse.survey_id).in_(survey_ids))
                .group_by(col(SurveyResponse.survey_id))
            )
            counts = {survey_id: count for survey_id, count in rows}
            return [counts.get(s, 0) for s in survey_ids]

        return load

    @staticmethod
    def _averaging(db: RequestDatabase) -> Any:
        async def load(survey_ids: list[str]) -> list[float | None]:
            rows = await db.rows(
                select(col(SurveyResponse.survey_id), func.avg(col(SurveyAnswer.score)))
                .join(SurveyAnswer, col(SurveyAnswer.response_id) == col(SurveyResponse.id))
                .where(col(SurveyResponse.survey_id).in_(survey_ids))
                .group_by(col(SurveyResponse.survey_id))
            )
            averages = {s: (None if a is None else round(float(a), 2)) for s, a in rows}
            return [averages.get(s) for s in survey_ids]

        return load

    @staticmethod
    def _commenting(db: RequestDatabase) -> Any:
        async def load(survey_ids: list[str]) -> list[list[str]]:
            rows = await db.rows(
                select(col(SurveyResponse.survey_id), col(SurveyAnswer.comment))
                .join(SurveyAnswer, col(SurveyAnswer.response_id) == col(SurveyResponse.id))
                .where(
                    col(SurveyResponse.survey_id).in_(survey_ids),
                    col(SurveyAnswer.comment).is_not(None),
                )
                .order_by(col(SurveyAnswer.comment))
            )
            groups: defaultdict[str, list[str]] = defaultdict(list)
            for survey_id, comment in rows:
                groups[survey_id].append(cast(str, comment))  # the query skips null comments
            return [groups.get(s, []) for s in survey_ids]

        return load


def first_or_none(rows: Sequence[M]) -> M | None:
    return rows[0] if rows else None
