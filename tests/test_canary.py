"""Canaries: sensitive data written by the subjects never comes out under impersonation.

Every Acme subject first writes, as themselves, one of each kind of sensitive data carrying
a unique marker (tests/sensitive_oracle.py `plant_secrets`): a PRIVATE goal, a survey
comment, a 1:1 note, a private note, instant feedback given and received. Then, with sam
impersonating each subject in turn:

- hypothesis-graphql query documents over the FULL schema (impersonation fields and `search`
  included), whose string arguments are drawn from pieces of the sensitive texts, never get
  an answer (data, errors or extensions) holding a sensitive text or a marker, seeded or
  planted, unless the request itself sent it;
- `goals(search:)` and `employees(search:)` with such pieces match, count and order exactly
  what the subject's own search does, minus the PRIVATE goals whose text is hidden;
- hand-written documents that put markers and secret rows' ids into arguments that end up
  in error messages leak nothing either.
"""

import base64
import json
from string import Template
from typing import Any

import graphql
import pytest
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from sqlalchemy import select

from db.enums import GoalVisibility
from db.models import Goal
from tests.client import IMPERSONATE, Api
from tests.people import IVY
from tests.sensitive_oracle import (
    ERIN,
    MAX,
    PULSE,
    SAM,
    SUBJECTS,
    argument_values,
    as_themselves,
    check_property,
    documents,
    examples_per_subject,
    generation_sdl,
    grant_consents,
    leaks,
    plant_secrets,
    sensitive_texts,
)

FULL_SDL = generation_sdl()
EXAMPLES = examples_per_subject(len(SUBJECTS))


def pieces_of(texts: list[str]) -> st.SearchStrategy[str]:
    """Substrings of the sensitive texts, in any case (searches ignore case), whole ones
    and bare markers included."""
    return st.builds(
        lambda text, start, length, case: case(text[start : start + length]),
        st.sampled_from(texts),
        st.integers(min_value=0, max_value=120),
        st.integers(min_value=1, max_value=200),
        st.sampled_from([str, str.lower, str.upper]),
    ).filter(bool)


PLANTED: dict[str, str] = {}  # marker -> what it marks, for the failure messages


async def prepared(api: Api) -> tuple[list[str], list[str]]:
    """Consents, the planted secrets; returns (every sensitive text, every marker)."""
    await grant_consents(api)
    secrets = await plant_secrets(api)
    PLANTED.update((secret.marker, secret.what) for secret in secrets)
    texts = sorted(await sensitive_texts(api.engine))
    markers = [secret.marker for secret in secrets]
    # The planting worked: every marker is in the database, inside a sensitive text.
    assert all(any(marker in text for text in texts) for marker in markers)
    return texts, markers


def sent_text(document: str, variables: Any = None, operation_name: str | None = None) -> str:
    return document + json.dumps(variables) + (operation_name or "")


def leak_report(body: Any, found: set[str], document: str) -> str:
    named = [f"{secret!r} ({PLANTED.get(secret, 'a sensitive text')})" for secret in sorted(found)]
    return f"LEAKED {', '.join(named)}\ndocument:\n{document}\nanswer: {json.dumps(body)}"


@pytest.mark.parametrize("subject", SUBJECTS, ids=[s.split(".")[0] for s in SUBJECTS])
async def test_no_sensitive_text_ever_comes_out_under_impersonation(api: Api, subject: str) -> None:
    texts, markers = await prepared(api)
    secrets = texts + markers
    scalars = await argument_values(api)
    strings = st.one_of(
        pieces_of(texts).map(nodes.String),
        st.sampled_from(markers).map(nodes.String),
        st.text(max_size=20).map(nodes.String),
    )
    scalars["String"] = strings
    # hypothesis-graphql over the full schema: plain Int and String arguments, so paging
    # and cursors draw out-of-range and foreign values too.
    for name in ("PageSize", "EmployeeCursor", "GoalCursor", "EventCursor"):
        scalars.pop(name)

    async def check(document: str) -> list[str]:
        reply = await api.gql(document, as_=SAM, impersonate=subject)
        found = leaks(reply.body, secrets, sent=document)
        assert not found, leak_report(reply.body, found, document)
        codes = sorted({code or "?" for code in reply.codes})
        return [f"HTTP {reply.status}", *(f"error {code}" for code in codes)]

    await check_property(
        documents(FULL_SDL, scalars),
        check,
        key=f"canary documents {subject}",
        max_examples=EXAMPLES,
    )


