"""Retention: the private text of a relationship that ended (declined, withdrawn or concluded)
longer ago than its programme's `retain_private_text_days` is erased, by a pass that runs every
so often where the log is followed (and on demand: `tandem retention run`). The time is the
domain's clock, so tests move it."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain import Program, Relationship, clock
from domain.values import Status
from services.policy import Caller
from services.privacy.erasure import Erasures
from services.unit_of_work import Command

log = logging.getLogger(__name__)
RETENTION = Caller("tandem-retention", frozenset({"admin"}))  # the actor its erasures name
PROGRAMMES = "SELECT id FROM view_programs ORDER BY id"
# The ending is a relationship's last event until its text is erased: `updated_at` is then it.
ENDED_BY = f"""SELECT id FROM view_relationships WHERE program_id = :program_id
AND status IN ('{Status.DECLINED}', '{Status.WITHDRAWN}', '{Status.CONCLUDED}')
AND updated_at <= :cutoff ORDER BY seq"""


@dataclass(frozen=True)
class Erasure:
    """One relationship's private text erased by a retention pass."""

    program_id: UUID
    relationship_id: UUID
    ended_at: datetime
    days: int


@dataclass(frozen=True)
class Retention:
    erasures: Erasures

    def run(self, now: datetime | None = None) -> list[Erasure]:
        """Erases what is past its time by `now` (the domain's clock); answers what it erased."""
        now = now or clock.now()
        app, views = self.erasures.app, self.erasures.coordination.views
        done = []
        for row in views.fetch(PROGRAMMES, {}):
            program = app.load(Program, UUID(row["id"]))
            days = program.retain_private_text_days
            if days is None:
                continue
            cutoff = now - timedelta(days=days)
            ended = views.fetch(
                ENDED_BY, {"program_id": str(program.id), "cutoff": cutoff.timestamp()}
            )
            candidates = [UUID(r["id"]) for r in ended]
            still = [s for s, found in app.keyring.lookup(candidates).items() if not found.erased]
            for relationship_id in still:
                relationship = app.load(Relationship, relationship_id)
                ended_at = relationship.ended_at
                if ended_at is None or ended_at > cutoff:
                    continue
                reason = f"Retention: ended more than {days} days ago ({program.name})."
                if self.erasures.erase_private_text(Command(RETENTION), relationship_id, reason):
                    done.append(Erasure(program.id, relationship_id, ended_at, days))
        for erasure in done:
            log.info("Retention erased the private text of %s", erasure.relationship_id)
        return done


class RetentionSchedule:
    """Runs a retention pass every `every` seconds in a thread of this process."""

    def __init__(self, retention: Retention, every: float) -> None:
        self.retention, self.every = retention, every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="retention", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.retention.run()
            except Exception:
                log.exception("A retention pass failed; the next one tries again")
