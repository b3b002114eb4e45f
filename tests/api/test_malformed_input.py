"""No input, however malformed, gets a 5xx: every command path against a handful of bad bodies."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiResponse
from tests.support.http_world import AGENDA, BOUNDARIES, Programme
from tests.support.moments import next_week, rfc3339

LONG = "x" * 10_000


@dataclass(frozen=True)
class Target:
    """A command path, who may send it, and a body that would fit it."""

    path: str
    actor: str
    body: dict[str, Any]


TARGETS = {
    "create programme": Target("/api/programs", "coordinator", {"name": "Night School"}),
    "register participant": Target("/api/participants", "coordinator", {"name": "Eko"}),
    "enrol": Target(
        "/api/programs/{program}/enrollments",
        "coordinator",
        {"participant_id": "{citra}", "roles": ["mentor"]},
    ),
    "request": Target(
        "/api/relationships",
        "citra",
        {
            "program_id": "{program}",
            "invitee_id": "{dewi}",
            "kind": "peer",
            "goals": ["Pair weekly"],
            "message": "Shall we?",
        },
    ),
    "accept": Target("{relationship}/accept", "ana", {"message": "Yes."}),
    "decline": Target("{relationship}/decline", "ana", {"reason": "No."}),
    "withdraw": Target("{relationship}/withdraw", "budi", {"reason": "No."}),
    "boundaries": Target("{relationship}/boundaries", "budi", BOUNDARIES),
    "agree boundaries": Target("{relationship}/boundaries/agree", "ana", {}),
    "goals": Target("{relationship}/goals", "budi", {"text": "Run a retro"}),
    "achieve goal": Target("{relationship}/goals/{goal}/achieve", "budi", {"note": "Done."}),
    "meetings": Target(
        "{relationship}/meetings",
        "budi",
        {"scheduled_for": "2030-01-07T10:00:00Z", "duration_minutes": 45, "mode": "video"},
    ),
    "agenda": Target("{relationship}/meetings/{meeting}/agenda", "budi", AGENDA),
    "held": Target(
        "{relationship}/meetings/{meeting}/held",
        "budi",
        {"held_at": rfc3339(datetime.now(UTC) - timedelta(minutes=5)), "summary": "Good."},
    ),
    "cancel": Target("{relationship}/meetings/{meeting}/cancel", "budi", {"reason": "Ill."}),
    "feedback": Target(
        "{relationship}/feedback",
        "budi",
        {"about": "attitude", "content": "Kind.", "meeting_id": "{meeting}"},
    ),
    "mode": Target("{relationship}/mode", "budi", {"mode": "mentoring", "mentor_id": "{budi}"}),
    "agree mode": Target("{relationship}/mode/agree", "ana", {}),
    "pause": Target("{relationship}/pause", "coordinator", {"reason": "Break."}),
    "resume": Target("{relationship}/resume", "coordinator", {}),
    "conclude": Target("{relationship}/conclude", "coordinator", {"outcome": "other"}),
}


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _every_string_long(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _every_string_long(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_every_string_long(v) for v in value] or [LONG]
    return LONG if isinstance(value, str) else value


def _field_nested(target: Target) -> bytes:
    field = next(iter(target.body), "reason")
    return f'{{"{field}": {_nested(200)}}}'.encode()


MALFORMED: dict[str, Callable[[Target], bytes]] = {
    "empty body": lambda target: b"",
    "empty list": lambda target: b"[]",
    "a string": lambda target: b'"x"',
    "null": lambda target: b"null",
    "deeply nested": lambda target: _nested(100_000).encode(),
    "nested in a field": _field_nested,
    "10k-character strings": lambda target: json.dumps(_every_string_long(target.body)).encode(),
    "10k-character key": lambda target: json.dumps({**target.body, LONG: LONG}).encode(),
}


def _filled(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _filled(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_filled(v, ids) for v in value]
    return value.format(**ids) if isinstance(value, str) else value


def _send(programme: Programme, target: Target, body: Callable[[Target], bytes]) -> ApiResponse:
    """Sends what `body` makes of the target, on an active relationship with a meeting."""
    relationship = programme.mentoring("active")
    ids = {
        "program": programme.id,
        "relationship": relationship.path,
        "goal": relationship.state()["goals"][0]["id"],
        "meeting": relationship.schedule_meeting(),
        "budi": programme.budi.id,
        "citra": programme.citra.id,
        "dewi": programme.dewi.id,
    }
    filled = Target(target.path.format(**ids), target.actor, _filled(target.body, ids))
    actor = getattr(programme, target.actor)
    token = actor if isinstance(actor, str) else actor.token
    data = body(filled)
    headers = {"Content-Type": "application/json"} if data else {}
    return programme.api.request("POST", filled.path, token=token, data=data, headers=headers)


def assert_no_server_error(answer: ApiResponse) -> None:
    assert answer.status < 500, (answer.status, answer.body)
    if answer.status >= 400:
        assert_problem(answer, answer.status)


@pytest.mark.parametrize("malformed", sorted(MALFORMED))
@pytest.mark.parametrize("command", sorted(TARGETS))
def test_a_malformed_body_gets_no_server_error(
    programme: Programme, command: str, malformed: str
) -> None:
    target = TARGETS[command]

    answer = _send(programme, target, MALFORMED[malformed])

    assert_no_server_error(answer)


@pytest.mark.parametrize("command", sorted(TARGETS))
def test_a_json_body_that_is_not_an_object_is_a_validation_failure(
    programme: Programme, command: str
) -> None:
    answer = _send(programme, TARGETS[command], lambda target: b"[]")

    assert_problem(answer, 422)


@pytest.mark.parametrize("command", sorted(TARGETS))
def test_the_well_formed_body_of_each_path_reaches_its_command(
    programme: Programme, command: str
) -> None:
    answer = _send(programme, TARGETS[command], lambda target: json.dumps(target.body).encode())

    assert answer.status in (200, 201, 409), (answer.status, answer.body)


def test_no_depth_of_nesting_gets_a_server_error(programme: Programme) -> None:
    token = programme.coordinator
    headers = {"Content-Type": "application/json"}

    answers = {
        depth: programme.api.request(
            "POST", "/api/programs", token=token, data=_nested(depth).encode(), headers=headers
        ).status
        for depth in range(700, 1100)
    }

    assert {depth: status for depth, status in answers.items() if status >= 500} == {}


def test_a_scheduled_meeting_survives_a_malformed_attempt(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    body = {"scheduled_for": next_week(), "duration_minutes": 45, "mode": "video"}
    must(relationship.command(programme.budi.token, "meetings", body), 201)

    answer = relationship.command(programme.budi.token, "meetings", [body])

    assert_problem(answer, 422)
    assert len(relationship.state()["meetings"]) == 1
