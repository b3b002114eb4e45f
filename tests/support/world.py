"""A programme, four people and the commands a random history is made of: steps drawn by
hypothesis, each one command (refused ones are skipped), for the property tests of the views."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from hypothesis import strategies as st

from domain import clock
from domain.errors import DomainError, InvalidReference, NotAllowed, UnknownPart
from services import Caller, Command, Tandem
from services.errors import NotFound
from services.mentoring import Mentoring
from services.programmes import Programmes

NOW = datetime(2026, 6, 1, tzinfo=UTC)
ROLES = {
    "Ana": ["mentor"],
    "Budi": ["mentee", "mentor"],
    "Chen": ["mentee", "peer"],
    "Dara": ["peer", "mentor"],
}
KINDS = ("mentoring", "peer")
REFUSED = (DomainError, NotAllowed, NotFound, UnknownPart, InvalidReference)

# Each action's index, repeated by how often it should come up: mostly a relationship's middle.
WEIGHTED = [0] * 4 + [1] * 6 + [2, 3] + [4] * 2 + [5] * 3 + [6] * 2 + [7] * 2 + [8] * 5 + [9] * 4
WEIGHTED += [10] * 2 + [11] * 3 + [12, 13] + [14] * 2 + [15, 16]
step = st.tuples(
    st.sampled_from(WEIGHTED), st.integers(0, 3), st.integers(0, 3), st.integers(-60, 60)
)


def fits(kind: str, requester: int, invitee: int) -> bool:
    wanted = ("mentee", "mentor") if kind == "mentoring" else ("peer", "peer")
    roles = list(ROLES.values())
    return requester != invitee and wanted[0] in roles[requester] and wanted[1] in roles[invitee]


class World:
    """One programme, four people, and the ids the commands can aim at."""

    def __init__(self, tandem: Tandem, now: datetime = NOW) -> None:
        self.tandem, self.now = tandem, now
        coordinator = Command(Caller("coordinator", frozenset({"coordinator"})))
        self.coordinator = coordinator
        self.program = (
            Programmes(tandem)
            .create_program(coordinator, name="P", meeting_every_days=14)
            .aggregate.id
        )
        self.people: list[UUID] = []
        for name, roles in ROLES.items():
            person = Programmes(tandem).register_participant(coordinator, name=name).aggregate
            Programmes(tandem).enrol(coordinator, self.program, person.id, roles)
            self.people.append(person.id)
        self.relationships: list[UUID] = []
        self.meetings: list[tuple[UUID, UUID]] = []
        self.goals: list[tuple[UUID, UUID]] = []

    def as_(self, index: int) -> Command:
        return Command(Caller(str(self.people[index % 4]), frozenset({"participant"})))

    def party(self, relationship_id: UUID, index: int) -> Command:
        """Mostly one of the relationship's parties; now and then an outsider."""
        if index == 3 or relationship_id not in self.relationships:
            return self.as_(index)
        relationship = self.tandem.repository.get(relationship_id)
        party = (relationship.requester_id, relationship.invitee_id)[index % 2]
        return Command(Caller(str(party), frozenset({"participant"})))

    def play(self, action: int, a: int, b: int, days: int) -> None:
        """One command chosen by the numbers; refused commands are simply skipped."""
        with contextlib.suppress(REFUSED):
            self._commands()[action](a, b, days)

    def _commands(self) -> list[Callable[[int, int, int], None]]:
        t, when = self.tandem, lambda days: self.now + timedelta(days=days)

        def rel(i: int) -> UUID:
            return (
                self.relationships[i % len(self.relationships)]
                if self.relationships
                else self.program
            )

        def request(a: int, b: int, days: int) -> None:
            kind = KINDS[days % 2]
            b = next((j for j in (b, b + 1, b + 2, b + 3) if fits(kind, a, j % 4)), b) % 4
            r = Mentoring(t).request_mentoring(
                self.as_(a), self.program, self.people[b], kind, ["g"], "m"
            )
            self.relationships.append(r.aggregate.id)

        def schedule(a: int, b: int, days: int) -> None:
            r = Mentoring(t).schedule_meeting(
                self.party(rel(b), a), rel(b), when(days), 30, "video"
            )
            assert r.part_id
            self.meetings.append((r.aggregate.id, r.part_id))

        def add_goal(a: int, b: int, days: int) -> None:
            r = Mentoring(t).add_goal(self.party(rel(b), a), rel(b), "goal")
            self.goals.append((r.aggregate.id, list(r.aggregate.goals)[-1]))

        def meeting(b: int) -> tuple[UUID, UUID]:
            return (
                self.meetings[b % len(self.meetings)] if self.meetings else (rel(b), self.program)
            )

        def goal(b: int) -> tuple[UUID, UUID]:
            return self.goals[b % len(self.goals)] if self.goals else (rel(b), self.program)

        return [
            request,
            lambda a, b, d: Mentoring(t).accept(self.party(rel(b), 1), rel(b)) and None,
            lambda a, b, d: Mentoring(t).decline(self.party(rel(b), 1), rel(b), "no") and None,
            lambda a, b, d: Mentoring(t).withdraw(self.party(rel(b), a), rel(b)) and None,
            lambda a, b, d: (
                Mentoring(t).propose_boundaries(
                    self.party(rel(b), a), rel(b), 1 + d % 30 if d > 0 else 7, "video", []
                )
                and None
            ),
            lambda a, b, d: Mentoring(t).agree_boundaries(self.party(rel(b), a), rel(b)) and None,
            add_goal,
            lambda a, b, d: Mentoring(t).achieve_goal(self.party(goal(b)[0], a), *goal(b)) and None,
            schedule,
            lambda a, b, d: (
                Mentoring(t).hold_meeting(
                    self.party(meeting(b)[0], a), *meeting(b), held_at=when(d)
                )
                and None
            ),
            lambda a, b, d: (
                Mentoring(t).cancel_meeting(self.party(meeting(b)[0], a), *meeting(b), "busy")
                and None
            ),
            lambda a, b, d: (
                Mentoring(t).give_feedback(self.party(rel(b), a), rel(b), "performance", "c")
                and None
            ),
            lambda a, b, d: (
                Mentoring(t).propose_mode(self.party(rel(b), a), rel(b), "peer") and None
            ),
            lambda a, b, d: (
                Mentoring(t).propose_mode(
                    self.party(rel(b), a), rel(b), "mentoring", self.people[d % 4]
                )
                and None
            ),
            lambda a, b, d: Mentoring(t).agree_mode(self.party(rel(b), a), rel(b)) and None,
            lambda a, b, d: Mentoring(t).pause(self.party(rel(b), a), rel(b), "break") and None,
            lambda a, b, d: Mentoring(t).conclude(self.coordinator, rel(b), "other") and None,
        ]


# Minutes from one step to the next: often none, so that events share a moment.
LATER = st.sampled_from([0, 0, 1, 30, 60 * 24, 60 * 24 * 9])
timed_step = st.tuples(step, LATER)


def play_timed(
    world: World, steps: list[tuple[tuple[int, int, int, int], int]], start: datetime
) -> list[datetime]:
    """Plays each step at its moment on the domain's clock; answers the moments."""
    moments, moment = [], start
    for (action, a, b, days), minutes in steps:
        moment += timedelta(minutes=minutes)
        with clock.at(moment):
            world.play(action, a, b, days)
        moments.append(moment)
    return moments
