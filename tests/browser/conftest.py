"""A real browser for tests of what people see (Debian's Chromium, tests/support/browser.py):
one browser for the session; each test gets a fresh context and page, so no cookie or cache leaks
between them. Servers for these tests are started on loopback ports by the tests themselves
(tests/support/local_server.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.browser import CHROMIUM, MISSING, chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(MISSING)
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()
