"""Bearer tokens: JWTs verified with joserfc.

Locally, HS256 with a key from settings (generated into the data directory when unset).
In production, tokens from an identity provider, verified against its JWKS with issuer and
audience. Either way a token names an employee by ``sub``; the context getter then checks
that the employee exists and is ACTIVE.
"""

import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OctKey

from viewas.settings import Settings

LOCAL_ALGORITHM = "HS256"
JWKS_ALGORITHMS = ["RS256", "ES256", "PS256", "EdDSA"]


class InvalidToken(Exception):
    """The bearer token cannot be trusted; the message is safe to show the client."""


@dataclass(frozen=True, slots=True)
class TokenClaims:
    employee_id: str


def local_signing_key(settings: Settings) -> OctKey:
    """The HS256 key: from settings, else from ``data_dir/jwt-secret``, created on first use."""
    if settings.jwt_secret is not None:
        return OctKey.import_key(settings.jwt_secret.get_secret_value())
    path = Path(settings.data_dir) / "jwt-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return OctKey.import_key(path.read_text().strip())


class TokenService:
    """Issues local tokens and verifies incoming ones."""

    def __init__(self, settings: Settings, http: httpx.AsyncClient | None = None) -> None:
        self._settings = settings
        self._claims = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": settings.jwt_issuer},
            aud={"essential": True, "value": settings.jwt_audience},
            sub={"essential": True},
            exp={"essential": True},
        )
        self._local_key = None if settings.jwks_url else local_signing_key(settings)
        self._http = http
        self._jwks: KeySet | None = None
        self._jwks_fetched_at = 0.0

    def issue(self, employee_id: str, *, ttl_minutes: int | None = None) -> str:
        if self._local_key is None:
            raise RuntimeError("tokens come from the identity provider when a JWKS URL is set")
        now = int(time.time())
        ttl = ttl_minutes if ttl_minutes is not None else self._settings.token_ttl_minutes
        claims = {
            "sub": employee_id,
            "iss": self._settings.jwt_issuer,
            "aud": self._settings.jwt_audience,
            "iat": now,
            "exp": now + ttl * 60,
        }
        return jwt.encode({"alg": LOCAL_ALGORITHM}, claims, self._local_key)

    async def verify(self, token: str) -> TokenClaims:
        try:
            if self._local_key is not None:
                decoded = jwt.decode(token, self._local_key, algorithms=[LOCAL_ALGORITHM])
            else:
                decoded = jwt.decode(token, await self._key_set(), algorithms=JWKS_ALGORITHMS)
            self._claims.validate(decoded.claims)
        except (JoseError, ValueError) as error:
            raise InvalidToken("The bearer token is invalid or expired.") from error
        subject = decoded.claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise InvalidToken("The bearer token names no employee.")
        return TokenClaims(employee_id=subject)

    async def _key_set(self) -> KeySet:
        fresh = time.monotonic() - self._jwks_fetched_at < self._settings.jwks_cache_seconds
        if self._jwks is not None and fresh:
            return self._jwks
        assert self._settings.jwks_url is not None
        client = self._http or httpx.AsyncClient(timeout=5)
        try:
            response = await client.get(self._settings.jwks_url)
            response.raise_for_status()
            self._jwks = KeySet.import_key_set(response.json())
            self._jwks_fetched_at = time.monotonic()
        except (httpx.HTTPError, ValueError, JoseError) as error:
            if self._jwks is None:
                raise InvalidToken("The identity provider's keys are unavailable.") from error
        finally:
            if self._http is None:
                await client.aclose()
        return self._jwks
