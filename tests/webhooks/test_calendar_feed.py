"""A participant's meetings as an RFC 5545 feed: parsed by icalendar and by vobject (a second,
independent parser); cancelled and moved meetings; a key calendar apps can use, and revoke."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import vobject
from icalendar import Calendar

from services.wiring import Services
from tests.support.answers import assert_problem, must
from tests.support.api import ApiResponse
from tests.support.http_world import AGENDA, Programme, Relationship
from tests.support.moments import rfc3339

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)


def schedule(relationship: Relationship, when: datetime) -> str:
    body = {"scheduled_for": rfc3339(when), "duration_minutes": 45, "mode": "video"}
    return str(
        must(relationship.command(relationship.requester.token, "meetings", body), 201)["id"]
    )


def key_of(programme: Programme) -> dict[str, Any]:
    path = f"/api/participants/{programme.budi.id}/calendar-key"
    made: dict[str, Any] = must(programme.api.post(path, token=programme.budi.token), 201)
    return made


def feed(
    services: Services, programme: Programme, key: str | None = None, token: str | None = None
) -> ApiResponse:
    """The feed, once the views hold every relationship so far (it finds them there)."""
    services.coordination.await_position(services.tandem.recorder.max_notification_id())
    query = f"?key={key}" if key is not None else ""
    return programme.api.get(
        f"/api/participants/{programme.budi.id}/calendar.ics{query}", token=token
    )


def events_by_uid(body: str) -> dict[str, Any]:
    return {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}


def test_the_feed_shows_each_meeting_and_cancels_one_that_was_moved(
    programme: Programme, services: Services
) -> None:
    relationship = programme.mentoring("active")
    kept = schedule(relationship, SOON)
    moved = schedule(relationship, SOON + timedelta(days=1))
    must(relationship.command(programme.ana.token, f"meetings/{moved}/cancel", {"reason": "Clash"}))
    instead = schedule(relationship, SOON + timedelta(days=2))
    must(relationship.command(programme.budi.token, f"meetings/{kept}/agenda", AGENDA))

    answer = feed(services, programme, key_of(programme)["key"])

    assert answer.status == 200 and answer.content_type.startswith("text/calendar")
    events = events_by_uid(answer.body)
    assert set(events) == {kept, moved, instead}
    assert (str(events[moved]["STATUS"]), events[moved]["SEQUENCE"]) == ("CANCELLED", 1)
    assert (str(events[instead]["STATUS"]), events[instead]["SEQUENCE"]) == ("CONFIRMED", 0)
    assert events[kept]["SEQUENCE"] == 1  # its agenda was prepared
    assert events[kept].decoded("DTSTART") == SOON
    assert events[kept].decoded("DTEND") == SOON + timedelta(minutes=45)
    assert str(events[kept]["SUMMARY"]) == "Meeting with Ana"
    assert AGENDA["topics"][0] not in answer.body
    second = vobject.readOne(answer.body)
    parsed = {v.uid.value: v for v in second.vevent_list}
    assert set(parsed) == set(events)
    assert parsed[moved].status.value == "CANCELLED" and parsed[moved].sequence.value == "1"
    assert parsed[kept].dtstart.value == SOON


def test_a_held_meeting_changes_its_sequence_and_a_concluded_relationship_cancels_the_rest(
    programme: Programme, services: Services
) -> None:
    relationship = programme.mentoring("active")
    held, open_ = schedule(relationship, SOON), schedule(relationship, SOON + timedelta(days=14))
    key = key_of(programme)["key"]
    before = events_by_uid(feed(services, programme, key).body)
    must(relationship.command(programme.ana.token, f"meetings/{held}/held", {}))
    must(relationship.command(programme.budi.token, "conclude", {"outcome": "goals_met"}))

    after = events_by_uid(feed(services, programme, key).body)

    assert (before[held]["SEQUENCE"], after[held]["SEQUENCE"]) == (0, 1)
    assert str(after[held]["STATUS"]) == "CONFIRMED" and "Held" in str(after[held]["DESCRIPTION"])
    assert (str(after[open_]["STATUS"]), after[open_]["SEQUENCE"]) == ("CANCELLED", 1)


def test_the_feed_speaks_the_participants_language(
    programme: Programme, services: Services
) -> None:
    body = {"name": "Sari", "locale": "id"}
    sari = must(programme.api.post("/api/participants", body, token=programme.coordinator), 201)
    enrolment = {"participant_id": sari["id"], "roles": ["mentee"]}
    path = f"/api/programs/{programme.id}/enrollments"
    must(programme.api.post(path, enrolment, token=programme.coordinator), 201)
    token = programme.api.token(sari["id"], ["participant"])
    ask = {"program_id": programme.id, "invitee_id": programme.ana.id, "kind": "mentoring"}
    ask |= {"goals": ["Grow"], "message": "Hi"}
    made = must(programme.api.post("/api/relationships", ask, token=token), 201)
    must(programme.api.post(f"/api/relationships/{made['id']}/accept", token=programme.ana.token))
    meeting = {"scheduled_for": rfc3339(SOON), "duration_minutes": 30, "mode": "phone"}
    must(programme.api.post(f"/api/relationships/{made['id']}/meetings", meeting, token=token), 201)

    services.coordination.await_position(services.tandem.recorder.max_notification_id())
    answer = programme.api.get(f"/api/participants/{sari['id']}/calendar.ics", token=token)

    [event] = Calendar.from_ical(must(answer)).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Pertemuan dengan Ana"
    assert str(event["DESCRIPTION"]) == "Telepon."


def test_a_new_key_revokes_the_old_one_and_a_revoked_key_opens_nothing(
    programme: Programme, services: Services
) -> None:
    first = key_of(programme)
    second = key_of(programme)

    old, new = feed(services, programme, first["key"]), feed(services, programme, second["key"])
    revoked = programme.api.request(
        "DELETE", f"/api/participants/{programme.budi.id}/calendar-key", token=programme.budi.token
    )
    after = feed(services, programme, second["key"])

    assert_problem(old, 401)
    assert "WWW-Authenticate" in old.headers or "www-authenticate" in old.headers
    assert new.status == 200
    assert must(revoked)["position"] > 0
    assert_problem(after, 401)
    assert second["url"].endswith(
        f"/api/participants/{programme.budi.id}/calendar.ics?key={second['key']}"
    )


def test_only_the_participant_reads_their_feed_or_makes_its_key(
    programme: Programme, services: Services
) -> None:
    key_path = f"/api/participants/{programme.budi.id}/calendar-key"

    assert feed(services, programme, token=programme.budi.token).status == 200
    assert_problem(feed(services, programme), 401)
    assert_problem(feed(services, programme, key="not-a-key"), 401)
    assert_problem(feed(services, programme, token=programme.ana.token), 404)
    assert_problem(feed(services, programme, token=programme.coordinator), 403)
    assert_problem(programme.api.post(key_path, token=programme.ana.token), 404)
    assert_problem(programme.api.post(key_path, token=programme.coordinator), 403)
    assert_problem(programme.api.post(key_path), 401)


def test_a_repeated_key_request_answers_the_same_key_and_records_nothing_new(
    programme: Programme, services: Services
) -> None:
    path = f"/api/participants/{programme.budi.id}/calendar-key"
    again = {"Idempotency-Key": "calendar-1"}

    first = must(programme.api.post(path, token=programme.budi.token, headers=again), 201)
    end = services.tandem.recorder.max_notification_id()
    second = must(programme.api.post(path, token=programme.budi.token, headers=again), 201)

    assert (second["key"], second["position"]) == (first["key"], first["position"])
    assert services.tandem.recorder.max_notification_id() == end
    assert feed(services, programme, first["key"]).status == 200
    stale = programme.api.post(path, token=programme.budi.token, headers={"If-Match": '"7"'})
    assert_problem(stale, 412)


@pytest.mark.parametrize("method", ["OPTIONS", "HEAD", "GET"])
def test_the_feed_answers_nothing_without_a_key_or_token_whatever_the_method(
    programme: Programme, method: str
) -> None:
    path = f"/api/participants/{programme.budi.id}/calendar.ics"

    for query in ("", "?key=forged"):
        assert programme.api.request(method, path + query).status == 401
