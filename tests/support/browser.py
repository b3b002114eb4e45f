"""A real browser for tests of what people see: Debian's Chromium, driven by Playwright; and
whether this run sends the features' steps through it (`--through=browser`).

Playwright cannot download its own browsers here, so it launches /usr/bin/chromium (installed by
`make test`), headless and kept off the network beyond what a page asks of loopback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",  # root in a container: Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING = f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)"


def through_the_browser(config: pytest.Config) -> bool:
    """The run's `--through` option (tests/conftest.py) asks for the web app's pages."""
    return bool(config.getoption("through") == "browser")


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, for as long as the block runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()
