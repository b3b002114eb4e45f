"""An event the views cannot take stops them just before it, loudly, and nothing else.

The views must neither skip it (they would answer wrongly ever after) nor hold the service
hostage: commands go on, reads answer from what the views hold, readiness and
`tandem projections status` name the position, and a read waiting for a later position is
told at once. Once the event can be applied, the views continue from there by themselves.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient
from tests.support.http_world import Programme
from tests.support.tampering import EventStore, in_process, tandem_command


@pytest.fixture
def projector(app: Any) -> Iterator[Any]:
    """The app's projector, run by the test rather than by its thread."""
    projector = app.extensions["services"].projector
    projector.stop()
    projector.catch_up()
    yield projector


@in_process
def test_the_views_stop_before_an_event_they_cannot_take_and_say_where(
    app: Any, api: ApiClient, programme: Programme, projector: Any
) -> None:
    registered = api.post("/api/participants", {"name": "Eko"}, token=programme.coordinator)
    eko = must(registered, 201)
    original = EventStore(app).replace_state(eko["id"], 1, b"{not json")
    asked = must(programme.ask(programme.budi, programme.ana), 201)
    projector.catch_up()

    ready = api.get("/readyz")
    waited = time.monotonic()
    waiting = api.get(f"/api/relationships?after={asked['position']}", token=programme.budi.token)
    waited = time.monotonic() - waited
    listed = must(api.get("/api/relationships", token=programme.budi.token))["items"]
    accepted = api.post(f"/api/relationships/{asked['id']}/accept", {}, token=programme.ana.token)
    status = tandem_command(app.extensions["settings"].store, "projections", "status")

    assert f"position {eko['position']}" in assert_problem(ready, 503)["detail"]
    assert f"position {eko['position']}" in assert_problem(waiting, 503)["detail"]
    assert waited < 1.0
    assert "retry-after" in waiting.headers
    assert listed == []  # the request after the bad event is not in the views: nothing skipped
    assert must(accepted)["status"] == "active"
    assert status.exit_code == 1 and f"position {eko['position']}" in status.output

    EventStore(app).replace_state(eko["id"], 1, original)
    projector.catch_up()

    assert api.get("/readyz").status == 200
    after = must(
        api.get(f"/api/relationships?after={asked['position']}", token=programme.budi.token)
    )
    assert [(item["id"], item["status"]) for item in after["items"]] == [(asked["id"], "active")]
    assert tandem_command(app.extensions["settings"].store, "projections", "status").exit_code == 0


@in_process
def test_a_rebuild_that_meets_an_event_it_cannot_take_fails_and_says_where(
    app: Any, api: ApiClient, programme: Programme, projector: Any
) -> None:
    registered = must(
        api.post("/api/participants", {"name": "Eko"}, token=programme.coordinator), 201
    )
    EventStore(app).replace_state(registered["id"], 1, b"{not json")

    rebuilt = tandem_command(app.extensions["settings"].store, "projections", "rebuild")

    assert rebuilt.exit_code == 1
    assert f"position {registered['position']}" in rebuilt.output
