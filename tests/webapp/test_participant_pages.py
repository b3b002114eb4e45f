"""Participants' pages in-process: asking for mentoring and answering, every action as a plain
form (POST-redirect-GET), refusals shown on the same form with the input kept, a stale page
refused, a resent form recorded once, and actions offered only to whom the rules allow."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.api import ApiClient
from tests.support.pair import Pair, enrolled_pair
from tests.webapp.pages import csrf_token, signed_in

KEY = re.compile(r'name="key" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


@pytest.fixture
def pair(api: ApiClient) -> Pair:
    return enrolled_pair(api, "Graduates")


def _as(app: Any, pair: Pair, name: str) -> Any:
    return signed_in(app, pair.ids[name], ["participant"], name.capitalize())


def _form(client: Any, page: str) -> dict[str, str]:
    """The hidden fields of a page's forms (all forms of a page share the version)."""
    text = client.get(page).get_data(as_text=True)
    key, version = KEY.search(text), VERSION.search(text)
    fields = {"csrf_token": csrf_token(client, page), "key": key.group(1) if key else ""}
    if version:
        fields["version"] = version.group(1)
    return fields


def _history(pair: Pair, relationship: str) -> list[str]:
    answer = pair.api.get(f"/api/relationships/{relationship}/history", token=pair.tokens["ana"])
    return [event["type"] for event in answer.body["events"]]


def _ask(app: Any, pair: Pair, **fields: str) -> Any:
    budi = _as(app, pair, "budi")
    sent = {
        **_form(budi, "/app/relationships/new"),
        "whom": f"{pair.program}:{pair.ids['ana']}",
        "kind": "mentoring",
        "goals": "Lead a review\nRun a retro",
        "message": "Would you mentor me?",
        **fields,
    }
    return budi.post("/app/relationships/new", data=sent)


def test_a_participant_asks_through_the_form_and_lands_on_the_request(app: Any, pair: Pair) -> None:
    answer = _ask(app, pair)

    assert answer.status_code == 303
    relationship = answer.headers["Location"].rsplit("/", 1)[-1]
    state = pair.api.get(f"/api/relationships/{relationship}", token=pair.tokens["ana"]).body
    assert state["status"] == "requested"
    assert [goal["text"] for goal in state["goals"]] == ["Lead a review", "Run a retro"]
    assert state["message"] == "Would you mentor me?"


def test_the_request_form_lists_whom_one_may_ask_but_not_oneself(app: Any, pair: Pair) -> None:
    page = _as(app, pair, "budi").get("/app/relationships/new").get_data(as_text=True)

    assert f'value="{pair.program}:{pair.ids["ana"]}"' in page
    assert "ana (mentor)" in page
    assert pair.ids["budi"] not in page


def test_a_refused_request_is_shown_on_the_form_with_what_was_typed(app: Any, pair: Pair) -> None:
    answer = _ask(app, pair, goals="", message="Please, it matters to me")

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert 'data-problem="validation"' in page
    assert 'aria-invalid="true"' in page and 'id="request-goals-error"' in page
    assert "Please, it matters to me" in page


def test_the_invitee_accepts_from_the_page_and_the_requester_is_not_offered_to(
    app: Any, pair: Pair
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


def test_a_form_sent_twice_records_once(app: Any, pair: Pair) -> None:
    relationship = _ask(app, pair).headers["Location"].rsplit("/", 1)[-1]
    page = f"/app/relationships/{relationship}"
    ana = _as(app, pair, "ana")
    sent = _form(ana, page)

    first = ana.post(f"{page}/accept", data=sent)
    again = ana.post(f"{page}/accept", data=sent)

    assert (first.status_code, again.status_code) == (303, 303)
    assert _history(pair, relationship) == ["Requested", "Accepted"]


def test_a_stale_page_is_refused_and_shows_the_relationship_as_it_stands(
    app: Any, pair: Pair
) -> None:
    relationship = _ask(app, pair).headers["Location"].rsplit("/", 1)[-1]
    page = f"/app/relationships/{relationship}"
    ana = _as(app, pair, "ana")
    stale = _form(ana, page)
    pair.api.post(f"/api/relationships/{relationship}/withdraw", {}, token=pair.tokens["budi"])

    answer = ana.post(f"{page}/decline", data={**stale, "reason": "I am away"})

    text = answer.get_data(as_text=True)
    assert answer.status_code == 412
    assert 'data-problem="stale"' in text
    assert "withdrawn" in text and "I am away" in text
    assert _history(pair, relationship) == ["Requested", "Withdrawn"]


def test_a_rule_of_the_domain_refuses_on_the_form_saying_which(app: Any, pair: Pair) -> None:
    _ask(app, pair)

    again = _ask(app, pair, message="Asking twice")

    page = again.get_data(as_text=True)
    assert again.status_code == 409
    assert 'data-problem="already-open"' in page
    assert "You two already have an open relationship in this programme." in page
    assert "Asking twice" in page
