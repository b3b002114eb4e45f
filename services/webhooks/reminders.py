"""Reminders the log does not hold: derived from the views by a pass at a moment, since health
changes with time alone. Each is kept once per relationship and due moment (its id), with its
deliveries and e-mail, so passes can run as often as they like.

- meeting_due: 24 h before a scheduled meeting of an active relationship.
- check_in_needed: when an active relationship entered `needs_check_in` (API.md's rule): the
  latest of the moments that kept it `too_early` or `on_track` (accepted + period, last meeting
  held + period, a scheduled meeting's time that passed unrecorded). Older than LOOKBACK: stale,
  not sent (a dispatcher started on an old store does not nudge about last year).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from services.views import queries as q
from services.webhooks.fanout import FanOut
from services.webhooks.messages import CHECK_IN_NEEDED, MEETING_DUE, Reminder
from services.webhooks.store import Outbox, Row

AHEAD = timedelta(hours=24)
LOOKBACK = timedelta(days=7)
DAY = 86400.0

PROGRAMMES = "SELECT id FROM view_programs ORDER BY id"
MEETINGS_DUE = """SELECT m.id AS meeting_id, m.relationship_id, m.scheduled_for, r.program_id,
    r.requester_id, r.invitee_id
FROM view_meetings m JOIN view_relationships r ON r.id = m.relationship_id
WHERE m.program_id = :program_id AND m.status = 'scheduled' AND m.scheduled_for > :now
  AND m.scheduled_for <= :soon AND r.status = 'active'"""
CHECK_INS = f"""SELECT r.id, r.program_id, r.requester_id, r.invitee_id, r.accepted_at,
    r.meetings_held, r.last_meeting_at, r.period_days, (
        SELECT MAX(m.scheduled_for) FROM view_meetings m
        WHERE m.program_id = r.program_id AND m.relationship_id = r.id
          AND m.status = 'scheduled' AND m.scheduled_for < :now
    ) AS lapsed
FROM view_relationships r
WHERE r.program_id = :program_id AND r.status = 'active' AND ({q.HEALTH}) = 'needs_check_in'"""


class Reminders:
    def __init__(
        self,
        views: Any,
        outbox: Outbox,
        fanout: FanOut,
        reachable: Callable[[UUID], bool] | None = None,
    ) -> None:
        """`reachable` says whether a participant gets e-mail (None: no e-mail is sent)."""
        self.views, self.outbox, self.fanout, self.reachable = views, outbox, fanout, reachable

    def due(self, now: datetime) -> list[Reminder]:
        """Every reminder due at `now`, as the views tell it."""
        found: list[Reminder] = []
        moment = now.timestamp()
        for programme in self.views.fetch(PROGRAMMES, {}):
            params = {
                "program_id": programme["id"],
                "now": moment,
                "soon": moment + AHEAD.total_seconds(),
            }
            found += [_meeting_due(row) for row in self.views.fetch(MEETINGS_DUE, params)]
            for row in self.views.fetch(CHECK_INS, params):
                entered = _entered_check_in(row)
                if moment - entered <= LOOKBACK.total_seconds():
                    found.append(_check_in(row, entered))
        return found

    def record(self, now: datetime) -> int:
        """Keeps the reminders due now that were not kept before; answers how many were new."""
        position = self.views.position()
        new = 0
        for reminder in self.due(now):
            row = {
                "id": reminder.id,
                "kind": reminder.kind,
                "relationship_id": str(reminder.relationship_id),
                "program_id": str(reminder.program_id),
                "due_at": reminder.due_at.timestamp(),
                "body": reminder.message(position).decode(),
                "now": now.timestamp(),
            }
            new += self.outbox.remember(
                row, self._deliveries(reminder, now), self._mails(reminder, now)
            )
        return new

    def _deliveries(self, reminder: Reminder, now: datetime) -> list[Row]:
        return [
            {
                "subscription_id": subscriber.id,
                "ordering_key": str(reminder.relationship_id),
                "message_id": reminder.id,
                "type": reminder.type,
                "position": None,
                "reminder_id": reminder.id,
                "now": now.timestamp(),
            }
            for subscriber in self.fanout.subscribers.values()
            if subscriber.program_id == str(reminder.program_id) and subscriber.wants(reminder.type)
        ]

    def _mails(self, reminder: Reminder, now: datetime) -> list[Row]:
        if self.reachable is None:
            return []
        return [
            {"reminder_id": reminder.id, "participant_id": str(party), "now": now.timestamp()}
            for party in reminder.parties
            if self.reachable(party)
        ]


def _entered_check_in(row: Row) -> float:
    """Each moment is past (the rule says so at `now`), and fixed by the views' rows: the same
    relationship in the same state gives the same moment at every pass."""
    period = row["period_days"] * DAY
    held = row["meetings_held"] and row["last_meeting_at"] is not None
    moments = [(row["last_meeting_at"] if held else row["accepted_at"]) + period]
    if row["lapsed"] is not None:
        moments.append(row["lapsed"])
    return float(max(moments))


def _time(epoch: float) -> datetime:
    return datetime.fromtimestamp(round(epoch, 6), UTC)


def _parties(row: Row) -> tuple[UUID, UUID]:
    return UUID(row["requester_id"]), UUID(row["invitee_id"])


def _meeting_due(row: Row) -> Reminder:
    scheduled_for = _time(row["scheduled_for"])
    return Reminder(
        kind=MEETING_DUE,
        relationship_id=UUID(row["relationship_id"]),
        program_id=UUID(row["program_id"]),
        due_at=scheduled_for - AHEAD,
        parties=_parties(row),
        meeting_id=UUID(row["meeting_id"]),
        scheduled_for=scheduled_for,
    )


def _check_in(row: Row, entered: float) -> Reminder:
    return Reminder(
        kind=CHECK_IN_NEEDED,
        relationship_id=UUID(row["id"]),
        program_id=UUID(row["program_id"]),
        due_at=_time(int(entered)),
        parties=_parties(row),
    )
