"""Bearer tokens: who may call the API at all."""

import time

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from tests.client import Api
from viewas.auth import InvalidToken, TokenService
from viewas.settings import Settings

ME = "{ me { email } }"


def signed(claims: dict[str, object], secret: str) -> str:
    return jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(secret))


def claims_for(employee_id: str, **overrides: object) -> dict[str, object]:
    now = int(time.time())
    return {"sub": employee_id, "iss": "viewas", "aud": "viewas", "exp": now + 60} | overrides


async def test_a_valid_token_signs_the_employee_in(api: Api) -> None:
    reply = await api.gql(ME, as_="erin.employee@acme.test")
    assert reply.ok() == {"me": {"email": "erin.employee@acme.test"}}


async def test_no_token_is_unauthenticated(api: Api) -> None:
    reply = await api.gql(ME)
    assert reply.status == 401
    assert reply.codes == ["UNAUTHENTICATED"]
    assert reply.data is None


async def test_the_schema_can_be_explored_without_a_token(api: Api) -> None:
    """GraphiQL loads the docs before the user pastes a token."""
    reply = await api.gql("{ __schema { queryType { name } } }")
    assert reply.ok() == {"__schema": {"queryType": {"name": "Query"}}}


async def test_a_fragment_cannot_smuggle_fields_past_the_gate(api: Api) -> None:
    reply = await api.gql("query { __typename ...F } fragment F on Query { me { email } }")
    assert reply.status == 401
    assert reply.codes == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer not-a-jwt",
        "Bearer ",
        "Basic ZXJpbjpwYXNzd29yZA==",
        "Token abc",
    ],
)
async def test_unusable_credentials_are_refused(api: Api, authorization: str) -> None:
    reply = await api.gql(ME, headers={"Authorization": authorization})
    assert reply.status == 401
    assert reply.codes == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"exp": int(time.time()) - 10},
        {"aud": "someone-else"},
        {"iss": "someone-else"},
    ],
    ids=["expired", "wrong-audience", "wrong-issuer"],
)
async def test_tokens_with_bad_claims_are_refused(
    api: Api, app_settings: Settings, overrides: dict[str, object]
) -> None:
    assert app_settings.jwt_secret is not None
    erin = await api.id_of("erin.employee@acme.test")
    token = signed(claims_for(erin, **overrides), app_settings.jwt_secret.get_secret_value())
    reply = await api.gql(ME, headers={"Authorization": f"Bearer {token}"})
    assert reply.status == 401
    assert reply.codes == ["UNAUTHENTICATED"]


async def test_a_token_signed_with_another_key_is_refused(api: Api) -> None:
    erin = await api.id_of("erin.employee@acme.test")
    token = signed(claims_for(erin), "another-secret-that-is-long-enough-0123456789abcdef")
    reply = await api.gql(ME, headers={"Authorization": f"Bearer {token}"})
    assert reply.status == 401


async def test_a_token_without_a_subject_is_refused(api: Api, app_settings: Settings) -> None:
    assert app_settings.jwt_secret is not None
    claims = claims_for("x")
    del claims["sub"]
    token = signed(claims, app_settings.jwt_secret.get_secret_value())
    reply = await api.gql(ME, headers={"Authorization": f"Bearer {token}"})
    assert reply.status == 401


@pytest.mark.parametrize(
    "email",
    ["ivy.invited@acme.test", "pia.preboarding@acme.test", "dan.deactivated@acme.test"],
)
async def test_only_active_employees_authenticate(api: Api, email: str) -> None:
    token = api.app.state.tokens.issue(await api.id_of(email))
    reply = await api.gql(ME, headers={"Authorization": f"Bearer {token}"})
    assert reply.status == 401
    assert reply.codes == ["UNAUTHENTICATED"]


async def test_a_token_for_an_unknown_employee_is_refused(api: Api) -> None:
    token = api.app.state.tokens.issue("00000000-0000-0000-0000-000000000000")
    reply = await api.gql(ME, headers={"Authorization": f"Bearer {token}"})
    assert reply.status == 401


def test_the_local_key_is_generated_once_into_the_data_directory(tmp_path: object) -> None:
    settings = Settings(data_dir=tmp_path)  # type: ignore[arg-type]
    first = TokenService(settings).issue("someone")
    second_service = TokenService(settings)
    assert (settings.data_dir / "jwt-secret").exists()
    assert (settings.data_dir / "jwt-secret").stat().st_mode & 0o077 == 0
    # A second service reads the same key, so it accepts the first one's tokens.
    assert second_service._local_key is not None
    jwt.decode(first, second_service._local_key)


class _IdentityProvider:
    """An identity provider's JWKS endpoint, answering through httpx's transport API."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        self.requests = 0

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return httpx.Response(200, json={"keys": [self.key.as_dict(private=False)]})

    def token(self, claims: dict[str, object]) -> str:
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)


async def test_production_tokens_are_verified_against_the_jwks(tmp_path: object) -> None:
    provider = _IdentityProvider()
    settings = Settings(
        data_dir=tmp_path,  # type: ignore[arg-type]
        jwks_url="https://idp.example/.well-known/jwks.json",
        jwt_issuer="https://idp.example/",
        jwt_audience="viewas-api",
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(provider.handler)) as http:
        service = TokenService(settings, http=http)
        good = {"sub": "e1", "iss": "https://idp.example/", "aud": "viewas-api"}
        good["exp"] = int(time.time()) + 60
        assert (await service.verify(provider.token(good))).employee_id == "e1"
        assert (await service.verify(provider.token(good))).employee_id == "e1"
        assert provider.requests == 1  # the key set is cached
        with pytest.raises(InvalidToken):
            await service.verify(provider.token(good | {"aud": "viewas"}))
        with pytest.raises(InvalidToken):
            # A locally signed HS256 token is worthless once a JWKS is configured.
            await service.verify(signed(good, "x" * 48))
        with pytest.raises(RuntimeError):
            service.issue("e1")


async def test_an_empty_authorization_header_means_no_credentials(api: Api) -> None:
    """GraphiQL starts with an empty Authorization so the docs load before a token is set."""
    docs = await api.gql("{ __schema { queryType { name } } }", headers={"Authorization": ""})
    assert docs.ok() == {"__schema": {"queryType": {"name": "Query"}}}
    data = await api.gql(ME, headers={"Authorization": "  "})
    assert data.status == 401
    assert data.codes == ["UNAUTHENTICATED"]
