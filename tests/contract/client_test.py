"""An integrator's first steps, through a typed client generated from Loquent's committed spec
(openapi/openapi.json, by openapi-python-client): sign up, create an API key, create an agent
with it, list the organization's phone numbers. Every call goes through the generated models,
so a spec that doesn't match the server fails here as it would for the integrator.

Usage: client_test.py BASE_URL   (with the generated `loquent_client` package on PYTHONPATH)
"""

import secrets
import sys

from loquent_client import AuthenticatedClient, Client
from loquent_client.api.agent import create_agent, get_agent
from loquent_client.api.api_key import create_api_key
from loquent_client.api.auth import sign_up
from loquent_client.api.phone import list_phones
from loquent_client.models import (
    Agent,
    AgentInput,
    ApiKeyScope,
    CreateApiKeyRequest,
    CreatedApiKey,
    Me,
    SignupRequest,
)

base = sys.argv[1].rstrip("/")


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"generated client: {what}")


# Sign-up answers with the session cookie, which the client keeps for the next request.
session = Client(base_url=base, raise_on_unexpected_status=True)
me = sign_up.sync(
    client=session,
    body=SignupRequest(
        name="Ada Lovelace",
        email=f"ada+{secrets.token_hex(4)}@client.example",
        password=secrets.token_hex(12),
        organization_name="Analytical Dental",
        timezone="Europe/London",
    ),
)
check(isinstance(me, Me), f"sign-up answered {me!r}")
check(me.organization.name == "Analytical Dental", "sign-up named the organization")

created = create_api_key.sync(
    client=session, body=CreateApiKeyRequest(name="Client test", scope=ApiKeyScope.FULL)
)
check(isinstance(created, CreatedApiKey), f"creating a key answered {created!r}")

# From here on, as an integration: the key alone.
api = AuthenticatedClient(base_url=base, token=created.secret, raise_on_unexpected_status=True)
agent = create_agent.sync(
    client=api,
    body=AgentInput(
        name="Receptionist",
        instructions="You answer calls for Analytical Dental. Be brief and warm.",
    ),
)
check(isinstance(agent, Agent), f"creating an agent answered {agent!r}")
fetched = get_agent.sync(client=api, id=agent.id)
check(isinstance(fetched, Agent) and fetched.name == "Receptionist", "the agent reads back")

phones = list_phones.sync(client=api)
check(isinstance(phones, list), f"listing phones answered {phones!r}")
print(f"generated client: signed up, created agent {agent.id}, listed {len(phones)} phone numbers")
