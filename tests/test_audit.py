"""The impersonation audit log as the API shows it: impersonationEvents and
Employee.impersonationHistory."""

import base64
import hashlib
import json
from datetime import datetime
from typing import Any

import pytest

from tests.client import Api, Reply
from tests.people import ADA, DAN, ELI, ERIN, GUS, GWEN, IVY, MAX, PIA, SAM

EVENT_FIELDS = """
  id
  actor { id email }
  subject { id email }
  operationType
  operationName
  documentHash
  outcome
  at
"""

EVENTS = f"""query Events($actorId: ID, $subjectId: ID, $first: Int, $after: String) {{
  impersonationEvents(actorId: $actorId, subjectId: $subjectId, first: $first, after: $after) {{
    nodes {{ {EVENT_FIELDS} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""

HISTORY_OF = f"""query HistoryOf($id: ID!) {{
  employee(id: $id) {{ id impersonationHistory {{ {EVENT_FIELDS} }} }}
}}"""

MY_HISTORY = f"query MyHistory {{ me {{ id impersonationHistory {{ {EVENT_FIELDS} }} }} }}"

GRANT = "mutation Grant { grantImpersonationConsent(hours: 2) { expiresAt } }"
SET_ROLE = """mutation SetRole($id: ID!, $role: Role!) {
  setEmployeeRole(id: $id, role: $role) { id role }
}"""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


async def events(api: Api, as_: str, **variables: Any) -> Reply:
    return await api.gql(EVENTS, variables or None, as_=as_)


async def nodes(api: Api, as_: str, **variables: Any) -> list[dict[str, Any]]:
    data = (await events(api, as_, **variables)).ok()
    return data["impersonationEvents"]["nodes"]  # type: ignore[no-any-return]


async def impersonate(
    api: Api, actor: str, subject: str, query: str, operation_name: str | None = None
) -> Reply:
    return await api.gql(query, as_=actor, impersonate=subject, operation_name=operation_name)


def newest_first(found: list[dict[str, Any]]) -> None:
    stamps = [datetime.fromisoformat(node["at"]) for node in found]
    assert stamps == sorted(stamps, reverse=True)


# who may read the log


@pytest.mark.parametrize("viewer", [ADA, MAX, ERIN])
async def test_only_super_admins_read_the_log(api: Api, viewer: str) -> None:
    await impersonate(api, SAM, IVY, "query Seen { me { id } }")
    reply = await events(api, viewer)
    assert reply.codes == ["FORBIDDEN"], reply.body
    assert reply.data is None


async def test_the_log_is_not_readable_while_impersonating(api: Api) -> None:
    await impersonate(api, SAM, IVY, "query Seen { me { id } }")
    reply = await api.gql(EVENTS, as_=SAM, impersonate=PIA)
    assert reply.codes == ["FORBIDDEN"], reply.body
    assert reply.data is None
    # The refused read is an impersonated request like any other: audited.
    found = await nodes(api, SAM, subjectId=await api.id_of(PIA))
    assert [(n["operationType"], n["operationName"]) for n in found] == [("query", "Events")]


# what it records


async def test_events_are_listed_newest_first_with_what_happened(api: Api) -> None:
    sam, ivy, pia, dan = [await api.id_of(e) for e in (SAM, IVY, PIA, DAN)]
    sent = [
        (IVY, "query One { me { id } }"),
        (PIA, "query Two { me { email } }"),
        (DAN, "query Three { me { name } }"),
        (IVY, "mutation Four { revokeImpersonationConsent }"),
        (SAM, "query Five { me { id } }"),  # self: denied
    ]
    for subject, query in sent:
        await impersonate(api, SAM, subject, query)

    found = await nodes(api, SAM)
    newest_first(found)
    assert [
        (n["actor"]["id"], n["subject"]["id"], n["operationType"], n["operationName"], n["outcome"])
        for n in found
    ] == [
        (sam, sam, "query", "Five", "DENIED"),
        (sam, ivy, "mutation", "Four", "REFUSED_MUTATION"),
        (sam, dan, "query", "Three", "SERVED"),
        (sam, pia, "query", "Two", "SERVED"),
        (sam, ivy, "query", "One", "SERVED"),
    ]
    assert [n["documentHash"] for n in found] == [sha256(q) for _, q in reversed(sent)]
    assert len({n["id"] for n in found}) == len(found)


async def test_the_document_hash_is_of_the_exact_text_sent(api: Api) -> None:
    query = "\n\n  query   Spaced{me{id}}  # a comment, kept in the hash\n\t"
    compact = "query Spaced { me { id } }"
    await impersonate(api, SAM, IVY, query)
    await impersonate(api, SAM, IVY, compact)
    found = await nodes(api, SAM)
    assert [n["documentHash"] for n in found] == [sha256(compact), sha256(query)]
    assert found[0]["documentHash"] != found[1]["documentHash"]
    assert all(len(n["documentHash"]) == 64 for n in found)


async def test_the_operation_chosen_by_operation_name_is_recorded(api: Api) -> None:
    document = """
    query First { me { id } }
    query Second { me { email } }
    mutation Third { revokeImpersonationConsent }
    """
    second = await impersonate(api, SAM, IVY, document, operation_name="Second")
    assert second.ok() == {"me": {"email": IVY}}
    third = await impersonate(api, SAM, IVY, document, operation_name="Third")
    assert third.codes == ["IMPERSONATION_READ_ONLY"], third.body
    first = await impersonate(api, SAM, IVY, document, operation_name="First")
    assert first.ok() == {"me": {"id": await api.id_of(IVY)}}

    found = await nodes(api, SAM)
    assert [(n["operationType"], n["operationName"], n["outcome"]) for n in found] == [
        ("query", "First", "SERVED"),
        ("mutation", "Third", "REFUSED_MUTATION"),
        ("query", "Second", "SERVED"),
    ]
    assert {n["documentHash"] for n in found} == {sha256(document)}


async def test_an_anonymous_operation_has_no_name(api: Api) -> None:
    await impersonate(api, SAM, IVY, "{ me { id } }")
    await impersonate(api, SAM, IVY, "mutation { revokeImpersonationConsent }")
    found = await nodes(api, SAM)
    assert [(n["operationType"], n["operationName"], n["outcome"]) for n in found] == [
        ("mutation", None, "REFUSED_MUTATION"),
        ("query", None, "SERVED"),
    ]


# filters and pages


async def test_filters_by_actor_and_subject(api: Api) -> None:
    (await api.gql(SET_ROLE, {"id": await api.id_of(ADA), "role": "SUPER_ADMIN"}, as_=SAM)).ok()
    await impersonate(api, SAM, IVY, "query A { me { id } }")
    await impersonate(api, SAM, PIA, "query B { me { id } }")
    await impersonate(api, ADA, PIA, "query C { me { id } }")
    await impersonate(api, ADA, DAN, "query D { me { id } }")

    sam, ada = await api.id_of(SAM), await api.id_of(ADA)
    ivy, pia, dan = await api.id_of(IVY), await api.id_of(PIA), await api.id_of(DAN)

    async def names(**variables: Any) -> list[str]:
        return [n["operationName"] for n in await nodes(api, SAM, **variables)]

    assert await names() == ["D", "C", "B", "A"]
    assert await names(actorId=sam) == ["B", "A"]
    assert await names(actorId=ada) == ["D", "C"]
    assert await names(subjectId=pia) == ["C", "B"]
    assert await names(subjectId=ivy) == ["A"]
    assert await names(actorId=ada, subjectId=pia) == ["C"]
    assert await names(actorId=sam, subjectId=dan) == []
    assert await names(subjectId=await api.id_of(ERIN)) == []
    # The other super admin reads the same log.
    assert [n["operationName"] for n in await nodes(api, ADA)] == ["D", "C", "B", "A"]


async def test_cursor_pagination_walks_the_whole_log(api: Api) -> None:
    for i in range(7):
        await impersonate(api, SAM, [IVY, PIA, DAN][i % 3], f"query Q{i} {{ me {{ id }} }}")
    everything = await nodes(api, SAM)
    assert [n["operationName"] for n in everything] == [f"Q{i}" for i in reversed(range(7))]

    pages: list[list[dict[str, Any]]] = []
    after = None
    while True:
        data = (await events(api, SAM, first=3, after=after)).ok()["impersonationEvents"]
        pages.append(data["nodes"])
        if not data["pageInfo"]["hasNextPage"]:
            break
        assert data["pageInfo"]["endCursor"]
        after = data["pageInfo"]["endCursor"]
        assert len(pages) < 10
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [n for page in pages for n in page] == everything

    # Filters and pages together.
    ivy = await api.id_of(IVY)
    first = (await events(api, SAM, subjectId=ivy, first=2)).ok()["impersonationEvents"]
    assert [n["operationName"] for n in first["nodes"]] == ["Q6", "Q3"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (
        await events(api, SAM, subjectId=ivy, first=2, after=first["pageInfo"]["endCursor"])
    ).ok()["impersonationEvents"]
    assert [n["operationName"] for n in rest["nodes"]] == ["Q0"]
    assert rest["pageInfo"]["hasNextPage"] is False

    empty = (await events(api, SAM, first=0)).ok()["impersonationEvents"]
    assert empty["nodes"] == []


async def test_an_exact_page_says_there_is_no_next(api: Api) -> None:
    for i in range(2):
        await impersonate(api, SAM, IVY, f"query Q{i} {{ me {{ id }} }}")
    data = (await events(api, SAM, first=2)).ok()["impersonationEvents"]
    assert len(data["nodes"]) == 2
    assert data["pageInfo"]["hasNextPage"] is False


def _cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "after",
    [
        "garbage",
        "!!!",
        "",
        _cursor(["not-a-date", "x"]),
        _cursor(["2026-01-01T00:00:00+00:00"]),
        _cursor({"at": 1}),
        _cursor([1, 2]),
    ],
    ids=["garbage", "punctuation", "empty", "bad-date", "short", "object", "numbers"],
)
async def test_a_bad_cursor_is_bad_user_input(api: Api, after: str) -> None:
    await impersonate(api, SAM, IVY, "query Q { me { id } }")
    reply = await events(api, SAM, first=1, after=after)
    assert reply.codes == ["BAD_USER_INPUT"], reply.body
    assert reply.data is None


@pytest.mark.parametrize("first", [-1, 100_000])
async def test_a_bad_page_size_is_bad_user_input(api: Api, first: int) -> None:
    reply = await events(api, SAM, first=first)
    assert reply.codes == ["BAD_USER_INPUT"], reply.body


# companies


async def test_a_company_never_sees_another_companys_events(api: Api) -> None:
    (await api.gql(GRANT, as_=GWEN)).ok()
    gus, gwen = await api.id_of(GUS), await api.id_of(GWEN)
    served = await impersonate(api, GUS, GWEN, "query GlobexLook { me { id } }")
    assert served.ok() == {"me": {"id": gwen}}
    await impersonate(api, SAM, IVY, "query AcmeLook { me { id } }")
    # Sam tries Gwen: refused as a missing id, audited in Acme without a subject.
    assert (await impersonate(api, SAM, GWEN, "query Cross { me { id } }")).codes == ["NOT_FOUND"]

    acme = await nodes(api, SAM)
    assert [n["operationName"] for n in acme] == ["AcmeLook"]
    assert await nodes(api, SAM, actorId=gus) == []
    assert await nodes(api, SAM, subjectId=gwen) == []

    globex = await nodes(api, GUS)
    assert [(n["actor"]["id"], n["subject"]["id"], n["operationName"]) for n in globex] == [
        (gus, gwen, "GlobexLook")
    ]
    assert await nodes(api, GUS, actorId=await api.id_of(SAM)) == []

    # Gwen's own history shows Gus, and nothing of Sam's attempt.
    mine = (await api.gql(MY_HISTORY, as_=GWEN)).ok()["me"]["impersonationHistory"]
    assert [(n["actor"]["id"], n["operationName"]) for n in mine] == [(gus, "GlobexLook")]

    # Sam cannot reach Gwen's history through her id.
    reply = await api.gql(HISTORY_OF, {"id": gwen}, as_=SAM)
    assert not (reply.data or {}).get("employee")
    assert "GlobexLook" not in json.dumps(reply.body)


# Employee.impersonationHistory


async def _erin_impersonated(api: Api) -> None:
    (await api.gql(GRANT, as_=ERIN)).ok()
    assert (await impersonate(api, SAM, ERIN, "query Peek { me { id } }")).ok()
    refused = await impersonate(api, SAM, ERIN, "mutation Poke { revokeImpersonationConsent }")
    assert refused.codes == ["IMPERSONATION_READ_ONLY"]
    # Someone else's history, for contrast.
    await impersonate(api, SAM, IVY, "query Other { me { id } }")


async def test_the_subject_sees_who_impersonated_them(api: Api) -> None:
    await _erin_impersonated(api)
    sam, erin = await api.id_of(SAM), await api.id_of(ERIN)
    data = (await api.gql(MY_HISTORY, as_=ERIN)).ok()["me"]
    assert data["id"] == erin
    history = data["impersonationHistory"]
    newest_first(history)
    assert [
        (n["actor"]["id"], n["actor"]["email"], n["subject"]["id"], n["operationName"])
        for n in history
    ] == [(sam, SAM, erin, "Poke"), (sam, SAM, erin, "Peek")]
    assert [n["outcome"] for n in history] == ["REFUSED_MUTATION", "SERVED"]

    # The same through employee(id:) on themselves.
    own = (await api.gql(HISTORY_OF, {"id": erin}, as_=ERIN)).ok()["employee"]
    assert own["impersonationHistory"] == history


async def test_super_admins_see_anyones_history(api: Api) -> None:
    await _erin_impersonated(api)
    erin_history = (await api.gql(MY_HISTORY, as_=ERIN)).ok()["me"]["impersonationHistory"]
    data = (await api.gql(HISTORY_OF, {"id": await api.id_of(ERIN)}, as_=SAM)).ok()
    assert data["employee"]["impersonationHistory"] == erin_history
    ivy = (await api.gql(HISTORY_OF, {"id": await api.id_of(IVY)}, as_=SAM)).ok()
    assert [n["operationName"] for n in ivy["employee"]["impersonationHistory"]] == ["Other"]
    never = (await api.gql(HISTORY_OF, {"id": await api.id_of(PIA)}, as_=SAM)).ok()
    assert never["employee"]["impersonationHistory"] == []


@pytest.mark.parametrize("viewer", [ELI, MAX, ADA])
async def test_a_colleague_gets_null(api: Api, viewer: str) -> None:
    await _erin_impersonated(api)
    reply = await api.gql(HISTORY_OF, {"id": await api.id_of(ERIN)}, as_=viewer)
    data = reply.ok()
    assert data["employee"]["id"] == await api.id_of(ERIN)
    assert data["employee"]["impersonationHistory"] is None
