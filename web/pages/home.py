"""Everyone's home: a coordinator's programmes, an auditor's way into the trail, and a
participant's relationships: the requests waiting for their answer, their next meetings, those
needing a check-in, and all of them by status, each a link."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from flask import g, render_template, session

from domain.values import MeetingStatus
from services import Caller
from services.coordination import ListQuery
from services.errors import NotFound
from services.offers import Offers
from web.auth import STAFF
from web.pages import reads
from web.pages.blueprint import pages

OWN = 50  # the most relationships a participant's home lists
NEXT = 10  # the most meetings it lists as coming up
STATUSES = ("active", "paused", "requested", "concluded", "declined", "withdrawn")


@dataclass
class Own:
    """A participant's relationship as their home shows it."""

    summary: dict[str, Any]
    other: str
    offers: Offers
    upcoming: list[Any] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.summary[name]
        except KeyError:
            raise AttributeError(name) from None


@pages.get("/")
def home() -> str:
    caller: Caller = g.caller
    coordinates = bool(caller.roles & set(STAFF))
    programmes = reads.programmes(caller) if coordinates else []
    mine = _own_relationships(caller) if caller.participant_id is not None else []
    upcoming = sorted(
        ((meeting, own) for own in mine for meeting in own.upcoming),
        key=lambda pair: pair[0].scheduled_for,
    )
    return render_template(
        "home.html",
        coordinates=coordinates,
        programmes=programmes,
        mine=mine,
        waiting=[own for own in mine if own.offers.may("accept")],
        asked=[own for own in mine if own.offers.may("withdraw")],
        check_ins=[own for own in mine if own.health == "needs_check_in"],
        upcoming=upcoming[:NEXT],
        by_status=[(s, [own for own in mine if own.status == s]) for s in STATUSES],
        audits=caller.is_auditor or caller.is_admin,
    )


def _own_relationships(caller: Caller) -> list[Own]:
    """Each of their relationships with the other party's name, what they may do on it, and
    its meetings to come (theirs to read, as parties)."""
    reads.caught_up(session.pop("after", None))  # what they just did shows in the lists
    query = ListQuery(participant_id=caller.participant_id, limit=OWN)
    now = datetime.now(UTC)
    own = []
    for summary in reads.relationships(caller, query).items:
        view = reads.relationship(caller, UUID(str(summary["id"])))
        names = reads.party_names(view)
        other = next((p for p in map(str, summary["parties"]) if p != caller.sub), "")
        upcoming = [
            meeting
            for meeting in view.relationship.meeting_list
            if meeting.status is MeetingStatus.SCHEDULED and meeting.scheduled_for >= now
        ]
        own.append(Own(summary, names.get(other, ""), reads.offers(caller, view), upcoming))
    return own


@pages.route("/<path:anything>", methods=["GET", "POST"])
def nowhere(anything: str) -> str:
    """Any other address under /app (a form sent to one included): a page saying so, not the
    API's problem+json."""
    raise NotFound(f"No page {anything}.")
