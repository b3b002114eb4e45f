"""Who may do what: every rule about callers, in one place, each a named predicate that one
service method asks. The routes' role lists only turn away, early, callers no rule here would
let through; the pages of the web app ask the same services, so the same rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from domain import Participant, Program, Relationship
from domain.errors import NotAllowed
from domain.values import Actor
from services.errors import NotFound

ROLES = frozenset({"participant", "coordinator", "auditor", "admin"})


@dataclass(frozen=True)
class Caller:
    """Who is calling: a subject and the roles their token or session gave them."""

    sub: str
    roles: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    @property
    def is_auditor(self) -> bool:
        return "auditor" in self.roles

    @property
    def is_coordinator(self) -> bool:
        return "coordinator" in self.roles

    @property
    def participant_id(self) -> UUID | None:
        """Their participant id, if they call as a participant."""
        if "participant" not in self.roles:
            return None
        try:
            return UUID(self.sub)
        except ValueError:
            return None

    def is_party_to(self, relationship: Relationship) -> bool:
        return self.participant_id is not None and relationship.is_party(self.sub)


def refusal(caller: Caller, what: str) -> Exception:
    """Participants learn nothing of what is not theirs (404); staff learn their role stops here."""
    if "participant" in caller.roles:
        return NotFound(f"No {what}.")
    return NotAllowed(f"Your role does not reach this {what}.")


# Programmes and people.


def may_set_up(caller: Caller) -> bool:
    """Create programmes and register participants."""
    return caller.is_coordinator or caller.is_admin


def may_coordinate(caller: Caller, program: Program) -> bool:
    """Read a programme, its status and views; enrol into it; pause, resume, conclude in it."""
    return caller.is_admin or (caller.is_coordinator and program.is_coordinated_by(caller.sub))


def may_read_participant(
    caller: Caller, participant: Participant, programs: Callable[[], Iterable[Program]]
) -> bool:
    """Themselves, admins, and coordinators of a programme they are in; until they are
    enrolled anywhere, the coordinator who registered them."""
    if caller.is_admin or caller.participant_id == participant.id:
        return True
    if not caller.is_coordinator:
        return False
    if not participant.enrolments:
        return participant.registered_by == caller.sub
    return any(may_coordinate(caller, program) for program in programs())


def may_erase(caller: Caller) -> bool:
    """Erase a person: their name, e-mail and every relationship's private text, for good."""
    return caller.is_admin


def may_export(caller: Caller, participant_id: UUID) -> bool:
    """Take everything held about a person: themselves, and admins."""
    return caller.is_admin or caller.participant_id == participant_id


def may_see_fellows(caller: Caller, participant: Participant, program_id: UUID) -> bool:
    """Whom a participant may ask: the names and roles of the others enrolled in a programme
    they are enrolled in themselves (never their contact details)."""
    return caller.participant_id == participant.id and bool(participant.roles_in(program_id))


# Relationships.


def requester(caller: Caller) -> UUID:
    """Who asks for mentoring: a participant, calling as themselves."""
    if caller.participant_id is None:
        raise NotAllowed("Only participants enrolled in the programme can request.")
    return caller.participant_id


def actor_on(caller: Caller, relationship: Relationship, program: Callable[[], Program]) -> Actor:
    """Who acts on (or reads) a relationship: its parties and coordinators of its programme;
    the domain then says which of them may do what."""
    coordinates = (caller.is_coordinator or caller.is_admin) and may_coordinate(caller, program())
    if not (coordinates or caller.is_party_to(relationship)):
        raise refusal(caller, f"relationship {relationship.id}")
    return Actor(caller.sub, coordinates)


def may_read_private(caller: Caller, relationship: Relationship) -> bool:
    """Private text is the two parties' alone."""
    return caller.is_party_to(relationship)


def may_read_history(caller: Caller, relationship: Relationship) -> bool:
    return caller.is_party_to(relationship) or caller.is_auditor or caller.is_admin


def may_verify(caller: Caller, parties: Iterable[UUID]) -> bool:
    return caller.is_auditor or caller.is_admin or caller.participant_id in set(parties)


def may_read_trail(caller: Caller) -> bool:
    return caller.is_auditor or caller.is_admin


class Scope(Enum):
    """Which relationships a caller may list."""

    ALL = "all"
    COORDINATED = "coordinated"  # of the programmes they coordinate
    OWN = "own"  # they are a party to
    COORDINATED_AND_OWN = "coordinated and own"


def listing_scope(caller: Caller) -> Scope:
    if caller.is_admin:
        return Scope.ALL
    own, coordinated = caller.participant_id is not None, caller.is_coordinator
    if own and coordinated:
        return Scope.COORDINATED_AND_OWN
    if own or coordinated:
        return Scope.OWN if own else Scope.COORDINATED
    raise refusal(caller, "relationship list")


def sees_whole_lineage(caller: Caller, participant_id: UUID) -> bool:
    """Admins and the person themselves; coordinators see the mentorships of their programmes."""
    return caller.is_admin or caller.sub == str(participant_id)


# Webhooks and calendars.


def may_manage_subscriptions(caller: Caller, program: Program) -> bool:
    """Subscribe to a programme's events, list, replay and end its subscriptions."""
    return may_coordinate(caller, program)


def may_follow_calendar(caller: Caller, participant_id: UUID) -> bool:
    """A participant's calendar, and the key that opens it to calendar apps: theirs alone."""
    return caller.participant_id == participant_id
