"""The web app with the demo programme, served on loopback for a module of browser tests, with
a real OpenID provider beside it when asked; and what every page test does: sign in, run
axe-core, save a screenshot.

Pages are checked under the app's own CSP: axe-core is loaded as a file the app serves.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.demo import Demo, seed
from services.policy import Caller
from services.store import Store
from tests.support.app import TEST_SECRET, app_for_tests
from tests.support.idp import ROLE_MAP, IdentityProvider
from tests.support.local_server import LocalServer
from tests.support.server import REPO

# Each run's screenshots are artefacts in build/; `make screenshots` refreshes the README's.
SCREENSHOTS = Path(os.environ.get("TANDEM_SCREENSHOTS") or REPO / "build" / "screenshots")
AXE = "/static/vendor/node_modules/axe-core/axe.min.js"
SERIOUS = ("serious", "critical")
SEAL_SECONDS = 20
MAX_HEIGHT = 1600  # a long page's first screens are what a reader of the README needs


@dataclass
class World:
    url: str
    app: Any
    demo: Demo
    idp: IdentityProvider | None = None

    def person(self, name: str) -> str:
        return str(self.demo.people[name])

    def relationship(self, key: str) -> str:
        return str(self.demo.relationships[key])


@contextmanager
def demo_world(
    data: Path, accounts: dict[str, Any] | None = None, **config: Any
) -> Iterator[World]:
    """The demo in a fresh SQLite store, its views and seals caught up, served on loopback;
    with `accounts`, an identity provider that knows them, and the app signing in with it."""
    idp = IdentityProvider(accounts, []) if accounts is not None else None
    if idp is not None:
        config["sign_in"] = idp.sign_in_settings(role_map=ROLE_MAP)
    app = app_for_tests(Store.sqlite(data), TEST_SECRET, **config)
    try:
        demo = seed(app.extensions["services"].tandem)
        _caught_up(app, demo)
        with LocalServer(app) as server:
            if idp is not None:
                idp.redirect_uris = [f"{server.url}/app/sign-in/callback"]
                idp.start()
            try:
                yield World(server.url, app, demo, idp)
            finally:
                if idp is not None:
                    idp.stop()
    finally:
        app.extensions["services"].close()


def _caught_up(app: Any, demo: Demo) -> None:
    """Views at the end of the log, and every relationship's history sealed."""
    services = app.extensions["services"]
    assert services.projector.wait_for(services.tandem.recorder.max_notification_id(), 30)
    auditor = Caller("auditor@demo", frozenset({"auditor"}))
    deadline = time.monotonic() + SEAL_SECONDS
    for relationship_id in demo.relationships.values():
        while True:
            found = services.evidence.verification(auditor, relationship_id)
            if found.sealed_version == found.events:
                break
            assert time.monotonic() < deadline, f"never sealed: {found}"
            time.sleep(0.05)


def sign_in_as(page: Any, world: World, who: str, lang: str = "en") -> None:
    """Through the development list, as a person would: `who` is a name or a staff sub."""
    page.goto(f"{world.url}/app/sign-in?lang={lang}")
    label = "Sign in as" if lang == "en" else "Masuk sebagai"
    page.get_by_role("button", name=f"{label} {who}", exact=True).click()
    page.wait_for_url(f"{world.url}/app/")


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it stands."""
    page.add_script_tag(url=AXE)
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in found
        if v["impact"] in SERIOUS
    ]


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    page.screenshot(
        path=str(path),
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1280, "height": height},
        caret="initial",  # hiding it would inject a style the CSP refuses
    )
    return path
