"""Who is calling, and what they may see."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain import Program, Relationship
from domain.errors import NotAllowed
from services.errors import NotFound
from services.idempotency import IdempotencyRecord

ROLES = frozenset({"participant", "coordinator", "auditor", "admin"})


@dataclass(frozen=True)
class Caller:
    sub: str
    roles: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    @property
    def is_auditor(self) -> bool:
        return "auditor" in self.roles

    @property
    def participant_id(self) -> UUID | None:
        if "participant" not in self.roles:
            return None
        try:
            return UUID(self.sub)
        except ValueError:
            return None

    def coordinates(self, program: Program) -> bool:
        return self.is_admin or (
            "coordinator" in self.roles and program.is_coordinated_by(self.sub)
        )

    def is_party_to(self, relationship: Relationship) -> bool:
        return self.participant_id is not None and relationship.is_party(self.sub)


def refusal(caller: Caller, what: str) -> Exception:
    """Participants learn nothing of what is not theirs (404); staff learn their role stops here."""
    if "participant" in caller.roles:
        return NotFound(f"No {what}.")
    return NotAllowed(f"Your role does not reach this {what}.")


@dataclass(frozen=True)
class Idempotency:
    """A client's Idempotency-Key and a fingerprint of the request it was sent with."""

    key: str
    fingerprint: str

    def command_id(self, sub: str) -> UUID:
        """The same key from the same caller is the same command."""
        return IdempotencyRecord.create_id(sub, self.key)


@dataclass(frozen=True)
class Command:
    """Who acts, and the conditions they put on the command."""

    caller: Caller
    expected_versions: frozenset[int] | None = None  # If-Match: None holds for any version
    idempotency: Idempotency | None = None
