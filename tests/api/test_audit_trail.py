"""The auditors' trail: every relationship event in log order, filtered, paged, redacted."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.support.answers import assert_problem, must
from tests.support.api import ApiClient
from tests.support.app import ONE_STORE
from tests.support.audit import (
    FIELDS,
    PRIVATE,
    Audited,
    audited_programme,
    caught_up,
    events_of,
    every_item,
    full_of_private_text,
    staff,
    trail,
    without_place,
)
from tests.support.http_world import REQUEST_MESSAGE, Programme
from tests.support.moments import parse_time, rfc3339
from tests.support.view_reads import SECRET, Views

Item = dict[str, Any]


@pytest.fixture
def views(api: ApiClient) -> Views:
    return Views(api)


@pytest.fixture
def audited(views: Views, programme: Programme) -> Audited:
    return audited_programme(views, programme)


def keys(items: list[Item]) -> list[tuple[str, int]]:
    return [(item["relationship_id"], item["version"]) for item in items]


def test_each_event_is_told_with_its_place_in_the_log_who_when_and_what(
    views: Views, programme: Programme
) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana, status="requested")
    answered = [views.position]
    for token, command, body in [
        (programme.ana.token, "accept", {}),
        (programme.budi.token, "goals", {"text": "Present at the guild"}),
        (programme.coordinator, "pause", {"reason": "Reported concern"}),
    ]:
        answered.append(views.did(relationship.command(token, command, body))["position"])
    caught_up(views, programme)

    items = must(trail(views.api, programme.auditor, relationship_id=relationship.id))["items"]

    assert all(set(item) == FIELDS for item in items), items
    assert [without_place(item) for item in items] == events_of(relationship, programme.auditor)
    assert {item["relationship_id"] for item in items} == {relationship.id}
    assert [item["actor_id"] for item in items] == [
        programme.budi.id,
        programme.ana.id,
        programme.budi.id,
        programme.coordinator_sub,
    ]
    bounds = zip([0, *answered], answered, strict=False)
    for item, (before, own) in zip(items, bounds, strict=True):
        assert before < item["position"] <= own, (before, item, own)


def _moment(audited: Audited, programme: Programme, version: int) -> datetime:
    """When the mentoring relationship's `version` happened."""
    return parse_time(events_of(audited.mentoring, programme.auditor)[version - 1]["occurred_at"])


Query = Callable[[Audited, Programme], dict[str, Any]]
Keep = Callable[[Item, Audited, Programme], bool]
FILTERS: dict[str, tuple[Query, Keep]] = {
    "program_id": (
        lambda a, p: {"program_id": p.id},
        lambda i, a, p: i["relationship_id"] in {r.id for r in a.in_programme},
    ),
    "other program_id": (
        lambda a, p: {"program_id": a.elsewhere_id},
        lambda i, a, p: i["relationship_id"] == a.elsewhere.id,
    ),
    "relationship_id": (
        lambda a, p: {"relationship_id": a.peers.id},
        lambda i, a, p: i["relationship_id"] == a.peers.id,
    ),
    "actor_id": (lambda a, p: {"actor_id": p.ana.id}, lambda i, a, p: i["actor_id"] == p.ana.id),
    "actor_id of staff": (
        lambda a, p: {"actor_id": p.coordinator_sub},
        lambda i, a, p: i["actor_id"] == p.coordinator_sub,
    ),
    "type": (lambda a, p: {"type": "Accepted"}, lambda i, a, p: i["type"] == "Accepted"),
    "since, inclusive": (
        lambda a, p: {"since": rfc3339(_moment(a, p, 3))},
        lambda i, a, p: parse_time(i["occurred_at"]) >= _moment(a, p, 3),
    ),
    "until, exclusive": (
        lambda a, p: {"until": rfc3339(_moment(a, p, 3))},
        lambda i, a, p: parse_time(i["occurred_at"]) < _moment(a, p, 3),
    ),
    "since, in another offset": (
        lambda a, p: {
            "since": _moment(a, p, 3).astimezone(timezone(timedelta(hours=7))).isoformat()
        },
        lambda i, a, p: parse_time(i["occurred_at"]) >= _moment(a, p, 3),
    ),
    "since and until": (
        lambda a, p: {"since": rfc3339(_moment(a, p, 2)), "until": rfc3339(_moment(a, p, 5))},
        lambda i, a, p: _moment(a, p, 2) <= parse_time(i["occurred_at"]) < _moment(a, p, 5),
    ),
    "program_id and type": (
        lambda a, p: {"program_id": p.id, "type": "Accepted"},
        lambda i, a, p: (
            i["type"] == "Accepted" and i["relationship_id"] in {r.id for r in a.in_programme}
        ),
    ),
}


def test_each_filter_narrows_the_trail_to_exactly_its_events(
    api: ApiClient, programme: Programme, audited: Audited
) -> None:
    everything = every_item(api, programme.auditor)

    for name, (query, keep) in FILTERS.items():
        found = every_item(api, programme.auditor, **query(audited, programme))

        expected = [item for item in everything if keep(item, audited, programme)]
        assert 0 < len(expected) < len(everything), f"{name} does not narrow this programme"
        assert keys(found) == keys(expected), name
        assert found == expected, name


