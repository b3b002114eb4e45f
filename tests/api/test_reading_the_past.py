"""Reading the past: the state at a version or a moment, and the history of every event."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import pytest

from tests.support.answers import assert_problem, must
from tests.support.http_world import BOUNDARIES, Programme, Relationship
from tests.support.moments import rfc3339

WIB = timezone(timedelta(hours=7))


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _as_of(moment: datetime) -> str:
    return f"?as_of={quote(moment.isoformat())}"


def _three_versions(programme: Programme) -> tuple[Relationship, str]:
    """Requested, accepted, then a goal added; with the moment it was accepted."""
    relationship = programme.mentoring("requested")
    accepted = must(relationship.command(programme.ana.token, "accept"))
    must(relationship.command(programme.budi.token, "goals", {"text": "Run a retro"}))
    return relationship, accepted["updated_at"]


def test_a_version_reads_the_state_as_it_stood_then(programme: Programme) -> None:
    relationship, _ = _three_versions(programme)

    answer = relationship.read(programme.budi.token, "?version=1")

    state = must(answer)
    assert (state["status"], state["version"], len(state["goals"])) == ("requested", 1, 1)
    assert answer.headers["etag"] == '"1"'


def test_a_moment_reads_the_state_as_it_stood_then(programme: Programme) -> None:
    relationship, accepted_at = _three_versions(programme)

    state = must(relationship.read(programme.budi.token, _as_of(_moment(accepted_at))))

    assert (state["status"], state["version"], len(state["goals"])) == ("active", 2, 1)


def test_a_moment_is_read_in_any_offset(programme: Programme) -> None:
    relationship, accepted_at = _three_versions(programme)
    in_jakarta = _moment(accepted_at).astimezone(WIB)

    state = must(relationship.read(programme.budi.token, _as_of(in_jakarta)))

    assert state["version"] == 2


def test_a_moment_in_the_future_reads_the_current_state(programme: Programme) -> None:
    relationship, _ = _three_versions(programme)
    tomorrow = datetime.now(WIB) + timedelta(days=1)

    state = must(relationship.read(programme.coordinator, _as_of(tomorrow)))

    assert state["version"] == 3


def test_a_moment_before_the_relationship_existed_is_not_found(programme: Programme) -> None:
    relationship, _ = _three_versions(programme)
    created_at = _moment(relationship.state()["created_at"])

    answer = relationship.read(programme.budi.token, _as_of(created_at - timedelta(seconds=1)))

    assert_problem(answer, 404)


def test_a_version_beyond_the_current_one_is_not_found(programme: Programme) -> None:
    relationship, _ = _three_versions(programme)

    answer = relationship.read(programme.budi.token, "?version=4")

    assert_problem(answer, 404)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?version=0", "version"),
        ("?version=two", "version"),
        ("?as_of=yesterday", "as_of"),
        ("?as_of=2030-01-07T10:00:00", "as_of"),
        ("?as_of=2030-01-07", "as_of"),
    ],
)
def test_a_moment_or_version_that_is_not_valid_is_refused(
    programme: Programme, query: str, field: str
) -> None:
    relationship = programme.mentoring("active")

    answer = relationship.read(programme.budi.token, query)

    assert field in assert_problem(answer, 422)["errors"]


@pytest.mark.parametrize("path", ["", "/history"])
def test_an_unknown_query_parameter_is_refused_and_named(programme: Programme, path: str) -> None:
    relationship = programme.mentoring("active")

    answer = programme.api.get(f"{relationship.path}{path}?versoin=1", token=programme.admin)

    assert list(assert_problem(answer, 422)["errors"]) == ["versoin"]


def test_a_moment_and_a_version_together_are_refused(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    now = rfc3339(datetime.now(WIB))

    answer = relationship.read(programme.budi.token, f"?version=1&as_of={quote(now)}")

    assert assert_problem(answer, 422)["errors"]


def test_the_past_of_a_relationship_is_not_visible_to_a_participant_outside_it(
    programme: Programme,
) -> None:
    relationship, _ = _three_versions(programme)

    answer = relationship.read(programme.citra.token, "?version=1")

    assert_problem(answer, 404)


def test_the_history_lists_every_event_oldest_first(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    must(relationship.command(programme.budi.token, "boundaries", BOUNDARIES))
    must(relationship.command(programme.ana.token, "boundaries/agree"))
    current = relationship.state()

    history = must(relationship.history(programme.budi.token))

    assert history["relationship_id"] == relationship.id
    events = history["events"]
    assert [e["version"] for e in events] == list(range(1, current["version"] + 1))
    assert events[0]["type"] == "Requested"
    moments = [_moment(e["occurred_at"]) for e in events]
    assert moments == sorted(moments)
    assert events[-1]["occurred_at"] == current["updated_at"]
    assert all(isinstance(e["data"], dict) for e in events)


def test_the_history_names_who_did_each_thing(programme: Programme) -> None:
    relationship = programme.mentoring("active")
    must(relationship.command(programme.coordinator, "pause", {"reason": "Review."}))
    must(relationship.command(programme.admin, "resume"))

    events = must(relationship.history(programme.auditor))["events"]

    actors = [e["actor_id"] for e in events]
    assert actors[:3] == [programme.budi.id, programme.ana.id, programme.coordinator_sub]
    assert actors[3].startswith("admin-ivo-")


def test_the_history_of_a_declined_request_shows_the_decline(programme: Programme) -> None:
    relationship = programme.mentoring("declined")

    events = must(relationship.history(programme.ana.token))["events"]

    assert len(events) == 2
    assert events[1]["actor_id"] == programme.ana.id
    assert events[1]["data"]["reason"] == "Too busy this quarter."
