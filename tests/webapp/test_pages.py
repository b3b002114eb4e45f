"""The app's pages in-process: who reaches which page, what each shows (and never shows), its
headers, its forms' CSRF protection, its languages, and its CSV beside the API's."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.api import ApiClient
from tests.support.http_world import Programme, enrolled_pair
from tests.support.pages import CSRF, caught_up, csrf_token, signed_in

SECRET_MESSAGE = "Please keep my salary worries between us"
TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


@pytest.fixture
def pair(api: ApiClient) -> Programme:
    return enrolled_pair(api, "Graduates")


@pytest.fixture
def asked(pair: Programme) -> str:
    """Budi asked Ana, privately; Ana accepted."""
    relationship = str(pair.ask(pair.budi, pair.ana, message=SECRET_MESSAGE).body["id"])
    pair.api.post(f"/api/relationships/{relationship}/accept", {}, token=pair.ana.token)
    return relationship


def _coordinator(app: Any, pair: Programme) -> Any:
    caught_up(app)
    return signed_in(app, "coordinator-graduates", ["coordinator"], "Carla")


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(app: Any, pair: Programme) -> None:
    answer = app.test_client().get(f"/app/programs/{pair.id}")

    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/app/sign-in?next=%2Fapp%2Fprograms%2F{pair.id}"


def test_a_coordinator_sees_the_programme_its_check_ins_and_no_private_text(
    app: Any, pair: Programme, asked: str
) -> None:
    client = _coordinator(app, pair)
    pages = [
        "/app/",
        f"/app/programs/{pair.id}",
        f"/app/programs/{pair.id}/relationships",
        f"/app/relationships/{asked}",
        f"/app/relationships/{asked}?version=1",
    ]

    answers = {page: client.get(page) for page in pages}

    for page, answer in answers.items():
        assert answer.status_code == 200, page
        assert SECRET_MESSAGE not in answer.get_data(as_text=True), page
    assert "Graduates" in answers["/app/"].get_data(as_text=True)
    assert "budi &amp; ana" in answers[f"/app/programs/{pair.id}/relationships"].get_data(
        as_text=True
    )


def test_the_parties_read_their_private_text_on_the_relationship_page(
    app: Any, pair: Programme, asked: str
) -> None:
    client = signed_in(app, pair.budi.id, ["participant"], "Budi")

    answer = client.get(f"/app/relationships/{asked}")

    assert answer.status_code == 200
    assert SECRET_MESSAGE in answer.get_data(as_text=True)


def test_an_auditor_reads_the_timeline_with_private_text_withheld(
    app: Any, pair: Programme, asked: str
) -> None:
    caught_up(app)
    client = signed_in(app, "auditor-1", ["auditor"], "Audrey")

    page = client.get(f"/app/relationships/{asked}").get_data(as_text=True)
    trail = client.get(f"/app/audit?relationship_id={asked}").get_data(as_text=True)

    assert "Mentoring requested" in page and "Request accepted" in page
    assert "(private)" in page
    assert SECRET_MESSAGE not in page + trail
    assert "Request accepted" in trail


def test_a_participant_cannot_reach_staff_pages(app: Any, pair: Programme, asked: str) -> None:
    client = signed_in(app, pair.budi.id, ["participant"], "Budi")

    for page in (
        f"/app/programs/{pair.id}",
        f"/app/programs/{pair.id}/relationships",
        f"/app/programs/{pair.id}/relationships.csv",
        "/app/audit",
        "/app/audit/events.ndjson",
    ):
        answer = client.get(page)
        assert answer.status_code == 404, page
        assert answer.mimetype == "text/html", page


def test_a_coordinator_of_another_programme_is_refused(
    app: Any, pair: Programme, asked: str
) -> None:
    client = signed_in(app, "coordinator-elsewhere", ["coordinator"], "Eve")

    assert client.get(f"/app/programs/{pair.id}").status_code == 403
    assert client.get(f"/app/relationships/{asked}").status_code == 403


def test_the_exported_csv_is_the_apis_csv(app: Any, pair: Programme, asked: str) -> None:
    client = _coordinator(app, pair)
    token = pair.api.token("coordinator-graduates", ["coordinator"])

    exported = client.get(f"/app/programs/{pair.id}/relationships.csv?status=active")
    from_api = pair.api.request(
        "GET",
        f"/api/relationships?program_id={pair.id}&status=active",
        token=token,
        headers={"Accept": "text/csv"},
    )

    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert rows == list(csv.DictReader(io.StringIO(from_api.body)))
    assert [row["id"] for row in rows] == [asked]


def test_a_bad_filter_is_told_on_a_page(app: Any, pair: Programme) -> None:
    client = _coordinator(app, pair)

    answer = client.get(f"/app/programs/{pair.id}/relationships?status=lost")

    assert answer.status_code == 422
    assert answer.mimetype == "text/html"
    assert "status" in answer.get_data(as_text=True)


def test_pages_carry_strict_security_headers(app: Any, pair: Programme) -> None:
    answer = _coordinator(app, pair).get(f"/app/programs/{pair.id}")

    policy = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"
    assert answer.headers["Cache-Control"] == "no-store"


def test_no_template_has_inline_script_or_style() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        assert not re.search(r"\sstyle=", text), template.name
        assert not re.search(r"<style", text), template.name
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", text)), template.name
        assert not re.search(r"\son[a-z]+=", text), template.name


def test_a_form_sent_without_its_csrf_token_changes_nothing(app: Any, pair: Programme) -> None:
    client = _coordinator(app, pair)

    refused = client.post("/app/sign-out", data={})
    still = client.get("/app/")

    assert refused.status_code == 400
    assert still.status_code == 200


def test_signing_out_ends_the_session(app: Any, pair: Programme) -> None:
    client = _coordinator(app, pair)

    client.post("/app/sign-out", data={"csrf_token": csrf_token(client, "/app/")})

    assert client.get("/app/").status_code == 302


def test_the_development_list_signs_in_as_a_registered_person(app: Any, pair: Programme) -> None:
    client = app.test_client()
    page = client.get("/app/sign-in").get_data(as_text=True)

    answer = client.post(
        "/app/sign-in/dev",
        data={"csrf_token": csrf_token(client), "person": pair.budi.id, "next": "/app/"},
    )

    assert "Sign in as budi" in page and "Sign in as coordinator@demo" in page
    assert answer.status_code == 302
    assert "budi" in client.get("/app/").get_data(as_text=True)


def test_an_expired_session_asks_to_sign_in_again(
    app: Any, pair: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.signin import session

    client = _coordinator(app, pair)
    later = session.clock() + 2 * 3600
    monkeypatch.setattr(session, "clock", lambda: later)

    answer = client.get("/app/")

    assert answer.status_code == 302
    assert "expired=1" in answer.headers["Location"]
    assert "Your session has expired" in client.get(answer.headers["Location"]).get_data(
        as_text=True
    )


def test_sign_in_returns_only_to_pages_of_the_app(app: Any, pair: Programme) -> None:
    client = app.test_client()

    answers = [
        client.post(
            "/app/sign-in/dev",
            data={"csrf_token": csrf_token(client), "person": pair.ana.id, "next": wanted},
        )
        for wanted in ("https://evil.example/", "//evil.example/app/", "/app/../api", "/app/x")
    ]

    assert [a.headers["Location"] for a in answers] == ["/app/", "/app/", "/app/../api", "/app/x"]


def test_a_participants_home_lists_their_relationships_by_the_other_party(
    app: Any, pair: Programme, asked: str
) -> None:
    caught_up(app)
    client = signed_in(app, pair.budi.id, ["participant"], "Budi")

    answer = client.get("/app/")

    assert answer.status_code == 200
    assert f'<a href="/app/relationships/{asked}">ana</a>' in answer.get_data(as_text=True)


def test_the_development_list_is_refused_in_production(store: Any) -> None:
    from tests.support.app import app_for_tests

    production = app_for_tests(store, "production-secret-0123456789-abcdefghij", env="production")
    try:
        client = production.test_client()
        https = "https://tandem.example"
        page = client.get("/app/sign-in", base_url=https)
        token = CSRF.search(page.get_data(as_text=True))
        answer = client.post(
            "/app/sign-in/dev",
            data={"csrf_token": token.group(1) if token else "", "person": "staff:admin@demo"},
            base_url=https,
        )
    finally:
        production.extensions["services"].close()

    assert "Sign in as" not in page.get_data(as_text=True)
    assert answer.status_code == 404
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert client.get("/app/", base_url=https).status_code == 302


def test_a_programme_cannot_be_shown_as_it_will_stand(app: Any, pair: Programme) -> None:
    client = _coordinator(app, pair)

    answer = client.get(f"/app/programs/{pair.id}?as_of=2999-01-01")

    assert answer.status_code == 422
    assert "as_of" in answer.get_data(as_text=True)


def test_after_an_erasure_the_pages_show_erased_where_the_persons_words_were(
    app: Any, pair: Programme, asked: str
) -> None:
    admin = pair.api.token("admin-erasing", ["admin"])
    erasure = pair.api.post(
        f"/api/participants/{pair.budi.id}/erasure",
        {"reason": "Asked to be forgotten."},
        token=admin,
    )
    assert erasure.status == 200, erasure.body
    caught_up(app)
    ana = signed_in(app, pair.ana.id, ["participant"], "Ana")
    pages = [f"/app/relationships/{asked}", f"/app/relationships/{asked}?version=1", "/app/"]

    answers = {page: ana.get(page) for page in pages}

    for page, answer in answers.items():
        assert answer.status_code == 200, page
        assert SECRET_MESSAGE not in answer.get_data(as_text=True), page
    assert "[erased]" in answers[f"/app/relationships/{asked}?version=1"].get_data(as_text=True)
