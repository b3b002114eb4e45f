"""The record of a command, saved in the same transaction as the events it produced."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID


@dataclass(frozen=True)
class CommandRecord:
    """Which command produced which state: its id is unique in the store, so a command is
    recorded at most once, and after a commit whose outcome is unknown it can be looked up."""

    command_id: UUID
    sub: str
    fingerprint: str | None  # of the client's request, when it sent an Idempotency-Key
    aggregate_id: UUID
    version: int
    part_id: UUID | None = None
    position: int = 0  # the log position of the transaction's last event, once recorded

    def row(self, position: int) -> dict[str, Any]:
        return {
            "command_id": str(self.command_id),
            "sub": self.sub,
            "fingerprint": self.fingerprint,
            "aggregate_id": str(self.aggregate_id),
            "version": self.version,
            "part_id": None if self.part_id is None else str(self.part_id),
            "position": position,
        }

    @classmethod
    def from_row(cls, row: Any) -> CommandRecord:
        part_id = row["part_id"]
        return cls(
            command_id=UUID(str(row["command_id"])),
            sub=row["sub"],
            fingerprint=row["fingerprint"],
            aggregate_id=UUID(str(row["aggregate_id"])),
            version=int(row["version"]),
            part_id=None if part_id is None else UUID(str(part_id)),
            position=int(row["position"]),
        )


class CommandLog(Protocol):
    """What Tandem's application recorders offer beyond eventsourcing's."""

    def command(self, command_id: UUID) -> CommandRecord | None: ...

    def position_of(self, aggregate_id: UUID, version: int) -> int | None: ...

    def probe_write(self) -> None: ...


COLUMNS = "command_id, sub, fingerprint, aggregate_id, version, part_id, position"
# In an erasure's transaction: a fingerprint hashes the request, private text and all, so a guess
# at what was written could be confirmed against it; a retry is answered without it.
FORGET_FINGERPRINTS = "UPDATE {table} SET fingerprint = NULL WHERE aggregate_id = {subject}"
