"""Participants' pages in-process: asking for mentoring and answering, every action as a plain
form (POST-redirect-GET), refusals shown on the same form with the input kept, a stale page
refused, a resent form recorded once, and actions offered only to whom the rules allow."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.support.api import ApiClient
from tests.support.http_world import Programme, enrolled_pair
from tests.support.pages import caught_up, csrf_token, signed_in

KEY = re.compile(r'name="key" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


@pytest.fixture
def pair(api: ApiClient) -> Programme:
    return enrolled_pair(api, "Graduates")


def _as(app: Any, pair: Programme, name: str) -> Any:
    return signed_in(app, pair.people[name].id, ["participant"], name.capitalize())


def _form(client: Any, page: str) -> dict[str, str]:
    """The hidden fields of a page's forms (all forms of a page share the version)."""
    text = client.get(page).get_data(as_text=True)
    key, version = KEY.search(text), VERSION.search(text)
    fields = {"csrf_token": csrf_token(client, page), "key": key.group(1) if key else ""}
    if version:
        fields["version"] = version.group(1)
    return fields


def _history(pair: Programme, relationship: str) -> list[str]:
    answer = pair.api.get(f"/api/relationships/{relationship}/history", token=pair.ana.token)
    return [event["type"] for event in answer.body["events"]]


def _ask(app: Any, pair: Programme, client: Any = None, **fields: str) -> Any:
    budi = client or _as(app, pair, "budi")
    sent = {
        **_form(budi, "/app/relationships/new"),
        "whom": f"{pair.id}:{pair.ana.id}",
        "kind": "mentoring",
        "goals": "Lead a review\nRun a retro",
        "message": "Would you mentor me?",
        **fields,
    }
    return budi.post("/app/relationships/new", data=sent)


def test_a_participant_asks_through_the_form_and_lands_on_the_request(
    app: Any, pair: Programme
) -> None:
    answer = _ask(app, pair)

    assert answer.status_code == 303
    relationship = answer.headers["Location"].rsplit("/", 1)[-1]
    state = pair.api.get(f"/api/relationships/{relationship}", token=pair.ana.token).body
    assert state["status"] == "requested"
    assert [goal["text"] for goal in state["goals"]] == ["Lead a review", "Run a retro"]
    assert state["message"] == "Would you mentor me?"


def test_the_request_form_lists_whom_one_may_ask_but_not_oneself(app: Any, pair: Programme) -> None:
    page = _as(app, pair, "budi").get("/app/relationships/new").get_data(as_text=True)

    assert f'value="{pair.id}:{pair.ana.id}"' in page
    assert "ana (mentor)" in page
    assert pair.budi.id not in page


def test_a_refused_request_is_shown_on_the_form_with_what_was_typed(
    app: Any, pair: Programme
) -> None:
    answer = _ask(app, pair, goals="", message="Please, it matters to me")

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert 'data-problem="validation"' in page
    assert 'aria-invalid="true"' in page and 'id="request-goals-error"' in page
    assert "Please, it matters to me" in page


def test_the_invitee_accepts_from_the_page_and_the_requester_is_not_offered_to(
    app: Any, pair: Programme
) -> None:
    relationship = _ask(app, pair).headers["Location"].rsplit("/", 1)[-1]
    page = f"/app/relationships/{relationship}"
    ana, budi = _as(app, pair, "ana"), _as(app, pair, "budi")

    offered_to_budi = budi.get(page).get_data(as_text=True)
    accepted = ana.post(f"{page}/accept", data=_form(ana, page))

    assert 'aria-label="Accept"' not in offered_to_budi
    assert 'aria-label="Withdraw"' in offered_to_budi
    assert accepted.status_code == 303 and accepted.headers["Location"] == page
    assert _history(pair, relationship) == ["Requested", "Accepted"]


def test_a_form_sent_twice_records_once(app: Any, pair: Programme) -> None:
    relationship = _ask(app, pair).headers["Location"].rsplit("/", 1)[-1]
    page = f"/app/relationships/{relationship}"
    ana = _as(app, pair, "ana")
    sent = _form(ana, page)

    first = ana.post(f"{page}/accept", data=sent)
    again = ana.post(f"{page}/accept", data=sent)

    assert (first.status_code, again.status_code) == (303, 303)
    assert _history(pair, relationship) == ["Requested", "Accepted"]


def test_a_stale_page_is_refused_and_shows_the_relationship_as_it_stands(
    app: Any, pair: Programme
) -> None:
    relationship = _ask(app, pair).headers["Location"].rsplit("/", 1)[-1]
    page = f"/app/relationships/{relationship}"
    ana = _as(app, pair, "ana")
    stale = _form(ana, page)
    pair.api.post(f"/api/relationships/{relationship}/withdraw", {}, token=pair.budi.token)

    answer = ana.post(f"{page}/decline", data={**stale, "reason": "I am away"})

    text = answer.get_data(as_text=True)
    assert answer.status_code == 412
    assert 'data-problem="stale"' in text
    assert "withdrawn" in text and "I am away" in text
    assert _history(pair, relationship) == ["Requested", "Withdrawn"]


