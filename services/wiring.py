"""Everything a process needs, opened together and closed together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services.auditing import AuditTrail
from services.coordination import Coordination
from services.tandem import Tandem, open_tandem
from services.views.projector import Projector
from services.views.store import MentoringProjection, SQLiteViews, open_sqlite_views


@dataclass
class Services:
    tandem: Tandem
    views: SQLiteViews
    projector: Projector
    coordination: Coordination
    audit: AuditTrail

    def close(self) -> None:
        self.projector.stop()
        self.views.datastore.close()
        self.tandem.close()


def open_services(data_dir: str | Path, follow_log: bool = True, seal_key: bytes = b"") -> Services:
    """The application and its views; with follow_log, a thread keeps the views current and
    seals each relationship's new events once they are projected."""
    tandem = open_tandem(data_dir, seal_key)
    views = open_sqlite_views(data_dir)
    projector = Projector(tandem, MentoringProjection(views))
    if follow_log:
        projector.after_batch = tandem.seal
    if follow_log:
        tandem.on_saved.append(projector.poke)
        projector.start()
    return Services(tandem, views, projector, Coordination(tandem, projector), AuditTrail(views))
