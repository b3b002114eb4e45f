"""The words the app shows for the service's values and event types, in the person's language
(the values themselves stay as the API has them)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

VALUES: dict[str, Any] = {
    # statuses
    "requested": _l("requested"),
    "active": _l("active"),
    "paused": _l("paused"),
    "declined": _l("declined"),
    "withdrawn": _l("withdrawn"),
    "concluded": _l("concluded"),
    # modes, roles and channels
    "mentoring": _l("mentoring"),
    "peer": _l("peer mentoring"),
    "mentor": _l("mentor"),
    "mentee": _l("mentee"),
    "in_person": _l("in person"),
    "video": _l("video"),
    "phone": _l("phone"),
    "chat": _l("chat"),
    "async": _l("asynchronous"),
    # meetings
    "scheduled": _l("scheduled"),
    "held": _l("held"),
    "cancelled": _l("cancelled"),
    # feedback
    "behaviour": _l("behaviour"),
    "attitude": _l("attitude"),
    "performance": _l("performance"),
    "relationship": _l("the relationship"),
    # outcomes
    "goals_met": _l("goals met"),
    "no_longer_needed": _l("no longer needed"),
    "mismatch": _l("not a good match"),
    "other": _l("other"),
    # health
    "too_early": _l("too early to tell"),
    "on_track": _l("on track"),
    "needs_check_in": _l("needs a check-in"),
    # roles in Tandem
    "participant": _l("participant"),
    "coordinator": _l("coordinator"),
    "auditor": _l("auditor"),
    "admin": _l("administrator"),
    # feedback directions
    "mentor_to_mentee": _l("mentor to mentee"),
    "mentee_to_mentor": _l("mentee to mentor"),
    "between_peers": _l("between peers"),
    # shifts
    "to_peer": _l("to peer mentoring"),
    "to_mentoring": _l("back to mentoring"),
}

EVENTS: dict[str, Any] = {
    "Requested": _l("Mentoring requested"),
    "Accepted": _l("Request accepted"),
    "Declined": _l("Request declined"),
    "Withdrawn": _l("Request withdrawn"),
    "Paused": _l("Paused"),
    "Resumed": _l("Resumed"),
    "Concluded": _l("Concluded"),
    "BoundariesProposed": _l("Boundaries proposed"),
    "BoundariesAgreed": _l("Boundaries agreed"),
    "ModeShiftProposed": _l("Mode change proposed"),
    "ModeShiftAgreed": _l("Mode change agreed"),
    "GoalAdded": _l("Goal added"),
    "GoalAchieved": _l("Goal achieved"),
    "MeetingScheduled": _l("Meeting scheduled"),
    "AgendaPrepared": _l("Agenda prepared"),
    "MeetingHeld": _l("Meeting held"),
    "MeetingCancelled": _l("Meeting cancelled"),
    "FeedbackGiven": _l("Feedback given"),
}

FIELDS: dict[str, Any] = {
    "kind": _l("Kind"),
    "mode": _l("Mode"),
    "goals": _l("Goals"),
    "text": _l("Goal"),
    "note": _l("Note"),
    "reason": _l("Reason"),
    "until": _l("Until"),
    "outcome": _l("Outcome"),
    "meeting_every_days": _l("Meet every (days)"),
    "channel": _l("Channel"),
    "scheduled_for": _l("Planned for"),
    "duration_minutes": _l("Minutes"),
    "held_at": _l("Held at"),
    "about": _l("About"),
    "message": _l("Message"),
    "topics": _l("Topics"),
    "progress_reflection": _l("Progress"),
    "development_areas": _l("Areas to develop"),
    "summary": _l("Summary"),
    "content": _l("Feedback"),
    "reflection": _l("Reflection"),
    "notes": _l("Notes"),
    "confidential_topics": _l("Confidential topics"),
}


PROBLEMS: dict[str, Any] = {
    "missing": _l("missing"),
    "altered": _l("altered"),
    "reordered": _l("out of its place"),
    "seal-invalid": _l("not covered by a valid seal"),
}


def init_labels(app: Flask) -> None:
    app.jinja_env.filters.update(
        value=value_label, event=event_label, field=field_label, problem=problem_label
    )


def problem_label(problem: str | None) -> str:
    return str(PROBLEMS.get(problem or "", problem or ""))


def event_types() -> list[tuple[str, str]]:
    return [(kind, str(label)) for kind, label in EVENTS.items()]


def value_label(value: Any) -> str:
    return str(VALUES.get(str(value), value)) if value is not None else ""


def event_label(kind: str) -> str:
    return str(EVENTS.get(kind, kind))


def field_label(name: str) -> str:
    return str(FIELDS.get(name, name))
