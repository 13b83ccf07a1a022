"""Lists resolve through per-request DataLoaders: the number of SQL statements a document
costs does not grow with the number of rows it returns."""

from tests.client import Api
from tests.world import plain_employee_of, super_admin_of, synthetic_company

EMPLOYEES_WITH_RELATIONS = """
query ($first: Int!) {
  employees(first: $first) {
    nodes { manager { name } team { name } goals { title } reports { name } }
  }
}
"""

EVERYTHING_NESTED = """
query ($first: Int!) {
  employees(first: $first) {
    totalCount
    nodes {
      name company { name } team { name lead { name } members { name } }
      manager { name manager { name } }
      reports { name goals { title owner { name } } }
      goals { title owner { name } team { name } }
      assessments { status state cycle { name } reviewer { name } reviewee { name } }
      instantFeedback { message giver { name } }
      impersonationConsent { expiresAt }
      canImpersonate { allowed reason }
    }
  }
  goals(first: $first) { nodes { title owner { manager { name } } team { members { name } } } }
  reviewCycles { assessments { reviewee { name } cycle { name } } }
  surveys { questions { text } myInvitation { status } results { responseCount comments } }
  tasks(includeDone: true) { title subject { __typename } }
}
"""


async def statements_for(api: Api, document: str, first: int, viewer: str) -> int:
    await api.id_of(viewer)  # the test's own lookup must not count
    counter = api.count_statements()
    try:
        reply = await api.gql(document, {"first": first}, as_=viewer)
    finally:
        api.stop_counting(counter)
    data = reply.ok()
    assert len(data["employees"]["nodes"]) == first
    return counter.count


async def test_the_issue_document_costs_the_same_for_10_and_200(api: Api) -> None:
    company = await synthetic_company(api, 260)
    viewer = await super_admin_of(api, company)
    small = await statements_for(api, EMPLOYEES_WITH_RELATIONS, 10, viewer)
    large = await statements_for(api, EMPLOYEES_WITH_RELATIONS, 200, viewer)
    assert small == large
    # The viewer, the page, then one batched load per relation.
    assert large == 6


async def test_a_deep_document_costs_a_bounded_number_of_statements(api: Api) -> None:
    """Deeper levels may need a batch of their own when a small page has not already
    loaded the people they point at; a larger page never costs more."""
    company = await synthetic_company(api, 260)
    viewer = await super_admin_of(api, company)
    small = await statements_for(api, EVERYTHING_NESTED, 10, viewer)
    large = await statements_for(api, EVERYTHING_NESTED, 200, viewer)
    assert large <= small < 40


async def test_the_same_holds_for_an_employee(api: Api) -> None:
    company = await synthetic_company(api, 260)
    viewer = await plain_employee_of(api, company)
    small = await statements_for(api, EMPLOYEES_WITH_RELATIONS, 10, viewer)
    large = await statements_for(api, EMPLOYEES_WITH_RELATIONS, 200, viewer)
    assert small == large