SEARCH = """
query Search($s: String) {
  goals(search: $s, first: 500) { totalCount nodes { id visibility title description } }
  employees(search: $s, first: 500) { totalCount nodes { id name } }
}
"""


@pytest.mark.parametrize("subject", SUBJECTS, ids=[s.split(".")[0] for s in SUBJECTS])
async def test_searching_for_hidden_text_finds_only_what_is_shown(api: Api, subject: str) -> None:
    texts, markers = await prepared(api)
    secrets = texts + markers
    async with api.engine.connect() as connection:
        private = set(
            (
                await connection.execute(
                    select(Goal.id).where(Goal.visibility == GoalVisibility.PRIVATE)
                )
            ).scalars()
        )

    async def check(search: str) -> list[str]:
        variables = {"s": search}
        reply = await api.gql(SEARCH, variables, as_=SAM, impersonate=subject)
        context = f"search {search!r}\nimpersonated: {json.dumps(reply.body)}"
        assert reply.status == 200 and not reply.errors, context
        found = leaks(reply.body, secrets, sent=search)
        assert not found, leak_report(reply.body, found, f"{SEARCH} with {variables}")
        own = await as_themselves(api, subject, SEARCH, variables)
        # A blank search is no search: every visible goal, private ones included (redacted).
        searching = bool(search.strip())
        shown = [n for n in own["goals"]["nodes"] if not searching or n["id"] not in private]
        goals = reply.data["goals"]
        assert [n["id"] for n in goals["nodes"]] == [n["id"] for n in shown], (
            context + f"\nown: {json.dumps(own)}"
        )
        # Counting must not tell either: the total is that of what is shown.
        assert goals["totalCount"] == len(shown), context + f"\nown: {json.dumps(own)}"
        assert reply.data["employees"] == own["employees"], context
        hidden = len(own["goals"]["nodes"]) - len(shown)
        return [f"hidden private matches: {min(hidden, 3)}", f"shown: {min(len(shown), 3)}"]

    await check_property(
        pieces_of(texts), check, key=f"canary search {subject}", max_examples=EXAMPLES
    )


def _cursor(*parts: str) -> str:
    raw = json.dumps(list(parts)).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def private_goal_of(api: Api, email: str) -> tuple[str, str]:
    """The id and title of the subject's planted private goal."""
    owner = await api.id_of(email)
    async with api.engine.connect() as connection:
        row = (
            await connection.execute(
                select(Goal.id, Goal.title).where(
                    Goal.owner_id == owner,
                    Goal.visibility == GoalVisibility.PRIVATE,
                    Goal.title.like("CANARY-%"),
                )
            )
        ).one()
    return str(row.id), str(row.title)


def fill(document: str, **values: str) -> str:
    """``document`` with each ``$name`` replaced by its value (GraphQL's braces untouched)."""
    return Template(document).substitute(values)