def test_a_rule_of_the_domain_refuses_on_the_form_saying_which(app: Any, pair: Programme) -> None:
    _ask(app, pair)

    again = _ask(app, pair, message="Asking twice")

    page = again.get_data(as_text=True)
    assert again.status_code == 409
    assert 'data-problem="already-open"' in page
    assert "You two already have an open relationship in this programme." in page
    assert "Asking twice" in page


def _accepted(app: Any, pair: Programme) -> str:
    relationship = str(pair.ask(pair.budi, pair.ana).body["id"])
    pair.api.post(f"/api/relationships/{relationship}/accept", {}, token=pair.ana.token)
    return relationship


def test_a_coordinator_is_offered_pause_and_conclude_and_nothing_of_the_parties(
    app: Any, pair: Programme
) -> None:
    relationship = _accepted(app, pair)
    client = signed_in(app, pair.coordinator_sub, ["coordinator"], "Carla")

    page = client.get(f"/app/relationships/{relationship}").get_data(as_text=True)

    offered = set(re.findall(r'<form method="post"[^>]*aria-label="([^"]+)"', page))
    assert offered == {"Pause", "Conclude"}


def test_an_auditor_is_offered_nothing_and_refused_what_they_send(
    app: Any, pair: Programme
) -> None:
    relationship = _accepted(app, pair)
    auditor = signed_in(app, "auditor-1", ["auditor"], "Audrey")
    page = f"/app/relationships/{relationship}"

    shown = auditor.get(page).get_data(as_text=True)
    sent = auditor.post(f"{page}/pause", data={**_form(auditor, page), "reason": "Audit"})

    assert 'method="post" action="/app/relationships/' not in shown
    assert sent.status_code == 403
    assert 'data-problem="not-allowed"' in sent.get_data(as_text=True)
    assert _history(pair, relationship) == ["Requested", "Accepted"]


def test_a_participant_who_is_not_a_party_finds_nothing_to_act_on(
    app: Any, api: ApiClient, pair: Programme
) -> None:
    relationship = _accepted(app, pair)
    coordinator = pair.coordinator
    eko = api.post("/api/participants", {"name": "Eko"}, token=coordinator).body["id"]
    client = signed_in(app, eko, ["participant"], "Eko")
    page = f"/app/relationships/{relationship}"

    answer = client.post(
        f"{page}/goals", data={"csrf_token": csrf_token(client, "/app/"), "text": "Mine now"}
    )

    assert answer.status_code == 404
    assert _history(pair, relationship) == ["Requested", "Accepted"]


def test_a_form_without_its_csrf_token_is_refused_and_records_nothing(
    app: Any, pair: Programme
) -> None:
    relationship = _accepted(app, pair)
    budi = _as(app, pair, "budi")

    answer = budi.post(f"/app/relationships/{relationship}/goals", data={"text": "Sneaky"})

    assert answer.status_code == 400
    assert _history(pair, relationship) == ["Requested", "Accepted"]


@pytest.mark.parametrize(
    "fields",
    [
        {"version": "seven"},
        {"version": "9" * 40},
        {"key": "\u00e9" * 10},
        {"key": "k" * 500},
        {"meeting_every_days": "fourteen", "channel": "video"},
        {"meeting_every_days": "99999999999999999999", "channel": "smoke signals"},
        {"meeting_every_days": "14", "channel": "video", "confidential_topics": "x" * 300},
    ],
)
def test_malformed_forms_are_refused_on_the_page_never_a_server_error(
    app: Any, pair: Programme, fields: dict[str, str]
) -> None:
    relationship = _accepted(app, pair)
    budi = _as(app, pair, "budi")
    page = f"/app/relationships/{relationship}"

    answer = budi.post(f"{page}/boundaries", data={**_form(budi, page), **fields})

    assert answer.status_code == 422
    assert 'data-problem="validation"' in answer.get_data(as_text=True)
    assert _history(pair, relationship) == ["Requested", "Accepted"]


@pytest.mark.parametrize(
    "path",
    ["goals/not-a-goal/achieve", "meetings/00000000-0000-4000-8000-000000000000/held", "fly"],
)
def test_actions_on_what_does_not_exist_are_pages_saying_so(
    app: Any, pair: Programme, path: str
) -> None:
    relationship = _accepted(app, pair)
    budi = _as(app, pair, "budi")
    page = f"/app/relationships/{relationship}"

    answer = budi.post(f"{page}/{path}", data=_form(budi, page))

    assert answer.status_code == 404
    assert answer.mimetype == "text/html"


