"""The web app and the identity provider's tokens: an app on a fresh store (both stores),
a real OpenID provider on loopback for the module, and a client that keeps cookies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services.store import Store
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.idp import ACCOUNTS, CALLBACK, ROLE_MAP, IdentityProvider


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
