"""Reminder e-mail, received by a real SMTP server on loopback (aiosmtpd): once per reminder and
party, in the participant's language and time zone, plain text and HTML, linking to the app."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from services.webhooks.dispatcher import Dispatcher
from services.webhooks.settings import Smtp, WebhookSettings
from services.wiring import Services
from tests.support.answers import must
from tests.support.http_world import Person, Programme, Relationship
from tests.support.moments import rfc3339
from tests.support.postgres import free_port

APP = "https://tandem.example.org"


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def settings(inbox: tuple[Inbox, int]) -> WebhookSettings:
    smtp = Smtp(host="127.0.0.1", port=inbox[1], sender="tandem@example.org", security="none")
    return WebhookSettings(dispatch=False, public_url=APP, smtp=smtp)


def person(programme: Programme, name: str, role: str, locale: str, timezone: str) -> Person:
    email = f"{name.lower()}@example.org"
    return programme.register(name, role, email=email, locale=locale, timezone=timezone)


def test_each_party_gets_one_e_mail_per_reminder_in_their_own_language(
    programme: Programme, inbox: tuple[Inbox, int], dispatcher: Dispatcher, services: Services
) -> None:
    sari = person(programme, "Sari", "mentee", "id", "Asia/Jakarta")
    tom = person(programme, "Tom", "mentor", "en", "Europe/London")
    request = {
        "program_id": programme.id,
        "invitee_id": tom.id,
        "kind": "mentoring",
        "goals": ["Lead a review"],
        "message": "Private words",
    }
    made = must(programme.api.post("/api/relationships", request, token=sari.token), 201)
    relationship = Relationship(programme.api, made["id"], sari, tom)
    must(relationship.command(tom.token, "accept"))
    when = datetime(2030, 1, 15, 2, 0, tzinfo=UTC)  # 09:00 in Jakarta, 02:00 in London
    meeting = {"scheduled_for": rfc3339(when), "duration_minutes": 45, "mode": "video"}
    scheduled = must(relationship.command(sari.token, "meetings", meeting), 201)
    services.coordination.await_position(scheduled["position"])

    reminded = dispatcher.remind(when - timedelta(hours=12))
    sent = dispatcher.send_mail(when - timedelta(hours=12))
    again = (
        dispatcher.remind(when - timedelta(hours=11)),
        dispatcher.send_mail(when - timedelta(hours=11)),
    )

    assert (reminded, sent, again) == (1, 2, (0, 0))
    mails = {str(m["To"]): m for m in inbox[0].messages}
    assert set(mails) == {"sari@example.org", "tom@example.org"}
    link = f"{APP}/app/relationships/{relationship.id}"
    indonesian, english = mails["sari@example.org"], mails["tom@example.org"]
    assert indonesian["Subject"] == "Pengingat: pertemuan Anda dengan Tom pada 2030-01-15 09:00 WIB"
    assert english["Subject"] == "Reminder: your meeting with Sari on 2030-01-15 02:00 GMT"
    for mail, greeting, lang in ((indonesian, "Halo Sari,", "id"), (english, "Hello Tom,", "en")):
        assert mail["From"] == "tandem@example.org"
        assert mail["Content-Language"] == lang
        text = mail.get_body(("plain",))
        html = mail.get_body(("html",))
        assert text is not None and html is not None
        assert greeting in text.get_content() and link in text.get_content()
        assert (
            f'<html lang="{lang}">' in html.get_content() and f'href="{link}"' in html.get_content()
        )
        assert "Private words" not in mail.as_string()


def a_meeting_due_tomorrow(programme: Programme, now: datetime) -> Any:
    """Budi schedules a meeting with Ana 20 hours from `now`: a meeting_due reminder each."""
    relationship = programme.mentoring("active")
    body = {
        "scheduled_for": rfc3339(now + timedelta(hours=20)),
        "duration_minutes": 30,
        "mode": "phone",
    }
    return must(relationship.command(programme.budi.token, "meetings", body), 201)


def test_no_e_mail_for_a_participant_without_an_address(
    programme: Programme, inbox: tuple[Inbox, int], dispatcher: Dispatcher, services: Services
) -> None:
    now = datetime.now(UTC)
    scheduled = a_meeting_due_tomorrow(programme, now)
    services.coordination.await_position(scheduled["position"])
    unreachable = must(
        programme.api.post("/api/participants", {"name": "Nia"}, token=programme.coordinator), 201
    )

    reminded = dispatcher.remind(now)
    sent = dispatcher.send_mail(now)

    assert (reminded, sent) == (1, 2)  # Ana and Budi have addresses
    assert unreachable["email"] is None
    assert {str(m["To"]) for m in inbox[0].messages} == {"ana@example.org", "budi@example.org"}


def test_no_e_mail_for_an_erased_participant(
    programme: Programme, inbox: tuple[Inbox, int], dispatcher: Dispatcher, services: Services
) -> None:
    now = datetime.now(UTC)
    scheduled = a_meeting_due_tomorrow(programme, now)
    erasure = {"reason": "Budi asked to be forgotten."}
    path = f"/api/participants/{programme.budi.id}/erasure"
    erased = must(programme.api.post(path, erasure, token=programme.admin))
    services.coordination.await_position(max(scheduled["position"], erased["position"]))

    reminded = dispatcher.remind(now)
    sent = dispatcher.send_mail(now)

    assert (reminded, sent) == (1, 1)
    assert [str(m["To"]) for m in inbox[0].messages] == ["ana@example.org"]