def test_a_participant_reads_the_app_in_the_language_they_were_registered_with(
    app: Any, api: ApiClient, pair: Programme
) -> None:
    coordinator = pair.coordinator
    dewi = api.post("/api/participants", {"name": "Dewi", "locale": "id"}, token=coordinator).body[
        "id"
    ]
    client = signed_in(app, dewi, ["participant"], "Dewi")

    registered = client.get("/app/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    chosen = client.get("/app/?lang=en").get_data(as_text=True)

    assert '<html lang="id">' in registered and "Minta bimbingan" in registered
    assert '<html lang="en">' in chosen and "Request mentoring" in chosen


def test_a_refusal_is_told_in_the_persons_language(app: Any, pair: Programme) -> None:
    _ask(app, pair)
    budi = _as(app, pair, "budi")
    budi.get("/app/?lang=id")

    again = budi.post(
        "/app/relationships/new",
        data={
            **_form(budi, "/app/relationships/new"),
            "whom": f"{pair.id}:{pair.ana.id}",
            "kind": "mentoring",
            "goals": "Lagi",
            "message": "Sekali lagi",
        },
    )

    page = again.get_data(as_text=True)
    assert again.status_code == 409
    assert "Anda berdua sudah memiliki hubungan terbuka dalam program ini." in page
    assert "Sekali lagi" in page


def test_the_home_shows_requests_waiting_for_an_answer_and_the_next_meetings(
    app: Any, pair: Programme
) -> None:
    relationship = _ask(app, pair).headers["Location"].rsplit("/", 1)[-1]
    ana = _as(app, pair, "ana")
    caught_up(app)  # Budi's own pages wait for his request; Ana's see it once the views do

    waiting = ana.get("/app/").get_data(as_text=True)
    ana.post(
        f"/app/relationships/{relationship}/accept",
        data=_form(ana, f"/app/relationships/{relationship}"),
    )
    page = f"/app/relationships/{relationship}"
    ana.post(
        f"{page}/meetings",
        data={
            **_form(ana, page),
            "scheduled_for": "2031-05-06T09:30",
            "duration_minutes": "30",
            "mode": "phone",
        },
    )
    later = ana.get("/app/").get_data(as_text=True)

    assert "Requests waiting for your answer" in waiting
    assert f'href="/app/relationships/{relationship}">budi</a> asks you for mentoring' in waiting
    assert "May 6, 2031" in later and "no agenda yet" in later


def test_ones_own_request_is_at_home_at_once(app: Any, pair: Programme) -> None:
    budi = _as(app, pair, "budi")
    relationship = _ask(app, pair, budi).headers["Location"].rsplit("/", 1)[-1]

    home = budi.get("/app/").get_data(as_text=True)

    assert "Your requests waiting for an answer" in home
    assert f'href="/app/relationships/{relationship}">ana</a>' in home


def test_a_meeting_is_scheduled_at_the_time_where_the_person_is(
    app: Any, api: ApiClient, pair: Programme
) -> None:
    coordinator = pair.coordinator
    made = api.post(
        "/api/participants", {"name": "Made", "timezone": "Asia/Jakarta"}, token=coordinator
    ).body["id"]
    api.post(
        f"/api/programs/{pair.id}/enrollments",
        {"participant_id": made, "roles": ["mentor"]},
        token=coordinator,
    )
    body = {
        "program_id": pair.id,
        "invitee_id": made,
        "kind": "mentoring",
        "goals": ["Grow"],
        "message": "Please",
    }
    relationship = api.post("/api/relationships", body, token=pair.budi.token).body["id"]
    made_token = api.token(made, ["participant"])
    api.post(f"/api/relationships/{relationship}/accept", {}, token=made_token)
    client = signed_in(app, made, ["participant"], "Made")
    page = f"/app/relationships/{relationship}"

    client.post(
        f"{page}/meetings",
        data={
            **_form(client, page),
            "scheduled_for": "2031-03-04T10:00",
            "duration_minutes": "45",
            "mode": "video",
        },
    )

    state = api.get(f"/api/relationships/{relationship}", token=made_token).body
    assert [m["scheduled_for"] for m in state["meetings"]] == ["2031-03-04T03:00:00Z"]


def test_a_day_picked_on_a_page_begins_and_ends_where_the_person_is(app: Any) -> None:
    from flask import g

    from web.pages.moments import end_of, start_of

    with app.test_request_context("/app/"):
        g.time_zone = "Asia/Jakarta"
        day = date(2031, 3, 4)
        assert (start_of(day), end_of(day)) == (
            datetime(2031, 3, 3, 17, 0, tzinfo=UTC),
            datetime(2031, 3, 4, 16, 59, 59, tzinfo=UTC),
        )


def test_a_command_that_lost_every_race_asks_to_be_sent_again_with_the_input_kept(
    app: Any, pair: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.errors import Contention
    from web.pages import commands

    def always_beaten(*args: Any, **kwargs: Any) -> Any:
        raise Contention("Too many concurrent changes; try again.")

    beaten = dataclasses.replace(commands.ACTIONS["add_goal"], does=always_beaten)
    monkeypatch.setitem(commands.ACTIONS, "add_goal", beaten)
    relationship = _accepted(app, pair)
    budi = _as(app, pair, "budi")
    page = f"/app/relationships/{relationship}"

    answer = budi.post(f"{page}/goals", data={**_form(budi, page), "text": "Ship it"})

    assert answer.status_code == 409
    assert 'data-problem="contention"' in answer.get_data(as_text=True)
    assert 'value="Ship it"' in answer.get_data(as_text=True)
