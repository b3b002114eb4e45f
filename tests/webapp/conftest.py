"""The web app and the identity provider's tokens: an app on a fresh store (both stores),
a real OpenID provider on loopback for the module, and a client that keeps cookies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services.store import Store
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.idp import IdentityProvider

# The people the provider knows: two with addresses Tandem will know, one it will not, staff.
ACCOUNTS: dict[str, dict[str, Any]] = {
    "ana-at-idp": {"email": "ana@example.org", "email_verified": True, "name": "Ana", "groups": []},
    "unverified": {
        "email": "ana@example.org",
        "email_verified": False,
        "name": "Not Ana",
        "groups": [],
    },
    "stranger": {
        "email": "stranger@example.org",
        "email_verified": True,
        "name": "Stranger",
        "groups": ["everyone"],
    },
    "carla": {
        "email": "carla@example.org",
        "email_verified": True,
        "name": "Carla",
        "groups": ["everyone", "tandem-coordinators"],
    },
    "audrey": {
        "email": "audrey@example.org",
        "email_verified": True,
        "name": "Audrey",
        "groups": ["tandem-auditors"],
    },
}
ROLE_MAP = {"tandem-coordinators": "coordinator", "tandem-auditors": "auditor"}
CALLBACK = "http://127.0.0.1/tests/callback"  # the code is read from the redirect, not followed


@pytest.fixture(scope="module")
def idp() -> Iterator[IdentityProvider]:
    provider = IdentityProvider(ACCOUNTS, [CALLBACK]).start()
    yield provider
    provider.stop()


@pytest.fixture
def provider_app(store: Store, idp: IdentityProvider) -> Iterator[Any]:
    sign_in = idp.sign_in_settings(role_map=ROLE_MAP)
    flask_app = app_for_tests(store, TEST_SECRET, sign_in=sign_in)
    yield flask_app
    flask_app.extensions["services"].close()
