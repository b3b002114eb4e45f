"""The Tandem application: every command and query of the service, on one event log."""

from __future__ import annotations

from pathlib import Path

from services.evidence import Evidence
from services.mentoring import Mentoring
from services.programmes import Programmes
from services.reads import Reads


class Tandem(Programmes, Mentoring, Reads, Evidence):
    name = "Tandem"


def open_tandem(data_dir: str | Path, seal_key: bytes = b"") -> Tandem:
    """Tandem on its embedded default: a SQLite file in the data directory."""
    path = Path(data_dir)
    path.mkdir(parents=True, exist_ok=True)
    tandem = Tandem(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path / "tandem.sqlite"),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    )
    tandem.seal_key = seal_key
    return tandem
