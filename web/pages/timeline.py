"""A relationship's timeline: its history's events for those who may read the history, or,
for coordinators (who may read the state but not the history), the dated parts of the state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask

from services.history import PRIVATE_MARK, HistoryEvent
from web.pages.labels import FIELDS, VALUES, value_label
from web.pages.languages import number, when

PRIVATE = object()  # shown as "(private)" in the person's language


@dataclass(frozen=True)
class Entry:
    when: datetime | str
    kind: str
    version: int | None = None
    actor: str | None = None
    details: list[tuple[str, Any]] = field(default_factory=list)


def init_timeline(app: Flask) -> None:
    app.jinja_env.filters["detail"] = detail
    app.jinja_env.globals["private"] = PRIVATE


def detail(value: Any) -> str:
    """One detail of an event as the person's language writes it."""
    if isinstance(value, datetime):
        return when(value)
    if isinstance(value, list | tuple):
        return ", ".join(detail(each) for each in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number(value)
    return value_label(value) if str(value) in VALUES else str(value)


def from_history(events: list[HistoryEvent]) -> list[Entry]:
    return [
        Entry(event.occurred_at, event.type, event.version, event.actor_id, _details(event.data))
        for event in events
    ]


def from_state(state: dict[str, Any]) -> list[Entry]:
    entries = [Entry(state["created_at"], "Requested", details=[("kind", state["mode"])])]
    in_force = (state.get("boundaries") or {}).get("in_force")
    if in_force and in_force.get("agreed_at"):
        every = [("meeting_every_days", in_force["meeting_every_days"])]
        entries.append(Entry(in_force["agreed_at"], "BoundariesAgreed", details=every))
    for goal in state.get("goals", []):
        if goal.get("achieved_at"):
            entries.append(
                Entry(goal["achieved_at"], "GoalAchieved", details=[("text", goal["text"])])
            )
    for meeting in state.get("meetings", []):
        kind = {"held": "MeetingHeld", "cancelled": "MeetingCancelled"}.get(
            meeting["status"], "MeetingScheduled"
        )
        details = [("mode", meeting["mode"]), ("duration_minutes", meeting["duration_minutes"])]
        entries.append(Entry(meeting["scheduled_for"], kind, details=details))
    for given in state.get("feedback", []):
        entries.append(
            Entry(given["given_at"], "FeedbackGiven", details=[("about", given["about"])])
        )
    return sorted(entries, key=lambda entry: str(entry.when))


def _details(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """The fields worth a line, in a fixed order: ids and unknown fields are left out."""
    shown = []
    for name in FIELDS:
        if name not in data or data[name] in (None, [], ""):
            continue
        value = data[name]
        if value == PRIVATE_MARK:
            value = PRIVATE
        elif name == "goals" and isinstance(value, list):
            value = ", ".join(str(goal.get("text", goal)) for goal in value if goal)
        shown.append((name, value))
    return shown
