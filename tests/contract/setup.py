"""Makes the organization the contract run works in, as a new customer would: signs up as its
owner (CONTRACT_EMAIL, CONTRACT_PASSWORD) and connects the fake Twilio's customer account.
hooks.py then signs in as that owner for API keys.

Usage: setup.py BASE_URL   (with CONTRACT_EMAIL, CONTRACT_PASSWORD, FAKE_TWILIO_BYO_SID and
FAKE_TWILIO_BYO_TOKEN in the environment)
"""

import json
import os
import sys
import urllib.request
from http.cookiejar import CookieJar

base = sys.argv[1].rstrip("/")
jar = CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("Origin", base)
    with opener.open(request) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


call("POST", "/api/auth/signup", {
    "name": "Contract Owner",
    "email": os.environ["CONTRACT_EMAIL"],
    "password": os.environ["CONTRACT_PASSWORD"],
    "organization_name": "Contract Dental",
})
call("PUT", "/api/twilio/settings", {
    "account_sid": os.environ["FAKE_TWILIO_BYO_SID"],
    "auth_token": os.environ["FAKE_TWILIO_BYO_TOKEN"],
})
