"""Calendar feeds: each participant's meetings, read with their token or with a key of theirs
that calendar apps can keep in a URL. Issuing and revoking the key are commands (Idempotency-Key
and If-Match hold as for any other): the key is derived from the command's id under a server
key, so a repeated request answers the same key, and only its hash is recorded."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from uuid import UUID

from domain import Participant
from services import policy
from services.errors import NotFound, PreconditionFailed
from services.policy import Caller, refusal
from services.tandem import Tandem
from services.unit_of_work import Command, Recorded, UnitOfWork
from services.webhooks.calendar import Entry, calendar, entries
from services.webhooks.calendar_key import CalendarKey

THEIRS = "SELECT id FROM view_relationships WHERE requester_id = :me OR invitee_id = :me"


class WrongKey(Exception):
    """No key, or not the participant's current one."""


class Calendars:
    def __init__(self, app: Tandem, views: Any, secret: bytes, public_url: str = "") -> None:
        self.app, self.views, self.public_url = app, views, public_url
        self._secret = hashlib.sha256(b"tandem-calendar-keys:" + secret).digest()

    def issue_key(self, command: Command, participant_id: UUID) -> tuple[str, Recorded[Any]]:
        """A new key for the participant's feed; any earlier key stops working."""
        self._theirs(command.caller, participant_id)
        work: UnitOfWork[CalendarKey] = UnitOfWork(self.app, command)
        key = self._key(work.command_id)
        while work.pending():
            with work.attempt():
                found = self.app.find(CalendarKey, CalendarKey.create_id(participant_id))
                if found is None:
                    if command.expected_versions is not None:
                        raise PreconditionFailed(
                            "The calendar has no key whose version could match."
                        )
                    found = CalendarKey(participant_id, _hash(key), by=command.caller.sub)
                else:
                    work.check_if_match(found)
                    found.reissue(_hash(key), by=command.caller.sub)
                work.save(found)
        return key, work.recorded

    def revoke_key(self, command: Command, participant_id: UUID) -> Recorded[Any]:
        self._theirs(command.caller, participant_id)
        work: UnitOfWork[CalendarKey] = UnitOfWork(self.app, command)
        while work.pending():
            with work.attempt():
                found = self.app.find(CalendarKey, CalendarKey.create_id(participant_id))
                if found is None:
                    raise NotFound("The calendar has no key to revoke.")
                work.check_if_match(found)
                found.revoke(by=command.caller.sub)
                work.save(found)
        return work.recorded

    def feed(self, caller: Caller, participant_id: UUID) -> bytes:
        return self._feed(self._theirs(caller, participant_id))

    def feed_by_key(self, participant_id: UUID, key: str) -> bytes:
        found = self.app.find(CalendarKey, CalendarKey.create_id(participant_id))
        current = found.key_hash if found is not None else None
        if current is None or not hmac.compare_digest(current, _hash(key)):
            raise WrongKey("This calendar key is not (or no longer) valid.")
        participant = self.app.find(Participant, participant_id)
        if participant is None:
            raise WrongKey("This calendar key is not (or no longer) valid.")
        return self._feed(participant)

    def _key(self, command_id: UUID) -> str:
        digest = hmac.new(self._secret, command_id.bytes, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def _theirs(self, caller: Caller, participant_id: UUID) -> Participant:
        if not policy.may_follow_calendar(caller, participant_id):
            raise refusal(caller, f"calendar of participant {participant_id}")
        participant = self.app.find(Participant, participant_id)
        if participant is None:
            raise NotFound(f"No participant {participant_id}.")
        return participant

    def _feed(self, participant: Participant) -> bytes:
        found: list[Entry] = []
        for row in self.views.fetch(THEIRS, {"me": str(participant.id)}):
            relationship_id = UUID(row["id"])
            with self.app.replaying(relationship_id):
                history = list(self.app.events.get(relationship_id))
            if history:
                found += entries(history, participant.id)
        names = {}
        for other in {entry.other_party for entry in found}:
            person = self.app.find(Participant, other)
            names[other] = person.name if person is not None else "?"
        return calendar(found, names, participant.locale, self.public_url)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
