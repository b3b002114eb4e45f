"""Races between clients served by different worker processes, on PostgreSQL.

Exactly one of each conflicting pair of commands wins; the others get 409 (or 412 when they named
a version), versions stay contiguous and nothing acknowledged is lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from services.store import Store
from tests.support.api import ApiClient, ApiResponse, HttpTransport
from tests.support.http_world import enrolled_pair
from tests.support.server import E2E_SECRET

RACERS = 12


def race(*calls: Callable[[], ApiResponse]) -> list[ApiResponse]:
    barrier = Barrier(len(calls))

    def run(call: Callable[[], ApiResponse]) -> ApiResponse:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def statuses(answers: list[ApiResponse]) -> Counter[int]:
    return Counter(answer.status for answer in answers)


class World:
    def __init__(self, api: ApiClient) -> None:
        self.api = api
        self.pair = enrolled_pair(api, "Races")
        self.tokens = {name: person.token for name, person in self.pair.people.items()}

    def request(self) -> str:
        answer = self.ask()
        assert answer.status == 201, answer.body
        return str(answer.body["id"])

    def ask(self) -> ApiResponse:
        return self.pair.ask(self.pair.budi, self.pair.ana)

    def act(
        self,
        who: str,
        relationship_id: str,
        path: str,
        body: dict[str, object],
        version: int | None = None,
    ) -> Callable[[], ApiResponse]:
        headers = {"If-Match": f'"{version}"'} if version else {}
        return lambda: self.api.post(
            f"/api/relationships/{relationship_id}/{path}",
            body,
            token=self.tokens[who],
            headers=headers,
        )

    def versions(self, relationship_id: str) -> list[int]:
        history = self.api.get(
            f"/api/relationships/{relationship_id}/history", token=self.tokens["ana"]
        ).body["events"]
        return [event["version"] for event in history]


def test_racing_commands_across_worker_processes_leave_one_winner_each(
    production: tuple[str, Store],
) -> None:
    base, _ = production
    world = World(ApiClient(HttpTransport(base), E2E_SECRET))

    requested = race(*[world.ask] * 4)
    assert statuses(requested) == {201: 1, 409: 3}
    relationship = next(str(a.body["id"]) for a in requested if a.status == 201)
    answers = statuses(
        race(
            *[world.act("ana", relationship, "accept", {})] * (RACERS // 3),
            *[world.act("ana", relationship, "decline", {"reason": "Busy"})] * (RACERS // 3),
            *[world.act("budi", relationship, "withdraw", {})] * (RACERS // 3),
        )
    )
    assert answers[200] == 1 and answers[409] == RACERS - 1
    assert world.versions(relationship) == [1, 2]


def test_one_proposal_agreed_twice_and_a_meeting_held_twice_count_once(
    production: tuple[str, Store],
) -> None:
    base, _ = production
    world = World(ApiClient(HttpTransport(base), E2E_SECRET))
    relationship = world.request()
    assert world.act("ana", relationship, "accept", {})().status == 200
    proposal = {"meeting_every_days": 14, "channel": "video", "confidential_topics": []}
    assert world.act("budi", relationship, "boundaries", proposal)().status == 200

    agreed = statuses(race(*[world.act("ana", relationship, "boundaries/agree", {})] * RACERS))
    meeting = world.api.post(
        f"/api/relationships/{relationship}/meetings",
        {"scheduled_for": "2030-01-01T10:00:00Z", "duration_minutes": 30, "mode": "video"},
        token=world.tokens["ana"],
    ).body
    hold = f"meetings/{meeting['id']}/held"
    held = statuses(
        race(
            *[world.act("ana", relationship, hold, {})] * (RACERS // 2),
            *[world.act("budi", relationship, hold, {}, version=meeting["version"])]
            * (RACERS // 2),
        )
    )

    assert agreed[200] == 1 and agreed[409] == RACERS - 1
    assert held[200] == 1 and held[200] + held[409] + held[412] == RACERS
    assert world.versions(relationship) == list(range(1, 7))
