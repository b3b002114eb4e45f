"""The services world played at random: a programme, four people and the commands a random
history is made of. Steps are drawn by hypothesis, each one command (refused ones are
skipped), for the property tests of the views."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from hypothesis import strategies as st

from domain import clock
from domain.errors import DomainError, InvalidReference, NotAllowed, UnknownPart
from services import Command, Tandem
from services.errors import NotFound
from services.mentoring import Mentoring
from services.programmes import Programmes
from tests.support.services_world import Programme, as_participant

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
WEIGHTED += [10] * 2 + [11] * 3 + [12, 13] + [14] * 2 + [15, 16] + [17] * 2
step = st.tuples(
    st.sampled_from(WEIGHTED), st.integers(0, 3), st.integers(0, 3), st.integers(-60, 60)
)


def fits(kind: str, requester: int, invitee: int) -> bool:
    wanted = ("mentee", "mentor") if kind == "mentoring" else ("peer", "peer")
    roles = list(ROLES.values())
    return requester != invitee and wanted[0] in roles[requester] and wanted[1] in roles[invitee]


class World:
    """One programme, four people, and the ids the commands can aim at: mostly relationships
    still open and meetings still to come, so that histories grow long."""

    def __init__(self, tandem: Tandem, now: datetime | None = NOW) -> None:
        """Meetings are set and held days from `now`; from the moment of each command if None."""
        self.tandem, self.now = tandem, now
        programme = Programme.create(
            Programmes(tandem), ROLES, name="P", coordinator="coordinator", meeting_every_days=14
        )
        self.coordinator, self.program = programme.coordinator, programme.id
        self.people: list[UUID] = list(programme.people.values())
        self.relationships: list[UUID] = []
        self.ended: set[UUID] = set()
        self.meetings: list[tuple[UUID, UUID]] = []
        self.settled: set[tuple[UUID, UUID]] = set()
        self.goals: list[tuple[UUID, UUID]] = []

    def as_(self, index: int) -> Command:
        return as_participant(self.people[index % 4])

    def party(self, relationship_id: UUID, index: int) -> Command:
        """Mostly one of the relationship's parties; now and then an outsider."""
        if index == 3 or relationship_id not in self.relationships:
            return self.as_(index)
        relationship = self.tandem.repository.get(relationship_id)
        party = (relationship.requester_id, relationship.invitee_id)[index % 2]
        return as_participant(party)

    def play(self, action: int, a: int, b: int, days: int) -> None:
        """One command chosen by the numbers; refused commands are simply skipped."""
        with contextlib.suppress(REFUSED):
            self._commands()[action](a, b, days)

    def when(self, days: int) -> datetime:
        return (self.now or clock.now()) + timedelta(days=days)

    def rel(self, i: int) -> UUID:
        """An open relationship if there is one (else any; else an id that is none)."""
        found = [r for r in self.relationships if r not in self.ended] or self.relationships
        return found[i % len(found)] if found else self.program

    def meeting(self, b: int) -> tuple[UUID, UUID]:
        found = [m for m in self.meetings if m not in self.settled] or self.meetings
        return found[b % len(found)] if found else (self.rel(b), self.program)

    def goal(self, b: int) -> tuple[UUID, UUID]:
        return self.goals[b % len(self.goals)] if self.goals else (self.rel(b), self.program)

    def _commands(self) -> list[Callable[[int, int, int], None]]:
        m, rel, party = Mentoring(self.tandem), self.rel, self.party

        def request(a: int, b: int, days: int) -> None:
            kind = KINDS[days % 2]
            b = next((j for j in (b, b + 1, b + 2, b + 3) if fits(kind, a, j % 4)), b) % 4
            r = m.request_mentoring(self.as_(a), self.program, self.people[b], kind, ["g"], "m")
            self.relationships.append(r.aggregate.id)

        def end(ending: Callable[[UUID], object], b: int) -> None:
            ending(rel(b))
            self.ended.add(rel(b))

        def schedule(a: int, b: int, days: int) -> None:
            r = m.schedule_meeting(party(rel(b), a), rel(b), self.when(days), 30, "video")
            assert r.part_id
            self.meetings.append((r.aggregate.id, r.part_id))

        def settle(settling: Callable[[Command, UUID, UUID], object], a: int, b: int) -> None:
            meeting = self.meeting(b)
            settling(party(meeting[0], a), *meeting)
            self.settled.add(meeting)

        def add_goal(a: int, b: int, days: int) -> None:
            r = m.add_goal(party(rel(b), a), rel(b), "goal")
            self.goals.append((r.aggregate.id, list(r.aggregate.goals)[-1]))

        def held_at(days: int) -> datetime | None:
            return None if days % 3 == 0 else self.when(min(days, 0))

        outcomes = ("goals_met", "no_longer_needed", "mismatch", "other")
        return [
            request,
            lambda a, b, d: m.accept(party(rel(b), 1), rel(b)) and None,
            lambda a, b, d: end(lambda r: m.decline(party(r, 1), r, "no"), b),
            lambda a, b, d: end(lambda r: m.withdraw(party(r, a), r), b),
            lambda a, b, d: (
                m.propose_boundaries(party(rel(b), a), rel(b), 1 + abs(d) % 30, "video", [])
                and None
            ),
            lambda a, b, d: m.agree_boundaries(party(rel(b), a), rel(b)) and None,
            add_goal,
            lambda a, b, d: m.achieve_goal(party(self.goal(b)[0], a), *self.goal(b)) and None,
            schedule,
            lambda a, b, d: settle(
                lambda c, r, i: m.hold_meeting(c, r, i, held_at=held_at(d)), a, b
            ),
            lambda a, b, d: settle(lambda c, r, i: m.cancel_meeting(c, r, i, "busy"), a, b),
            lambda a, b, d: m.give_feedback(party(rel(b), a), rel(b), "performance", "c") and None,
            lambda a, b, d: m.propose_mode(party(rel(b), a), rel(b), "peer") and None,
            lambda a, b, d: (
                m.propose_mode(party(rel(b), a), rel(b), "mentoring", self.people[d % 4]) and None
            ),
            lambda a, b, d: m.agree_mode(party(rel(b), a), rel(b)) and None,
            lambda a, b, d: m.pause(party(rel(b), a), rel(b), "break") and None,
            lambda a, b, d: end(lambda r: m.conclude(self.coordinator, r, outcomes[d % 4]), b),
            lambda a, b, d: m.resume(party(rel(b), a), rel(b)) and None,
        ]


# Minutes from one step to the next: often none, so that events share a moment.
LATER = st.sampled_from([0, 0, 1, 60, 60 * 24, 60 * 24 * 3, 60 * 24 * 9])
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
