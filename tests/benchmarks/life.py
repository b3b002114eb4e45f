"""The workload of the command benchmark: a whole relationship, lived by its two parties.

One script of 20 commands (request, accept, boundaries, a goal, three meetings with agenda,
meeting and feedback, the goal achieved, feedback back, conclusion), played by two drivers:
over HTTP (`HttpParty`, in the load generator's process) and in-process (`ServiceParty`, the
application's command methods with no HTTP). Both play exactly the same calls.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from services import Caller
from services.mentoring import Mentoring
from services.tandem import Tandem
from services.unit_of_work import Command

MENTEE, MENTOR = "mentee", "mentor"


@dataclass(frozen=True)
class Call:
    """One command: its name, which party sends it, and its fields as the API names them."""

    name: str
    by: str
    fields: dict[str, Any] = field(default_factory=dict)


Life = Generator[Call, str, None]  # each call is answered with the id it created, if any


def life() -> Life:
    """The 20 commands of one relationship from request to conclusion."""
    yield Call("request", MENTEE, {"kind": "mentoring", "goals": ["Grow", "Lead"], "message": "Hi"})
    yield Call("accept", MENTOR, {"message": "Gladly"})
    yield Call(
        "boundaries",
        MENTEE,
        {"meeting_every_days": 14, "channel": "video", "confidential_topics": ["pay"]},
    )
    yield Call("agree_boundaries", MENTOR)
    goal = yield Call("goal", MENTEE, {"text": "Speak up in design reviews"})
    now = datetime.now(UTC)
    for k in range(3):
        when = (now - timedelta(hours=3 - k)).isoformat()
        meeting = yield Call(
            "schedule", MENTOR, {"scheduled_for": when, "duration_minutes": 45, "mode": "video"}
        )
        yield Call(
            "agenda",
            MENTEE,
            {
                "meeting_id": meeting,
                "topics": ["Reviews", "Feedback"],
                "progress_reflection": "Spoke up twice this week",
                "development_areas": ["Confidence"],
            },
        )
        yield Call("held", MENTOR, {"meeting_id": meeting, "summary": "Good progress"})
        yield Call(
            "feedback",
            MENTOR,
            {"about": "performance", "content": "Clear and prepared", "meeting_id": meeting},
        )
    yield Call("achieve", MENTEE, {"goal_id": goal, "note": "Done"})
    yield Call("feedback", MENTEE, {"about": "relationship", "content": "Thank you"})
    yield Call("conclude", MENTEE, {"outcome": "goals_met", "reflection": "Worth it"})


COMMANDS_PER_LIFE = sum(1 for _ in life())


@dataclass(frozen=True)
class Pair:
    """The two parties of one client's relationships (participant ids) and their programme."""

    program_id: str
    mentee_id: str
    mentor_id: str


def play(pair: Pair, send: Callable[[Call, str, str], str], timings: list[float]) -> None:
    """Plays one life; `send(call, caller, relationship_id)` answers the id the call created."""
    script = life()
    call = next(script)
    relationship = ""
    try:
        while True:
            caller = pair.mentee_id if call.by == MENTEE else pair.mentor_id
            started = time.perf_counter()
            created = send(call, caller, relationship)
            timings.append(time.perf_counter() - started)
            relationship = relationship or created
            call = script.send(created)
    except StopIteration:
        pass


# --- over HTTP ------------------------------------------------------------------------------

PATHS = {
    "request": "/api/relationships",
    "accept": "/api/relationships/{r}/accept",
    "boundaries": "/api/relationships/{r}/boundaries",
    "agree_boundaries": "/api/relationships/{r}/boundaries/agree",
    "goal": "/api/relationships/{r}/goals",
    "achieve": "/api/relationships/{r}/goals/{goal_id}/achieve",
    "schedule": "/api/relationships/{r}/meetings",
    "agenda": "/api/relationships/{r}/meetings/{meeting_id}/agenda",
    "held": "/api/relationships/{r}/meetings/{meeting_id}/held",
    "feedback": "/api/relationships/{r}/feedback",
    "conclude": "/api/relationships/{r}/conclude",
}
IDS = ("goal_id", "meeting_id")  # fields naming what an earlier call created


class Connection:
    """One keep-alive HTTP/1.1 connection, as a client library would hold it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=60)

    def send(
        self, method: str, path: str, token: str, body: Any = None
    ) -> tuple[int, dict[str, Any]]:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        answer = self.conn.getresponse()
        raw = answer.read()
        return answer.status, (json.loads(raw) if raw else {})

    def close(self) -> None:
        self.conn.close()


class HttpParty:
    """Sends a life's calls to a running Tandem, each as its party (tokens by participant id)."""

    def __init__(self, connection: Connection, pair: Pair, tokens: dict[str, str]) -> None:
        self.connection, self.pair, self.tokens = connection, pair, tokens

    def send(self, call: Call, caller: str, relationship: str) -> str:
        template = PATHS[call.name]
        body = {k: v for k, v in call.fields.items() if f"{{{k}}}" not in template}
        if call.name == "request":
            body |= {"program_id": self.pair.program_id, "invitee_id": self.pair.mentor_id}
        path = template.format(r=relationship, **call.fields)
        status, answer = self.connection.send("POST", path, self.tokens[caller], body)
        if status >= 300:
            raise RuntimeError(f"{call.name}: {status} {answer}")
        if call.name in ("request", "schedule"):
            return str(answer["id"])
        if call.name == "goal":
            return str(answer["goals"][-1]["id"])
        return ""


# --- in-process -----------------------------------------------------------------------------

METHODS = {
    "request": "request_mentoring",
    "accept": "accept",
    "boundaries": "propose_boundaries",
    "agree_boundaries": "agree_boundaries",
    "goal": "add_goal",
    "achieve": "achieve_goal",
    "schedule": "schedule_meeting",
    "agenda": "prepare_agenda",
    "held": "hold_meeting",
    "feedback": "give_feedback",
    "conclude": "conclude",
}


class ServiceParty:
    """Calls the mentoring service's command methods directly, as the HTTP layer would."""

    def __init__(self, tandem: Tandem, pair: Pair) -> None:
        self.mentoring, self.pair = Mentoring(tandem), pair

    def send(self, call: Call, caller: str, relationship: str) -> str:
        command = Command(Caller(caller, frozenset({"participant"})))
        fields = dict(_typed(call.fields))
        method = getattr(self.mentoring, METHODS[call.name])
        if call.name == "request":
            program, invitee = UUID(self.pair.program_id), UUID(self.pair.mentor_id)
            recorded = method(command, program, invitee, **fields)
            return str(recorded.aggregate.id)
        recorded = method(command, UUID(relationship), **fields)
        return str(recorded.part_id or "")


def _typed(fields: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """The values the HTTP schemas would have loaded: ids as UUIDs, times as datetimes."""
    for name, value in fields.items():
        if name in IDS:
            yield name, UUID(value)
        elif name == "scheduled_for":
            yield name, datetime.fromisoformat(value)
        else:
            yield name, value
