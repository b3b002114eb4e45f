"""Everything a process needs, opened together and closed together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.analytics import Analytics
from services.auditing import AuditTrail
from services.coordination import Coordination
from services.evidence import Evidence
from services.mentoring import Mentoring
from services.programmes import Programmes
from services.reads import Reads
from services.store import Store
from services.tandem import Tandem, open_tandem
from services.views.leadership import leadership_for
from services.views.projector import Projector
from services.views.store import MentoringProjection, Views, open_views
from services.webhooks import Webhooks, open_webhooks
from services.webhooks.settings import WebhookSettings


@dataclass
class Services:
    """The application (storage) and the services built on it, for routes, pages and CLI."""

    tandem: Tandem
    programmes: Programmes
    mentoring: Mentoring
    reads: Reads
    evidence: Evidence
    views: Views
    projector: Projector
    coordination: Coordination
    analytics: Analytics
    audit: AuditTrail
    webhooks: Webhooks

    def close(self) -> None:
        self.webhooks.close()
        self.projector.stop()
        self.views.close()
        self.tandem.close()


def open_services(
    store: Store | str | Path,
    follow_log: bool = True,
    seal_key: bytes = b"",
    webhooks: WebhookSettings | None = None,
    **options: Any,
) -> Services:
    """The application and its views; with follow_log, a thread keeps the views current and
    seals each relationship's new events once they are projected. With `webhooks.dispatch`
    (as follow_log, unless said), a thread of its own delivers webhooks, reminders and e-mail."""
    store = store if isinstance(store, Store) else Store.sqlite(store)
    tandem = open_tandem(store)
    programmes = Programmes(tandem)
    evidence = Evidence(tandem, seal_key)
    views = open_views(store)
    projector = Projector(tandem, MentoringProjection(views), leadership=leadership_for(store))
    if follow_log:
        projector.after_batch = evidence.seal
        tandem.on_saved.append(projector.poke)
        projector.start()
    hooks = webhooks or WebhookSettings(key=seal_key or b"tandem-webhooks")
    delivering = open_webhooks(tandem, views, store, hooks, **options)
    if follow_log if hooks.dispatch is None else hooks.dispatch:
        tandem.on_saved.append(delivering.dispatcher.poke)
        delivering.dispatcher.start()
    coordination = Coordination(tandem, programmes, projector)
    return Services(
        tandem=tandem,
        programmes=programmes,
        mentoring=Mentoring(tandem),
        reads=Reads(tandem),
        evidence=evidence,
        views=views,
        projector=projector,
        coordination=coordination,
        analytics=Analytics(coordination),
        audit=AuditTrail(views),
        webhooks=delivering,
    )
