"""A demo programme with people and relationships in every status, for trying Tandem out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from services.policy import Caller, Command
from services.tandem import Tandem

COORDINATOR = "coordinator@demo"
STAFF = {
    "COORDINATOR": (COORDINATOR, "coordinator"),
    "AUDITOR": ("auditor@demo", "auditor"),
    "ADMIN": ("admin@demo", "admin"),
}
PEOPLE = {
    "Ana": ["mentor"],
    "Sam": ["mentor"],
    "Budi": ["mentee", "mentor"],
    "Lina": ["mentee"],
    "Tomas": ["mentee"],
    "Chen": ["peer"],
    "Dara": ["peer"],
    "Eli": ["peer"],
}


@dataclass
class Demo:
    program_id: UUID
    people: dict[str, UUID]
    relationships: dict[str, UUID] = field(default_factory=dict)


def seed(tandem: Tandem) -> Demo:
    coordinator = Command(Caller(COORDINATOR, frozenset({"coordinator"})))
    program = tandem.create_program(
        coordinator,
        name="Graduate Engineers",
        description="First-year engineers and the colleagues who mentor them.",
        meeting_every_days=14,
    ).aggregate
    people = {}
    for name, roles in PEOPLE.items():
        person = tandem.register_participant(
            coordinator, name=name, email=f"{name.lower()}@example.org", timezone="Europe/London"
        ).aggregate
        tandem.enrol(coordinator, program.id, person.id, roles)
        people[name] = person.id
    demo = Demo(program.id, people)
    _live_relationships(tandem, demo)
    return demo


def _live_relationships(tandem: Tandem, demo: Demo) -> None:
    def as_(name: str) -> Command:
        return Command(Caller(str(demo.people[name]), frozenset({"participant"})))

    def request(key: str, requester: str, invitee: str, kind: str, goals: list[str]) -> UUID:
        relationship = tandem.request_mentoring(
            as_(requester),
            demo.program_id,
            demo.people[invitee],
            kind,
            goals,
            f"{invitee}, I would value learning from you.",
        ).aggregate
        demo.relationships[key] = relationship.id
        return relationship.id

    soon = datetime.now(UTC).replace(microsecond=0)

    active = request("ACTIVE", "Budi", "Ana", "mentoring", ["Lead a design review", "Speak up"])
    tandem.accept(as_("Ana"), active, message="Happy to.")
    tandem.propose_boundaries(as_("Budi"), active, 14, "video", ["salary"], "Fridays suit me.")
    tandem.agree_boundaries(as_("Ana"), active)
    first = tandem.schedule_meeting(as_("Ana"), active, soon - timedelta(days=3), 45, "video")
    assert first.part_id
    tandem.prepare_agenda(
        as_("Budi"),
        active,
        first.part_id,
        ["Design reviews"],
        "I reviewed two designs.",
        ["Giving critique"],
    )
    tandem.hold_meeting(as_("Ana"), active, first.part_id, summary="Walked through a review.")
    tandem.give_feedback(
        as_("Ana"), active, "performance", "Clear, well-argued review.", first.part_id
    )
    tandem.give_feedback(as_("Budi"), active, "relationship", "Very helpful session.")
    goal = next(
        iter(
            tandem.relationship(
                Caller(str(demo.people["Budi"]), frozenset({"participant"})), active
            ).relationship.goals
        )
    )
    tandem.achieve_goal(as_("Budi"), active, goal, note="Led the storage review.")
    tandem.schedule_meeting(as_("Budi"), active, soon + timedelta(days=11), 45, "video")

    request("REQUESTED", "Lina", "Sam", "mentoring", ["Understand the release process"])
    declined = request("DECLINED", "Lina", "Ana", "mentoring", ["Public speaking"])
    tandem.decline(as_("Ana"), declined, reason="My calendar is full this quarter.")
    withdrawn = request("WITHDRAWN", "Tomas", "Sam", "mentoring", ["Career planning"])
    tandem.withdraw(as_("Tomas"), withdrawn, reason="Found a mentor in my team.")

    peers = request("PEER", "Chen", "Dara", "peer", ["Trade testing and UX skills"])
    tandem.accept(as_("Dara"), peers)
    tandem.schedule_meeting(as_("Chen"), peers, soon + timedelta(days=2), 30, "in_person")

    paused = request("PAUSED", "Eli", "Chen", "peer", ["Pair on the data pipeline"])
    tandem.accept(as_("Chen"), paused)
    tandem.pause(as_("Eli"), paused, reason="Parental leave until spring.")

    concluded = request("CONCLUDED", "Tomas", "Budi", "mentoring", ["First on-call shift"])
    tandem.accept(as_("Budi"), concluded)
    tandem.conclude(as_("Tomas"), concluded, "goals_met", reflection="Ready for on-call.")

    shifted = request("PEER_SHIFT", "Budi", "Sam", "mentoring", ["Architecture"])
    tandem.accept(as_("Sam"), shifted)
    tandem.propose_mode(as_("Sam"), shifted, "peer")
    tandem.agree_mode(as_("Budi"), shifted)

    reversed_ = request("REVERSE_SHIFT", "Tomas", "Ana", "mentoring", ["Modern frontend"])
    tandem.accept(as_("Ana"), reversed_)
    tandem.propose_mode(as_("Ana"), reversed_, "mentoring", demo.people["Tomas"])
    tandem.agree_mode(as_("Tomas"), reversed_)
