"""What one caller may do on a relationship now: each command rehearsed by the domain itself
(domain.aggregate.rehearse), so a page offers exactly the actions the service would take and
no rule has a second copy here. Placeholder arguments stand in for what a form will ask."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from uuid import UUID

from domain import Relationship
from domain.aggregate import rehearse
from domain.values import Actor

Rehearsal = Callable[[Relationship, Actor], object]


@dataclass(frozen=True)
class Offers:
    """The actions a caller may take, each with the part it acts on (a goal, a meeting, the
    party who would mentor) or None for the relationship as a whole."""

    allowed: frozenset[tuple[str, UUID | None]] = frozenset()

    def may(self, action: str, part: UUID | str | None = None) -> bool:
        return (action, UUID(str(part)) if part else None) in self.allowed

    def parts(self, action: str) -> list[UUID]:
        return sorted(part for name, part in self.allowed if name == action and part)

    def __bool__(self) -> bool:
        return bool(self.allowed)


def _later() -> datetime:
    return datetime.now(UTC) + timedelta(days=1)


WHOLE: dict[str, Rehearsal] = {
    "accept": lambda r, a: r.accept(a),
    "decline": lambda r, a: r.decline(a, "-"),
    "withdraw": lambda r, a: r.withdraw(a),
    "propose_boundaries": lambda r, a: r.propose_boundaries(a, 14, "video", []),
    "agree_boundaries": lambda r, a: r.agree_boundaries(a),
    "add_goal": lambda r, a: r.add_goal(a, "-"),
    "schedule_meeting": lambda r, a: r.schedule_meeting(a, _later(), 30, "video"),
    "give_feedback": lambda r, a: r.give_feedback(a, "performance", "-"),
    "propose_peer": lambda r, a: r.propose_mode(a, "peer"),
    "agree_mode": lambda r, a: r.agree_mode(a),
    "pause": lambda r, a: r.pause(a, "-"),
    "resume": lambda r, a: r.resume(a),
    "conclude": lambda r, a: r.conclude(a, "other"),
}


def offers(relationship: Relationship, actor: Actor) -> Offers:
    """Every action the domain would take from this actor now, with its parts."""
    r, a = relationship, actor
    rehearsals: list[tuple[str, UUID | None, Callable[[], object]]] = [
        (action, None, partial(rehearsal, r, a)) for action, rehearsal in WHOLE.items()
    ]
    for party in r.parties:
        rehearsals.append(("propose_mentor", party, partial(r.propose_mode, a, "mentoring", party)))
    for goal in r.goal_list:
        rehearsals.append(("achieve_goal", goal.id, partial(r.achieve_goal, a, goal.id)))
    for meeting in r.meeting_list:
        m = meeting.id
        rehearsals += [
            ("prepare_agenda", m, partial(r.prepare_agenda, a, m, ["-"], "-", [])),
            ("hold_meeting", m, partial(r.hold_meeting, a, m)),
            ("cancel_meeting", m, partial(r.cancel_meeting, a, m, "-")),
        ]
    taken = ((name, part) for name, part, run in rehearsals if rehearse(run) is None)
    return Offers(frozenset(taken))
