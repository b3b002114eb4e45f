"""Calendar feeds: each participant's meetings, read with their token or with a key of theirs
that calendar apps can keep in a URL (hashed here; a new key revokes the old one)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any
from uuid import UUID

from domain import Participant, clock
from services import policy
from services.errors import NotFound
from services.policy import Caller, refusal
from services.tandem import Tandem
from services.webhooks.calendar import Entry, calendar, entries
from services.webhooks.store import Outbox

THEIRS = "SELECT id FROM view_relationships WHERE requester_id = :me OR invitee_id = :me"
KEEP = (
    "INSERT INTO calendar_keys (participant_id, key_hash, issued_at) VALUES (:id, :hash, :at) "
    "ON CONFLICT (participant_id) DO UPDATE SET key_hash = excluded.key_hash, "
    "issued_at = excluded.issued_at"
)
FORGET = "DELETE FROM calendar_keys WHERE participant_id = :id"
KEY_OF = "SELECT key_hash FROM calendar_keys WHERE participant_id = :id"


class WrongKey(Exception):
    """No key, or not the participant's current one."""


class Calendars:
    def __init__(self, app: Tandem, views: Any, outbox: Outbox, public_url: str = "") -> None:
        self.app, self.views, self.outbox, self.public_url = app, views, outbox, public_url

    def issue_key(self, caller: Caller, participant_id: UUID) -> str:
        """A new key for the participant's feed; any earlier key stops working."""
        self._theirs(caller, participant_id)
        key = secrets.token_urlsafe(32)
        at = clock.now().timestamp()
        self.outbox.write([(KEEP, [{"id": str(participant_id), "hash": _hash(key), "at": at}])])
        return key

    def revoke_key(self, caller: Caller, participant_id: UUID) -> None:
        self._theirs(caller, participant_id)
        self.outbox.write([(FORGET, [{"id": str(participant_id)}])])

    def feed(self, caller: Caller, participant_id: UUID) -> bytes:
        return self._feed(self._theirs(caller, participant_id))

    def feed_by_key(self, participant_id: UUID, key: str) -> bytes:
        rows = self.outbox.fetch(KEY_OF, {"id": str(participant_id)})
        if not rows or not hmac.compare_digest(rows[0]["key_hash"], _hash(key)):
            raise WrongKey("This calendar key is not (or no longer) valid.")
        participant = self.app.find(Participant, participant_id)
        if participant is None:
            raise WrongKey("This calendar key is not (or no longer) valid.")
        return self._feed(participant)

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
