"""The Tandem application: every command and query of the service, on one event log."""

from __future__ import annotations

from pathlib import Path

from domain import Relationship
from services.evidence import Evidence
from services.mentoring import Mentoring
from services.programmes import Programmes
from services.reads import Reads
from services.snapshots import SNAPSHOT_INTERVAL
from services.store import Store


class Tandem(Programmes, Mentoring, Reads, Evidence):
    name = "Tandem"
    # Recently used aggregates stay in memory; each use first reads what was saved since
    # (fast-forward), so several processes on one store still see each other's writes.
    env = {"AGGREGATE_CACHE_MAXSIZE": "1000"}
    # Long relationships load from their latest snapshot; the others are short-lived.
    snapshotting_intervals = {Relationship: SNAPSHOT_INTERVAL}


def open_tandem(store: Store | str | Path, seal_key: bytes = b"") -> Tandem:
    """Tandem on its store; a path means the embedded default, a SQLite file in that folder."""
    store = store if isinstance(store, Store) else Store.sqlite(store)
    tandem = Tandem(env=store.environment("tandem"))
    tandem.seal_key = seal_key
    return tandem
