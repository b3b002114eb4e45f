"""A participant's meetings as an RFC 5545 calendar (icalendar), for calendar apps to follow.

Built from each relationship's events, so it is current the moment a meeting changes: the UID
is the meeting id, SEQUENCE counts the changes since it was scheduled (agenda, held, cancelled,
the relationship ending), and a cancelled meeting, or one of a relationship that ended before
it, reads STATUS:CANCELLED. No private text: the summary names the other party, no more.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from icalendar import Calendar, Event

from domain import relationship_events as events
from services.webhooks.mail_texts import DEFAULT_LOCALE

PRODID = "-//Tandem//Mentoring meetings//EN"
WORDS = {
    "en": {"name": "Tandem meetings", "summary": "Meeting with {other}", "held": "Held."},
    "id": {
        "name": "Pertemuan Tandem",
        "summary": "Pertemuan dengan {other}",
        "held": "Sudah berlangsung.",
    },
}
MODES = {
    "en": {"in_person": "In person", "video": "Video", "phone": "Phone", "async": "Asynchronous"},
    "id": {"in_person": "Tatap muka", "video": "Video", "phone": "Telepon", "async": "Asinkron"},
}
ENDED = (events.Concluded, events.Declined, events.Withdrawn)


@dataclass(frozen=True)
class Entry:
    meeting_id: UUID
    relationship_id: UUID
    other_party: UUID
    start: datetime
    minutes: int
    mode: str
    created: datetime
    changed: datetime
    sequence: int = 0
    status: str = "scheduled"  # scheduled, held or cancelled


def entries(history: list[Any], participant_id: UUID) -> list[Entry]:
    """A relationship's meetings, from its events, as the participant's calendar shows them."""
    first = history[0]
    other = first.invitee_id if first.requester_id == participant_id else first.requester_id
    found: dict[UUID, Entry] = {}
    for event in history:
        at = event.timestamp
        if isinstance(event, events.MeetingScheduled):
            found[event.meeting_id] = Entry(
                event.meeting_id,
                event.originator_id,
                other,
                event.scheduled_for,
                event.duration_minutes,
                event.mode,
                at,
                at,
            )
        elif isinstance(
            event, events.AgendaPrepared | events.MeetingHeld | events.MeetingCancelled
        ):
            entry = found[event.meeting_id]
            status = {events.MeetingHeld: "held", events.MeetingCancelled: "cancelled"}.get(
                type(event), entry.status
            )
            found[event.meeting_id] = replace(
                entry, sequence=entry.sequence + 1, status=status, changed=at
            )
        elif isinstance(event, ENDED):
            for key, entry in found.items():
                if entry.status == "scheduled":
                    found[key] = replace(
                        entry, sequence=entry.sequence + 1, status="cancelled", changed=at
                    )
    return list(found.values())


def calendar(
    all_entries: list[Entry], names: dict[UUID, str], locale: str | None, link: str = ""
) -> bytes:
    words = WORDS.get(locale or DEFAULT_LOCALE, WORDS[DEFAULT_LOCALE])
    modes = MODES.get(locale or DEFAULT_LOCALE, MODES[DEFAULT_LOCALE])
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", words["name"])
    for entry in sorted(all_entries, key=lambda e: (e.start, str(e.meeting_id))):
        item = Event()
        item.add("uid", str(entry.meeting_id))
        item.add("dtstamp", entry.changed)
        item.add("created", entry.created)
        item.add("last-modified", entry.changed)
        item.add("dtstart", entry.start)
        item.add("dtend", entry.start + timedelta(minutes=entry.minutes))
        item.add("sequence", entry.sequence)
        item.add("status", "CANCELLED" if entry.status == "cancelled" else "CONFIRMED")
        item.add("summary", words["summary"].format(other=names.get(entry.other_party, "?")))
        description = modes.get(entry.mode, entry.mode) + "."
        if entry.status == "held":
            description += " " + words["held"]
        item.add("description", description)
        if link:
            item.add("url", f"{link}/app/relationships/{entry.relationship_id}")
        feed.add_component(item)
    ical: bytes = feed.to_ical()
    return ical
