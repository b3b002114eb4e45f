"""A relationship's page: its state and timeline for whoever may read them, now or as it stood
at a version or on a date; private text exactly where the API shows it; and, now, the actions
its reader may take (web.pages.acting answers them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from flask import g, render_template, request
from marshmallow import ValidationError

from domain.errors import NotAllowed
from services.history import HistoryEvent
from services.offers import Offers
from web.pages import reads
from web.pages.blueprint import pages
from web.pages.moments import end_of, picked_date
from web.pages.refusals import Attempt, Forms
from web.pages.timeline import from_history, from_state


@pages.get("/relationships/<uuid:relationship_id>")
def relationship(relationship_id: UUID) -> str:
    version = _version(request.args.get("version"))
    picked = None if version else picked_date(request.args.get("as_of"), "as_of")
    return page(relationship_id, version, picked)


def page(
    relationship_id: UUID,
    version: int | None = None,
    picked: date | None = None,
    refused: Attempt | None = None,
) -> str:
    """The page now (with what the reader may do), or as it stood then (to read only); with
    a refused form open again, saying why."""
    as_of = end_of(picked) if picked is not None else None
    now = _readable(lambda: reads.relationship(g.caller, relationship_id))
    events = _readable(lambda: reads.history(g.caller, relationship_id))
    if now is None and events is None:
        raise NotAllowed("Neither the state nor the history of this relationship is yours to read.")
    then = now
    if now is not None and (version or as_of):
        then = reads.relationship(g.caller, relationship_id, as_of=as_of, version=version)
    latest = now.relationship.version if now is not None else len(events or [])
    shown = then.relationship.version if then is not None else _shown(events or [], version, as_of)
    document = reads.document(then) if then is not None else None
    names = reads.party_names(then) if then is not None else {}
    timeline = (
        from_history([e for e in events if e.version <= shown])
        if events is not None
        else from_state(document or {})
    )
    offered = reads.offers(g.caller, now) if now is not None and shown == latest else Offers()
    return render_template(
        "relationship.html",
        offers=offered,
        forms=Forms(refused),
        refused=refused,
        kept=refused is not None and not _still_offered(refused, offered),
        relationship_id=relationship_id,
        state=document,
        reveals_private=bool(then and then.reveals_private),
        names=names,
        timeline=timeline,
        latest=latest,
        shown=shown,
        picked=picked,
        past=shown < latest,
    )


def _still_offered(refused: Attempt, offered: Offers) -> bool:
    """Whether the refused form is on the page again (else what was typed is shown apart)."""
    if refused.action == "propose_mode":
        return offered.may("propose_peer") or bool(offered.parts("propose_mentor"))
    return offered.may(refused.action, refused.part)


def _readable(read: Any) -> Any:
    """What a read answers, or None where the caller's role does not reach it (a refusal that
    is a NotFound, for a participant who is not a party, still ends in a 404 page)."""
    try:
        return read()
    except NotAllowed:
        return None


def _version(text: str | None) -> int | None:
    if not text or not text.strip():
        return None
    if not text.strip().isdigit() or not 1 <= int(text) <= 2**31:
        raise ValidationError("Not a version number.", "version")
    return int(text)


def _shown(events: list[HistoryEvent], version: int | None, as_of: datetime | None) -> int:
    """For a reader of the history alone: the last version at or before the moment picked."""
    if version:
        if version > len(events):
            raise ValidationError("The relationship never reached that version.", "version")
        return version
    if as_of is not None:
        before = [e.version for e in events if e.occurred_at <= as_of]
        if not before:
            raise ValidationError("The relationship did not exist then.", "as_of")
        return before[-1]
    return len(events)
