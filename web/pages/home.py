"""Everyone's home: a coordinator's programmes, an auditor's way into the trail, and a
participant's relationships (part 2 of the app gives participants their full home)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import g, render_template

from services import Caller
from services.coordination import ListQuery
from services.errors import NotFound
from web.pages import reads
from web.pages.blueprint import pages

STAFF = ("coordinator", "admin")
OWN = 50  # the most relationships a participant's home lists


@pages.get("/")
def home() -> str:
    caller: Caller = g.caller
    coordinates = bool(caller.roles & set(STAFF))
    programmes = reads.programmes(caller) if coordinates else []
    mine = _own_relationships(caller) if caller.participant_id is not None else []
    return render_template(
        "home.html",
        coordinates=coordinates,
        programmes=programmes,
        mine=mine,
        audits=caller.is_auditor or caller.is_admin,
    )


def _own_relationships(caller: Caller) -> list[dict[str, Any]]:
    """Each of their relationships with the other party's name (theirs to read, as parties)."""
    query = ListQuery(participant_id=caller.participant_id, limit=OWN)
    own = []
    for summary in reads.relationships(caller, query).items:
        view = reads.relationship(caller, UUID(str(summary["id"])))
        names = reads.party_names(view)
        other = next((p for p in map(str, summary["parties"]) if p != caller.sub), "")
        own.append({**summary, "other": names.get(other, "")})
    return own


@pages.get("/<path:anything>")
def nowhere(anything: str) -> str:
    """Any other address under /app: a page saying so, not the API's problem+json."""
    raise NotFound(f"No page {anything}.")
