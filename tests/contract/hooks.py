"""The contract run's credentials: an organization API key, as an integrator holds one.

The run exercises every operation, `DELETE /api/api-keys/{id}` included, and schemathesis reuses
ids it has seen in responses: sooner or later it revokes the very key it is using, and every
request after that would only test the 401. So the key comes from this provider, which signs in
as the organization's owner (setup.py made them) and issues a new key whenever a request
answers 401 (schemathesis' `retry_on` default), just as an integrator would after a revocation.
"""

import json
import os
import urllib.request
from http.cookiejar import CookieJar

import schemathesis


def _new_key() -> str:
    base = os.environ["LOQUENT_URL"].rstrip("/")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def post(path: str, body: dict) -> dict:
        request = urllib.request.Request(
            base + path, data=json.dumps(body).encode(), method="POST"
        )
        request.add_header("Content-Type", "application/json")
        request.add_header("Origin", base)
        with opener.open(request) as response:
            return json.loads(response.read())

    post("/api/auth/login", {
        "email": os.environ["CONTRACT_EMAIL"],
        "password": os.environ["CONTRACT_PASSWORD"],
    })
    return post("/api/api-keys", {"name": "Contract run"})["secret"]


# Cached for the whole run; a 401 (the key revoked) drops it and the next request gets a new one.
@schemathesis.auth(refresh_interval=3600)
class LoquentApiKey:
    def get(self, case, context):
        return _new_key()

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


def _tolerate_lambda_description_crash() -> None:
    """On this CPython (3.11.7), Hypothesis' parsing of its own source to describe a lambda can
    fail with `SystemError: AST constructor recursion depth mismatch` (a CPython bug). The
    description is only used in messages; without this a run ends in a runtime error that says
    nothing about Loquent's API.
    """
    from hypothesis.internal import lambda_sources

    describe = lambda_sources._lambda_description

    def tolerant(f, *args, **kwargs):
        try:
            return describe(f, *args, **kwargs)
        except SystemError:
            return "lambda"

    lambda_sources._lambda_description = tolerant


_tolerate_lambda_description_crash()


# An email address has at most 64 characters before the `@` (RFC 5321). The spec says so in
# words and as `x-max-local-part-length: 64` on `EmailAddress`, not in its pattern: JSON Schema
# can't state it in one pattern without look-ahead, and as an `allOf` of two string schemas
# client generators can't send the field. So generated bodies that break that rule are left out,
# exactly as the spec's words say they are invalid — the server is not loosened.
MAX_LOCAL_PART = 64


def _breaks_local_part_rule(value) -> bool:
    if isinstance(value, str):
        local, at, _ = value.lstrip("\t\n\f\r ").partition("@")
        return bool(at) and len(local) > MAX_LOCAL_PART
    if isinstance(value, dict):
        return any(_breaks_local_part_rule(v) for v in value.values())
    if isinstance(value, list):
        return any(_breaks_local_part_rule(v) for v in value)
    return False


@schemathesis.hook
def filter_body(context, body) -> bool:
    return not _breaks_local_part_rule(body)
