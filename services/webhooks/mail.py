"""Reminder e-mail: queued with the reminder (who, which one), written when sent, in the
participant's language and time zone, plain text and HTML, over SMTP; retried like deliveries."""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain import Participant
from services.webhooks.mail_texts import HTML, texts
from services.webhooks.retry import next_attempt
from services.webhooks.settings import Smtp
from services.webhooks.store import Outbox, Row

log = logging.getLogger(__name__)
DUE = """SELECT m.seq, m.participant_id, m.queued_at, m.attempts, r.kind, r.body
FROM webhook_mails m JOIN webhook_reminders r ON r.id = m.reminder_id
WHERE m.next_attempt_at IS NOT NULL AND m.next_attempt_at <= :now
ORDER BY m.next_attempt_at LIMIT :limit"""
DONE = (
    "UPDATE webhook_mails SET status = :status, next_attempt_at = NULL, attempts = attempts + 1, "
    "last_error = :error, done_at = :at WHERE seq = :seq"
)
AGAIN = (
    "UPDATE webhook_mails SET next_attempt_at = :next, attempts = attempts + 1, "
    "last_error = :error WHERE seq = :seq"
)


class Undeliverable(Exception):
    """An e-mail that trying again will not send: no such person, or no address."""


@dataclass(frozen=True)
class Letter:
    to: str
    subject: str
    text: str
    html: str
    locale: str


class Mails:
    def __init__(self, app: Any, outbox: Outbox, smtp: Smtp, public_url: str = "") -> None:
        self.app, self.outbox, self.smtp, self.public_url = app, outbox, smtp, public_url

    def reachable(self, participant_id: UUID) -> bool:
        return _address(self.app.find(Participant, participant_id)) is not None

    def send_due(self, now: datetime, limit: int = 50) -> int:
        """Sends the e-mail due by `now`, one after another; answers how many went out."""
        sent = 0
        for row in self.outbox.fetch(DUE, {"now": now.timestamp(), "limit": limit}):
            at = now.timestamp()
            try:
                self.post(self.letter(row), f"{row['seq']}")
            except Undeliverable as error:
                self._done(row, "failed", str(error), at)
                continue
            except (smtplib.SMTPException, OSError) as error:
                retry = next_attempt(_time(row["queued_at"]), row["attempts"] + 1, now)
                why = f"{type(error).__name__}: {error}"[:200]
                if retry is None or isinstance(error, smtplib.SMTPRecipientsRefused):
                    log.warning("Reminder e-mail %s failed for good: %s", row["seq"], why)
                    self._done(row, "failed", why, at)
                else:
                    self.outbox.write(
                        [(AGAIN, [{"seq": row["seq"], "next": retry.timestamp(), "error": why}])]
                    )
                continue
            self._done(row, "sent", None, at)
            sent += 1
        return sent

    def letter(self, row: Row) -> Letter:
        participant = self.app.find(Participant, UUID(row["participant_id"]))
        if participant is None or _address(participant) is None:
            raise Undeliverable("The participant has no e-mail address.")
        data = json.loads(row["body"])["data"]
        others = [UUID(p) for p in data["parties"] if p != str(participant.id)]
        other = self.app.find(Participant, others[0]) if others else None
        words = texts(participant.locale)
        zone = _zone(participant.timezone)
        when = data.get("scheduled_for") or data["due_at"]
        moment = datetime.fromisoformat(when.replace("Z", "+00:00")).astimezone(zone)
        fill = {
            "name": participant.name,
            "other": other.name if other is not None else "?",
            "when": f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}",
        }
        subject = words[f"{row['kind']}.subject"].format(**fill)
        body = words[f"{row['kind']}.body"].format(**fill)
        url = (
            f"{self.public_url}/app/relationships/{data['relationship_id']}"
            if self.public_url
            else ""
        )
        greeting = words["greeting"].format(**fill)
        lines = [greeting, "", body, ""]
        if url:
            lines += [f"{words['link']}: {url}", ""]
        lines += ["-- ", words["footer"]]
        html = HTML.render(
            lang=participant.locale or "en",
            subject=subject,
            greeting=greeting,
            body=body,
            url=url,
            link=words["link"],
            footer=words["footer"],
        )
        return Letter(
            participant.email, subject, "\n".join(lines) + "\n", html, participant.locale or "en"
        )

    def post(self, letter: Letter, reference: str) -> None:
        message = EmailMessage()
        message["From"] = self.smtp.sender
        message["To"] = letter.to
        message["Subject"] = letter.subject
        message["Date"] = format_datetime(datetime.now(UTC))
        message["Message-ID"] = make_msgid(f"reminder.{reference}")
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
        message.set_content(letter.text)
        message.add_alternative(letter.html, subtype="html")
        message["Content-Language"] = letter.locale  # after the content, which clears Content-*
        with self._connection() as smtp:
            smtp.send_message(message)

    def _connection(self) -> smtplib.SMTP:
        """Connected, secured and logged in as the settings say; closed again if any step fails."""
        smtp = self.smtp
        if smtp.security == "tls":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=smtp.timeout, context=ssl.create_default_context()
            )
        else:
            connection = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        try:
            if smtp.security == "starttls":
                connection.starttls(context=ssl.create_default_context())
            if smtp.user:
                connection.login(smtp.user, smtp.password)
        except BaseException:
            connection.close()
            raise
        return connection

    def _done(self, row: Row, status: str, error: str | None, at: float) -> None:
        self.outbox.write(
            [(DONE, [{"seq": row["seq"], "status": status, "error": error, "at": at}])]
        )


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _time(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _address(participant: Participant | None) -> str | None:
    """Where their e-mail goes: nowhere without an address, or once they are erased (their
    address then reads "[erased]")."""
    if participant is None or participant.erased_at is not None:
        return None
    return participant.email or None
