"""Who is who: participants by e-mail (signing in), programmes by coordinator, and whom a
participant may ask (the others enrolled with them, from the same pass over enrolments).

Participants are found by e-mail from an index this process keeps of the log's registrations:
the first lookup reads every `Participant.Registered` notification (one topic-filtered pass over
the log), each later one only those recorded since, so a sign-in costs one short query and one
aggregate load however many people there are; the index holds an address and an id a person.
The participant is loaded to confirm the address is still theirs (an erased one is not).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from domain import Participant, Program
from domain.errors import NotAllowed
from services import policy
from services.errors import NotFound
from services.policy import Caller
from services.programmes import Programmes
from services.reads import RelationshipView
from services.tandem import Tandem
from services.views.store import Views

REGISTERED = get_topic(Participant.Registered)
ERASED = get_topic(Participant.Erased)
ENROLLED = get_topic(Participant.Enrolled)
PAGE = 1000
COORDINATED = "SELECT program_id FROM view_coordinators WHERE sub = :sub ORDER BY program_id"
EVERY_PROGRAMME = "SELECT id AS program_id FROM view_programs ORDER BY id"


@dataclass(frozen=True)
class Fellow:
    id: UUID
    name: str
    roles: list[str]


@dataclass(frozen=True)
class Fellowship:
    """A programme someone is enrolled in, their roles there, and the others enrolled in it."""

    program_id: UUID
    name: str
    roles: list[str]
    fellows: list[Fellow]


class Directory:
    def __init__(self, tandem: Tandem, programmes: Programmes, views: Views) -> None:
        self._tandem = tandem
        self._programmes = programmes
        self._views = views
        self._by_email: dict[str, set[UUID]] = {}
        self._registered: list[UUID] = []
        self._enrolled: dict[UUID, set[UUID]] = {}
        self._seen = 0
        self._lock = threading.Lock()

    def participant_by_email(self, email: str) -> Participant | None:
        """The one participant registered with this address (compared without case); None if
        nobody is, or if two people share it (a sign-in must not guess between them)."""
        key = email.strip().casefold()
        with self._lock:
            self._catch_up()
            found = set(self._by_email.get(key, ()))
        if len(found) != 1:
            return None
        participant = self._load(found.pop())
        if participant is None or (participant.email or "").strip().casefold() != key:
            return None  # their address changed, or they were erased
        return None if participant.erased_at is not None else participant

    def participant(self, participant_id: UUID) -> Participant | None:
        """A participant by id, for a sign-in whose claim names it; None if there is none (or
        they were erased: an erased person cannot sign in)."""
        found = self._load(participant_id)
        return None if found is None or found.erased_at is not None else found

    def participants(self) -> list[Participant]:
        """Everyone registered, in order of registration (the development sign-in lists them)."""
        with self._lock:
            self._catch_up()
            ids = list(self._registered)
        return [p for p in (self._load(i) for i in ids) if p is not None]

    def fellowships(self, caller: Caller) -> list[Fellowship]:
        """Whom a participant may ask: in each programme they are enrolled in, the others
        enrolled there, by name, with their roles (as the policy lets them see)."""
        me = self._load(caller.participant_id) if caller.participant_id else None
        if me is None:
            return []
        with self._lock:
            self._catch_up()
            enrolled = {program: set(ids) for program, ids in self._enrolled.items()}
        fellowships = []
        for program_id, roles in me.enrolments.items():
            program = self._tandem.find(Program, program_id)
            if program is None or not policy.may_see_fellows(caller, me, program_id):
                continue
            fellows = [
                Fellow(other.id, other.name, [role.value for role in other.roles_in(program_id)])
                for other in map(self._load, enrolled.get(program_id, set()) - {me.id})
                if other is not None and other.roles_in(program_id)
            ]
            fellows.sort(key=lambda fellow: (fellow.name.casefold(), str(fellow.id)))
            fellowships.append(
                Fellowship(program_id, program.name, [r.value for r in roles], fellows)
            )
        return sorted(fellowships, key=lambda fellowship: fellowship.name.casefold())

    def programmes(self, caller: Caller) -> list[Program]:
        """The programmes a coordinator coordinates (every one for an admin), from the views."""
        sql = EVERY_PROGRAMME if caller.is_admin else COORDINATED
        rows = self._views.fetch(sql, {"sub": caller.sub})
        found = []
        for row in rows:
            try:
                found.append(self._programmes.program(caller, UUID(row["program_id"])))
            except (NotFound, NotAllowed):
                continue
        return sorted(found, key=lambda program: program.name.casefold())

    def names(self, caller: Caller, ids: Iterable[UUID | str]) -> dict[str, str]:
        """The names of the participants among `ids` this caller may read (as the API lets them)."""
        named = {}
        for each in {str(i) for i in ids if i}:
            try:
                named[each] = self._programmes.participant(caller, UUID(each)).name
            except (ValueError, NotFound, NotAllowed):
                continue
        return named

    def party_names(self, view: RelationshipView) -> dict[str, str]:
        """The names of a relationship's two parties, for someone the service let read it."""
        relationship = view.relationship
        named = {}
        for each in (relationship.requester_id, relationship.invitee_id):
            participant = self._load(each)
            if participant is not None:
                named[str(each)] = participant.name
        return named

    def _catch_up(self) -> None:
        """Registrations since the last lookup, and erasures: an erased person's address leaves
        the index (in every process, at its next lookup), and they are listed no more."""
        recorder: Any = self._tandem.recorder
        while page := recorder.select_notifications(
            start=self._seen,
            limit=PAGE,
            topics=[REGISTERED, ENROLLED, ERASED],
            inclusive_of_start=False,
        ):
            with self._tandem.keyring.session():
                for notification in page:
                    self._take(self._tandem.mapper.to_domain_event(notification))
            self._seen = page[-1].id

    def _take(self, event: Any) -> None:
        participant_id = UUID(str(event.originator_id))
        if isinstance(event, Participant.Enrolled):
            self._enrolled.setdefault(event.program_id, set()).add(participant_id)
            return
        if isinstance(event, Participant.Erased):
            if participant_id in self._registered:
                self._registered.remove(participant_id)
            for enrolled in self._enrolled.values():
                enrolled.discard(participant_id)
            for key in [k for k, ids in self._by_email.items() if participant_id in ids]:
                self._by_email[key].discard(participant_id)
                if not self._by_email[key]:
                    del self._by_email[key]
            return
        self._registered.append(participant_id)
        email = getattr(event, "email", None)
        if email:
            self._by_email.setdefault(email.strip().casefold(), set()).add(participant_id)

    def _load(self, participant_id: UUID) -> Participant | None:
        try:
            found: Any = self._tandem.repository.get(participant_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Participant) else None
