"""What the auditing steps share: reading the trail and exports as the auditor, what the
parties wrote, and the programme's status at a moment, all through the HTTP API only.

The trail is served from the views and takes no position to wait for: a list read after the
last command answered makes sure they have caught up. Moments come from the server's answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tests.support.api import ApiResponse
from tests.support.contract import PRIVATE_FIELDS
from tests.support.scenario import World, succeeded

NDJSON = {"Accept": "application/x-ndjson"}
Item = dict[str, Any]


@dataclass
class Audit:
    """What the auditor and the coordinator were shown in a scenario."""

    history: list[Item] = field(default_factory=list)
    everything: list[Item] = field(default_factory=list)
    lines: list[Item] = field(default_factory=list)
    export_text: str = ""
    keep: Callable[[Item], bool] = lambda item: True
    moment: str = ""
    noted: dict[str, Any] = field(default_factory=dict)


def position(world: World) -> int:
    """The log position of the last command anyone had answered."""
    found = [a.body.get("position") for a in world.answers if isinstance(a.body, dict)]
    return max((p for p in found if isinstance(p, int)), default=0)


def caught_up(world: World) -> None:
    query = urlencode({"after": position(world)})
    succeeded(world.api.get(f"/api/relationships?{query}", token=world.token("an admin")))


def trail(world: World, headers: dict[str, str] | None = None, **query: Any) -> ApiResponse:
    path = f"/api/audit/events?{urlencode({'program_id': world.programme.id, **query})}"
    return world.api.get(path, token=world.token("an auditor"), headers=headers)


def whole_trail(world: World) -> list[Item]:
    """Every step of the programme, following the cursor to the end."""
    caught_up(world)
    page = succeeded(trail(world, limit=200))
    items: list[Item] = list(page["items"])
    while page["next_cursor"] is not None:
        page = succeeded(trail(world, limit=200, cursor=page["next_cursor"]))
        items.extend(page["items"])
    return items


def lines_of(answer: ApiResponse) -> list[Item]:
    body = succeeded(answer, 200)
    assert answer.content_type.startswith("application/x-ndjson"), answer.headers
    return [json.loads(line) for line in (body or "").splitlines()]


def written(world: World) -> set[str]:
    """Everything the parties wrote, as their own answers showed it to them."""
    found: set[str] = set()
    pending: list[Any] = [answer.body for answer in world.answers]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in PRIVATE_FIELDS and inner:
                    found.update(inner if isinstance(inner, list) else [inner])
                else:
                    pending.append(inner)
        elif isinstance(value, list):
            pending.extend(value)
    return found


def narrowing(
    world: World, which: str, everything: list[Item]
) -> tuple[dict[str, str], Callable[[Item], bool]]:
    """The auditor's words for a part of the trail: the query, and which steps it keeps."""
    if match := re.fullmatch(r"what (.+) did", which):
        actor = world.sub(match[1])
        return {"actor_id": actor}, lambda item: item["actor_id"] == actor
    if which == "the accepted requests":
        return {"type": "Accepted"}, lambda item: item["type"] == "Accepted"
    if match := re.fullmatch(r"(\w+) and (\w+)'s relationship", which):
        pair = {world.people[match[1]].id, world.people[match[2]].id}
        asked = [i for i in everything if i["type"] == "Requested"]
        (rid,) = [
            i["relationship_id"]
            for i in asked
            if {i["data"]["requester_id"], i["data"]["invitee_id"]} == pair
        ]
        return {"relationship_id": rid}, lambda item: item["relationship_id"] == rid
    raise AssertionError(f"no part of the trail called {which!r}")


def status(world: World, actor: str, **query: str) -> ApiResponse:
    path = f"/api/programs/{world.programme.id}/status"
    url = f"{path}?{urlencode({'after': position(world), **query})}"
    return world.record(world.api.get(url, token=world.token(actor)))


def figures(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in ("position", "as_of")}


def counts(figures: Any) -> list[int]:
    """Every count in a status, however deeply nested."""
    if isinstance(figures, dict):
        return [n for value in figures.values() for n in counts(value)]
    return [figures] if isinstance(figures, int) and not isinstance(figures, bool) else []