async def send(
    api: Api,
    subject: str,
    document: str,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """POST as sam impersonating ``subject``; the body as JSON when it is JSON, else text
    (strawberry answers an unknown operationName with a plain-text 400)."""
    payload: dict[str, Any] = {"query": document}
    if variables is not None:
        payload["variables"] = variables
    if operation_name is not None:
        payload["operationName"] = operation_name
    sent = {**(await api.headers(SAM, subject)), **(headers or {})}
    response = await api.http.post("/graphql", json=payload, headers=sent)
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, response.text


@pytest.mark.parametrize("subject", [MAX, IVY], ids=["max", "ivy"])
async def test_error_messages_leak_nothing(api: Api, subject: str) -> None:
    """Markers and secret rows' ids in arguments that end up in error messages."""
    texts, markers = await prepared(api)
    secrets = texts + markers
    goal_id, title = await private_goal_of(api, subject)
    report_goal, report_title = await private_goal_of(api, ERIN)
    marker = title.split()[0]
    subject_id = await api.id_of(subject)
    queries: list[tuple[str, dict[str, Any] | None, str | None]] = [
        # Over the 200 characters a search may have.
        (fill('{ goals(search: "$s") { totalCount } }', s=(marker + " ") * 20), None, None),
        (fill('{ goals(after: "$c") { totalCount } }', c=_cursor(marker, goal_id)), None, None),
        (fill('{ goals(after: "$c") { totalCount } }', c=_cursor("2026-01-01", marker)),
         None, None),
        (fill('{ employees(after: "$c") { totalCount } }', c=_cursor(marker, goal_id)), None, None),
        (fill('{ goal(id: "$g") { id title description } }', g=marker), None, None),
        (fill('{ goal(id: "$g") { id title description team { id } } }', g=goal_id), None, None),
        (fill('{ goal(id: "$g") { id title description } }', g=report_goal), None, None),
        (fill('{ employee(id: "$g") { id } }', g=goal_id), None, None),
        (fill('{ goals(first: "$m") { totalCount } }', m=marker), None, None),
        ("query($n: Int) { goals(first: $n) { totalCount } }", {"n": marker}, None),
        (fill('{ goals(search: "$t", first: -1) { totalCount } }', t=title), None, None),
        (fill('{ goals(ownerId: "$o", search: "$m") { totalCount nodes { id } } }',
              o=subject_id, m=marker), None, None),
        (fill('{ goals(search: "$t") { totalCount } }', t=report_title), None, None),
        ("query Named { me { id } }", None, marker),
        (fill("{ me { id } $m }", m=marker.replace("-", "_")), None, None),
        (fill('{ survey(id: "$s") { results { comments } } }', s=PULSE), None, None),
    ]  # fmt: skip
    for document, variables, operation_name in queries:
        status, body = await send(api, subject, document, variables, operation_name)
        found = leaks(body, secrets, sent=sent_text(document, variables, operation_name))
        assert not found, leak_report(body, found, document)

    # Refused mutations echo nothing of what they were sent, markers included.
    mutations = [
        fill('mutation { updateGoal(id: "$g", input: {title: "$m"}) { title } }',
             g=goal_id, m=marker),
        fill('mutation { addMeetingNote(meetingId: "$m", body: "$m") { body } }', m=marker),
        fill('mutation { createPrivateNote(body: "$m") { body } }', m=marker),
        fill('mutation { giveInstantFeedback(receiverId: "$m", message: "$m") { message } }',
             m=marker),
        fill('mutation { submitSurveyResponse(surveyId: "$s", answers: [{questionId: "$m", '
             'comment: "$m"}]) { id } }', s=PULSE, m=marker),
        fill('mutation { createGoal(input: {title: "$m", visibility: PRIVATE}) { title } }',
             m=marker),
    ]  # fmt: skip
    for document in mutations:
        status, body = await send(api, subject, document)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["IMPERSONATION_READ_ONLY"]
        found = leaks(body, secrets)
        assert not found, leak_report(body, found, document)

    # A header that is not an employee id is refused without being echoed.
    status, body = await send(api, subject, "{ me { id } }", headers={IMPERSONATE: marker})
    assert status == 400 and not leaks(body, secrets), body


async def test_the_canaries_are_there_to_be_found(api: Api) -> None:
    """Not vacuous: without impersonation the owners read every planted marker back."""
    _, markers = await prepared(api)
    found: set[str] = set()
    document = """
    {
      goals(first: 500) { nodes { title description } }
      privateNotes { body }
      received: instantFeedback(direction: RECEIVED) { message }
      given: instantFeedback(direction: GIVEN) { message }
      meetings { notes { body } }
      surveys { myResponse { answers { comment } } }
    }
    """
    for subject in SUBJECTS:
        data = await as_themselves(api, subject, document)
        found |= leaks(data, markers)
    assert found == set(markers)
    # And the generated documents reach them: the full SDL has every sensitive field.
    schema = graphql.build_schema(FULL_SDL)
    assert schema.query_type is not None
    assert {"privateNotes", "instantFeedback", "meetings", "goals", "impersonation"} <= set(
        schema.query_type.fields
    )
