"""Events stored by an earlier version of an event class still load (upcasting)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from uuid import UUID

from services import Tandem
from services.mentoring import Mentoring
from services.reads import Reads
from services.views.projector import Projector
from services.views.store import MentoringProjection, open_sqlite_views
from tests.support.services_world import Programme


def paused_relationship(tandem: Tandem, programme: Programme) -> UUID:
    ana, budi = programme.as_("Ana"), programme.as_("Budi")
    relationship_id = (
        Mentoring(tandem)
        .request_mentoring(
            budi, programme.id, programme.people["Ana"], "mentoring", ["Grow"], "Please"
        )
        .aggregate.id
    )
    Mentoring(tandem).accept(ana, relationship_id)
    Mentoring(tandem).pause(budi, relationship_id, "Parental leave")
    return relationship_id


def store_as_version_1(tmp_path: Path, relationship_id: UUID) -> dict[str, object]:
    """Rewrites the stored Paused event exactly as the class before `until` wrote it."""
    db = sqlite3.connect(tmp_path / "tandem.sqlite", isolation_level=None)
    where = "WHERE originator_id = ? AND originator_version = 3"
    (state,) = db.execute(
        f"SELECT state FROM stored_events {where}", (relationship_id.hex,)
    ).fetchone()
    version_1 = json.loads(state)
    del version_1["until"]
    del version_1["class_version"]
    db.execute(
        f"UPDATE stored_events SET state = ? {where}",
        (json.dumps(version_1, separators=(",", ":")).encode(), relationship_id.hex),
    )
    return version_1


def test_a_pause_stored_before_until_existed_loads_with_no_expected_end(
    tandem: Tandem, programme: Programme, tmp_path: Path
) -> None:
    relationship_id = paused_relationship(tandem, programme)
    version_1 = store_as_version_1(tmp_path, relationship_id)

    relationship = (
        Reads(tandem).relationship(programme.as_("Budi").caller, relationship_id).relationship
    )

    assert "until" not in version_1 and "class_version" not in version_1
    assert (relationship.status.value, relationship.status_reason) == ("paused", "Parental leave")
    assert relationship.paused_until is None


def test_an_old_pause_reads_in_history_and_resumes_like_a_new_one(
    tandem: Tandem, programme: Programme, tmp_path: Path
) -> None:
    relationship_id = paused_relationship(tandem, programme)
    store_as_version_1(tmp_path, relationship_id)

    Mentoring(tandem).resume(programme.as_("Ana"), relationship_id)
    history = Reads(tandem).history(programme.as_("Budi").caller, relationship_id)

    assert [event.type for event in history] == ["Requested", "Accepted", "Paused", "Resumed"]
    assert history[2].data["until"] is None


def test_the_views_project_an_old_pause(
    tandem: Tandem, programme: Programme, tmp_path: Path
) -> None:
    relationship_id = paused_relationship(tandem, programme)
    store_as_version_1(tmp_path, relationship_id)
    views = open_sqlite_views(tmp_path / "views")

    Projector(tandem, MentoringProjection(views)).catch_up()

    rows = views.fetch(
        "SELECT status FROM view_relationships WHERE id = :id", {"id": str(relationship_id)}
    )
    assert rows == [{"status": "paused"}]
    views.datastore.close()
