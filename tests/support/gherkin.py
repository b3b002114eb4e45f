"""The features' language: the parse patterns of their steps, and their words for bodies,
attempts, refusals and deeds, as the step definitions (tests/steps/) use them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytest_bdd import parsers

from tests.support.api import ApiResponse
from tests.support.scenario import World

PATTERNS = {
    "Actor": r"[A-Z][a-z]+|the coordinator|a coordinator of another programme|an auditor|an admin",
    "Name": r"[A-Z][a-z]+",
    "Status": r"requested|active|paused|declined|withdrawn|concluded",
    "Text": r'[^"]*',
    "Word": r"\w+",
}


def _typed(pattern: str) -> Callable[[str], str]:
    def convert(text: str) -> str:
        return text

    convert.pattern = pattern  # type: ignore[attr-defined]
    return convert


EXTRA_TYPES = {name: _typed(pattern) for name, pattern in PATTERNS.items()}


def step(text: str) -> parsers.parse:
    """A parse pattern knowing {x:Actor} (a person or staff), {x:Name} (a person), {x:Status},
    {x:Text} (inside quotes) and {x:Word}."""
    return parsers.parse(text, extra_types=EXTRA_TYPES)


def boundaries_body(days: int, channel: str, topic: str | None = None) -> dict[str, Any]:
    return {
        "meeting_every_days": days,
        "channel": channel,
        "confidential_topics": [topic] if topic else [],
    }


# Anything someone may try, with a sensible body: for outlines over "who tries to do what".
ATTEMPTS: dict[str, Callable[[World, str], ApiResponse]] = {
    "accept the request": lambda w, a: w.command(a, "accept"),
    "decline the request": lambda w, a: w.command(a, "decline", {"reason": "Too busy."}),
    "withdraw the request": lambda w, a: w.command(a, "withdraw", {"reason": "Changed plans."}),
    "propose boundaries": lambda w, a: w.command(a, "boundaries", boundaries_body(14, "video")),
    "schedule a meeting": lambda w, a: w.schedule(a),
    "mark the meeting held": lambda w, a: w.command(a, f"meetings/{w.meeting}/held"),
    "cancel the meeting": lambda w, a: w.command(
        a, f"meetings/{w.meeting}/cancel", {"reason": "Clash."}
    ),
    "add a goal": lambda w, a: w.command(a, "goals", {"text": "Mentor someone myself"}),
    "give feedback": lambda w, a: w.command(
        a, "feedback", {"about": "performance", "content": "Well done."}
    ),
    "propose to continue as peers": lambda w, a: w.command(a, "mode", {"mode": "peer"}),
    "pause the relationship": lambda w, a: w.command(a, "pause", {"reason": "A break."}),
    "resume the relationship": lambda w, a: w.command(a, "resume"),
    "conclude the relationship": lambda w, a: w.command(a, "conclude", {"outcome": "other"}),
    "read the relationship": lambda w, a: w.record(w.read(a)),
    "read the history": lambda w, a: w.record(w.api.get(f"{w.path}/history", token=w.token(a))),
    "ask Ana for mentoring": lambda w, a: w.ask(a, w.people["Ana"].id, "mentoring"),
    "create a programme": lambda w, a: w.record(
        w.api.post("/api/programs", {"name": "Night School"}, token=w.token(a))
    ),
    "register a new participant": lambda w, a: w.record(
        w.api.post("/api/participants", {"name": "Eko"}, token=w.token(a))
    ),
    "delete the relationship": lambda w, a: w.record(
        w.api.request("DELETE", w.path, token=w.token(a))
    ),
    "overwrite the relationship": lambda w, a: w.record(
        w.api.request("PUT", w.path, token=w.token(a), json_body={"status": "concluded"})
    ),
    "read an acceptance": lambda w, a: w.record(w.api.get(f"{w.path}/accept", token=w.token(a))),
}

INVALID_TRANSITION = (409, "/problems/invalid-transition")
REFUSALS: dict[str, tuple[int, str | None]] = {
    "nobody can ask themselves": (409, "/problems/self-request"),
    "they are not enrolled with fitting roles": (409, "/problems/not-enrolled"),
    "they already have an open relationship in this programme": (409, "/problems/already-open"),
    "there is nothing to agree to": (409, "/problems/no-open-proposal"),
    "that mode is already in force": (409, "/problems/mode-unchanged"),
    "the mentor must be one of the two": (409, "/problems/not-a-party"),
    "the relationship does not allow it now": INVALID_TRANSITION,
    "the meeting is over": INVALID_TRANSITION,
    "the goal is already achieved": INVALID_TRANSITION,
    "the body is not valid JSON": (400, None),
    "the body is not JSON": (415, None),
    "the body is too large": (413, None),
    "the relationship has changed since it was read": (412, None),
    "the attempt key belongs to another request": (422, None),
    "that cannot be done there": (405, None),
}


# What people did, in the words of the features, to the event types of the history.
DEEDS = {
    "asked": "Requested",
    "accepted": "Accepted",
    "declined": "Declined",
    "withdrew": "Withdrawn",
    "proposed boundaries": "BoundariesProposed",
    "agreed the boundaries": "BoundariesAgreed",
    "added a goal": "GoalAdded",
    "achieved a goal": "GoalAchieved",
    "scheduled a meeting": "MeetingScheduled",
    "prepared the agenda": "AgendaPrepared",
    "held the meeting": "MeetingHeld",
    "cancelled the meeting": "MeetingCancelled",
    "gave feedback": "FeedbackGiven",
    "proposed a change of mode": "ModeShiftProposed",
    "agreed the change of mode": "ModeShiftAgreed",
    "paused it": "Paused",
    "resumed it": "Resumed",
    "concluded it": "Concluded",
}
