"""Where the projector stopped, and why: an event the views cannot take."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Stall:
    position: int  # of the event that cannot be applied; the views hold everything before it
    reason: str  # for operators (logs, `tandem projections status`), never for HTTP callers
    kind: str  # the error's type: all that /readyz tells
    since: datetime

    @classmethod
    def at(cls, position: int, error: BaseException) -> Stall:
        reason = f"{type(error).__name__}: {error}"[:500]
        return cls(position, reason, type(error).__name__, datetime.now(UTC))

    def row(self, name: str) -> dict[str, Any]:
        return {
            "name": name,
            "position": self.position,
            "reason": self.reason,
            "since": self.since.timestamp(),
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Stall:
        reason = str(row["reason"])
        since = datetime.fromtimestamp(row["since"], UTC)
        return cls(int(row["position"]), reason, reason.partition(":")[0], since)

    def describe(self) -> str:
        return (
            f"The views cannot apply the event at position {self.position} ({self.kind}); "
            f"they hold everything before it."
        )