def test_cursor_pages_visit_every_event_once_in_log_order(
    api: ApiClient, programme: Programme, audited: Audited
) -> None:
    query = {"program_id": programme.id, "limit": 3}
    pages = [must(trail(api, programme.auditor, **query))]
    while pages[-1]["next_cursor"] is not None:
        assert len(pages) < 50, "the cursor never ends"
        pages.append(must(trail(api, programme.auditor, **query, cursor=pages[-1]["next_cursor"])))

    assert len(pages) > 2
    assert all(len(page["items"]) == 3 for page in pages[:-1])
    assert 1 <= len(pages[-1]["items"]) <= 3
    paged = [item for page in pages for item in page["items"]]
    assert paged == every_item(api, programme.auditor, program_id=programme.id)
    positions = [item["position"] for item in paged]
    assert positions == sorted(set(positions)), positions
    for relationship in audited.in_programme:
        versions = [i["version"] for i in paged if i["relationship_id"] == relationship.id]
        assert versions == list(range(1, len(events_of(relationship, programme.auditor)) + 1))
    single = must(trail(api, programme.auditor, program_id=programme.id, limit=200))
    assert (single["items"], single["next_cursor"]) == (paged, None)
    first = must(trail(api, programme.auditor, program_id=programme.id, limit=1))
    assert (first["items"], first["next_cursor"] is not None) == (paged[:1], True)


@ONE_STORE
@pytest.mark.parametrize("query", [{"type": "Withdrawn"}, {"since": "9999-01-01T00:00:00Z"}])
def test_a_filter_that_matches_nothing_answers_an_empty_page(
    api: ApiClient, query: dict[str, str]
) -> None:
    page = must(trail(api, staff(api, "auditor"), program_id=str(uuid.uuid4()), **query))

    assert page == {"items": [], "next_cursor": None}


@ONE_STORE
@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten", "1.5"])
def test_a_limit_out_of_bounds_is_a_validation_failure(api: ApiClient, limit: str) -> None:
    answer = trail(api, staff(api, "auditor"), limit=limit)

    assert "limit" in assert_problem(answer, 422)["errors"]


@ONE_STORE
@pytest.mark.parametrize(
    "query",
    [
        {"after": "1"},
        {"status": "active"},
        {"participant_id": "8d3c5b52-4f0e-4a0e-9a57-0d3f2f1f8b51"},
        {"since": "2030-01-07"},
        {"until": "2030-01-07T10:00:00"},
        {"program_id": "graduates"},
        {"relationship_id": "42"},
        {"type": ""},
    ],
)
def test_an_unknown_or_malformed_parameter_is_a_validation_failure(
    api: ApiClient, query: dict[str, str]
) -> None:
    answer = trail(api, staff(api, "auditor"), **query)

    assert set(query) <= set(assert_problem(answer, 422)["errors"])


@ONE_STORE
@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "!!!",
        base64.urlsafe_b64encode(b"-1").decode(),
        base64.urlsafe_b64encode(b"one").decode(),
        base64.urlsafe_b64encode(str(2**63).encode()).decode(),
        "A" * 101,
    ],
)
def test_a_cursor_the_service_did_not_give_is_a_validation_failure(
    api: ApiClient, cursor: str
) -> None:
    answer = trail(api, staff(api, "auditor"), cursor=cursor)

    assert "cursor" in assert_problem(answer, 422)["errors"]


def test_auditors_and_admins_read_the_trail(views: Views, programme: Programme) -> None:
    relationship = views.relationship(programme, programme.budi, programme.ana)
    caught_up(views, programme)

    for reader in (programme.auditor, programme.admin):
        items = must(trail(views.api, reader, program_id=programme.id))["items"]

        assert [(i["relationship_id"], i["type"]) for i in items] == [
            (relationship.id, "Requested"),
            (relationship.id, "Accepted"),
        ]


@ONE_STORE
@pytest.mark.parametrize("role", ["coordinator", "participant"])
def test_nobody_else_reads_the_trail(api: ApiClient, role: str) -> None:
    assert_problem(trail(api, staff(api, role)), 403)


@ONE_STORE
def test_the_trail_without_a_token_is_unauthorized(api: ApiClient) -> None:
    answer = api.get("/api/audit/events")

    assert_problem(answer, 401)
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_the_trail_withholds_every_private_text_and_shows_the_rest(
    views: Views, programme: Programme
) -> None:
    relationship = full_of_private_text(views, programme)

    items = every_item(views.api, programme.auditor, relationship_id=relationship.id)

    shown = json.dumps(items)
    assert SECRET not in shown and REQUEST_MESSAGE not in shown, shown
    data = {item["type"]: item["data"] for item in items}
    assert data["Requested"]["message"] == PRIVATE
    assert data["BoundariesProposed"] == {
        "meeting_every_days": 14,
        "channel": "video",
        "confidential_topics": PRIVATE,
        "notes": PRIVATE,
    }
    agenda = data["AgendaPrepared"]
    assert [agenda[k] for k in ("topics", "progress_reflection", "development_areas")] == [
        PRIVATE
    ] * 3
    assert data["MeetingHeld"]["summary"] == PRIVATE
    assert data["FeedbackGiven"]["content"] == PRIVATE
    assert data["FeedbackGiven"]["about"] == "performance"
    assert data["FeedbackGiven"]["to_id"] == programme.budi.id
    assert data["Concluded"] == {"outcome": "goals_met", "reflection": PRIVATE}
