"""A programme (made by the HTTP world's builder) where Budi has written a unique sentence in
every private field, twice over: a long relationship with Ana (concluded, snapshotted) and an
active one with Sam; sealed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from services.policy import Caller
from services.speedups.snapshots import SNAPSHOT_INTERVAL
from services.wiring import Services
from tests.support.answers import must
from tests.support.api import ApiClient
from tests.support.http_world import Person, Programme
from tests.support.moments import next_week

AUDITOR = Caller("auditor-of-personal-data", frozenset({"auditor"}))


def holds(raw: bytes, needle: bytes) -> bool:
    return needle in raw or needle.hex().encode() in raw


@dataclass
class PersonalWorld:
    api: ApiClient
    services: Services
    program_id: str
    coordinator: str
    admin: str
    auditor: str
    budi: Person
    ana: Person
    sam: Person
    long_id: str  # Budi and Ana, concluded, with a snapshot
    active_id: str  # Budi and Sam, active
    meeting_id: str
    written: dict[str, str] = field(default_factory=dict)  # what Budi and the others wrote
    before_erasure: datetime | None = None

    @property
    def needles(self) -> list[bytes]:
        """Each private sentence, and Budi's name and address, as a store would hold them."""
        return [text.encode() for text in self.written.values()]

    def found_in(self, text: str | bytes) -> list[str]:
        """What of it is there, as text or as the hex pg_dump writes a bytea column in."""
        raw = text.encode() if isinstance(text, str) else text
        return [name for name, value in self.written.items() if holds(raw, value.encode())]

    def sentence(self, name: str) -> str:
        self.written[name] = f"{name} {self.marker}"
        return self.written[name]

    @property
    def marker(self) -> str:
        return f"zq{self.program_id[:8]}"

    def erase_budi(self, reason: str = "Budi asked to be forgotten.") -> Any:
        path = f"/api/participants/{self.budi.id}/erasure"
        return must(self.api.post(path, {"reason": reason}, token=self.admin))

    def caught_up(self) -> None:
        self.services.projector.catch_up()


def build(api: ApiClient, services: Services) -> PersonalWorld:
    unique = uuid.uuid4().hex[:8]
    programme = Programme.create(api, "Personal", f"coordinator-{unique}")
    world = PersonalWorld(
        api,
        services,
        programme.id,
        programme.coordinator,
        api.token(f"admin-{unique}", ["admin"]),
        api.token(f"auditor-{unique}", ["auditor"]),
        Person("", ""),
        Person("", ""),
        Person("", ""),
        "",
        "",
        "",
    )
    world.written["address"] = f"budi.{world.marker}@example.org"
    budi = world.sentence("Budi")
    world.budi = programme.register(budi, "mentee", email=world.written["address"])
    world.ana = programme.register("Ana", "mentor", email="ana@example.org")
    world.sam = programme.register("Sam", "mentor", email="sam@example.org")
    world.long_id, world.meeting_id = _long_relationship(world)
    world.active_id = _ask(world, world.sam, world.sentence("second request"))
    _act(world, world.sam, world.active_id, "accept", {})
    world.caught_up()
    ids = [uuid.UUID(world.long_id), uuid.UUID(world.active_id)]
    services.evidence.seal(ids)  # what the projector has not sealed yet
    for rid in ids:
        sealed = services.evidence.verification(AUDITOR, rid)
        assert sealed.intact and sealed.sealed_version == sealed.events, sealed
    world.before_erasure = datetime.now(UTC)
    return world


def _ask(world: PersonalWorld, mentor: Person, message: str) -> str:
    body = {
        "program_id": world.program_id,
        "invitee_id": mentor.id,
        "kind": "mentoring",
        "goals": ["Lead a design review"],
        "message": message,
    }
    return str(must(world.api.post("/api/relationships", body, token=world.budi.token), 201)["id"])


def _act(world: PersonalWorld, who: Person, rid: str, name: str, body: Any) -> Any:
    path = f"/api/relationships/{rid}/{name}"
    return must(world.api.post(path, body, token=who.token), 201 if name == "meetings" else 200)


def _long_relationship(world: PersonalWorld) -> tuple[str, str]:
    """Every private field written, and enough goals for a snapshot, then concluded."""
    budi, ana, s = world.budi, world.ana, world.sentence
    rid = _ask(world, ana, s("request message"))
    _act(world, ana, rid, "accept", {"message": s("accept message")})
    boundaries = {
        "meeting_every_days": 14,
        "channel": "video",
        "confidential_topics": [s("confidential topic")],
        "notes": s("boundary notes"),
    }
    _act(world, budi, rid, "boundaries", boundaries)
    _act(world, ana, rid, "boundaries/agree", {})
    meeting = {"scheduled_for": next_week(), "duration_minutes": 45, "mode": "video"}
    meeting_id = _act(world, ana, rid, "meetings", meeting)["id"]
    agenda = {
        "topics": [s("agenda topic")],
        "progress_reflection": s("progress reflection"),
        "development_areas": [s("development area")],
    }
    _act(world, budi, rid, f"meetings/{meeting_id}/agenda", agenda)
    _act(world, ana, rid, f"meetings/{meeting_id}/held", {"summary": s("meeting summary")})
    _act(world, ana, rid, "feedback", {"about": "attitude", "content": s("feedback from Ana")})
    _act(world, budi, rid, "feedback", {"about": "relationship", "content": s("feedback to Ana")})
    version = 9
    while version < SNAPSHOT_INTERVAL + 1:
        version = _act(world, budi, rid, "goals", {"text": f"Goal {version}"})["version"]
    _act(world, budi, rid, "conclude", {"outcome": "goals_met", "reflection": s("reflection")})
    return rid, str(meeting_id)
